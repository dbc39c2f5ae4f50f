// libFuzzer entry for the answer flags: find_pii/redact_pii, find_safeguarding_concerns,
// detect_language, is_non_answer and duplicate_key must accept any bytes and keep their contracts.
// The checks live in borough_fuzz_flags_one_input so that borough_nlp_tests (which already links
// fuzz_sentences.cpp's LLVMFuzzerTestOneInput) can replay seeds through them too.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "nlp/answer_checks.h"
#include "nlp/language.h"
#include "nlp/pii.h"
#include "nlp/safeguarding.h"

namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_pii: invariant violated: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int borough_fuzz_flags_one_input(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto spans = borough::nlp::find_pii(text);
    std::size_t previous_end = 0;
    std::size_t expected_size = text.size();
    for (const auto& s : spans) {
        check(s.begin >= previous_end, "pii spans sorted and disjoint");
        check(s.begin < s.end && s.end <= text.size(), "pii span inside the text");
        expected_size = expected_size - (s.end - s.begin) + borough::nlp::redaction_label(s.kind).size();
        previous_end = s.end;
    }
    const std::string redacted = borough::nlp::redact_pii(text, spans);
    check(redacted.size() == expected_size, "redaction replaces exactly the spans");
    check(!spans.empty() || redacted == text, "nothing found, nothing changed");

    for (const auto& f : borough::nlp::find_safeguarding_concerns(text)) {
        check(f.begin < f.end && f.end <= text.size(), "safeguarding span inside the text");
        check(!f.phrase.empty(), "safeguarding flag names its phrase");
    }
    const auto guess = borough::nlp::detect_language(text);
    check(!guess.code.empty(), "language code set");
    check(guess.confidence >= 0.0 && guess.confidence <= 1.0, "confidence in [0, 1]");

    const std::string key = borough::nlp::duplicate_key(text);
    check(borough::nlp::duplicate_key(key) == key, "duplicate_key is idempotent");
    check(key.empty() || (key.front() != ' ' && key.back() != ' '), "duplicate_key trimmed");
    check(!key.empty() || borough::nlp::is_non_answer(text), "empty key means non-answer");
    return 0;
}

#ifdef BOROUGH_FUZZ_ENTRY
// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer fixes this name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return borough_fuzz_flags_one_input(data, size);
}
#endif
