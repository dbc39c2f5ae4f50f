// Test double of JobServices for this folder's tests: a store the test gives it (SQLite in memory),
// the built-in actions, a ManualClock and an engine table the test controls. Not part of the library.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "actions/registry.h"
#include "engine/scripted/blocking_text_generator.h"
#include "jobs/services.h"
#include "store/job_store.h"

namespace borough::jobs::test {

class TestServices final : public JobServices {
public:
    TestServices() : clock_(std::chrono::system_clock::time_point(std::chrono::seconds(1795370400))) {
        auto reg = actions::Registry::create(std::nullopt);
        EXPECT_TRUE(reg) << reg.error().describe();
        if (reg) registries_.replace(std::move(reg).value());
        configured_.engine = "extractive";
    }

    const Clock& clock() override { return clock_; }
    Result<store::JobStore*> job_store() override { return store_.get(); }
    Result<const actions::Registry*> registry() override { return registries_.current(); }
    Status reload_registry() override {
        BOROUGH_TRY(auto reg, actions::Registry::create(std::nullopt));
        registries_.replace(std::move(reg));
        return {};
    }
    Result<EngineHandle> open_engine(std::string_view choice) override {
        std::lock_guard lock(mu_);
        if (choice.empty()) return configured_;
        if (choice == "extractive") return EngineHandle{nullptr, "extractive", "", ""};
        auto it = models_.find(std::string(choice));
        if (it == models_.end()) return fail(ErrorCode::NotFound, "no such model", "engine");
        return it->second;
    }
    Result<engine::OcrReader*> ocr_reader() override { return fail(ErrorCode::Unavailable, "no OCR in tests"); }
    Result<engine::Transcriber*> transcriber() override {
        return fail(ErrorCode::Unavailable, "no speech model in tests", "whisper_model");
    }
    std::int64_t max_input_bytes() const override { return max_input_bytes_; }

    // The engine "" opens.
    void set_configured(EngineHandle h) {
        std::lock_guard lock(mu_);
        configured_ = std::move(h);
    }
    // A catalogue model: registered in the store (so submit accepts the name) and opened as `h`.
    void add_model(const std::string& name, EngineHandle h) {
        ASSERT_TRUE(store_->upsert_model({name, "/models/" + name + ".gguf", h.model_sha256, 1, "test", "t"}));
        std::lock_guard lock(mu_);
        models_[name] = std::move(h);
    }

    void set_store(std::unique_ptr<store::JobStore> store) { store_ = std::move(store); }
    store::JobStore& store() { return *store_; }
    ManualClock& manual_clock() { return clock_; }
    std::int64_t max_input_bytes_ = 1 << 20;

private:
    ManualClock clock_;
    std::unique_ptr<store::JobStore> store_;
    actions::RegistryVersions registries_;
    std::mutex mu_;
    EngineHandle configured_;
    std::map<std::string, EngineHandle> models_;
};

using BlockingGenerator = engine::scripted::BlockingTextGenerator;

}  // namespace borough::jobs::test
