// A test double: a TextGenerator whose every request blocks until the request is cancelled, then
// fails with Cancelled. The slow model that lets tests cancel or interrupt a job while it is certainly
// running (jobs and server tests). Header-only; thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "engine/text_generator.h"

namespace borough::engine::scripted {

class BlockingTextGenerator final : public TextGenerator {
public:
    std::string name() const override { return "blocking"; }
    Result<GenerationResult> generate(const GenerationRequest& request) override {
        std::unique_lock lock(mu_);
        ++entered_;
        cv_.notify_all();
        cv_.wait(lock, request.cancel, [] { return false; });
        return fail(ErrorCode::Cancelled, "generation cancelled");
    }
    // Waits until a request has arrived; false after `timeout`.
    bool wait_entered(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mu_);
        return cv_.wait_for(lock, timeout, [&] { return entered_ > 0; });
    }

private:
    std::mutex mu_;
    std::condition_variable_any cv_;
    int entered_ = 0;
};

}  // namespace borough::engine::scripted
