#include "actions/news_angles/news_angles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/scripted/scripted_text_generator.h"
#include "support/builtin_action_test.h"

namespace borough::actions::news_angles {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using engine::scripted::ScriptedReply;
using engine::scripted::ScriptedTextGenerator;

std::string sample_report() {
    std::ifstream in(std::filesystem::path(BOROUGH_SOURCE_DIR) / "samples/news-angles/culture-and-leisure-annual-report.md");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class NewsAngles : public test::BuiltinActionTest {
protected:
    NewsAngles() : BuiltinActionTest("news-angles") {}
};

TEST(NewsAnglesReasons, CuesAndFiguresGiveReasons) {
    const auto r = newsworthy_reasons(
        "Visits rose to 1.2 million, the highest ever, and the scheme cost \xC2\xA3" "2m for 18,400 children.");
    std::vector<std::string> names;
    for (const auto& h : r) names.emplace_back(to_string(h.reason));
    EXPECT_EQ(names, (std::vector<std::string>{"change", "scale", "cost", "people", "first"}));
    EXPECT_TRUE(newsworthy_reasons("Members are asked to note the report.").empty());
}

TEST(NewsAnglesHeadline, ShortensToAHeadlineLine) {
    EXPECT_EQ(headline_from("However, visits to the four leisure centres rose to 1.2 million in 2025/26."),
              "Visits to the four leisure centres rose to 1.2 million in 2025/26");
    EXPECT_EQ(headline_from("Library visits fell by 6 per cent to 590,000, although e-book loans grew by 31 per cent."),
              "Library visits fell by 6 per cent to 590,000");
    const std::string h = headline_from(
        "The council planted trees in parks and on verges and along main roads and beside schools and libraries "
        "across every ward this year.");
    EXPECT_THAT(h, HasSubstr("\xE2\x80\xA6"));
}

TEST_F(NewsAngles, ExtractiveAnglesHaveCitedFiguresAndQuotes) {
    auto out = run(ActionInput::from_bytes("culture.md", sample_report()), nullptr, {{"count", 4}});
    ASSERT_TRUE(out) << out.error().describe();
    const Json& r = out->result;
    EXPECT_EQ(r["method"], "extractive");
    EXPECT_EQ(r["title"], "Culture and leisure annual report 2025/26");
    const Json& angles = r["angles"];
    ASSERT_EQ(angles.size(), 4U);
    bool any_quote_with_speaker = false;
    const std::string text = sample_report();
    std::string one_line = text;
    std::replace(one_line.begin(), one_line.end(), '\n', ' ');
    for (const auto& a : angles) {
        EXPECT_FALSE(a["headline"].get<std::string>().empty());
        EXPECT_FALSE(a["why"].empty()) << a.dump();
        ASSERT_FALSE(a["citations"].empty());
        for (const auto& c : a["citations"]) EXPECT_TRUE(c.contains("ref")) << c.dump();
        for (const auto& f : a["figures"]) {
            const Json& c = f["citation"];
            const std::string cited = text.substr(c["begin"].get<std::size_t>(),
                                                  c["end"].get<std::size_t>() - c["begin"].get<std::size_t>());
            EXPECT_THAT(cited, HasSubstr(f["text"].get<std::string>()));
        }
        for (const auto& q : a["quotes"]) {
            EXPECT_THAT(one_line, HasSubstr(q["text"].get<std::string>()));
            any_quote_with_speaker = any_quote_with_speaker || q.contains("speaker");
        }
    }
    EXPECT_TRUE(any_quote_with_speaker);
    // The leisure centre record (change, scale, first, a quote in its section) leads.
    EXPECT_THAT(angles[0]["headline"].get<std::string>(), HasSubstr("1.2 million"));
    EXPECT_THAT(out->markdown, HasSubstr("## 1. "));
    EXPECT_THAT(out->markdown, HasSubstr("\xC2\xA7" "2. Leisure centres]"));
    ASSERT_EQ(out->artifacts.size(), 1U);
    EXPECT_EQ(out->artifacts[0].content.substr(0, 2), "PK");
}

TEST_F(NewsAngles, NothingNewsworthyGivesNoAnglesAndAWarning) {
    auto out = run(ActionInput::from_bytes("note.txt", std::string("Members are asked to note the report. The "
                                                                   "minutes of the last meeting are attached.")),
                   nullptr);
    ASSERT_TRUE(out) << out.error().describe();
    EXPECT_TRUE(out->result["angles"].empty());
    ASSERT_EQ(out->warnings.size(), 1U);
    EXPECT_THAT(out->markdown, HasSubstr("No candidate stories"));
}

TEST_F(NewsAngles, ModelAnglesAreCheckedAgainstTheSource) {
    const std::string doc =
        "Bus patronage rose by 8 per cent to 3.4 million journeys. "
        "\"Buses are the backbone of this borough,\" said Cllr Ruth Obi. "
        "The subsidy for evening services is \xC2\xA3" "210,000 a year.";
    const std::string angle =
        R"({"angles": [{"headline": "Bus journeys up 8%", "why": [{"reason": "change", "detail": "rose by 8 per cent"}],
            "figures": [{"text": "3.4 million", "context": "journeys", "citations": ["S1"]},
                        {"text": "5 million", "citations": ["S1"]}],
            "quotes": [{"text": "Buses are the backbone of this borough,", "speaker": "Cllr Ruth Obi", "citations": ["S2"]},
                       {"text": "Buses are great", "speaker": "Cllr Made Up", "citations": ["S2"]}],
            "citations": ["S1", "S2"]}]})";
    ScriptedTextGenerator gen({ScriptedReply{"consecutive sentences", angle, std::nullopt, false},
                               ScriptedReply{"candidate news stories from consecutive parts", angle, std::nullopt, false}},
                              "test");
    auto out = run(ActionInput::from_bytes("buses.txt", doc), &gen, {{"count", 3}});
    ASSERT_TRUE(out) << out.error().describe();
    EXPECT_EQ(out->result["method"], "model: scripted:test");
    const Json& a = out->result["angles"];
    ASSERT_EQ(a.size(), 1U);
    ASSERT_EQ(a[0]["figures"].size(), 1U);  // "5 million" is not in S1
    EXPECT_EQ(a[0]["figures"][0]["kind"], "count");
    EXPECT_EQ(a[0]["figures"][0]["citation"]["sentence"], 1);
    ASSERT_EQ(a[0]["quotes"].size(), 1U);  // "Buses are great" is not in S2
    EXPECT_EQ(a[0]["quotes"][0]["speaker"], "Cllr Ruth Obi");
    std::string all;
    for (const auto& w : out->warnings) all += w + "\n";
    EXPECT_THAT(all, HasSubstr("figure is not in the sentences it cites"));
    EXPECT_THAT(all, HasSubstr("quote is not word for word"));
    EXPECT_THAT(all, Not(HasSubstr("backbone")));
    EXPECT_EQ(gen.call_count(), 2U);
}

}  // namespace
}  // namespace borough::actions::news_angles
