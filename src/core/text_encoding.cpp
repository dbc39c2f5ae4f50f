#include "core/text_encoding.h"

#include <array>
#include <cstdint>

#include <fmt/format.h>

namespace borough {
namespace {

// Code points for 0x80..0x9F in Windows-1252; 0 marks the five undefined bytes.
constexpr std::array<std::uint16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}


std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        std::uint32_t min = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2, min = 0x80, cp = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, min = 0x800, cp = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, min = 0x10000, cp = c & 0x07u;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return std::nullopt;
}

std::string windows1252_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80) {
            out += ch;
        } else if (b < 0xA0) {
            const std::uint16_t cp = kCp1252High[b - 0x80];
            append_utf8(out, cp == 0 ? 0xFFFDu : cp);
        } else {
            append_utf8(out, b);
        }
    }
    return out;
}

Result<DecodedText> decode_text(std::string_view bytes, std::string_view where) {
    DecodedText out;
    std::string_view body = bytes;
    if (body.substr(0, 3) == "\xEF\xBB\xBF") {
        body.remove_prefix(3);
        out.encoding = SourceEncoding::Utf8WithBom;
    }
    std::size_t controls = 0;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const auto b = static_cast<unsigned char>(body[i]);
        if (b == 0) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("{}: looks like a binary file, not text (NUL byte at offset {})",
                                    where, i + (bytes.size() - body.size())),
                        std::string(where));
        }
        if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') ++controls;
    }
    if (!body.empty() && controls * 100 > body.size()) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: looks like a binary file, not text ({} control bytes in {})",
                                where, controls, body.size()),
                    std::string(where));
    }
    const auto bad = find_invalid_utf8(body);
    if (!bad) {
        out.text = std::string(body);
        return out;
    }
    if (out.encoding == SourceEncoding::Utf8WithBom) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: has a UTF-8 byte-order mark but invalid UTF-8 at byte {}", where,
                                *bad + 3),
                    std::string(where));
    }
    out.encoding = SourceEncoding::Windows1252;
    out.text = windows1252_to_utf8(body);
    return out;
}

}  // namespace borough
