// borough's JSON value type (insertion-ordered, so outputs keep the schema's field order) and the few
// helpers every module needs. nlohmann's exceptions stop here: parse_json returns a Result.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "core/result.h"

namespace borough {

using Json = nlohmann::ordered_json;

// Parses text as JSON. The error names `where` (a file or "model output") and the byte offset.
[[nodiscard]] Result<Json> parse_json(std::string_view text, std::string_view where);

// Compact serialisation; invalid UTF-8 is replaced rather than throwing.
std::string dump_json(const Json& value, int indent = -1);

}  // namespace borough
