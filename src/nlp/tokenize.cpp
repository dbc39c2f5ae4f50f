#include "nlp/tokenize.h"

#include <algorithm>
#include <array>

#include "nlp/char_class.h"

namespace borough::nlp {
namespace {

using detail::decode_utf8;
using detail::is_ascii_digit;
using detail::is_word_code_point;

// Sorted by byte value so lookups can binary-search; the static_assert keeps it that way.
constexpr std::array<std::string_view, 182> kStopwords = {
    "a",        "about",      "above",    "after",  "again",     "against", "all",       "also",    "am",
    "an",       "and",        "any",      "are",    "aren't",    "as",      "at",        "be",      "because",
    "been",     "before",     "being",    "below",  "between",   "both",    "but",       "by",      "can",
    "can't",    "could",      "couldn't", "did",    "didn't",    "do",      "does",      "doesn't", "doing",
    "don't",    "down",       "during",   "each",   "either",    "few",     "for",       "from",    "further",
    "had",      "hadn't",     "has",      "hasn't", "have",      "haven't", "having",    "he",      "he'd",
    "he'll",    "he's",       "her",      "here",   "hers",      "herself", "him",       "himself", "his",
    "how",      "i",          "i'd",      "i'll",   "i'm",       "i've",    "if",        "in",      "into",
    "is",       "isn't",      "it",       "it's",   "its",       "itself",  "just",      "let's",   "may",
    "me",       "might",      "more",     "most",   "must",      "my",      "myself",    "neither", "no",
    "nor",      "not",        "now",      "of",     "off",       "on",      "once",      "only",    "or",
    "other",    "ought",      "our",      "ours",   "ourselves", "out",     "over",      "own",     "same",
    "shall",    "she",        "she'd",    "she'll", "she's",     "should",  "shouldn't", "so",      "some",
    "such",     "than",       "that",     "that's", "the",       "their",   "theirs",    "them",    "themselves",
    "then",     "there",      "there's",  "these",  "they",      "they'd",  "they'll",   "they're", "they've",
    "this",     "those",      "through",  "to",     "too",       "under",   "until",     "up",      "upon",
    "us",       "very",       "was",      "wasn't", "we",        "we'd",    "we'll",     "we're",   "we've",
    "were",     "weren't",    "what",     "when",   "where",     "whether", "which",     "while",   "who",
    "whom",     "whose",      "why",      "will",   "with",      "within",  "without",   "won't",   "would",
    "wouldn't", "yet",        "you",      "you'd",  "you'll",    "you're",  "you've",    "your",    "yours",
    "yourself", "yourselves",
};
static_assert(std::is_sorted(kStopwords.begin(), kStopwords.end()));

// A joiner is kept inside a token when a word character follows it. Returns its byte size in the
// source (0 when the byte at i is not a joiner) and what it becomes in the token.
struct Joiner {
    std::size_t size = 0;
    char as = 0;
};

Joiner joiner_at(std::string_view text, std::size_t i) {
    const char c = text[i];
    if (c == '\'' || c == '-') {
        return {1, c};
    }
    if (c == '.' || c == ',') {
        return {1, c};  // only between digits, checked by the caller
    }
    if (text.substr(i, 3) == "\xE2\x80\x99") {
        return {3, '\''};  // ’ right single quote as apostrophe
    }
    if (text.substr(i, 3) == "\xE2\x80\x90" || text.substr(i, 3) == "\xE2\x80\x91") {
        return {3, '-'};  // U+2010 hyphen, U+2011 non-breaking hyphen
    }
    return {};
}

}  // namespace

std::vector<std::string> word_tokens(std::string_view text) {
    std::vector<std::string> tokens;
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const auto first = decode_utf8(text, i);
        if (!is_word_code_point(first.value)) {
            i += first.size;
            continue;
        }
        std::string token;
        while (i < n) {
            const auto cp = decode_utf8(text, i);
            if (is_word_code_point(cp.value)) {
                if (cp.size == 1) {
                    token += detail::to_ascii_lower(text[i]);
                } else {
                    token.append(text.substr(i, cp.size));
                }
                i += cp.size;
                continue;
            }
            const Joiner j = joiner_at(text, i);
            if (j.size == 0 || i + j.size >= n) {
                break;
            }
            const auto next = decode_utf8(text, i + j.size);
            if (!is_word_code_point(next.value)) {
                break;
            }
            if ((j.as == '.' || j.as == ',') && !(is_ascii_digit(token.back()) && is_ascii_digit(text[i + j.size]))) {
                break;
            }
            token += j.as;
            i += j.size;
        }
        tokens.push_back(std::move(token));
    }
    return tokens;
}

bool is_stopword(std::string_view lower_word) {
    return std::binary_search(kStopwords.begin(), kStopwords.end(), lower_word);
}

std::vector<std::string> content_tokens(std::string_view text) {
    std::vector<std::string> tokens = word_tokens(text);
    std::erase_if(tokens, [](const std::string& t) { return t.size() < 2 || is_stopword(t); });
    return tokens;
}

}  // namespace borough::nlp
