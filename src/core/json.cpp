#include "core/json.h"

#include <fmt/format.h>

namespace borough {

Result<Json> parse_json(std::string_view text, std::string_view where) {
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: not valid JSON at byte {}: {}", where, e.byte, e.what()),
                    std::string(where));
    } catch (const nlohmann::json::exception& e) {
        // Valid syntax the library cannot hold, e.g. a number out of double's range ("1e999").
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: not valid JSON: a value out of range: {}", where, e.what()),
                    std::string(where));
    }
}

std::string dump_json(const Json& value, int indent) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace borough
