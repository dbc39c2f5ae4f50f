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

// Built-in action files (path relative to src/actions/builtin, YAML bytes), compiled into the binary.
const std::vector<std::pair<std::string_view, std::string_view>>& builtin_action_files();

}  // namespace borough::actions
