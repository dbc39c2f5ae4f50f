#include "actions/news_angles/quotes.h"

#include <algorithm>
#include <array>

#include "core/strings.h"

namespace borough::actions::news_angles {
namespace {

constexpr std::string_view kOpenCurly = "\xE2\x80\x9C";
constexpr std::string_view kCloseCurly = "\xE2\x80\x9D";

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || is_upper(c); }

constexpr std::array<std::string_view, 9> kSpeechVerbs = {"said",      "says",  "added", "explained", "commented",
                                                          "told",      "stated", "warned", "continued"};

bool is_speech_verb(std::string_view w) {
    return std::find(kSpeechVerbs.begin(), kSpeechVerbs.end(), ascii_lower(w)) != kSpeechVerbs.end();
}

std::string collapse(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Words of `s` split on spaces, with their trailing punctuation kept.
std::vector<std::string_view> words_of(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\n' && s[j] != '\t') ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

std::string_view bare(std::string_view w) {
    while (!w.empty() && !is_alpha(w.back()) && w.back() != '.') w.remove_suffix(1);
    if (!w.empty() && w.back() == '.' && w.size() > 3) w.remove_suffix(1);  // "Smith." but keep "Dr."
    return w;
}

// A name: capitalised words from words[k] ("Cllr", "Jane", "Smith"), at most five; then ", role" when
// the next words are lower-case up to a comma or full stop ("cabinet member for housing").
std::string read_name(const std::vector<std::string_view>& words, std::size_t k) {
    std::string name;
    std::size_t n = 0;
    bool ended_with_comma = false;
    while (k < words.size() && n < 5 && !words[k].empty() && is_upper(words[k][0])) {
        const std::string_view w = bare(words[k]);
        if (!name.empty()) name += ' ';
        name += w;
        ++n;
        ended_with_comma = words[k].back() == ',';
        const bool stop = words[k].back() == '.' || words[k].back() == ',' || words[k].back() == ':';
        ++k;
        if (stop) break;
    }
    if (name.empty()) return name;
    if (ended_with_comma) {
        std::string role;
        std::size_t m = 0;
        while (k < words.size() && m < 10) {
            const std::string_view w = words[k];
            if (!role.empty()) role += ' ';
            role += bare(w);
            ++m;
            ++k;
            if (w.back() == ',' || w.back() == '.') break;
        }
        // A role is a noun phrase ("cabinet member for housing"), not a clause ("adding that...").
        const std::string first_word = role.substr(0, role.find(' '));
        const bool clause = first_word.ends_with("ing") || first_word == "who" || first_word == "which" ||
                            first_word == "and" || first_word == "but";
        if (!role.empty() && !is_upper(role[0]) && !clause) name += ", " + role;
    }
    return name;
}

// Attribution after the closing mark: ", said Name", ", Name said", " said Name".
std::string speaker_after(std::string_view after) {
    const std::size_t first = after.find_first_not_of(" ,\n\t");
    after = first == std::string_view::npos ? std::string_view() : after.substr(first);
    const auto words = words_of(after.substr(0, std::min<std::size_t>(after.size(), 160)));
    if (words.empty()) return {};
    if (is_speech_verb(bare(words[0]))) return read_name(words, 1);
    // "Name said" within the first six words.
    for (std::size_t k = 1; k < words.size() && k < 7; ++k) {
        if (is_speech_verb(bare(words[k]))) {
            if (!is_upper(words[0][0])) return {};  // "she said", "the report said"
            std::vector<std::string_view> head(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(k));
            return read_name(head, 0);
        }
        if (words[k - 1].back() == '.') break;
    }
    return {};
}

// Attribution before the opening mark, in the same sentence: "Name said:" or "According to Name,".
std::string speaker_before(std::string_view before) {
    std::size_t start = before.size() > 200 ? before.size() - 200 : 0;
    const std::size_t stop = before.find_last_of(".!?\n", before.size() > 0 ? before.size() - 1 : 0);
    if (stop != std::string_view::npos && stop + 1 > start && stop + 1 < before.size()) start = stop + 1;
    const auto words = words_of(before.substr(start));
    if (words.size() >= 3 && ascii_lower(words[0]) == "according" && ascii_lower(words[1]) == "to") {
        return read_name(words, 2);
    }
    for (std::size_t k = 1; k < words.size(); ++k) {
        if (is_speech_verb(bare(words[k])) && k + 1 == words.size()) {
            std::size_t first = k;
            while (first > 0 && is_upper(words[first - 1][0])) --first;
            if (first == k) return {};
            std::vector<std::string_view> head(words.begin() + static_cast<std::ptrdiff_t>(first),
                                               words.begin() + static_cast<std::ptrdiff_t>(k));
            return read_name(head, 0);
        }
    }
    return {};
}

}  // namespace

std::vector<Quote> find_quotes(std::string_view text, std::size_t min_words) {
    std::vector<Quote> out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t open = std::string_view::npos;
        std::size_t open_len = 0;
        const std::size_t curly = text.find(kOpenCurly, i);
        const std::size_t straight = text.find('"', i);
        if (curly < straight) {
            open = curly;
            open_len = kOpenCurly.size();
        } else if (straight != std::string_view::npos) {
            open = straight;
            open_len = 1;
        }
        if (open == std::string_view::npos) break;
        const std::size_t inner = open + open_len;
        const std::size_t close = open_len == 1 ? text.find('"', inner) : text.find(kCloseCurly, inner);
        if (close == std::string_view::npos) break;
        const std::size_t close_len = open_len == 1 ? 1 : kCloseCurly.size();
        const std::string_view words = text.substr(inner, close - inner);
        if (words.find("\n\n") != std::string_view::npos) {
            i = inner;  // marks in different paragraphs: not one quote
            continue;
        }
        if (count_words(words) >= min_words) {
            Quote q;
            q.text = collapse(words);
            q.begin = inner;
            q.end = close;
            q.speaker = speaker_after(text.substr(close + close_len));
            if (q.speaker.empty()) q.speaker = speaker_before(text.substr(0, open));
            out.push_back(std::move(q));
        }
        i = close + close_len;
    }
    return out;
}

}  // namespace borough::actions::news_angles
