// The native steps that built-in actions use when no language model is configured (extractive
// fallbacks), listed explicitly in builtin.cpp, and the built-in action YAML embedded in the binary.
#pragma once

#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "actions/context.h"
#include "core/json.h"
#include "core/result.h"

namespace borough::actions {

struct ActionDefinition;
struct ActionInput;
struct ActionOutput;

// A deterministic step: from the source text and the resolved parameters (a JSON object with defaults
// filled) to a result that must satisfy the action's output_schema. Must honour ctx.stop.
using ExtractiveStep = Result<Json> (*)(const SourceText& source, const Json& params, ActionContext& ctx);

struct NamedStep {
    std::string_view name;
    ExtractiveStep step;
};

// Every native step, in one visible list. Thread-safe (immutable).
std::span<const NamedStep> extractive_steps();

// The step with this name, or nullptr.
ExtractiveStep find_extractive_step(std::string_view name);

// A native action runs the whole action itself (inputs that are not text, several outputs), with or
// without ctx.generator. `params` is resolved (defaults filled). Must honour ctx.stop.
using NativeAction = Result<ActionOutput> (*)(const ActionDefinition& action, const ActionInput& input,
                                              const Json& params, ActionContext& ctx);

struct NamedNativeAction {
    std::string_view name;
    NativeAction run;
};

// Every native action, in one visible list. Thread-safe (immutable).
std::span<const NamedNativeAction> native_actions();

// The native action with this name, or nullptr.
NativeAction find_native_action(std::string_view name);

// Built-in action files (path relative to src/actions/builtin, YAML bytes), compiled into the binary.
const std::vector<std::pair<std::string_view, std::string_view>>& builtin_action_files();

}  // namespace borough::actions
