// Small string helpers shared by the readers and actions, so each does not carry its own copy.
#pragma once

#include <string_view>

namespace borough {

// `text` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r). Bytes of other
// characters, UTF-8 included, are never touched.
std::string_view trim_ascii_whitespace(std::string_view text);

}  // namespace borough
