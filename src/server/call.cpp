#include "server/call.h"

#include <fmt/format.h>

#include <charconv>

#include "core/strings.h"

namespace borough::server {

const Principal& Call::who() const {
    BOROUGH_ASSERT(principal.has_value(), "who() on a route that does not require sign-in");
    return *principal;
}

Result<std::string> read_body(Call& call, std::int64_t limit) {
    const auto too_large = [&] {
        return fail(ErrorCode::ResourceExhausted,
                    fmt::format("the request body is larger than the limit of {} bytes", limit), "body");
    };
    if (call.reader == nullptr) {
        if (static_cast<std::int64_t>(call.req.body.size()) > limit) return too_large();
        return call.req.body;
    }
    const std::string length = call.req.get_header_value("Content-Length");
    std::int64_t declared = 0;
    if (!length.empty()) {
        auto [ptr, ec] = std::from_chars(length.data(), length.data() + length.size(), declared);
        if (ec == std::errc() && declared > limit) return too_large();
    }
    std::string body;
    if (declared > 0) body.reserve(static_cast<std::size_t>(declared));
    bool over = false;
    const bool ok = (*call.reader)([&](const char* data, std::size_t n) {
        if (static_cast<std::int64_t>(body.size() + n) > limit) {
            over = true;
            return false;
        }
        body.append(data, n);
        return true;
    });
    call.reader = nullptr;
    if (over) return too_large();
    if (!ok) return fail(ErrorCode::InvalidInput, "the request body could not be read to its end", "body");
    return body;
}

Result<Json> read_json_object(Call& call) {
    const std::string type = call.req.get_header_value("Content-Type");
    const std::string_view media = trim_ascii_whitespace(std::string_view(type).substr(0, type.find(';')));
    if (ascii_lower(media) != "application/json") {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("expected Content-Type application/json, got '{}'", media.empty() ? "none" : media),
                    "Content-Type");
    }
    BOROUGH_TRY(std::string body, read_body(call, call.state.config.max_request_bytes));
    BOROUGH_TRY(Json value, parse_json(body, "request body"));
    if (!value.is_object()) return fail(ErrorCode::InvalidInput, "the request body must be a JSON object", "body");
    return value;
}

void reply_json(Call& call, int status, const Json& body) {
    call.res.status = status;
    call.res.set_content(dump_json(body), "application/json");
}

void reply_no_content(Call& call) { call.res.status = 204; }

Result<std::string> string_field(const Json& object, std::string_view key, bool required) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required) return fail(ErrorCode::InvalidInput, fmt::format("'{}' is required", key), std::string(key));
        return std::string();
    }
    if (!it->is_string())
        return fail(ErrorCode::InvalidInput, fmt::format("'{}' must be a string", key), std::string(key));
    return it->get<std::string>();
}

Result<std::optional<std::int64_t>> int_field(const Json& object, std::string_view key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::optional<std::int64_t>();
    if (!it->is_number_integer()) {
        return fail(ErrorCode::InvalidInput, fmt::format("'{}' must be a whole number", key), std::string(key));
    }
    return std::optional<std::int64_t>(it->get<std::int64_t>());
}

Result<std::optional<bool>> bool_field(const Json& object, std::string_view key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::optional<bool>();
    if (!it->is_boolean())
        return fail(ErrorCode::InvalidInput, fmt::format("'{}' must be true or false", key), std::string(key));
    return std::optional<bool>(it->get<bool>());
}

Result<std::int64_t> query_int(const Call& call, const std::string& name, std::int64_t fallback, std::int64_t min,
                               std::int64_t max) {
    if (!call.req.has_param(name)) return fallback;
    const std::string text = call.req.get_param_value(name);
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
        return fail(ErrorCode::InvalidInput, fmt::format("'{}' must be a whole number from {} to {}", name, min, max),
                    name);
    }
    return value;
}

Result<store::JobStore*> job_store(Call& call) { return call.state.deps.services.job_store(); }

Result<store::JobRecord> visible_job(Call& call, const std::string& id) {
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    auto job = jobs->job(id);
    if (!job) {
        if (job.error().code == ErrorCode::NotFound) return fail(ErrorCode::NotFound, "no such job", "id");
        return fail(job.error());
    }
    if (!can_see_job(call.who().user, *job)) return fail(ErrorCode::NotFound, "no such job", "id");
    return std::move(*job);
}

Status audit(Call& call, const std::string& action, const std::string& subject, const Json& detail) {
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    BOROUGH_TRY(store::AuditEntry entry, jobs->append_audit(call.who().user.name, action, subject, detail));
    (void)entry;
    return {};
}

}  // namespace borough::server
