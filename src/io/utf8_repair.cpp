#include "io/utf8_repair.h"

#include "core/text_encoding.h"

namespace borough::io {

std::string repair_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (const auto bad = find_invalid_utf8(text)) {
        out.append(text.substr(0, *bad));
        out.append("\xEF\xBF\xBD");
        text.remove_prefix(*bad + 1);
    }
    out.append(text);
    return out;
}

}  // namespace borough::io
