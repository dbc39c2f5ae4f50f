#include "actions/survey_analysis/survey_report.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "actions/survey_analysis/llm_coding.h"
#include "actions/survey_analysis/svg_chart.h"

namespace borough::actions::survey {
namespace {

constexpr const char* kPositive = "#00703c";
constexpr const char* kNegative = "#d4351c";
constexpr const char* kMixed = "#f47738";
constexpr const char* kNeutral = "#b1b4b6";
// Excel's sheet limit is 1,048,576 rows; keep a margin for the header.
constexpr std::size_t kRowsPerCodingSheet = 1'000'000;

double share(std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

std::string pct(std::size_t part, std::size_t whole) { return fmt::format("{:.0f}%", share(part, whole)); }

Json sentiment_json(const SentimentCounts& s) {
    return Json{{"positive", s.positive}, {"negative", s.negative}, {"neutral", s.neutral}, {"mixed", s.mixed}};
}

const std::string& row_id(const SurveyResult& r, std::size_t a) { return r.respondents[r.answers[a].respondent].id; }

// "Repairs › Damp and mould" for a sub-theme, the label alone otherwise.
std::string display_label(const QuestionResult& q, const ThemeSummary& t) {
    return t.parent ? q.themes[*t.parent].label + " › " + t.label : t.label;
}

// Sentiment of a question's answers per segment value, for every segment column, ordered by column
// then value. SegmentValues numbers each column's values once, so the per-answer work is an index.
struct SegmentSentiment {
    std::string_view column;
    std::string_view value;
    SentimentCounts sentiment;
};
class SegmentValues {
public:
    // One pass over the answers counts every question (and "ALL") at once.
    explicit SegmentValues(const SurveyResult& r) : columns_(r.segment_columns.size()), counts_(r.questions.size()) {
        const std::size_t n = r.respondents.size();
        for (std::size_t s = 0; s < columns_.size(); ++s) {
            auto& col = columns_[s];
            col.of_respondent.resize(n);
            std::unordered_map<std::string_view, std::uint32_t> ids;
            for (std::size_t p = 0; p < n; ++p) {
                const std::string_view v = r.respondents[p].segments[s];
                const auto [it, added] = ids.try_emplace(v, static_cast<std::uint32_t>(col.values.size()));
                if (added) col.values.push_back(v);
                col.of_respondent[p] = it->second;
            }
            // Values in byte order, as a std::map keyed by the value would list them.
            col.sorted.resize(col.values.size());
            for (std::uint32_t i = 0; i < col.sorted.size(); ++i) col.sorted[i] = i;
            std::sort(col.sorted.begin(), col.sorted.end(),
                      [&col](std::uint32_t x, std::uint32_t y) { return col.values[x] < col.values[y]; });
        }
        // counted_in[i]: the results (by index) that count answers to question i.
        std::vector<std::vector<std::size_t>> counted_in(r.questions.size());
        for (std::size_t k = 0; k < r.questions.size(); ++k) {
            auto& per_column = counts_[k];
            per_column.resize(columns_.size());
            for (std::size_t s = 0; s < columns_.size(); ++s) per_column[s].resize(columns_[s].values.size());
            for (std::size_t i = 0; i < r.questions.size(); ++i) {
                if (r.questions[k].id == "ALL" || r.questions[i].id == r.questions[k].id) counted_in[i].push_back(k);
            }
        }
        for (const auto& ans : r.answers) {
            if (ans.state != AnswerState::Answered) continue;
            for (const std::size_t k : counted_in[ans.question]) {
                for (std::size_t s = 0; s < columns_.size(); ++s) {
                    auto& cell = counts_[k][s][columns_[s].of_respondent[ans.respondent]];
                    cell.sentiment.add(ans.sentiment.label);
                    cell.seen = true;
                }
            }
        }
    }

    // For r.questions[k], ordered by column then value; only values with an answered answer.
    [[nodiscard]] std::vector<SegmentSentiment> sentiment(const SurveyResult& r, std::size_t k) const {
        std::vector<SegmentSentiment> out;
        for (std::size_t s = 0; s < columns_.size(); ++s) {
            for (const std::uint32_t v : columns_[s].sorted) {
                const auto& cell = counts_[k][s][v];
                if (cell.seen) out.push_back({r.segment_columns[s], columns_[s].values[v], cell.sentiment});
            }
        }
        return out;
    }

private:
    struct Column {
        std::vector<std::string_view> values;      // distinct, in order of first appearance
        std::vector<std::uint32_t> sorted;         // value ids in byte order of the value
        std::vector<std::uint32_t> of_respondent;  // value id per respondent
    };
    struct Cell {
        SentimentCounts sentiment;
        bool seen = false;
    };
    std::vector<Column> columns_;
    std::vector<std::vector<std::vector<Cell>>> counts_;  // [question result][column][value id]
};

std::string md_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '|' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' || c == '>') out += '\\';
        out += c == '\n' || c == '\r' ? ' ' : c;
    }
    return out;
}

// Text a coding row joins from several values; kept between rows so its capacity is reused.
struct CodingRowText {
    std::string themes, ids, pii, safeguarding;
};

// The Coding sheet's row for answer `a`; the cells view `r` and `text`.
void coding_row(const SurveyResult& r, std::size_t a, CodingRowText& text, std::vector<io::XlsxCellView>& cells) {
    const auto& ans = r.answers[a];
    const auto& p = r.respondents[ans.respondent];
    const auto& q = r.questions[ans.question];
    const auto join = [](std::string& out, std::string_view separator, const auto& items, const auto& item_text) {
        out.clear();
        for (const auto& item : items) {
            if (!out.empty()) out += separator;
            out += item_text(item);
        }
    };
    join(text.themes, "; ", ans.themes, [&q](std::size_t t) -> const std::string& { return q.themes[t].label; });
    join(text.ids, "; ", ans.themes, [&q](std::size_t t) -> const std::string& { return q.themes[t].id; });
    join(text.pii, ", ", ans.pii_kinds, [](const std::string& k) -> const std::string& { return k; });
    join(text.safeguarding, ", ", ans.safeguarding, [](const std::string& k) -> const std::string& { return k; });
    const bool answered = ans.state == AnswerState::Answered;
    cells.clear();
    cells.emplace_back(p.id);
    cells.emplace_back(static_cast<double>(p.line));
    cells.emplace_back(q.id);
    cells.emplace_back(answer_text(r, a));
    cells.emplace_back(to_string(ans.state));
    cells.emplace_back(ans.language);
    cells.emplace_back(answered ? nlp::to_string(ans.sentiment.label) : std::string_view());
    cells.push_back(answered ? io::XlsxCellView(std::round(ans.sentiment.compound * 1000) / 1000)
                             : io::XlsxCellView(std::string_view()));
    cells.emplace_back(text.themes);
    cells.emplace_back(text.ids);
    cells.emplace_back(text.pii);
    cells.emplace_back(text.safeguarding);
    for (const auto& s : p.segments) cells.emplace_back(s);
    for (int i = 0; i < 3; ++i) cells.emplace_back(std::string_view());
}

std::string flag_title(std::string_view kind) {
    if (kind == "safeguarding") return "Possible safeguarding concern";
    if (kind == "personal_data") return "Personal data";
    if (kind == "non_english") return "Not in English";
    if (kind == "low_ocr_confidence") return "Low OCR confidence";
    return std::string(kind);
}

}  // namespace

std::string_view to_string(AnswerState state) {
    switch (state) {
        case AnswerState::Answered: return "answered";
        case AnswerState::NonAnswer: return "non-answer";
        case AnswerState::NonEnglish: return "not English";
        case AnswerState::DuplicateSubmission: return "duplicate submission";
        case AnswerState::Missing: return "blank";
    }
    return "unknown";
}

Json survey_to_json(const SurveyResult& r) {
    Json j = Json::object();
    j["method"] = r.method;
    j["draft"] = true;
    Json skipped = Json::array();
    for (const auto& s : r.skipped_rows) skipped.push_back({{"line", s.line}, {"reason", s.reason}});
    j["source"] = {{"name", r.source},
                   {"encoding", r.encoding},
                   {"rows", r.respondents.size()},
                   {"skipped_rows", std::move(skipped)}};
    j["columns"] = {{"questions", r.question_columns},
                    {"id", r.roles.id ? Json(r.table->header[*r.roles.id]) : Json(nullptr)},
                    {"segments", r.segment_columns},
                    {"detected", r.roles.detected},
                    {"notes", r.roles.notes}};
    j["respondents"] = r.respondents.size() - r.duplicate_submissions;
    Json dups = Json::array();
    for (const auto& p : r.respondents) {
        if (p.duplicate_of) {
            dups.push_back({{"row", p.id}, {"line", p.line}, {"duplicate_of", r.respondents[*p.duplicate_of].id}});
        }
    }
    j["duplicate_submissions"] = std::move(dups);

    const SegmentValues segment_values(r);
    Json questions = Json::array();
    for (const auto& q : r.questions) {
        Json jq{{"id", q.id},
                {"column", q.column},
                {"answered", q.answered},
                {"non_answers", q.non_answers},
                {"blank", q.missing},
                {"non_english", q.non_english},
                {"long_answers", q.long_answers},
                {"unthemed", q.unthemed},
                {"sentiment", sentiment_json(q.sentiment)},
                {"themes_chosen", q.chosen_k},
                {"theme_method", q.theme_method},
                {"stability", q.stability < 0 ? Json(nullptr) : Json(std::round(q.stability * 1000) / 1000)}};
        Json themes = Json::array();
        for (const auto& t : q.themes) {
            Json::array_t row_ids;  // the largest part of the JSON: built in place, one allocation
            row_ids.reserve(t.answers.size());
            for (std::size_t a : t.answers) row_ids.emplace_back(row_id(r, a));
            Json rows(std::move(row_ids));
            Json directions = Json::array();
            for (const auto& [phrase, n] : t.directions) directions.push_back({{"phrase", phrase}, {"answers", n}});
            Json segments = Json::array();
            for (const auto& s : t.segments) {
                segments.push_back({{"column", s.column},
                                    {"value", s.value},
                                    {"answers", s.members},
                                    {"answered", s.answered},
                                    {"percent", std::round(share(s.members, s.answered) * 10) / 10}});
            }
            Json jt{{"id", t.id},
                    {"parent", t.parent ? Json(q.themes[*t.parent].id) : Json(nullptr)},
                    {"label", t.label},
                    {"description", t.description},
                    {"key_phrases", t.key_phrases},
                    {"count", t.answers.size()},
                    {"percent", std::round(share(t.answers.size(), q.answered) * 10) / 10},
                    {"rows", std::move(rows)},
                    {"sentiment", sentiment_json(t.sentiment)},
                    {"directions", std::move(directions)},
                    {"stability", t.stability < 0 ? Json(nullptr) : Json(std::round(t.stability * 1000) / 1000)},
                    {"from_codebook", t.from_codebook},
                    {"segments", std::move(segments)}};
            if (!t.answers.empty()) {
                jt["quote"] = {{"row", row_id(r, t.representative)}, {"text", redacted_quote(r, t.representative)}};
            }
            themes.push_back(std::move(jt));
        }
        jq["themes"] = std::move(themes);
        Json segs = Json::array();
        for (const auto& s : segment_values.sentiment(r, static_cast<std::size_t>(&q - r.questions.data()))) {
            segs.push_back({{"column", std::string(s.column)},
                            {"value", std::string(s.value)},
                            {"answered", s.sentiment.total()},
                            {"sentiment", sentiment_json(s.sentiment)}});
        }
        jq["segments"] = std::move(segs);
        questions.push_back(std::move(jq));
    }
    j["questions"] = std::move(questions);

    Json flags = Json::array();
    for (const auto& f : r.flags) {
        const auto& ans = r.answers[f.answer];
        const auto& p = r.respondents[ans.respondent];
        flags.push_back({{"kind", f.kind},
                         {"detail", f.detail},
                         {"row", p.id},
                         {"line", p.line},
                         {"question", r.questions[ans.question].id},
                         {"text", f.kind == "low_ocr_confidence" ? std::string() : redacted_quote(r, f.answer, 600)}});
    }
    j["flags"] = std::move(flags);
    j["narrative"] = r.narrative;
    if (r.model_rows_coded + r.model_rows_resumed > 0) {
        j["model_rows"] = {{"coded", r.model_rows_coded}, {"resumed", r.model_rows_resumed}};
    }
    j["warnings"] = r.warnings;
    Json timings = Json::object();
    for (const auto& [stage, ms] : r.timings_ms) timings[stage] = std::round(ms * 10) / 10;
    j["timings_ms"] = std::move(timings);
    return j;
}

std::string render_survey_markdown(const SurveyResult& r) {
    std::string md = "# Survey analysis: " + md_escape(r.source) + "\n\n";
    md += fmt::format("_Draft for review. Method: {}. {} respondents, {} question{}._\n\n", r.method,
                      r.respondents.size() - r.duplicate_submissions, r.question_columns.size(),
                      r.question_columns.size() == 1 ? "" : "s");
    md += "## Summary\n\n" + r.narrative + "\n\n";
    for (const auto& q : r.questions) {
        md += fmt::format("## {} — {}\n\n", q.id, md_escape(q.column));
        md += fmt::format("{} answered, {} non-answers, {} blank, {} not in English. Sentiment: {} positive, {} "
                          "negative, {} mixed, {} neutral.\n\n",
                          q.answered, q.non_answers, q.missing, q.non_english, pct(q.sentiment.positive, q.answered),
                          pct(q.sentiment.negative, q.answered), pct(q.sentiment.mixed, q.answered),
                          pct(q.sentiment.neutral, q.answered));
        md += "| Theme | Answers | % | Positive | Negative | Example (redacted) |\n|---|---:|---:|---:|---:|---|\n";
        for (const auto& t : q.themes) {
            if (t.answers.empty()) continue;
            md += fmt::format("| {}{} | {} | {:.0f}% | {} | {} | \"{}\" ({}) |\n", md_escape(display_label(q, t)),
                              t.from_codebook ? " (codebook)" : "", t.answers.size(),
                              share(t.answers.size(), q.answered), t.sentiment.positive, t.sentiment.negative,
                              md_escape(redacted_quote(r, t.representative, 160)), md_escape(row_id(r, t.representative)));
        }
        for (const auto& t : q.themes) {
            if (t.directions.size() >= 2) {
                md += fmt::format("\n_{}: views differ —", md_escape(display_label(q, t)));
                for (const auto& [phrase, n] : t.directions) md += fmt::format(" \"{}\" ({})", md_escape(phrase), n);
                md += "._\n";
            }
        }
        md += q.unthemed > 0 ? fmt::format("\n{} answers matched no theme.\n\n", q.unthemed) : "\n";
    }
    std::map<std::string, std::size_t> flag_counts;
    for (const auto& f : r.flags) flag_counts[f.kind]++;
    if (!flag_counts.empty()) {
        md += "## For a person to check\n\n";
        for (const auto& [kind, n] : flag_counts) md += fmt::format("- {}: {} answer(s)\n", flag_title(kind), n);
        md += "\nEach is listed with its row in the HTML report, the JSON and the XLSX coding sheet.\n\n";
    }
    if (!r.skipped_rows.empty()) {
        md += "## Rows that could not be read\n\n";
        for (const auto& s : r.skipped_rows) md += fmt::format("- line {}: {}\n", s.line, md_escape(s.reason));
        md += "\n";
    }
    for (const auto& w : r.warnings) md += "> Warning: " + md_escape(w) + "\n";
    return md;
}

std::string render_survey_html(const SurveyResult& r) {
    const std::vector<Series> sentiment_series{
        {"Positive", kPositive}, {"Mixed", kMixed}, {"Neutral", kNeutral}, {"Negative", kNegative}};
    auto sentiment_values = [](const SentimentCounts& s) {
        return std::vector<double>{static_cast<double>(s.positive), static_cast<double>(s.mixed),
                                   static_cast<double>(s.neutral), static_cast<double>(s.negative)};
    };
    std::string h = R"(<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Survey analysis: )" + escape_xml(r.source) +
                    R"(</title>
<style>
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;margin:0;line-height:1.4}
header{background:#0b0c0c;color:#fff;padding:12px 24px}
main{max-width:960px;margin:0 auto;padding:16px 24px}
.draft{border-left:10px solid #d4351c;padding:8px 16px;background:#fef7f7;font-weight:bold}
h2{margin-top:40px;border-bottom:1px solid #b1b4b6}
table{border-collapse:collapse;width:100%;margin:12px 0}
th,td{border-bottom:1px solid #b1b4b6;padding:6px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.chart{max-width:100%;height:auto}
.chart .bar{fill:#1d70b8}.chart .label,.chart .value,.chart .legend{font-size:13px;fill:#0b0c0c}
.hint{color:#505a5f}
.tag{display:inline-block;padding:2px 6px;font-size:13px;font-weight:bold;background:#f3f2f1}
.tag.safeguarding{background:#d4351c;color:#fff}
@media print{header{background:#fff;color:#000}}
</style></head><body>
<header><strong>borough</strong> — survey analysis</header><main>
<p class="draft">DRAFT prepared with AI assistance — check before use. Method: )" +
                    escape_xml(r.method) + R"(.</p>
<h1>Survey analysis: )" + escape_xml(r.source) +
                    "</h1>\n";
    h += fmt::format("<p>{} respondents · {} question{} · {} flagged for a person to check</p>\n",
                     r.respondents.size() - r.duplicate_submissions, r.question_columns.size(),
                     r.question_columns.size() == 1 ? "" : "s", r.flags.size());
    h += "<h2>Summary</h2>\n";
    std::size_t para_start = 0;
    while (para_start < r.narrative.size()) {
        std::size_t end = r.narrative.find("\n\n", para_start);
        if (end == std::string::npos) end = r.narrative.size();
        const std::string para = r.narrative.substr(para_start, end - para_start);
        if (!para.empty()) h += "<p>" + escape_xml(para) + "</p>\n";
        para_start = end + 2;
    }
    const SegmentValues segment_values(r);
    for (const auto& q : r.questions) {
        h += fmt::format("<h2 id=\"{}\">{} — {}</h2>\n", escape_xml(q.id), escape_xml(q.id), escape_xml(q.column));
        h += fmt::format("<p>{} answered · {} non-answers · {} blank · {} not in English{}</p>\n", q.answered,
                         q.non_answers, q.missing, q.non_english,
                         q.stability >= 0 ? fmt::format(" · theme stability across seeds {:.2f}", q.stability) : "");
        std::vector<Bar> bars;
        std::vector<StackedRow> by_theme;
        for (const auto& t : q.themes) {
            if (t.answers.empty() || t.parent) continue;  // charts show top-level themes; the table has all
            bars.push_back({t.label, static_cast<double>(t.answers.size()),
                            fmt::format("({:.0f}%)", share(t.answers.size(), q.answered))});
            by_theme.push_back({t.label, sentiment_values(t.sentiment)});
        }
        h += "<h3>Themes by number of answers</h3>\n" +
             horizontal_bar_chart(fmt::format("Themes in answers to {}", q.column), bars) + "\n";
        by_theme.insert(by_theme.begin(), StackedRow{"All answers", sentiment_values(q.sentiment)});
        h += "<h3>Sentiment by theme</h3>\n" +
             stacked_bar_chart(fmt::format("Sentiment by theme for {}", q.column), sentiment_series, by_theme) + "\n";
        const auto segs = segment_values.sentiment(r, static_cast<std::size_t>(&q - r.questions.data()));
        for (const auto& column : r.segment_columns) {
            std::vector<StackedRow> rows;
            for (const auto& s : segs) {
                if (s.column == column) rows.push_back({std::string(s.value), sentiment_values(s.sentiment)});
            }
            if (rows.size() < 2) continue;
            h += fmt::format("<h3>Sentiment by {}</h3>\n", escape_xml(column)) +
                 stacked_bar_chart(fmt::format("Sentiment by {} for {}", column, q.column), sentiment_series, rows) +
                 "\n";
        }
        h += "<table><caption class=\"hint\">Themes, with a representative answer (personal data redacted)"
             "</caption><thead><tr><th>Theme</th><th>Answers</th><th>Positive</th><th>Negative</th>"
             "<th>Example</th></tr></thead><tbody>\n";
        for (const auto& t : q.themes) {
            if (t.answers.empty()) continue;
            std::string views;
            if (t.directions.size() >= 2) {
                views = "<br><span class=\"hint\">Views differ:";
                for (const auto& [phrase, n] : t.directions) views += fmt::format(" “{}” ({})", escape_xml(phrase), n);
                views += "</span>";
            }
            h += fmt::format(
                "<tr><td><strong>{}</strong>{}<br><span class=\"hint\">{}</span>{}</td><td class=\"n\">{} ({:.0f}%)"
                "</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>“{}” <span class=\"hint\">({})</span></td>"
                "</tr>\n",
                escape_xml(display_label(q, t)), t.from_codebook ? " <span class=\"tag\">codebook</span>" : "",
                escape_xml(t.description), views, t.answers.size(), share(t.answers.size(), q.answered),
                t.sentiment.positive, t.sentiment.negative, escape_xml(redacted_quote(r, t.representative, 240)),
                escape_xml(row_id(r, t.representative)));
        }
        h += "</tbody></table>\n";
    }
    if (!r.flags.empty()) {
        h += "<h2 id=\"flags\">For a person to check</h2>\n<table><thead><tr><th>Flag</th><th>Row</th>"
             "<th>Question</th><th>Answer (personal data redacted)</th></tr></thead><tbody>\n";
        for (const auto& f : r.flags) {
            const auto& ans = r.answers[f.answer];
            h += fmt::format("<tr><td><span class=\"tag {}\">{}</span> {}</td><td>{} (line {})</td><td>{}</td>"
                             "<td>{}</td></tr>\n",
                             escape_xml(f.kind), escape_xml(flag_title(f.kind)), escape_xml(f.detail),
                             escape_xml(r.respondents[ans.respondent].id), r.respondents[ans.respondent].line,
                             escape_xml(r.questions[ans.question].id),
                             f.kind == "low_ocr_confidence" ? "" : escape_xml(redacted_quote(r, f.answer, 400)));
        }
        h += "</tbody></table>\n";
    }
    h += "<h2>About this analysis</h2>\n<ul>\n";
    h += fmt::format("<li>Source: {} ({}), {} rows read", escape_xml(r.source), escape_xml(r.encoding),
                     r.respondents.size());
    if (!r.skipped_rows.empty()) {
        h += fmt::format(", {} malformed rows skipped:", r.skipped_rows.size());
        for (const auto& s : r.skipped_rows) h += fmt::format(" line {} ({});", s.line, escape_xml(s.reason));
    }
    h += "</li>\n";
    for (const auto& note : r.roles.notes) h += "<li>" + escape_xml(note) + "</li>\n";
    if (!r.questions.empty() && !r.questions.front().theme_method.empty()) {
        h += "<li>Themes: " + escape_xml(r.questions.front().theme_method) + "</li>\n";
    }
    h += "<li>Sentiment: a lexicon method (VADER rules with British spelling and council vocabulary)"
         " unless the method above names a model.</li>\n";
    for (const auto& w : r.warnings) h += "<li>Warning: " + escape_xml(w) + "</li>\n";
    h += "</ul>\n</main></body></html>\n";
    return h;
}

std::vector<io::XlsxSheet> survey_sheets(const SurveyResult& r) {
    std::vector<io::XlsxSheet> sheets;
    // ---- Coding: one row per answer
    std::vector<std::string> header{"Respondent",    "Line",          "Question",      "Answer",
                                    "Status",        "Language",      "Sentiment",     "Score",
                                    "Themes",        "Theme ids",     "Personal data", "Safeguarding"};
    for (const auto& s : r.segment_columns) header.push_back(s);
    for (const char* h : {"Checked sentiment", "Checked themes", "Reviewer note"}) header.emplace_back(h);
    // The rows are made on demand from `r` (a million answers would otherwise be ~18 million cells).
    auto coded = std::make_shared<std::vector<std::size_t>>();
    for (std::size_t a = 0; a < r.answers.size(); ++a) {
        if (r.answers[a].state != AnswerState::Missing) coded->push_back(a);
    }
    for (std::size_t first = 0; first < coded->size() || sheets.empty(); first += kRowsPerCodingSheet) {
        io::XlsxSheet sheet;
        sheet.name = sheets.empty() ? "Coding" : fmt::format("Coding ({})", sheets.size() + 1);
        sheet.header = header;
        sheet.column_widths = {12, 6, 8, 60, 12, 9, 10, 7, 40, 14, 14, 14};
        sheet.generated_rows.count = std::min(kRowsPerCodingSheet, coded->size() - first);
        sheet.generated_rows.columns = header.size();
        sheet.generated_rows.row = [&r, coded, first, scratch = CodingRowText{}](
                                       std::size_t i, std::vector<io::XlsxCellView>& cells) mutable {
            coding_row(r, (*coded)[first + i], scratch, cells);
        };
        sheets.push_back(std::move(sheet));
    }

    // ---- Themes
    io::XlsxSheet themes;
    themes.name = "Themes";
    themes.header = {"Question", "Theme id", "Theme", "Description", "Answers", "% of answered", "Positive",
                     "Negative", "Mixed", "Neutral", "Stability", "Codebook", "Example (redacted)", "Example row"};
    themes.column_widths = {8, 10, 32, 50, 9, 9, 9, 9, 9, 9, 9, 9, 60, 12};
    for (const auto& q : r.questions) {
        for (const auto& t : q.themes) {
            themes.rows.push_back(
                {{q.id},
                 {t.id},
                 {display_label(q, t)},
                 {t.description},
                 {static_cast<double>(t.answers.size())},
                 {std::round(share(t.answers.size(), q.answered) * 10) / 10},
                 {static_cast<double>(t.sentiment.positive)},
                 {static_cast<double>(t.sentiment.negative)},
                 {static_cast<double>(t.sentiment.mixed)},
                 {static_cast<double>(t.sentiment.neutral)},
                 {t.stability < 0 ? io::XlsxCell{std::string()} : io::XlsxCell{std::round(t.stability * 100) / 100}},
                 {std::string(t.from_codebook ? "yes" : "")},
                 {t.answers.empty() ? std::string() : redacted_quote(r, t.representative)},
                 {t.answers.empty() ? std::string() : row_id(r, t.representative)}});
        }
    }
    sheets.push_back(std::move(themes));

    // ---- Segments: theme share per segment value
    io::XlsxSheet segments;
    segments.name = "Segments";
    segments.header = {"Question", "Theme id", "Theme", "Segment", "Value", "Answers in theme", "Answered",
                       "% of answered"};
    segments.column_widths = {8, 10, 32, 16, 20, 9, 9, 9};
    for (const auto& q : r.questions) {
        for (const auto& t : q.themes) {
            for (const auto& s : t.segments) {
                segments.rows.push_back({{q.id},
                                         {t.id},
                                         {display_label(q, t)},
                                         {s.column},
                                         {s.value},
                                         {static_cast<double>(s.members)},
                                         {static_cast<double>(s.answered)},
                                         {std::round(share(s.members, s.answered) * 10) / 10}});
            }
        }
    }
    sheets.push_back(std::move(segments));

    // ---- Flags
    io::XlsxSheet flags;
    flags.name = "Flags";
    flags.header = {"Flag", "Detail", "Respondent", "Line", "Question", "Answer"};
    flags.column_widths = {26, 20, 12, 6, 8, 80};
    for (const auto& f : r.flags) {
        const auto& ans = r.answers[f.answer];
        const auto& p = r.respondents[ans.respondent];
        flags.rows.push_back({{flag_title(f.kind)},
                              {f.detail},
                              {p.id},
                              {static_cast<double>(p.line)},
                              {r.questions[ans.question].id},
                              {std::string(answer_text(r, f.answer))}});
    }
    sheets.push_back(std::move(flags));

    // ---- About
    io::XlsxSheet about;
    about.name = "About";
    about.header = {"Item", "Value"};
    about.column_widths = {24, 100};
    about.rows.push_back({{std::string("Status")}, {std::string("DRAFT prepared with AI assistance — check before use")}});
    about.rows.push_back({{std::string("Source")}, {r.source}});
    about.rows.push_back({{std::string("Method")}, {r.method}});
    about.rows.push_back({{std::string("Respondents")},
                          {static_cast<double>(r.respondents.size() - r.duplicate_submissions)}});
    about.rows.push_back({{std::string("Duplicate submissions")}, {static_cast<double>(r.duplicate_submissions)}});
    for (const auto& s : r.skipped_rows) {
        about.rows.push_back({{fmt::format("Skipped line {}", s.line)}, {s.reason}});
    }
    sheets.push_back(std::move(about));
    return sheets;
}

}  // namespace borough::actions::survey
