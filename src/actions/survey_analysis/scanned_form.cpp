#include "actions/survey_analysis/scanned_form.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "core/strings.h"

namespace borough::actions::survey {
namespace {

constexpr double kMaxDistance = 0.25;  // normalised edit distance that still counts as a match
constexpr std::size_t kPrefixWords = 6;
constexpr std::size_t kMinPrefixWords = 3;

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Lower-case ASCII letters and digits; every run of anything else becomes one space.
std::string normalise(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        if (is_alnum(c)) {
            out += lower(c);
        } else if (!out.empty() && out.back() != ' ') {
            out += ' ';
        }
    }
    if (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

// 0 = identical, 1 = nothing in common.
double distance(std::string_view a, std::string_view b) {
    const std::size_t longest = std::max(a.size(), b.size());
    if (longest == 0) {
        return 0;
    }
    return static_cast<double>(edit_distance(a, b)) / static_cast<double>(longest);
}

// The first n space-separated words of a normalised string.
std::string_view first_words(std::string_view s, std::size_t n, std::size_t* found = nullptr) {
    std::size_t words = 0;
    std::size_t end = 0;
    while (end < s.size() && words < n) {
        const std::size_t space = s.find(' ', end);
        end = space == std::string_view::npos ? s.size() : space;
        ++words;
        if (end < s.size()) {
            ++end;
        }
    }
    if (found != nullptr) {
        *found = words;
    }
    auto out = s.substr(0, end);
    if (!out.empty() && out.back() == ' ') {
        out.remove_suffix(1);
    }
    return out;
}

struct Heading {
    std::string full;    // normalised
    std::string prefix;  // its first kPrefixWords words, or "" when it is too short for a prefix match
};

std::string lower_copy(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = lower(c);
    }
    return out;
}

// Drops trailing tokens with no letter or digit ("Riverside _", "a visit. ;"): specks and box edges
// that OCR read as punctuation at the end of a line.
std::string_view strip_stray_marks(std::string_view value) {
    for (;;) {
        const std::size_t space = value.rfind(' ');
        if (space == std::string_view::npos) {
            return value;
        }
        const auto last = value.substr(space + 1);
        if (std::any_of(last.begin(), last.end(), is_alnum)) {
            return value;
        }
        value = trim_ascii_whitespace(value.substr(0, space));
    }
}

// Fields on one line. Exact labels (case-insensitive, followed by ':' or OCR's ';') may appear
// several times per line; failing that, the text before the line's first ':' may be an OCR-damaged
// label. Returns false when the line holds no known field.
bool parse_fields(std::string_view line, std::span<const std::string> labels,
                  std::map<std::string, std::string>& fields) {
    const std::string low = lower_copy(line);
    struct Hit {
        std::size_t label_start;
        std::size_t value_start;
        std::size_t label;
    };
    std::vector<Hit> hits;
    for (std::size_t l = 0; l < labels.size(); ++l) {
        const std::string label = lower_copy(labels[l]);
        if (label.empty()) {
            continue;
        }
        for (std::size_t at = low.find(label); at != std::string::npos; at = low.find(label, at + 1)) {
            // A label starts the line or follows a space, and is followed by a colon.
            if (at > 0 && low[at - 1] != ' ') {
                continue;
            }
            std::size_t after = at + label.size();
            while (after < low.size() && low[after] == ' ') {
                ++after;
            }
            if (after < low.size() && (low[after] == ':' || low[after] == ';')) {
                hits.push_back({at, after + 1, l});
            }
        }
    }
    if (hits.empty()) {
        const std::size_t colon = line.find_first_of(":;");
        if (colon == std::string_view::npos) {
            return false;
        }
        const std::string before = normalise(line.substr(0, colon));
        std::optional<std::size_t> best;
        double best_d = kMaxDistance;
        for (std::size_t l = 0; l < labels.size(); ++l) {
            const double d = distance(before, normalise(labels[l]));
            if (d <= best_d) {
                best_d = d;
                best = l;
            }
        }
        if (!best) {
            return false;
        }
        hits.push_back({0, colon + 1, *best});
    }
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.label_start < b.label_start; });
    for (std::size_t h = 0; h < hits.size(); ++h) {
        const std::size_t end = h + 1 < hits.size() ? hits[h + 1].label_start : line.size();
        if (hits[h].value_start > end) {
            continue;  // overlapping labels ("Age" inside "Age band")
        }
        const auto value = strip_stray_marks(trim_ascii_whitespace(line.substr(hits[h].value_start, end - hits[h].value_start)));
        fields.emplace(labels[hits[h].label], std::string(value));
    }
    return true;
}

void append_line(std::string& text, std::string_view line) {
    if (text.empty()) {
        text = line;
        return;
    }
    // "mainten-" + "ance" was one word split at the line end.
    if (text.back() == '-' && !line.empty() && line.front() >= 'a' && line.front() <= 'z') {
        text.pop_back();
    } else {
        text += ' ';
    }
    text += line;
}

}  // namespace

FormRow read_form_page(const engine::OcrPage& page, std::span<const std::string> question_headings,
                       std::span<const std::string> field_labels, float check_below) {
    FormRow row;
    row.page = page.page;
    row.answers.resize(question_headings.size());
    for (std::size_t q = 0; q < question_headings.size(); ++q) {
        row.answers[q].question = q + 1;
    }
    if (!page.error.empty()) {
        row.problems.emplace_back("OCR failed on this page");
    }

    std::vector<Heading> headings;
    for (const auto& h : question_headings) {
        Heading heading{normalise(h), {}};
        std::size_t words = 0;
        const auto prefix = first_words(heading.full, kPrefixWords, &words);
        if (words >= kMinPrefixWords && prefix.size() < heading.full.size()) {
            heading.prefix = prefix;
        }
        headings.push_back(std::move(heading));
    }

    // Pass 1: whole headings, on one line or wrapped over up to three, best matches first. Pass 2,
    // for headings still missing: a line starting with the heading's first words (its tail garbled
    // or cut off; the next line is not absorbed, as it cannot be told from the answer). Two passes,
    // so an answer that quotes a heading's opening words never takes the place of the real heading
    // further down.
    const std::size_t n = page.lines.size();
    std::vector<std::string> norm(n);
    for (std::size_t i = 0; i < n; ++i) {
        norm[i] = normalise(page.lines[i].text);
    }
    struct Candidate {
        double distance;
        std::size_t heading;
        std::size_t first;  // first line of the heading
        std::size_t count;  // lines it spans
    };
    std::vector<Candidate> whole;
    for (std::size_t h = 0; h < headings.size(); ++h) {
        for (std::size_t i = 0; i < n; ++i) {
            if (norm[i].empty()) {
                continue;
            }
            std::string joined = norm[i];
            for (std::size_t k = 1; k <= 3 && i + k <= n; ++k) {
                if (k > 1) {
                    joined += " " + norm[i + k - 1];
                }
                if (const double d = distance(joined, headings[h].full); d <= kMaxDistance) {
                    whole.push_back({d, h, i, k});
                }
            }
        }
    }
    std::stable_sort(whole.begin(), whole.end(),
                     [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
    constexpr auto kNone = static_cast<std::size_t>(-1);
    std::vector<std::size_t> heading_at(n, kNone);  // line -> heading starting there
    std::vector<bool> used(n, false);               // line is part of a heading
    std::vector<bool> found(headings.size(), false);
    auto claim = [&](const Candidate& c) {
        for (std::size_t k = 0; k < c.count; ++k) {
            if (used[c.first + k]) {
                return;
            }
        }
        found[c.heading] = true;
        heading_at[c.first] = c.heading;
        for (std::size_t k = 0; k < c.count; ++k) {
            used[c.first + k] = true;
        }
    };
    for (const auto& c : whole) {
        if (!found[c.heading]) {
            claim(c);
        }
    }
    for (std::size_t h = 0; h < headings.size(); ++h) {
        if (found[h] || headings[h].prefix.empty()) {
            continue;
        }
        std::size_t heading_words = 0;
        first_words(headings[h].prefix, kPrefixWords, &heading_words);
        std::optional<Candidate> best;
        for (std::size_t i = 0; i < n; ++i) {
            if (used[i] || norm[i].empty()) {
                continue;
            }
            const double d = distance(first_words(norm[i], heading_words), headings[h].prefix);
            if (d <= kMaxDistance && (!best || d < best->distance)) {
                best = Candidate{d, h, i, 1};
            }
        }
        if (!best) {
            continue;
        }
        claim(*best);
    }

    std::vector<double> line_sum(headings.size(), 0);
    std::vector<std::size_t> line_count(headings.size(), 0);
    std::optional<std::size_t> current;  // the question whose answer the next lines belong to
    for (std::size_t i = 0; i < n; ++i) {
        if (heading_at[i] != kNone) {
            current = heading_at[i];
        }
        if (used[i] || norm[i].empty()) {
            continue;
        }
        const auto& line = page.lines[i];
        if (parse_fields(line.text, field_labels, row.fields)) {
            continue;
        }
        if (!current) {
            continue;  // title, instructions
        }
        auto& answer = row.answers[*current];
        append_line(answer.text, strip_stray_marks(trim_ascii_whitespace(line.text)));
        line_sum[*current] += static_cast<double>(line.confidence);
        ++line_count[*current];
    }

    double total = 0;
    std::size_t lines = 0;
    for (std::size_t q = 0; q < headings.size(); ++q) {
        if (!found[q]) {
            row.problems.push_back("heading of question " + std::to_string(q + 1) + " not found");
        }
        if (line_count[q] > 0) {
            row.answers[q].confidence = static_cast<float>(line_sum[q] / static_cast<double>(line_count[q]));
        }
        total += line_sum[q];
        lines += line_count[q];
    }
    row.confidence = lines == 0 ? 0.F : static_cast<float>(total / static_cast<double>(lines));
    if (lines == 0) {
        row.problems.emplace_back("no answer text found");
    } else if (row.confidence < check_below) {
        row.problems.emplace_back("OCR confidence below the check threshold");
    }
    row.needs_check = !row.problems.empty();
    return row;
}

}  // namespace borough::actions::survey
