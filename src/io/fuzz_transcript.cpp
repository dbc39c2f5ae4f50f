// libFuzzer entry point for parse_transcript. The first byte picks the file name (so the extension
// fallback is reached) or wraps the rest as the body of a .docx. Invariants: an error's message
// names the file; otherwise turns are non-empty, collapsed UTF-8, named neighbours differ, times are
// ordered and text formats cite lines that exist.
// Also linked into borough_io_tests (as borough::io::fuzz_transcript), which replays seed inputs.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text_encoding.h"
#include "io/fuzz_support.h"
#include "io/transcript.h"
#include "io/zip_memory.h"

namespace borough::io {
namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_transcript: invariant violated: %s\n", what);
        std::abort();
    }
}

bool is_collapsed(std::string_view s) {
    return !s.empty() && s.front() != ' ' && s.back() != ' ' && s.find("  ") == std::string_view::npos &&
           s.find_first_of("\t\n\r") == std::string_view::npos;
}

}  // namespace

int fuzz_transcript(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    constexpr std::array<const char*, 6> kNames = {"fuzz.txt",  "fuzz.vtt",  "fuzz.srt",
                                                   "fuzz.json", "fuzz.docx", "fuzz.docx"};
    const std::size_t mode = data[0] % kNames.size();
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string bytes(rest);
    if (mode == 5) {
        // The rest as word/document.xml of an otherwise valid package: reaches the XML handling.
        auto zip = zip_in_memory({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", std::string(rest)}});
        check(zip.has_value(), "zip_in_memory works");
        bytes = std::move(*zip);
    }
    const std::string name = kNames[mode];
    const auto transcript = parse_transcript(bytes, name);
    if (!transcript) {
        check(transcript.error().message.rfind(name + ": ", 0) == 0, "error message names the file");
        return 0;
    }
    check(!transcript->turns.empty(), "at least one turn");
    const bool line_based = transcript->format != "json" && transcript->format != "docx";
    const std::size_t lines = fuzz::physical_lines(bytes);
    const Turn* previous = nullptr;
    for (const Turn& t : transcript->turns) {
        check(is_collapsed(t.text) && !find_invalid_utf8(t.text), "text is collapsed UTF-8");
        check(t.speaker.empty() || (is_collapsed(t.speaker) && !find_invalid_utf8(t.speaker)),
              "speaker is collapsed UTF-8");
        check(!t.start_ms || *t.start_ms >= 0, "start is not negative");
        check(!t.start_ms || !t.end_ms || *t.start_ms <= *t.end_ms, "start <= end");
        check(t.line >= 1, "line is 1-based");
        check(!line_based || t.line <= lines, "line lies in the input");
        check(previous == nullptr || t.speaker.empty() || previous->speaker != t.speaker,
              "consecutive turns of one named speaker are merged");
        previous = &t;
    }
    for (const auto& w : transcript->warnings) {
        check(w.rfind(name + ": ", 0) == 0, "warning names the file");
    }
    return 0;
}

}  // namespace borough::io

#ifdef BOROUGH_FUZZ_MAIN
// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer fixes this name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return borough::io::fuzz_transcript(data, size);
}
#endif
