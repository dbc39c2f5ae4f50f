// libFuzzer entry point for split_sentences, word_tokens and TextRank: checks the offset contract
// (sorted, disjoint, trimmed spans whose collapsed text equals Sentence::text) on arbitrary bytes.
// Also linked into borough_nlp_tests, which replays seed inputs through it.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "nlp/sentences.h"
#include "nlp/textrank.h"
#include "nlp/tokenize.h"

namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_sentences: invariant violated: %s\n", what);
        std::abort();
    }
}

bool is_space_at(std::string_view s, std::size_t i, std::size_t& size) {
    const char c = s[i];
    size = 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        return true;
    }
    size = 2;
    return c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
}

std::string collapse(std::string_view s) {
    std::string out;
    bool in_space = false;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t size = 0;
        if (is_space_at(s, i, size)) {
            if (!in_space) {
                out += ' ';
            }
            in_space = true;
            i += size;
        } else {
            out += s[i];
            in_space = false;
            ++i;
        }
    }
    return out;
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer fixes this name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto sentences = borough::nlp::split_sentences(text);
    std::size_t previous_end = 0;
    for (const auto& s : sentences) {
        check(s.begin >= previous_end, "sentences are sorted and disjoint");
        check(s.begin < s.end && s.end <= text.size(), "span inside the text");
        const std::string_view span = text.substr(s.begin, s.end - s.begin);
        std::size_t ws = 0;
        check(!is_space_at(span, 0, ws), "span starts with non-whitespace");
        check(!is_space_at(span, span.size() - 1, ws), "span ends with non-whitespace");
        check(collapse(span) == s.text, "collapsed span equals Sentence::text");
        previous_end = s.end;
    }
    for (const std::string& token : borough::nlp::word_tokens(text)) {
        check(!token.empty(), "no empty tokens");
    }
    borough::nlp::TextRankOptions options;
    options.max_iterations = 20;
    const auto scored = borough::nlp::rank_sentences(sentences, options);
    check(scored.size() == sentences.size(), "one score per sentence");
    double total = 0;
    for (const auto& s : scored) {
        check(std::isfinite(s.score) && s.score >= 0, "finite non-negative score");
        total += s.score;
    }
    check(sentences.empty() || std::fabs(total - 1.0) < 1e-6, "scores sum to 1");
    const auto chosen = borough::nlp::select_summary(sentences, options);
    check(chosen.size() <= options.max_sentences, "at most max_sentences chosen");
    for (std::size_t k = 0; k < chosen.size(); ++k) {
        check(chosen[k] < sentences.size(), "chosen index in range");
        check(k == 0 || chosen[k - 1] < chosen[k], "chosen in document order");
    }
    return 0;
}
