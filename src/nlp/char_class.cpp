#include "nlp/char_class.h"

namespace borough::nlp::detail {

CodePoint decode_utf8(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
        return {c, 1};
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0u) == 0xC0u) {
        len = 2, cp = c & 0x1Fu, min = 0x80;
    } else if ((c & 0xF0u) == 0xE0u) {
        len = 3, cp = c & 0x0Fu, min = 0x800;
    } else if ((c & 0xF8u) == 0xF0u) {
        len = 4, cp = c & 0x07u, min = 0x10000;
    } else {
        return {0xFFFD, 1};
    }
    if (i + len > text.size()) {
        return {0xFFFD, 1};
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0u) != 0x80u) {
            return {0xFFFD, 1};
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return {0xFFFD, 1};
    }
    return {cp, len};
}

bool is_word_code_point(std::uint32_t cp) {
    if (cp < 0x80) {
        return is_ascii_alnum(static_cast<char>(cp));
    }
    if (cp <= 0xBF) {
        return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // Latin-1 punctuation and symbols
    }
    if (cp == 0xD7 || cp == 0xF7) {
        return false;  // × ÷
    }
    if (cp >= 0x2000 && cp <= 0x2BFF) {
        return false;  // punctuation, currency, arrows, maths, shapes
    }
    if (cp >= 0x2E00 && cp <= 0x2E7F) {
        return false;  // supplemental punctuation
    }
    if (cp >= 0x3000 && cp <= 0x303F) {
        return false;  // CJK punctuation
    }
    if (cp >= 0xD800 && cp <= 0xF8FF) {
        return false;  // surrogates, private use
    }
    if (cp >= 0xFE00 && cp <= 0xFE6F) {
        return false;  // variation selectors, small forms
    }
    if (cp >= 0xFF00 && cp <= 0xFF0F) {
        return false;  // full-width punctuation
    }
    if (cp >= 0xFFF0 && cp <= 0xFFFF) {
        return false;  // specials incl. U+FFFD
    }
    if (cp >= 0x1F000 && cp <= 0x1FAFF) {
        return false;  // emoji and pictographs
    }
    return true;
}

bool is_upper_code_point(std::uint32_t cp) {
    if (cp < 0x80) {
        return is_ascii_upper(static_cast<char>(cp));
    }
    if (cp >= 0xC0 && cp <= 0xDE) {
        return cp != 0xD7;
    }
    // Latin Extended-A alternates upper/lower, with a shift of one after U+0138 (ĸ) and U+0149 (ŉ).
    if (cp >= 0x100 && cp <= 0x137) {
        return cp % 2 == 0;
    }
    if (cp >= 0x139 && cp <= 0x148) {
        return cp % 2 == 1;
    }
    if (cp >= 0x14A && cp <= 0x177) {
        return cp % 2 == 0;
    }
    if (cp >= 0x178 && cp <= 0x17E) {
        return cp == 0x178 || cp % 2 == 1;
    }
    return false;
}

std::size_t whitespace_size(std::string_view text, std::size_t i) {
    if (i >= text.size()) {
        return 0;
    }
    switch (text[i]) {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case '\f':
        case '\v':
            return 1;
        case '\xC2':
            return i + 1 < text.size() && text[i + 1] == '\xA0' ? 2 : 0;
        default:
            return 0;
    }
}

std::size_t whitespace_size_before(std::string_view text, std::size_t end) {
    if (end == 0) {
        return 0;
    }
    if (end >= 2 && text[end - 2] == '\xC2' && text[end - 1] == '\xA0') {
        return 2;
    }
    return whitespace_size(text, end - 1) == 1 ? 1 : 0;
}

}  // namespace borough::nlp::detail
