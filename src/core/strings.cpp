#include "core/strings.h"

namespace borough {
namespace {

bool is_ascii_whitespace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

std::string_view trim_ascii_whitespace(std::string_view text) {
    while (!text.empty() && is_ascii_whitespace(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_ascii_whitespace(text.back())) text.remove_suffix(1);
    return text;
}

}  // namespace borough
