// Internal to src/server/: one request as a handler sees it (the httplib request and response, the
// matched route and its path parameters, the caller) and the helpers every handler uses to read
// typed values at the edge and write JSON.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "server/auth.h"
#include "server/routes.h"
#include "server/server_state.h"
#include "store/job_store.h"

namespace borough::server {

struct Call {
    ServerState& state;
    const httplib::Request& req;
    httplib::Response& res;
    const httplib::ContentReader* reader;  // the unread body of POST/PUT/PATCH/DELETE; nullptr when read
    const Route& route;
    std::vector<std::string> args;       // path parameters in route order
    std::optional<Principal> principal;  // set for every non-public route
    std::string request_id;
    int retry_after_s = 0;  // with a 429 error: the Retry-After value

    [[nodiscard]] const Principal& who() const;  // the caller; only on routes that need sign-in
};

// The request body, at most `limit` bytes (ResourceExhausted, field "body", beyond it).
[[nodiscard]] Result<std::string> read_body(Call& call, std::int64_t limit);
// The body as a JSON object: Content-Type must be application/json (415 otherwise) and the text a
// JSON object (InvalidInput naming the byte offset otherwise).
[[nodiscard]] Result<Json> read_json_object(Call& call);

void reply_json(Call& call, int status, const Json& body);
void reply_no_content(Call& call);

// Typed fields of a request object. Absent: "" / nullopt, or InvalidInput when `required`.
// Present with the wrong type: InvalidInput naming the field.
[[nodiscard]] Result<std::string> string_field(const Json& object, std::string_view key, bool required);
[[nodiscard]] Result<std::optional<std::int64_t>> int_field(const Json& object, std::string_view key);
[[nodiscard]] Result<std::optional<bool>> bool_field(const Json& object, std::string_view key);
// A query parameter as an integer in [min, max]; `fallback` when absent.
[[nodiscard]] Result<std::int64_t> query_int(const Call& call, const std::string& name, std::int64_t fallback,
                                             std::int64_t min, std::int64_t max);

[[nodiscard]] Result<store::JobStore*> job_store(Call& call);
// The job, when it exists and the caller may see it; NotFound otherwise (another team's job included).
[[nodiscard]] Result<store::JobRecord> visible_job(Call& call, const std::string& id);
// Appends an audit entry as the caller (detail: ids, counts, hashes; never content).
[[nodiscard]] Status audit(Call& call, const std::string& action, const std::string& subject, const Json& detail);

}  // namespace borough::server
