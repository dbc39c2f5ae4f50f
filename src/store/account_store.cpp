#include "store/account_store.h"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace borough::store {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoleNames{{
    {Role::Admin, "admin"},
    {Role::Staff, "staff"},
    {Role::Reviewer, "reviewer"},
    {Role::Auditor, "auditor"},
}};

constexpr std::size_t kMaxNameChars = 64;

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

// `what` is "user" or "team", for the message.
Status check_name(std::string_view name, std::string_view what) {
    if (name.empty()) return fail(ErrorCode::InvalidInput, fmt::format("{} name must not be empty", what), "name");
    if (name.size() > kMaxNameChars) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{} name must be at most {} characters (got {})", what, kMaxNameChars, name.size()),
                    "name");
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (!is_name_char(name[i])) {
            // Print the byte as hex: it may be a control byte or part of a UTF-8 sequence.
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{} name may contain only a-z, 0-9, '.', '_' and '-'; byte 0x{:02x} at offset {} "
                                    "is not allowed",
                                    what, static_cast<unsigned char>(name[i]), i),
                        "name");
        }
    }
    return {};
}

}  // namespace

std::string_view to_string(Role role) {
    for (const auto& [value, name] : kRoleNames) {
        if (value == role) return name;
    }
    return "unknown";
}

Result<Role> parse_role(std::string_view text) {
    for (const auto& [value, name] : kRoleNames) {
        if (name == text) return value;
    }
    return fail(ErrorCode::InvalidInput,
                fmt::format("unknown role '{}' (expected admin, staff, reviewer or auditor)", text), "role");
}

Status check_user_name(std::string_view name) { return check_name(name, "user"); }

Status check_team_name(std::string_view name) { return check_name(name, "team"); }

}  // namespace borough::store
