// GoogleTest fixture for the tests of one built-in action (src/actions/<name>/): loads the action from
// the embedded registry and runs it through run_action with a fixed clock and no progress reporting.
// Test support only (header-only); the test target must link borough::actions.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "actions/context.h"
#include "actions/pipeline.h"
#include "actions/registry.h"
#include "core/clock.h"
#include "engine/text_generator.h"

namespace borough::test {

// Derive one fixture per action and name the action's id:
//   class NewsAngles : public test::BuiltinActionTest {
//   protected:
//       NewsAngles() : BuiltinActionTest("news-angles") {}
//   };
// SetUp fails the test when `id` is not a built-in action.
class BuiltinActionTest : public ::testing::Test {
protected:
    explicit BuiltinActionTest(std::string id) : id_(std::move(id)) {}

    void SetUp() override {
        auto reg = actions::Registry::create(std::nullopt);
        ASSERT_TRUE(reg) << reg.error().message;
        const actions::ActionDefinition* a = reg->find(id_);
        ASSERT_NE(a, nullptr) << "no built-in action " << id_;
        action_ = *a;
    }

    // Runs action_ (a test may change it first) on `input`. `gen` nullptr means no model configured,
    // so the action takes its extractive path.
    Result<actions::ActionOutput> run(const actions::ActionInput& input, engine::TextGenerator* gen,
                                      actions::Params params = {}) {
        actions::ActionContext ctx{gen, clock_, progress_, {}};
        return actions::run_action(action_, input, params, ctx);
    }

    actions::ActionDefinition action_;
    ManualClock clock_{std::chrono::system_clock::time_point{}};
    actions::NullProgressSink progress_;

private:
    std::string id_;
};

}  // namespace borough::test
