// Turning text that should be UTF-8 but may not be into valid UTF-8, for header names and spreadsheet
// cells whose bytes cannot be trusted (an XML parser does not validate UTF-8).
#pragma once

#include <string>
#include <string_view>

namespace borough::io {

// `text` with every invalid UTF-8 byte replaced by U+FFFD. Returns `text` unchanged when it is valid.
[[nodiscard]] std::string repair_utf8(std::string_view text);

}  // namespace borough::io
