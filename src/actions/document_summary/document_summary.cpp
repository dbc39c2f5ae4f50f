#include "actions/document_summary/document_summary.h"

#include <algorithm>
#include <cstdint>

#include "nlp/textrank.h"

namespace borough::actions::document_summary {

std::size_t points_for_length(std::string_view length) {
    if (length == "short") return 3;
    if (length == "long") return 8;
    return 5;
}

std::size_t word_budget(const Json& params) {
    const auto it = params.find("words");
    if (it == params.end() || !it->is_number_integer() || it->get<std::int64_t>() <= 0) return 0;
    return static_cast<std::size_t>(it->get<std::int64_t>());
}

std::size_t points_for_words(std::size_t words) { return std::clamp<std::size_t>(words / 25, 3, 20); }

namespace {

// The first Markdown heading of the document, if the text opens with one.
std::string leading_title(std::string_view text) {
    std::size_t i = text.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos || text[i] != '#') return {};
    std::size_t end = text.find('\n', i);
    std::string_view line = text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    line.remove_prefix(std::min(line.find_first_not_of('#'), line.size()));
    std::size_t b = line.find_first_not_of(' ');
    std::size_t e = line.find_last_not_of(" \r\t");
    if (b == std::string_view::npos) return {};
    return std::string(line.substr(b, e - b + 1));
}

constexpr std::size_t kSummarySentences = 3;

// True when the sentence starting at `begin` is a Markdown heading line ("## Performance").
bool is_heading(std::string_view text, std::size_t begin) {
    std::size_t line = text.rfind('\n', begin == 0 ? 0 : begin - 1);
    line = (line == std::string_view::npos || begin == 0) ? 0 : line + 1;
    std::size_t i = text.find_first_not_of(" \t", line);
    return i != std::string_view::npos && i <= begin && text[i] == '#';
}

}  // namespace

Result<Json> summarise_extractive(const SourceText& source, const Json& params, ActionContext& ctx) {
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "action cancelled");
    std::string length = "medium";
    if (auto it = params.find("length"); it != params.end() && it->is_string()) length = it->get<std::string>();

    // Headings are labels, not statements: rank only body sentences (all of them if that leaves none).
    std::vector<nlp::Sentence> body;
    std::vector<std::size_t> index;  // body position -> source sentence index
    for (std::size_t i = 0; i < source.sentences.size(); ++i) {
        if (is_heading(source.text, source.sentences[i].begin)) continue;
        body.push_back(source.sentences[i]);
        index.push_back(i);
    }
    if (body.empty()) {
        body = source.sentences;
        index.resize(body.size());
        for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
    }

    nlp::TextRankOptions options;
    options.max_sentences = points_for_length(length);
    if (const std::size_t words = word_budget(params); words > 0) {
        options.max_sentences = body.size();
        options.max_words = words;
    }
    std::vector<std::size_t> chosen = nlp::select_summary(body, options);
    if (chosen.empty()) {
        // Every sentence is too short for TextRank (a list of fragments): take them in order.
        for (std::size_t i = 0; i < body.size() && i < options.max_sentences; ++i) chosen.push_back(i);
    }
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "action cancelled");
    std::vector<nlp::ScoredSentence> scores = nlp::rank_sentences(body, options);

    Json result = Json::object();
    if (std::string title = leading_title(source.text); !title.empty()) result["title"] = title;

    // The summary: the highest-scoring key points, in document order.
    std::vector<std::size_t> top = chosen;
    std::stable_sort(top.begin(), top.end(), [&](std::size_t a, std::size_t b) {
        double sa = a < scores.size() ? scores[a].score : 0;
        double sb = b < scores.size() ? scores[b].score : 0;
        return sa > sb;
    });
    top.resize(std::min(top.size(), kSummarySentences));
    std::sort(top.begin(), top.end());
    std::string summary;
    for (std::size_t i : top) {
        if (!summary.empty()) summary += ' ';
        summary += body[i].text;
    }
    result["summary"] = summary;

    Json points = Json::array();
    for (std::size_t i : chosen) {
        const auto& s = body[i];
        points.push_back(
            Json{{"text", s.text},
                 {"citations", Json::array({Json{{"sentence", index[i] + 1}, {"begin", s.begin}, {"end", s.end}}})}});
    }
    result["key_points"] = std::move(points);
    result["method"] = "extractive";
    return result;
}

}  // namespace borough::actions::document_summary
