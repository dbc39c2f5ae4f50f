// Validation of JSON values against the JSON-Schema subset that action definitions use (type, properties,
// required, additionalProperties: false, items, enum, const, minimum/maximum, min/maxLength,
// min/maxItems, pattern, description/title). No $ref, no combinators: check_schema rejects them.
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"
#include "core/result.h"

namespace borough {

// Ok when `instance` satisfies `schema`. Otherwise InvalidInput whose message says what is wrong and
// whose field is the JSON pointer of the first violation ("" for the root, "/key_points/2/text").
// `schema` must have passed check_schema; unknown keywords are ignored here.
[[nodiscard]] Status validate_json(const Json& instance, const Json& schema);

// Ok when `schema` uses only the supported keywords with well-formed values. Otherwise InvalidInput
// naming the schema location as a JSON pointer into the schema (field) and the keyword.
[[nodiscard]] Status check_schema(const Json& schema);

// One JSON-pointer reference token (RFC 6901): '~' becomes "~0" and '/' becomes "~1".
[[nodiscard]] std::string escape_pointer_token(std::string_view token);

}  // namespace borough
