// Internal to borough_nlp: UTF-8 decoding and the character classes shared by the tokenizer and the
// sentence splitter (word characters, whitespace, upper case). Not a general Unicode library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace borough::nlp::detail {

struct CodePoint {
    std::uint32_t value = 0;  // U+FFFD for an invalid sequence
    std::size_t size = 1;     // bytes consumed, always >= 1 when i < text.size()
};

// Decodes the code point starting at byte i (i < text.size()). Invalid or truncated sequences decode
// as U+FFFD of size 1, so a scan always makes progress.
CodePoint decode_utf8(std::string_view text, std::size_t i);

inline bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
inline bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline char to_ascii_lower(char c) { return is_ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// Letters and digits, ASCII or not. Punctuation, symbols (£, €, ©), spaces, curly quotes, dashes,
// emoji and U+FFFD are not word characters.
bool is_word_code_point(std::uint32_t cp);

// Upper-case letters: ASCII A-Z, Latin-1 À-Þ (except ×), and the upper-case half of Latin Extended-A.
bool is_upper_code_point(std::uint32_t cp);

// Byte length of the whitespace character at i (ASCII space, tab, CR, LF, FF, VT or U+00A0 NBSP), or 0.
std::size_t whitespace_size(std::string_view text, std::size_t i);

// Byte length of the whitespace character that ends just before `end`, or 0.
std::size_t whitespace_size_before(std::string_view text, std::size_t end);

}  // namespace borough::nlp::detail
