#include "io/table.h"

#include <string>
#include <unordered_set>

#include "core/strings.h"

namespace borough::io {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_folded(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<std::size_t> Table::column(std::string_view name) const {
    const std::string_view wanted = trim_ascii_whitespace(name);
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (equal_folded(trim_ascii_whitespace(header[i]), wanted)) {
            return i;
        }
    }
    return std::nullopt;
}

std::vector<std::string> make_unique_header(std::vector<std::string> names) {
    std::unordered_set<std::string> taken;
    for (auto& name : names) {
        name = std::string(trim_ascii_whitespace(name));
    }
    std::unordered_set<std::string> literal;
    for (const auto& name : names) {
        if (!name.empty()) {
            literal.insert(borough::ascii_lower(name));
        }
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::string base = names[i].empty() ? "Column " + std::to_string(i + 1) : names[i];
        std::string candidate = base;
        // A generated name must not take a name that appears literally elsewhere in the header.
        for (int n = 2;
             taken.count(borough::ascii_lower(candidate)) != 0 || (candidate != names[i] && literal.count(borough::ascii_lower(candidate)) != 0);
             ++n) {
            candidate = base + " (" + std::to_string(n) + ")";
        }
        taken.insert(borough::ascii_lower(candidate));
        names[i] = std::move(candidate);
    }
    return names;
}

}  // namespace borough::io
