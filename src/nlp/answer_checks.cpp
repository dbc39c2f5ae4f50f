#include "nlp/answer_checks.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "nlp/char_class.h"

namespace borough::nlp {
namespace {

// Refusals seen in council survey exports, written by us in duplicate_key form (so "n/a" and "n.a."
// are "n a", "don't" is "dont"). Chosen to be unambiguous across question types: each means "I have
// nothing to say" whatever was asked. Words that can be a real answer ("fine", "ok", "all good",
// "yes") are left out; "no" is in because on free-text questions it declines to comment.
constexpr std::array kNonAnswers = {
    std::string_view("n a"),
    std::string_view("na"),
    std::string_view("none"),
    std::string_view("nothing"),
    std::string_view("no"),
    std::string_view("nope"),
    std::string_view("nil"),
    std::string_view("nowt"),
    std::string_view("no comment"),
    std::string_view("no comments"),
    std::string_view("no further comment"),
    std::string_view("no further comments"),
    std::string_view("nothing to add"),
    std::string_view("nothing further"),
    std::string_view("nothing more"),
    std::string_view("nothing more to add"),
    std::string_view("nothing to say"),
    std::string_view("nothing else"),
    std::string_view("not applicable"),
    std::string_view("dont know"),
    std::string_view("do not know"),
    std::string_view("dk"),
    std::string_view("not sure"),
    std::string_view("unsure"),
    std::string_view("no idea"),
    std::string_view("no thanks"),
    std::string_view("no thank you"),
    std::string_view("none thanks"),
    std::string_view("none thank you"),
    std::string_view("nothing thanks"),
    std::string_view("nothing thank you"),
    std::string_view("none at all"),
    std::string_view("nothing at all"),
    std::string_view("none at this time"),
    std::string_view("no answer"),
    std::string_view("prefer not to say"),
    std::string_view("blank"),
    std::string_view("x"),
    std::string_view("xx"),
    std::string_view("xxx"),
    std::string_view("tbc"),
    std::string_view("skip"),
    std::string_view("pass"),
};

constexpr std::size_t kLongestNonAnswer = 24;

bool is_apostrophe(std::uint32_t cp) { return cp == '\'' || cp == 0x2019; }

// Appends the duplicate_key of `text` to `out`, stopping once `out` exceeds `limit` bytes.
void append_key(std::string_view text, std::string& out, std::size_t limit) {
    bool pending_space = false;
    for (std::size_t i = 0; i < text.size() && out.size() <= limit;) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            const char ch = static_cast<char>(c);
            if (detail::is_ascii_alnum(ch)) {
                if (pending_space && !out.empty()) {
                    out += ' ';
                }
                pending_space = false;
                out += detail::to_ascii_lower(ch);
            } else if (ch != '\'') {
                pending_space = true;
            }
            ++i;
            continue;
        }
        const detail::CodePoint cp = detail::decode_utf8(text, i);
        if (detail::is_word_code_point(cp.value)) {
            if (pending_space && !out.empty()) {
                out += ' ';
            }
            pending_space = false;
            out.append(text.substr(i, cp.size));
        } else if (!is_apostrophe(cp.value)) {
            pending_space = true;
        }
        i += cp.size;
    }
}

}  // namespace

bool is_non_answer(std::string_view answer) {
    std::string key;
    key.reserve(kLongestNonAnswer + 8);
    append_key(answer, key, kLongestNonAnswer);
    if (key.size() > kLongestNonAnswer) {
        return false;
    }
    if (key.empty()) {
        return true;
    }
    return std::find(kNonAnswers.begin(), kNonAnswers.end(), std::string_view(key)) != kNonAnswers.end();
}

std::string duplicate_key(std::string_view text) {
    std::string key;
    key.reserve(text.size());
    append_key(text, key, text.size());
    return key;
}

std::vector<std::vector<std::size_t>> find_duplicate_submissions(const std::vector<std::string_view>& rows,
                                                                 std::size_t min_key_bytes) {
    // First row index per key, and for keys seen twice or more the group they index.
    std::unordered_map<std::string, std::size_t> first_row;
    std::unordered_map<std::size_t, std::size_t> group_of_first;
    std::vector<std::vector<std::size_t>> groups;
    first_row.reserve(rows.size());
    std::string key;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        key.clear();
        append_key(rows[r], key, rows[r].size());
        if (key.size() < min_key_bytes) {
            continue;
        }
        const auto [it, inserted] = first_row.try_emplace(key, r);
        if (inserted) {
            continue;
        }
        const auto [g, new_group] = group_of_first.try_emplace(it->second, groups.size());
        if (new_group) {
            groups.push_back({it->second});
        }
        groups[g->second].push_back(r);
    }
    // Groups were created in order of their second member; order them by their first.
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
    return groups;
}

}  // namespace borough::nlp
