// Text encoding checks for input files: UTF-8 validation (naming the first bad byte) and Windows-1252
// transcoding, the encoding of most spreadsheets and documents saved on council Windows desktops.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace borough {

// Byte offset of the first invalid UTF-8 sequence, or nullopt when all of `text` is valid UTF-8.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Appends the UTF-8 encoding of a code point below U+10000 (1 to 3 bytes).
void append_utf8(std::string& out, std::uint32_t code_point);

// Transcodes Windows-1252 bytes to UTF-8. The five bytes 1252 leaves undefined become U+FFFD.
std::string windows1252_to_utf8(std::string_view bytes);

enum class SourceEncoding { Utf8, Utf8WithBom, Windows1252 };

struct DecodedText {
    std::string text;  // UTF-8, BOM removed
    SourceEncoding encoding = SourceEncoding::Utf8;
};

// Accepts UTF-8 (BOM optional) or text that is plausibly Windows-1252; rejects binary content (NUL
// bytes or many control characters) with an error naming `where` and the first offending byte.
[[nodiscard]] Result<DecodedText> decode_text(std::string_view bytes, std::string_view where);

}  // namespace borough
