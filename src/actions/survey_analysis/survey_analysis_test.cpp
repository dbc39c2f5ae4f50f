// End-to-end tests of the survey-analysis action on the team's sample survey
// (samples/survey/tenant-satisfaction-2026.csv, written by tools/make_sample_survey.py).
#include "actions/survey_analysis/survey_analysis.h"

#include <cstdlib>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "actions/registry.h"
#include "actions/survey_analysis/survey_action.h"
#include "actions/survey_analysis/survey_report.h"
#include "core/file.h"
#include "engine/scripted/scripted_text_generator.h"
#include "io/csv_reader.h"
#include "io/xlsx_reader.h"

namespace borough::actions::survey {
namespace {

namespace fs = std::filesystem;

fs::path sample_path() {
    return fs::path(BOROUGH_SOURCE_DIR) / "samples" / "survey" / "tenant-satisfaction-2026.csv";
}

class SurveySample : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto bytes = read_file(sample_path(), 1 << 24);
        if (!bytes) return;  // SetUp fails every test then
        auto t = io::read_csv(*bytes, "tenant-satisfaction-2026.csv");
        if (t) table_ = new io::Table(std::move(*t));  // NOLINT(cppcoreguidelines-owning-memory): suite fixture
    }
    void SetUp() override { ASSERT_NE(table_, nullptr) << "could not read " << sample_path(); }
    static void TearDownTestSuite() {
        delete result_;  // NOLINT(cppcoreguidelines-owning-memory)
        result_ = nullptr;
        delete table_;  // NOLINT(cppcoreguidelines-owning-memory)
        table_ = nullptr;
    }

    // The default analysis, computed once for the tests that only read it.
    const SurveyResult& result() {
        if (result_ == nullptr) result_ = new SurveyResult(analyse());  // NOLINT(cppcoreguidelines-owning-memory)
        return *result_;
    }

    SurveyResult analyse(SurveyOptions options = {}, engine::TextGenerator* generator = nullptr) {
        options.threads = 2;
        ActionContext ctx{generator, clock_, progress_, {}};
        auto r = analyse_survey(*table_, options, ctx);
        EXPECT_TRUE(r) << r.error().message;
        return r ? std::move(*r) : SurveyResult{};
    }

    static std::size_t respondent(const SurveyResult& r, std::string_view id) {
        for (std::size_t p = 0; p < r.respondents.size(); ++p) {
            if (r.respondents[p].id == id) return p;
        }
        ADD_FAILURE() << "no respondent " << id;
        return 0;
    }

    static io::Table* table_;
    static SurveyResult* result_;
    SystemClock clock_;
    NullProgressSink progress_;
};
io::Table* SurveySample::table_ = nullptr;
SurveyResult* SurveySample::result_ = nullptr;

TEST_F(SurveySample, DetectsColumnRoles) {
    const auto& r = result();
    ASSERT_EQ(r.question_columns.size(), 3U);
    EXPECT_EQ(r.question_columns[1], "What one thing should the council improve about repairs and maintenance?");
    ASSERT_TRUE(r.roles.id.has_value());
    EXPECT_EQ(table_->header[*r.roles.id], "Respondent ID");
    const std::set<std::string> segments(r.segment_columns.begin(), r.segment_columns.end());
    EXPECT_TRUE(segments.contains("Ward"));
    EXPECT_TRUE(segments.contains("Age band"));
    EXPECT_TRUE(segments.contains("Tenure"));
    EXPECT_FALSE(segments.contains("Date submitted"));
}

TEST_F(SurveySample, CountsAddUpAndDuplicateSubmissionIsSetAside) {
    const auto& r = result();
    const auto dup = respondent(r, "P-0361");
    ASSERT_TRUE(r.respondents[dup].duplicate_of.has_value());
    EXPECT_EQ(r.respondents[*r.respondents[dup].duplicate_of].id, "P-0043");
    EXPECT_GE(r.duplicate_submissions, 1U);
    for (const auto& q : r.questions) {
        if (q.id == "ALL") continue;
        EXPECT_EQ(q.answered + q.non_answers + q.missing + q.non_english + r.duplicate_submissions,
                  r.respondents.size())
            << q.id;
        EXPECT_EQ(q.sentiment.total(), q.answered) << q.id;
        EXPECT_GT(q.non_answers, 0U) << q.id;
        for (const auto& t : q.themes) {
            EXPECT_LE(t.answers.size(), q.answered);
            for (std::size_t a : t.answers) EXPECT_EQ(r.answers[a].state, AnswerState::Answered);
            EXPECT_EQ(t.sentiment.total(), t.answers.size());
        }
    }
}

TEST_F(SurveySample, FindsTheRepairsThemes) {
    const auto& r = result();
    const auto& q2 = r.questions[1];
    ASSERT_GE(q2.themes.size(), 3U);
    auto has_theme_with = [&q2](std::string_view word) {
        for (const auto& t : q2.themes) {
            for (const auto& k : t.key_phrases) {
                if (k.find(word) != std::string::npos) return true;
            }
        }
        return false;
    };
    EXPECT_TRUE(has_theme_with("mould") || has_theme_with("damp"));
    EXPECT_TRUE(has_theme_with("boiler") || has_theme_with("heating"));
    // Damp answers are mostly negative.
    for (const auto& t : q2.themes) {
        if (t.label.find("mould") != std::string::npos || t.label.find("damp") != std::string::npos) {
            EXPECT_GT(t.sentiment.negative, t.sentiment.positive) << t.label;
        }
    }
}

TEST_F(SurveySample, OppositeViewsOnParkingAreNotSilentlyMerged) {
    const auto& r = result();
    const auto& q3 = r.questions[2];
    // Every theme that holds both "more parking" and "less parking" answers must report the split.
    for (std::size_t t = 0; t < q3.themes.size(); ++t) {
        bool more = false, less = false;
        for (std::size_t a : q3.themes[t].answers) {
            const auto text = answer_text(r, a);
            more = more || text.find("more parking") != std::string_view::npos ||
                   text.find("More parking") != std::string_view::npos;
            less = less || text.find("less parking") != std::string_view::npos ||
                   text.find("Less parking") != std::string_view::npos;
        }
        if (more && less) {
            EXPECT_GE(q3.themes[t].directions.size(), 2U) << q3.themes[t].label;
        }
    }
}

TEST_F(SurveySample, FlagsSafeguardingPersonalDataAndOtherLanguages) {
    const auto& r = result();
    std::map<std::string, std::set<std::string>> flagged;  // kind → respondent ids
    for (const auto& f : r.flags) flagged[f.kind].insert(r.respondents[r.answers[f.answer].respondent].id);
    // Rows 18 + 37k of the generator hold the special answers (tools/make_sample_survey.py).
    EXPECT_TRUE(flagged["personal_data"].contains("P-0018"));   // name + phone number
    EXPECT_TRUE(flagged["personal_data"].contains("P-0055"));   // email + address
    EXPECT_TRUE(flagged["safeguarding"].contains("P-0092"));    // self-harm
    EXPECT_TRUE(flagged["safeguarding"].contains("P-0129"));    // domestic abuse
    EXPECT_TRUE(flagged["safeguarding"].contains("P-0166"));    // children left alone
    EXPECT_TRUE(flagged["safeguarding"].contains("P-0203"));    // threat
    EXPECT_TRUE(flagged["non_english"].contains("P-0240"));     // Welsh
    EXPECT_TRUE(flagged["non_english"].contains("P-0277"));     // Polish
    EXPECT_LE(flagged["safeguarding"].size(), 12U);             // reviewable, not every answer
}

TEST_F(SurveySample, SameSeedSameOutput) {
    auto a = survey_to_json(result());
    auto b = survey_to_json(analyse());
    a.erase("timings_ms");
    b.erase("timings_ms");
    EXPECT_EQ(dump_json(a), dump_json(b));
}

TEST_F(SurveySample, ThemesAreStableAcrossSeeds) {
    const auto& r = result();
    for (const auto& q : r.questions) {
        if (q.id == "ALL") {
            EXPECT_LT(q.stability, 0) << "the combined view is not measured";
            continue;
        }
        EXPECT_GE(q.stability, 0.5) << q.id;
        EXPECT_LE(q.stability, 1.0) << q.id;
    }
}

TEST_F(SurveySample, ReportsRedactPersonalDataAndDrawCharts) {
    const auto& r = result();
    const auto html = render_survey_html(r);
    const auto md = render_survey_markdown(r);
    const auto json = dump_json(survey_to_json(r));
    for (const auto* text : {&html, &md, &json}) {
        EXPECT_EQ(text->find("07700 900461"), std::string::npos);
        EXPECT_EQ(text->find("j.okafor@example.org"), std::string::npos);
    }
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("Sentiment by Ward"), std::string::npos);
    EXPECT_NE(html.find("DRAFT"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_NE(md.find("| Theme | Answers |"), std::string::npos);
}

TEST_F(SurveySample, CodingSheetHasOneRowPerAnswer) {
    const auto& r = result();
    const auto sheets = survey_sheets(r);
    ASSERT_GE(sheets.size(), 5U);
    EXPECT_EQ(sheets[0].name, "Coding");
    std::size_t non_blank = 0;
    for (const auto& a : r.answers) non_blank += a.state != AnswerState::Missing ? 1 : 0;
    EXPECT_EQ(sheets[0].row_count(), non_blank);
    const auto& source = sheets[0].generated_rows;  // the coding rows are made on demand
    EXPECT_EQ(source.columns, sheets[0].header.size());
    std::vector<io::XlsxCellView> cells;
    std::size_t row = 0;
    for (std::size_t a = 0; a < r.answers.size() && row < source.count; ++a) {
        if (r.answers[a].state == AnswerState::Missing) continue;
        source.row(row++, cells);
        ASSERT_EQ(cells.size(), sheets[0].header.size()) << a;
        EXPECT_EQ(cells[0].text, r.respondents[r.answers[a].respondent].id) << a;
        EXPECT_EQ(cells[3].text, answer_text(r, a)) << a;
    }
}

TEST_F(SurveySample, ModelNamesThemesAndWritesTheNarrative) {
    // Every theme-naming request gets the same scripted reply; the narrative request its own.
    std::vector<engine::scripted::ScriptedReply> replies(2);
    replies[0].when = "Write the summary";
    replies[0].text = R"({"narrative":"Repairs dominate; 9999 respondents took part."})";
    replies[1].when = "<answers>";
    replies[1].text = R"({"name":"Scripted theme","description":"A scripted description."})";
    replies[1].reusable = true;
    engine::scripted::ScriptedTextGenerator gen(std::move(replies));
    const auto r = analyse({}, &gen);
    EXPECT_EQ(r.method, "llm:" + gen.name());
    EXPECT_EQ(r.narrative, "Repairs dominate; 9999 respondents took part.");
    EXPECT_EQ(r.questions[0].themes[0].label, "Scripted theme");
    ASSERT_EQ(r.warnings.size(), 1U);  // 9999 is not among the figures the model was given
    EXPECT_NE(r.warnings[0].find("9999"), std::string::npos);
}

TEST(SurveyAction, MalformedRowsAreReportedAndTheRestAnalysed) {
    std::string csv = "id,ward,comment\n";
    for (int i = 0; i < 40; ++i) {
        csv += "R" + std::to_string(i) + ",Castle,The repairs to my kitchen took months and nobody called " +
               std::to_string(i) + "\n";
        if (i == 10) csv += "R-bad,Castle,too,many,fields\n";
    }
    csv += "R-open,Castle,\"an unbalanced quote at the end\n";
    SystemClock clock;
    NullProgressSink progress;
    ActionContext ctx{nullptr, clock, progress, {}};
    ActionDefinition def;
    auto out = run_survey_analysis(def, ActionInput::from_bytes("wave.csv", csv),
                                   Json{{"columns", "comment"}, {"stability_runs", 0}}, ctx);
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->result["questions"][0]["answered"], 40);
    const auto& skipped = out->result["source"]["skipped_rows"];
    ASSERT_EQ(skipped.size(), 2U);
    EXPECT_EQ(skipped[0]["line"], 13);
    EXPECT_EQ(skipped[1]["line"], 43);
    ASSERT_EQ(out->artifacts.size(), 2U);
    EXPECT_EQ(out->artifacts[0].format, "html");
    EXPECT_EQ(out->artifacts[1].format, "xlsx");
    auto back = io::read_xlsx(out->artifacts[1].content, "report.xlsx", "Coding");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->rows.size(), 40U);
}

TEST(SurveyAction, CodebookThemesComeFirst) {
    auto book = parse_codebook("theme,description,keywords\nDamp and mould,Damp or mould in the home,damp;mould;"
                               "condensation\nWaiting times,,slow;waiting;months\n");
    ASSERT_TRUE(book) << book.error().message;
    ASSERT_EQ(book->size(), 2U);
    EXPECT_EQ((*book)[0].keywords, (std::vector<std::string>{"damp", "mould", "condensation"}));
    EXPECT_FALSE(parse_codebook("name\nx\n"));
    auto empty_name = parse_codebook("theme,keywords\n,damp\n");
    ASSERT_FALSE(empty_name);
    EXPECT_NE(empty_name.error().message.find("line 2"), std::string::npos);
}

TEST(SurveyAction, ListsSplitOnSemicolons) {
    EXPECT_EQ(split_list(" Q1 ; Q2;;"), (std::vector<std::string>{"Q1", "Q2"}));
    EXPECT_TRUE(split_list("").empty());
}

TEST(SurveyAction, OldExcelAndMissingOcrAreClearErrors) {
    SystemClock clock;
    NullProgressSink progress;
    ActionContext ctx{nullptr, clock, progress, {}};
    ActionDefinition def;
    auto xls = run_survey_analysis(def, ActionInput::from_bytes("old.xls", std::string("\xD0\xCF\x11\xE0rest", 8)),
                                   Json::object(), ctx);
    ASSERT_FALSE(xls);
    EXPECT_NE(xls.error().message.find(".xlsx or .csv"), std::string::npos);
    auto png = run_survey_analysis(def, ActionInput::from_bytes("form.png", "\x89PNG\r\n"), Json::object(), ctx);
    ASSERT_FALSE(png);
    EXPECT_NE(png.error().message.find("OCR"), std::string::npos);
}

}  // namespace
}  // namespace borough::actions::survey

namespace borough::actions::survey {
namespace {

// An OCR engine stand-in that returns one recognised form page, so the mapping from printed headings
// to question columns is tested without Tesseract (engine/tesseract tests run it for real).
class OnePageOcr final : public engine::OcrReader {
public:
    Result<std::vector<engine::OcrPage>> read_file(const std::filesystem::path& path, std::stop_token) override {
        engine::OcrPage page;
        page.page = 1;
        page.source = path.string();
        auto line = [&page](std::string text, float conf) { page.lines.push_back({std::move(text), conf, 0, 0, 0, 0}); };
        line("Respondent ID: P-0007", 95);
        line("Ward: Castle", 93);
        line("1. What do you like about your area?", 96);
        line("The park and the friendly neighbours are lovely.", 88);
        line("2. What should we improve?", 96);
        line("The repairs take far too long to be done.", 86);
        page.mean_confidence = 91;
        return std::vector<engine::OcrPage>{page};
    }
};

TEST(SurveyAction, ScannedFormAnswersLandInTheirQuestionColumns) {
    SystemClock clock;
    NullProgressSink progress;
    OnePageOcr ocr;
    ActionContext ctx{nullptr, clock, progress, {}};
    ctx.ocr = &ocr;
    ActionDefinition def;
    auto out = run_survey_analysis(def, ActionInput::from_bytes("form.png", "\x89PNG\r\n"),
                                   Json{{"columns", "What do you like about your area?;What should we improve?"},
                                        {"stability_runs", 0}},
                                   ctx);
    ASSERT_TRUE(out) << out.error().message;
    const auto& q = out->result["questions"];
    EXPECT_EQ(q[0]["answered"], 1);
    EXPECT_EQ(q[1]["answered"], 1);
    EXPECT_EQ(q[0]["sentiment"]["positive"], 1);
    EXPECT_EQ(q[1]["sentiment"]["negative"], 1);
    EXPECT_EQ(out->result["source"]["encoding"], "OCR (tesseract)");
}

}  // namespace
}  // namespace borough::actions::survey
