// libFuzzer entry point for html_blocks: arbitrary bytes must give either an error naming the file or
// blocks of non-blank, trimmed UTF-8 text with heading levels 0-6 (headings on one line).
// Also linked into borough_io_tests (as borough::io::fuzz_html_text), which replays seed inputs.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/text_encoding.h"
#include "io/html_text.h"

namespace borough::io {
namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_html_text: invariant violated: %s\n", what);
        std::abort();
    }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

}  // namespace

int fuzz_html_text(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto blocks = html_blocks(bytes, "fuzz.html");
    if (!blocks) {
        check(blocks.error().message.rfind("fuzz.html: ", 0) == 0, "error message names the file");
        check(blocks.error().field == "fuzz.html", "error field is the file");
        return 0;
    }
    for (const auto& b : *blocks) {
        check(b.level >= 0 && b.level <= 6, "heading level 0-6");
        check(!b.text.empty(), "no empty blocks");
        check(!is_space(b.text.front()) && !is_space(b.text.back()), "text is trimmed");
        check(!find_invalid_utf8(b.text).has_value(), "text is valid UTF-8");
        check(b.level == 0 || b.text.find('\n') == std::string_view::npos, "a heading is one line");
    }
    return 0;
}

}  // namespace borough::io

#ifdef BOROUGH_FUZZ_MAIN
// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer fixes this name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return borough::io::fuzz_html_text(data, size);
}
#endif
