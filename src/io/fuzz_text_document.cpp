// libFuzzer entry point for parse_text_document: arbitrary bytes as .md or .txt must give either an
// error naming the file or a document whose text is clean UTF-8 and whose sections lie inside it.
// Also linked into borough_io_tests, which replays seed inputs through it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text_encoding.h"
#include "io/text_document.h"

namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_text_document: invariant violated: %s\n", what);
        std::abort();
    }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer fixes this name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The first byte picks the file type, the rest is the content.
    if (size == 0) {
        return 0;
    }
    const std::string name = data[0] % 2 == 0 ? "fuzz.md" : "fuzz.txt";
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    const auto doc = borough::io::parse_text_document(bytes, name);
    if (!doc) {
        check(doc.error().message.rfind(name + ": ", 0) == 0, "error message names the file");
        check(doc.error().field == name, "error field is the file");
        return 0;
    }
    check(doc->name == name, "name kept");
    check(doc->is_markdown == (name == "fuzz.md"), "markdown by extension");
    check(!borough::find_invalid_utf8(doc->text).has_value(), "text is valid UTF-8");
    check(doc->text.find('\r') == std::string::npos, "no CR left");
    check(!doc->sections.empty(), "at least one section");
    std::size_t previous_end = 0;
    for (const auto& s : doc->sections) {
        check(s.begin <= s.end && s.end <= doc->text.size(), "section inside the text");
        check(s.begin >= previous_end, "sections sorted and disjoint");
        check(s.level >= 0 && s.level <= 6, "heading level 0-6");
        check(s.level != 0 || (&s == &doc->sections.front() && s.title.empty()),
              "only the first section can be the untitled lead");
        previous_end = s.end;
    }
    return 0;
}
