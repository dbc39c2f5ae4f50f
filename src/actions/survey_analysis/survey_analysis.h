// The survey-analysis action's analysis: from a parsed survey table to themes, sentiment, segment
// breakdowns and flags, with every count traceable to row ids. Deterministic for the same input and
// seed. A language model, when given, names and describes themes and writes the narrative (bounded
// calls, see llm_coding.h); without one, all of it is extractive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "actions/context.h"
#include "actions/survey_analysis/column_roles.h"
#include "core/result.h"
#include "io/table.h"
#include "nlp/sentiment.h"
#include "nlp/themes_codebook.h"

namespace borough::actions::survey {

struct SurveyOptions {
    ColumnChoice columns;
    std::uint64_t seed = 42;
    std::size_t stability_runs = 2;          // extra seeds for the stability figure (0 = skip), per question
    std::size_t stability_sample = 5000;     // answers per question used for stability
    std::vector<nlp::CodebookEntry> codebook;  // empty = discover themes only
    bool combined = true;                    // also theme all question columns together
    std::vector<float> ocr_confidence;       // per table row when read from scanned forms, else empty
    float ocr_check_below = 70.F;            // rows below this OCR confidence are flagged for a person
    std::size_t long_answer_chars = 2000;    // answers longer than this are counted as long
    bool per_row_llm = false;                // with a model: the model codes every answer (llm_coding.h)
    unsigned threads = 2;
};

enum class AnswerState { Answered, NonAnswer, NonEnglish, DuplicateSubmission, Missing };

// One cell of a question column. Indexes refer to SurveyResult::respondents and ::questions.
struct Answer {
    std::size_t respondent = 0;
    std::size_t question = 0;
    AnswerState state = AnswerState::Missing;
    std::string language;                // BCP-47-ish code from nlp::detect_language ("en", "cy", "und")
    nlp::SentimentScore sentiment{};     // for Answered
    std::string sentiment_method;        // "lexicon" or the model name in per-row mode
    std::vector<std::size_t> themes;     // indexes into QuestionResult::themes
    std::vector<std::string> pii_kinds;  // "email", "phone", ...
    std::vector<std::string> safeguarding;  // categories
};

struct Respondent {
    std::string id;             // the id column's value, or "line N" without one
    std::size_t line = 0;       // source line (CSV) or row (XLSX)
    std::size_t table_row = 0;  // index into io::Table::rows
    std::vector<std::string> segments;  // one per SurveyResult::segment_columns
    std::optional<std::size_t> duplicate_of;  // respondent index of the earlier identical submission
    std::optional<float> ocr_confidence;      // for rows read from scanned forms
    bool needs_check = false;                 // low OCR confidence
};

struct SentimentCounts {
    std::size_t positive = 0, negative = 0, neutral = 0, mixed = 0;
    void add(nlp::SentimentLabel label);
    std::size_t total() const { return positive + negative + neutral + mixed; }
};

struct SegmentShare {
    std::string column;
    std::string value;
    std::size_t members = 0;   // answers of this theme from respondents in this segment value
    std::size_t answered = 0;  // answered in this segment value
};

struct ThemeSummary {
    std::string id;  // "Q1.T3", "ALL.T2"; a sub-theme "Q1.T3.2"
    std::optional<std::size_t> parent;  // index of the parent theme in QuestionResult::themes (sub-themes)
    std::string label;
    std::string description;           // model-written, or built from key phrases
    std::vector<std::string> key_phrases;
    std::vector<std::size_t> answers;  // indexes into SurveyResult::answers
    std::size_t representative = 0;    // index into SurveyResult::answers
    SentimentCounts sentiment;
    std::vector<std::pair<std::string, std::size_t>> directions;  // e.g. {"more parking", 12}, {"less parking", 5}
    double stability = -1;             // mean best-match Jaccard across seeds; -1 = not measured
    bool from_codebook = false;
    std::vector<SegmentShare> segments;
};

struct QuestionResult {
    std::string id;      // "Q1", or "ALL" for the combined analysis
    std::string column;  // header text
    std::size_t answered = 0, non_answers = 0, non_english = 0, missing = 0, long_answers = 0;
    SentimentCounts sentiment;
    // Codebook themes first, then discovered top-level themes by size, then their sub-themes.
    std::vector<ThemeSummary> themes;
    std::size_t unthemed = 0;          // answered but in no theme
    std::size_t chosen_k = 0;
    double stability = -1;
    std::string theme_method;
};

struct Flag {
    std::size_t answer = 0;        // index into SurveyResult::answers
    std::string kind;              // "safeguarding" | "personal_data" | "non_english" | "low_ocr_confidence"
    std::string detail;            // category / kinds / language
};

struct SurveyResult {
    std::string source;
    std::string encoding;
    std::vector<io::SkippedRow> skipped_rows;
    ColumnRoles roles;
    std::vector<std::string> question_columns;
    std::vector<std::string> segment_columns;
    std::vector<Respondent> respondents;
    std::vector<Answer> answers;  // respondent-major, question-minor
    std::vector<QuestionResult> questions;  // per question, then "ALL" when combined
    std::vector<Flag> flags;
    std::size_t duplicate_submissions = 0;
    std::string method;      // "extractive" or "llm:<model>"
    std::string narrative;   // Markdown paragraphs
    std::map<std::string, double> timings_ms;  // per stage
    std::size_t model_rows_coded = 0;    // per-row mode: rows the model coded in this run
    std::size_t model_rows_resumed = 0;  // per-row mode: rows taken from checkpoints of an earlier run
    std::vector<std::string> warnings;
    const io::Table* table = nullptr;  // the analysed table (answer text lives here); not owned
};

// Recomputes a question's theme members, sentiment counts, segment shares and unthemed count from
// each answer's themes and sentiment (after per-row coding changed them). Not for "ALL".
void recount_question(SurveyResult& r, std::size_t question);

// Answer text (from the table) for answer index a.
std::string_view answer_text(const SurveyResult& r, std::size_t a);

// Runs the whole analysis. `table` must outlive the result. Errors: InvalidInput (columns), Cancelled,
// and the model's errors in LLM modes.
[[nodiscard]] Result<SurveyResult> analyse_survey(const io::Table& table, const SurveyOptions& options,
                                                  ActionContext& ctx);

}  // namespace borough::actions::survey
