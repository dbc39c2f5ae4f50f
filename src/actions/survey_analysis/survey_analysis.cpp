#include "actions/survey_analysis/survey_analysis.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <span>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "actions/survey_analysis/llm_coding.h"
#include "core/parallel.h"
#include "core/strings.h"
#include "nlp/answer_checks.h"
#include "nlp/language.h"
#include "nlp/pii.h"
#include "nlp/safeguarding.h"
#include "nlp/themes.h"

namespace borough::actions::survey {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// A language guess counts as "not English" only when it is confident and names another language;
// "und" (too short to tell) is treated as English, as the detector's contract says.
bool is_non_english(const nlp::LanguageGuess& g) {
    return g.code != "en" && g.code != "und" && g.confidence >= 0.5;
}

std::string theme_description(const ThemeSummary& t) {
    if (t.key_phrases.empty()) return {};
    std::string d = "Answers mentioning ";
    for (std::size_t i = 0; i < t.key_phrases.size() && i < 5; ++i) {
        if (i > 0) d += i + 1 == std::min<std::size_t>(t.key_phrases.size(), 5) ? " or " : ", ";
        d += "\"" + t.key_phrases[i] + "\"";
    }
    return d + ".";
}

// Segment breakdown of one theme: members and answered counts per (segment column, value).
// Segment values of one question's answers as small integers, counted once per question so that each
// theme's breakdown is a pass over its own members only.
struct SegmentIndex {
    std::vector<std::vector<std::string>> values;       // per segment column: distinct values, sorted
    std::vector<std::vector<std::uint32_t>> value_of;   // per segment column, per answer index: value id
    std::vector<std::vector<std::size_t>> answered;     // per segment column, per value: answered count
};

SegmentIndex index_segments(const SurveyResult& r, const std::vector<std::size_t>& question_answers) {
    SegmentIndex ix;
    const std::size_t columns = r.segment_columns.size();
    ix.values.resize(columns);
    ix.value_of.resize(columns);
    ix.answered.resize(columns);
    for (std::size_t s = 0; s < columns; ++s) {
        std::map<std::string_view, std::uint32_t> ids;
        for (std::size_t a : question_answers) ids.emplace(r.respondents[r.answers[a].respondent].segments[s], 0);
        std::uint32_t next = 0;
        for (auto& [value, id] : ids) {
            id = next++;
            ix.values[s].emplace_back(value);
        }
        ix.value_of[s].assign(r.answers.size(), 0);
        ix.answered[s].assign(ids.size(), 0);
        for (std::size_t a : question_answers) {
            const std::uint32_t id = ids.at(r.respondents[r.answers[a].respondent].segments[s]);
            ix.value_of[s][a] = id;
            ++ix.answered[s][id];
        }
    }
    return ix;
}

// Per segment column and value (sorted by value): the theme's members and the question's answered.
void add_segment_shares(const SurveyResult& r, const SegmentIndex& ix, ThemeSummary& theme) {
    for (std::size_t s = 0; s < r.segment_columns.size(); ++s) {
        std::vector<std::size_t> members(ix.values[s].size(), 0);
        for (std::size_t a : theme.answers) ++members[ix.value_of[s][a]];
        for (std::size_t v = 0; v < members.size(); ++v) {
            theme.segments.push_back({r.segment_columns[s], ix.values[s][v], members[v], ix.answered[s][v]});
        }
    }
}

// Themes for one question (or all questions together): codebook first, then discovery on the rest.
Status theme_question(SurveyResult& r, QuestionResult& q, const std::vector<std::size_t>& answered,
                      const SurveyOptions& options, ActionContext& ctx) {
    std::vector<std::string_view> texts;
    texts.reserve(answered.size());
    for (std::size_t a : answered) texts.push_back(answer_text(r, a));

    std::vector<char> coded(answered.size(), 0);
    if (!options.codebook.empty()) {
        BOROUGH_TRY(auto assignment, nlp::assign_to_codebook(texts, options.codebook, {}, ctx.stop));
        for (std::size_t c = 0; c < options.codebook.size(); ++c) {
            ThemeSummary t;
            t.id = fmt::format("{}.C{}", q.id, c + 1);
            t.label = options.codebook[c].name;
            t.description = options.codebook[c].description;
            t.key_phrases = options.codebook[c].keywords;
            t.from_codebook = true;
            q.themes.push_back(std::move(t));
        }
        for (std::size_t i = 0; i < answered.size(); ++i) {
            for (std::size_t c : assignment.answer_entries[i]) {
                q.themes[c].answers.push_back(answered[i]);
                coded[i] = 1;
            }
        }
    }

    std::vector<std::size_t> rest;
    std::vector<std::string_view> rest_texts;
    for (std::size_t i = 0; i < answered.size(); ++i) {
        if (coded[i] == 0) {
            rest.push_back(answered[i]);
            rest_texts.push_back(texts[i]);
        }
    }
    nlp::ThemeOptions topts;
    topts.seed = options.seed;
    topts.threads = options.threads;
    BOROUGH_TRY(auto finder, nlp::ThemeFinder::create(topts));
    // Stability: the same method with other seeds, compared by member sets. On all answers when they
    // fit the sample (the primary run is then the result), else on the first stability_sample answers.
    nlp::ThemeResult found;
    std::optional<nlp::StabilityReport> stability;
    const bool measure = options.stability_runs > 0 && rest_texts.size() >= 20;
    if (measure && rest_texts.size() <= options.stability_sample) {
        BOROUGH_TRY(stability, finder->theme_stability(rest_texts, options.stability_runs + 1, ctx.stop, &found));
    } else {
        BOROUGH_TRY(found, finder->find(rest_texts, ctx.stop));
        if (measure) {
            BOROUGH_TRY(stability, finder->theme_stability(std::span(rest_texts).first(options.stability_sample),
                                                           options.stability_runs + 1, ctx.stop));
            stability->per_theme.clear();  // a sample's themes are not the result's themes
        }
    }
    q.chosen_k = found.chosen_k;
    q.theme_method = found.method_note;
    const std::size_t first_new = q.themes.size();
    std::vector<std::size_t> children(found.themes.size(), 0);
    for (std::size_t k = 0; k < found.themes.size(); ++k) {
        const auto& ft = found.themes[k];
        ThemeSummary t;
        if (ft.parent) {
            t.parent = first_new + *ft.parent;
            t.id = fmt::format("{}.{}", q.themes[*t.parent].id, ++children[*ft.parent]);
        } else {
            t.id = fmt::format("{}.T{}", q.id, k + 1);
        }
        t.label = ft.label;
        t.key_phrases = ft.key_phrases;
        for (std::size_t m : ft.members) t.answers.push_back(rest[m]);
        t.representative = rest[ft.representative];
        t.directions = ft.directions;
        if (stability && k < stability->per_theme.size()) t.stability = stability->per_theme[k];
        q.themes.push_back(std::move(t));
    }
    if (stability) q.stability = stability->mean_jaccard;

    std::vector<char> themed(r.answers.size(), 0);
    const SegmentIndex segments = index_segments(r, answered);
    for (std::size_t t = 0; t < q.themes.size(); ++t) {
        auto& theme = q.themes[t];
        std::sort(theme.answers.begin(), theme.answers.end());
        for (std::size_t a : theme.answers) {
            theme.sentiment.add(r.answers[a].sentiment.label);
            themed[a] = 1;
            if (q.id != "ALL") r.answers[a].themes.push_back(t);
        }
        if (theme.from_codebook && !theme.answers.empty()) {
            // The member whose length is closest to a readable quote (about 120 characters).
            theme.representative = *std::min_element(theme.answers.begin(), theme.answers.end(),
                                                     [&r](std::size_t x, std::size_t y) {
                                                         auto d = [&r](std::size_t a) {
                                                             return std::abs(static_cast<double>(
                                                                 answer_text(r, a).size()) - 120.0);
                                                         };
                                                         return d(x) < d(y);
                                                     });
        }
        if (theme.description.empty()) theme.description = theme_description(theme);
        add_segment_shares(r, segments, theme);
    }
    for (std::size_t a : answered) q.unthemed += themed[a] == 0 ? 1 : 0;
    return {};
}

std::string percent(std::size_t part, std::size_t whole) {
    if (whole == 0) return "0%";
    return fmt::format("{:.0f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

// The narrative without a model: plain sentences built from the figures, nothing invented.
std::string extractive_narrative(const SurveyResult& r) {
    std::string out;
    std::size_t answered_any = 0;
    for (const auto& q : r.questions) answered_any = std::max(answered_any, q.answered);
    out += fmt::format("{} respondents are included{}. ", r.respondents.size() - r.duplicate_submissions,
                       r.duplicate_submissions > 0
                           ? fmt::format(" ({} duplicate submission{} set aside)", r.duplicate_submissions,
                                         r.duplicate_submissions == 1 ? " was" : "s were")
                           : std::string());
    if (!r.skipped_rows.empty()) {
        out += fmt::format("{} malformed row{} could not be read and {} listed for checking. ",
                           r.skipped_rows.size(), r.skipped_rows.size() == 1 ? "" : "s",
                           r.skipped_rows.size() == 1 ? "is" : "are");
    }
    out += "\n\n";
    for (const auto& q : r.questions) {
        if (q.id == "ALL") continue;
        out += fmt::format("**{}** — {} answered ({} gave no answer).", q.column, q.answered,
                           q.non_answers + q.missing);
        std::vector<const ThemeSummary*> top;
        for (const auto& t : q.themes) {
            if (!t.answers.empty() && !t.parent) top.push_back(&t);
        }
        std::stable_sort(top.begin(), top.end(),
                         [](const auto* a, const auto* b) { return a->answers.size() > b->answers.size(); });
        if (!top.empty()) {
            out += " The most common themes were ";
            for (std::size_t i = 0; i < top.size() && i < 3; ++i) {
                if (i > 0) out += i + 1 == std::min<std::size_t>(top.size(), 3) ? " and " : ", ";
                out += fmt::format("{} ({})", top[i]->label, percent(top[i]->answers.size(), q.answered));
            }
            out += ".";
        }
        const auto& s = q.sentiment;
        if (s.total() > 0) {
            out += fmt::format(" Sentiment: {} positive, {} negative, {} mixed, {} neutral.",
                               percent(s.positive, s.total()), percent(s.negative, s.total()),
                               percent(s.mixed, s.total()), percent(s.neutral, s.total()));
            const ThemeSummary* most_negative = nullptr;
            double worst = 0;
            for (const auto* t : top) {
                if (t->sentiment.total() < 5) continue;
                const double share =
                    static_cast<double>(t->sentiment.negative) / static_cast<double>(t->sentiment.total());
                if (share > worst) {
                    worst = share;
                    most_negative = t;
                }
            }
            if (most_negative != nullptr && worst >= 0.5) {
                out += fmt::format(" The most negative theme was {} ({} of its answers negative).",
                                   most_negative->label,
                                   percent(most_negative->sentiment.negative, most_negative->sentiment.total()));
            }
        }
        out += "\n\n";
    }
    std::size_t safeguarding = 0, personal = 0;
    for (const auto& f : r.flags) {
        safeguarding += f.kind == "safeguarding" ? 1 : 0;
        personal += f.kind == "personal_data" ? 1 : 0;
    }
    if (safeguarding > 0) {
        out += fmt::format("{} answer{} may disclose a safeguarding concern and must be reviewed by a person "
                           "today. ",
                           safeguarding, safeguarding == 1 ? "" : "s");
    }
    if (personal > 0) {
        out += fmt::format("{} answer{} contain personal data; quotes in this report are redacted.", personal,
                           personal == 1 ? "" : "s");
    }
    return out;
}

}  // namespace

void SentimentCounts::add(nlp::SentimentLabel label) {
    switch (label) {
        case nlp::SentimentLabel::Positive: ++positive; break;
        case nlp::SentimentLabel::Negative: ++negative; break;
        case nlp::SentimentLabel::Neutral: ++neutral; break;
        case nlp::SentimentLabel::Mixed: ++mixed; break;
    }
}

void recount_question(SurveyResult& r, std::size_t question) {
    auto& q = r.questions[question];
    std::vector<std::size_t> answered;
    q.sentiment = {};
    for (auto& t : q.themes) {
        t.answers.clear();
        t.sentiment = {};
        t.segments.clear();
    }
    for (std::size_t a = 0; a < r.answers.size(); ++a) {
        const auto& ans = r.answers[a];
        if (ans.question != question || ans.state != AnswerState::Answered) continue;
        answered.push_back(a);
        q.sentiment.add(ans.sentiment.label);
        for (std::size_t t : ans.themes) {
            q.themes[t].answers.push_back(a);
            q.themes[t].sentiment.add(ans.sentiment.label);
        }
    }
    q.unthemed = 0;
    for (std::size_t a : answered) q.unthemed += r.answers[a].themes.empty() ? 1 : 0;
    const SegmentIndex segments = index_segments(r, answered);
    for (auto& t : q.themes) {
        if (!t.answers.empty() && !std::binary_search(t.answers.begin(), t.answers.end(), t.representative)) {
            t.representative = t.answers.front();
        }
        add_segment_shares(r, segments, t);
    }
}

std::string_view answer_text(const SurveyResult& r, std::size_t a) {
    const auto& ans = r.answers[a];
    const auto& row = r.table->rows[r.respondents[ans.respondent].table_row];
    return trim_ascii_whitespace(row.cells[r.roles.questions[ans.question]]);
}

Result<SurveyResult> analyse_survey(const io::Table& table, const SurveyOptions& options, ActionContext& ctx) {
    const auto t_start = Clock::now();
    SurveyResult r;
    r.table = &table;
    r.source = table.source;
    r.encoding = table.encoding;
    r.skipped_rows = table.skipped;
    BOROUGH_TRY(r.roles, resolve_column_roles(table, options.columns));
    for (std::size_t c : r.roles.questions) r.question_columns.push_back(table.header[c]);
    for (std::size_t c : r.roles.segments) r.segment_columns.push_back(table.header[c]);

    // ---- respondents and duplicate submissions
    auto t0 = Clock::now();
    r.respondents.reserve(table.rows.size());
    std::vector<std::string> joined(table.rows.size());
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const auto& row = table.rows[i];
        Respondent p;
        p.table_row = i;
        p.line = row.line;
        p.id = r.roles.id ? std::string(trim_ascii_whitespace(row.cells[*r.roles.id])) : std::string();
        if (p.id.empty()) p.id = fmt::format("line {}", row.line);
        if (i < options.ocr_confidence.size()) {
            p.ocr_confidence = options.ocr_confidence[i];
            p.needs_check = options.ocr_confidence[i] < options.ocr_check_below;
        }
        for (std::size_t c : r.roles.segments) {
            std::string v(trim_ascii_whitespace(row.cells[c]));
            p.segments.push_back(v.empty() ? "(not given)" : std::move(v));
        }
        for (std::size_t c : r.roles.questions) {
            joined[i] += trim_ascii_whitespace(row.cells[c]);
            joined[i] += '\n';
        }
        r.respondents.push_back(std::move(p));
    }
    {
        std::vector<std::string_view> views(joined.begin(), joined.end());
        for (const auto& group : nlp::find_duplicate_submissions(views)) {
            for (std::size_t g = 1; g < group.size(); ++g) {
                r.respondents[group[g]].duplicate_of = group[0];
                ++r.duplicate_submissions;
            }
        }
    }
    joined = {};
    r.timings_ms["respondents"] = ms_since(t0);
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "survey analysis cancelled");

    // ---- per-answer checks: non-answers, language, sentiment, personal data, safeguarding
    t0 = Clock::now();
    BOROUGH_TRY(auto analyzer, nlp::SentimentAnalyzer::create());
    const std::size_t nq = r.roles.questions.size();
    r.answers.resize(r.respondents.size() * nq);
    for (std::size_t p = 0; p < r.respondents.size(); ++p) {
        for (std::size_t q = 0; q < nq; ++q) {
            r.answers[p * nq + q].respondent = p;
            r.answers[p * nq + q].question = q;
        }
    }
    ctx.progress.on_progress("checks", 0, r.answers.size());
    parallel_ranges(r.answers.size(), options.threads, 2048, [&](std::size_t b, std::size_t e) {
        for (std::size_t a = b; a < e; ++a) {
            auto& ans = r.answers[a];
            const std::string_view text = answer_text(r, a);
            if (r.respondents[ans.respondent].duplicate_of) {
                ans.state = AnswerState::DuplicateSubmission;
                continue;
            }
            if (text.empty()) {
                ans.state = AnswerState::Missing;
                continue;
            }
            if (nlp::is_non_answer(text)) {
                ans.state = AnswerState::NonAnswer;
                continue;
            }
            for (const auto& span : nlp::find_pii(text)) {
                std::string kind(nlp::to_string(span.kind));
                if (std::find(ans.pii_kinds.begin(), ans.pii_kinds.end(), kind) == ans.pii_kinds.end()) {
                    ans.pii_kinds.push_back(std::move(kind));
                }
            }
            for (const auto& flag : nlp::find_safeguarding_concerns(text)) {
                std::string cat(nlp::to_string(flag.category));
                if (std::find(ans.safeguarding.begin(), ans.safeguarding.end(), cat) == ans.safeguarding.end()) {
                    ans.safeguarding.push_back(std::move(cat));
                }
            }
            const auto lang = nlp::detect_language(text);
            ans.language = lang.code;
            if (is_non_english(lang)) {
                ans.state = AnswerState::NonEnglish;
                continue;
            }
            ans.state = AnswerState::Answered;
            ans.sentiment = analyzer.score(text);
            ans.sentiment_method = "lexicon";
        }
    });
    ctx.progress.on_progress("checks", r.answers.size(), r.answers.size());
    r.timings_ms["checks"] = ms_since(t0);
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "survey analysis cancelled");

    // ---- per question: counts, sentiment, themes
    t0 = Clock::now();
    std::vector<std::size_t> all_answered;
    for (std::size_t q = 0; q < nq; ++q) {
        QuestionResult qr;
        qr.id = fmt::format("Q{}", q + 1);
        qr.column = r.question_columns[q];
        std::vector<std::size_t> answered;
        for (std::size_t p = 0; p < r.respondents.size(); ++p) {
            const std::size_t a = p * nq + q;
            const auto& ans = r.answers[a];
            switch (ans.state) {
                case AnswerState::Answered:
                    answered.push_back(a);
                    ++qr.answered;
                    qr.sentiment.add(ans.sentiment.label);
                    if (answer_text(r, a).size() > options.long_answer_chars) ++qr.long_answers;
                    break;
                case AnswerState::NonAnswer: ++qr.non_answers; break;
                case AnswerState::NonEnglish: ++qr.non_english; break;
                case AnswerState::Missing: ++qr.missing; break;
                case AnswerState::DuplicateSubmission: break;
            }
        }
        ctx.progress.on_progress("themes", q, nq + (options.combined && nq > 1 ? 1 : 0));
        BOROUGH_TRY_STATUS(theme_question(r, qr, answered, options, ctx));
        all_answered.insert(all_answered.end(), answered.begin(), answered.end());
        r.questions.push_back(std::move(qr));
    }
    if (options.combined && nq > 1) {
        QuestionResult all;
        all.id = "ALL";
        all.column = "All questions together";
        std::sort(all_answered.begin(), all_answered.end());
        for (const auto& q : r.questions) {
            all.answered += q.answered;
            all.non_answers += q.non_answers;
            all.non_english += q.non_english;
            all.missing += q.missing;
            all.long_answers += q.long_answers;
            all.sentiment.positive += q.sentiment.positive;
            all.sentiment.negative += q.sentiment.negative;
            all.sentiment.neutral += q.sentiment.neutral;
            all.sentiment.mixed += q.sentiment.mixed;
        }
        // The combined view has no codebook and no stability figure (measured per question; a
        // combined run on every answer again would double the cost for a secondary view).
        SurveyOptions no_codebook = options;
        no_codebook.codebook.clear();
        no_codebook.stability_runs = 0;
        BOROUGH_TRY_STATUS(theme_question(r, all, all_answered, no_codebook, ctx));
        r.questions.push_back(std::move(all));
    }
    r.timings_ms["themes"] = ms_since(t0);

    // ---- flags for people
    for (std::size_t a = 0; a < r.answers.size(); ++a) {
        const auto& ans = r.answers[a];
        if (ans.state == AnswerState::DuplicateSubmission) continue;
        for (const auto& s : ans.safeguarding) r.flags.push_back({a, "safeguarding", s});
        if (!ans.pii_kinds.empty()) {
            std::string kinds;
            for (const auto& k : ans.pii_kinds) kinds += (kinds.empty() ? "" : ", ") + k;
            r.flags.push_back({a, "personal_data", kinds});
        }
        if (ans.state == AnswerState::NonEnglish) r.flags.push_back({a, "non_english", ans.language});
    }
    for (std::size_t p = 0; p < r.respondents.size(); ++p) {
        if (r.respondents[p].needs_check) {
            r.flags.push_back({p * nq, "low_ocr_confidence",
                               fmt::format("{:.0f}", r.respondents[p].ocr_confidence.value_or(0))});
        }
    }

    // ---- model: names and describes themes, writes the narrative (bounded calls)
    r.method = "extractive";
    r.narrative = extractive_narrative(r);
    if (ctx.generator != nullptr) {
        t0 = Clock::now();
        // Output the model could not produce validly is not fatal: the extractive labels and narrative
        // stay, and the report says so.
        auto keep_extractive = [&r](Status st, std::string_view what) -> Status {
            if (st || st.error().code != ErrorCode::ModelOutputInvalid) return st;
            r.warnings.push_back(fmt::format("the model's {} could not be used ({}); the extractive ones are shown",
                                             what, st.error().message));
            return {};
        };
        BOROUGH_TRY_STATUS(keep_extractive(describe_themes_with_model(r, ctx), "theme names"));
        if (options.per_row_llm) {
            const auto t1 = Clock::now();
            BOROUGH_TRY_STATUS(code_answers_with_model(r, ctx));
            r.timings_ms["llm_rows"] = ms_since(t1);
        }
        BOROUGH_TRY_STATUS(keep_extractive(write_narrative_with_model(r, ctx), "summary"));
        r.method = "llm:" + ctx.generator->name();
        r.timings_ms["llm"] = ms_since(t0);
    }
    r.timings_ms["total"] = ms_since(t_start);
    return r;
}

}  // namespace borough::actions::survey
