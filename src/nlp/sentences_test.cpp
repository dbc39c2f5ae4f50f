#include "nlp/sentences.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer fixes this name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace borough::nlp {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string collapse(std::string_view s) {
    std::string out;
    bool in_space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool nbsp = s[i] == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
        if (is_space(s[i]) || nbsp) {
            if (!in_space) {
                out += ' ';
            }
            in_space = true;
            if (nbsp) {
                ++i;
            }
        } else {
            out += s[i];
            in_space = false;
        }
    }
    return out;
}

// Splits and checks the offset contract on every sentence, then returns the texts.
std::vector<std::string> split(std::string_view text) {
    std::vector<std::string> texts;
    std::size_t previous_end = 0;
    for (const Sentence& s : split_sentences(text)) {
        EXPECT_LE(previous_end, s.begin);
        EXPECT_LT(s.begin, s.end);
        EXPECT_LE(s.end, text.size());
        const std::string_view span = text.substr(s.begin, s.end - s.begin);
        EXPECT_FALSE(is_space(span.front())) << span;
        EXPECT_FALSE(is_space(span.back())) << span;
        EXPECT_EQ(collapse(span), s.text);
        previous_end = s.end;
        texts.push_back(s.text);
    }
    return texts;
}

TEST(SplitSentences, EmptyAndWhitespaceOnlyGiveNothing) {
    EXPECT_THAT(split(""), IsEmpty());
    EXPECT_THAT(split(" \n\t\r\n  \n"), IsEmpty());
    EXPECT_THAT(split("... -- * \n---\n"), IsEmpty());
}

TEST(SplitSentences, SplitsOnTerminalPunctuation) {
    EXPECT_THAT(split("The council met. It agreed the budget! Was it wise? Yes."),
                ElementsAre("The council met.", "It agreed the budget!", "Was it wise?", "Yes."));
}

TEST(SplitSentences, OffsetsPointIntoTheSource) {
    const std::string text = "  The council met.   It agreed\n  the budget.  ";
    const auto sentences = split_sentences(text);
    ASSERT_EQ(sentences.size(), 2u);
    EXPECT_EQ(sentences[0].begin, 2u);
    EXPECT_EQ(sentences[0].end, 18u);
    EXPECT_EQ(text.substr(sentences[1].begin, sentences[1].end - sentences[1].begin), "It agreed\n  the budget.");
    EXPECT_EQ(sentences[1].text, "It agreed the budget.");
}

TEST(SplitSentences, TitlesAndInitialsDoNotSplit) {
    EXPECT_THAT(split("Cllr. Smith opened the meeting. Mr J. Jones seconded the motion."),
                ElementsAre("Cllr. Smith opened the meeting.", "Mr J. Jones seconded the motion."));
    EXPECT_THAT(split("Dr. Patel visited St. Mary's School. Mrs. Brown agreed."),
                ElementsAre("Dr. Patel visited St. Mary's School.", "Mrs. Brown agreed."));
}

TEST(SplitSentences, AmountsAndSectionNumbersDoNotSplit) {
    EXPECT_THAT(split("The scheme costs \xC2\xA3"
                      "2.5m. Officers agreed."),
                ElementsAre("The scheme costs \xC2\xA3"
                            "2.5m.",
                            "Officers agreed."));
    EXPECT_THAT(split("See para 3.2.1 for details. As set out in para 4.1. The report notes it."),
                ElementsAre("See para 3.2.1 for details.", "As set out in para 4.1.", "The report notes it."));
}

TEST(SplitSentences, LatinAbbreviationsDoNotSplit) {
    EXPECT_THAT(split("Some services, e.g. housing, are stretched. Others (i.e. Planning) are not."),
                ElementsAre("Some services, e.g. housing, are stretched.", "Others (i.e. Planning) are not."));
    EXPECT_THAT(split("Services e.g. Housing and Planning cf. Parks are in scope."),
                ElementsAre("Services e.g. Housing and Planning cf. Parks are in scope."));
}

TEST(SplitSentences, NumberAbbreviationOnlyBeforeADigit) {
    EXPECT_THAT(split("Item No. 5 was approved. The answer was no. The chair moved on."),
                ElementsAre("Item No. 5 was approved.", "The answer was no.", "The chair moved on."));
}

TEST(SplitSentences, TimesEndSentences) {
    EXPECT_THAT(split("The meeting opened at 10 a.m. The chair welcomed members."),
                ElementsAre("The meeting opened at 10 a.m.", "The chair welcomed members."));
}

TEST(SplitSentences, LowerCaseAfterStopDoesNotSplit) {
    EXPECT_THAT(split("Costs rose approx. ten per cent. and more."),
                ElementsAre("Costs rose approx. ten per cent. and more."));
}

TEST(SplitSentences, QuotesAndBrackets) {
    EXPECT_THAT(split("She said \"We will act.\" Then she left."),
                ElementsAre("She said \"We will act.\"", "Then she left."));
    EXPECT_THAT(split("\"Why?\" she asked. (See the appendix.) The report follows."),
                ElementsAre("\"Why?\" she asked.", "(See the appendix.)", "The report follows."));
    // Curly quotes: “We will act.” ‘Good,’ he said.
    EXPECT_THAT(split("\xE2\x80\x9CWe will act.\xE2\x80\x9D \xE2\x80\x98Good,\xE2\x80\x99 he said."),
                ElementsAre("\xE2\x80\x9CWe will act.\xE2\x80\x9D", "\xE2\x80\x98Good,\xE2\x80\x99 he said."));
    EXPECT_THAT(split("(See appendix A.) The report follows."),
                ElementsAre("(See appendix A.)", "The report follows."));
}

TEST(SplitSentences, Ellipses) {
    EXPECT_THAT(split("We waited\xE2\x80\xA6 Then it began. And so... it went on. Really?! Yes."),
                ElementsAre("We waited\xE2\x80\xA6", "Then it began.", "And so... it went on.", "Really?!", "Yes."));
}

TEST(SplitSentences, Utf8UpperCaseStartsASentence) {
    EXPECT_THAT(split("The caf\xC3\xA9 opened. \xC3\x89lise spoke. \xC2\xA3"
                      "5 was raised."),
                ElementsAre("The caf\xC3\xA9 opened.", "\xC3\x89lise spoke.",
                            "\xC2\xA3"
                            "5 was raised."));
}

TEST(SplitSentences, BulletsAndNumberedListsStartNewSentences) {
    const std::string text =
        "Actions agreed:\n"
        "- Review the budget\n"
        "  by March\n"
        "* Consult residents\n"
        "\xE2\x80\xA2 Publish the minutes\n"
        "1. First item\n"
        "2) Second item\n"
        "(a) Sub item\n"
        "iv) Roman item\n"
        "3.2 The council notes the risk.";
    EXPECT_THAT(split(text),
                ElementsAre("Actions agreed:", "Review the budget by March", "Consult residents", "Publish the minutes",
                            "First item", "Second item", "Sub item", "Roman item", "The council notes the risk."));
}

TEST(SplitSentences, WrappedLineStartingWithANumberIsNotAListItem) {
    EXPECT_THAT(split("The council spent\n2.5 million on roads.\nIt also\n12 new homes."),
                ElementsAre("The council spent 2.5 million on roads.", "It also 12 new homes."));
}

TEST(SplitSentences, MarkdownHeadings) {
    const std::string text =
        "# Budget 2025/26\n"
        "The council set a budget.\n"
        "## Risks ##\n"
        "Risks are high\n"
        "#hashtag is not a heading.\n"
        "\n"
        "Introduction\n"
        "============\n"
        "Text under a setext heading.\n"
        "\n"
        "BACKGROUND\n"
        "The council met in May.\n"
        "***\n"
        "**Decision:** Approved. *Note* follows.";
    EXPECT_THAT(split(text),
                ElementsAre("Budget 2025/26", "The council set a budget.", "Risks",
                            "Risks are high #hashtag is not a heading.", "Introduction", "Text under a setext heading.",
                            "BACKGROUND", "The council met in May.", "**Decision:** Approved.", "*Note* follows."));
}

TEST(SplitSentences, NumberedHeadingsLoseTheirNumber) {
    EXPECT_THAT(split("## 1. Apologies\n### 3.1 Risks\n## 2.\n4. Budget. Officers agreed."),
                ElementsAre("Apologies", "Risks", "Budget.", "Officers agreed."));
    EXPECT_THAT(split("Item 1. The council agreed."), ElementsAre("Item 1.", "The council agreed."));
}

TEST(SplitSentences, BlankLinesEndParagraphsWithoutPunctuation) {
    EXPECT_THAT(split("No full stop here\n\nNext paragraph\n \nLast one"),
                ElementsAre("No full stop here", "Next paragraph", "Last one"));
}

TEST(SplitSentences, CrlfAndLoneCr) {
    EXPECT_THAT(split("First sentence.\r\nSecond\r\nline.\r\n\r\nThird"),
                ElementsAre("First sentence.", "Second line.", "Third"));
    EXPECT_THAT(split("Line one\r\rLine two"), ElementsAre("Line one", "Line two"));
}

TEST(SplitSentences, NonBreakingSpaceIsWhitespace) {
    EXPECT_THAT(split("Budget\xC2\xA0"
                      "agreed.\xC2\xA0Next item.\xC2\xA0"),
                ElementsAre("Budget agreed.", "Next item."));
}

TEST(SplitSentences, InvalidUtf8DoesNotBreakOffsets) {
    EXPECT_THAT(split("Bad \xFF byte. Next\xE2\x80 one."), ElementsAre("Bad \xFF byte.", "Next\xE2\x80 one."));
}

TEST(SplitSentences, LongInputIsLinear) {
    std::string text;
    for (int i = 0; i < 20000; ++i) {
        text +=
            "Cllr. Smith noted the \xC2\xA3"
            "2.5m cost in para 3.2.1 of the report. ";
        if (i % 50 == 0) {
            text += "\n\n- A bullet item.\n\n";
        }
    }
    const auto start = std::chrono::steady_clock::now();
    const auto sentences = split_sentences(text);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(sentences.size(), 20000u + 400u);
    EXPECT_LT(elapsed, std::chrono::seconds(5));
    // One very long sentence with no punctuation at all.
    const std::string one(2'000'000, 'a');
    ASSERT_EQ(split_sentences(one).size(), 1u);
}

TEST(SplitSentences, FuzzTargetAcceptsSeeds) {
    const std::vector<std::string> seeds = {
        "",
        "Cllr. Smith said \xE2\x80\x9CNo.\xE2\x80\x9D Then\r\n- item\n# H\n",
        "\xC2\xA0\xC2\xA0.\xC2\xA0\xC2",
        "a. b. C. (d.) E\xE2\x80\xA6 \xE2\x80\x9D",
        std::string("x\0y. Z", 6),
        "1.\n2)\n(a)\n\xE2\x80\xA2\n#\n===\n|a|b|\n> quote. Here",
    };
    for (const std::string& seed : seeds) {
        EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()), 0);
    }
}

}  // namespace
}  // namespace borough::nlp
