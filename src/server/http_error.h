// ErrorCode → HTTP status: the only such mapping in borough (STYLE.md §3), and the one error body
// shape {"error":{"code","message","field"}} every API error uses (docs/api.md "Errors").
#pragma once

#include <string>

#include "core/result.h"

namespace borough::server {

// InvalidInput 400 (415 when field is "Content-Type"), Unauthenticated 401, PermissionDenied 403,
// NotFound 404, Conflict 409, ResourceExhausted 413 when field is "body" or "file" (a size limit)
// else 429 (a rate or queue limit), Cancelled 409, DeadlineExceeded 504, Unavailable 503,
// ModelOutputInvalid 502, Internal 500.
[[nodiscard]] int http_status(const Error& error);

// The API's name of a code: the enumerator's name, "InvalidInput", "NotFound", ...
[[nodiscard]] std::string_view api_code(ErrorCode code);

// {"error":{"code":"InvalidInput","message":"...","field":"..."}} as compact JSON.
[[nodiscard]] std::string error_body(const Error& error);

}  // namespace borough::server
