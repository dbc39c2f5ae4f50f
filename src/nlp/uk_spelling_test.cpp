#include "nlp/uk_spelling.h"

#include <gtest/gtest.h>

namespace borough::nlp {
namespace {

TEST(UkSpellingTest, MapsBritishFormsAndInflections) {
    const UkSpelling spelling;
    EXPECT_EQ(spelling.to_american("colour"), "color");
    EXPECT_EQ(spelling.to_american("favourite"), "favorite");
    EXPECT_EQ(spelling.to_american("favourable"), "favorable");
    EXPECT_EQ(spelling.to_american("behaviour"), "behavior");
    EXPECT_EQ(spelling.to_american("neighbours"), "neighbors");
    EXPECT_EQ(spelling.to_american("organised"), "organized");
    EXPECT_EQ(spelling.to_american("disorganised"), "disorganized");
    EXPECT_EQ(spelling.to_american("apologising"), "apologizing");
    EXPECT_EQ(spelling.to_american("recognise"), "recognize");
    EXPECT_EQ(spelling.to_american("analysed"), "analyzed");
    EXPECT_EQ(spelling.to_american("travelled"), "traveled");
    EXPECT_EQ(spelling.to_american("cancelling"), "canceling");
    EXPECT_EQ(spelling.to_american("centre"), "center");
    EXPECT_EQ(spelling.to_american("defence"), "defense");
    EXPECT_EQ(spelling.to_american("offences"), "offenses");
    EXPECT_EQ(spelling.to_american("cheque"), "check");
    EXPECT_EQ(spelling.to_american("judgement"), "judgment");
    EXPECT_EQ(spelling.to_american("programme"), "program");
    EXPECT_EQ(spelling.to_american("mouldy"), "moldy");
}

TEST(UkSpellingTest, LeavesOtherWordsAlone) {
    const UkSpelling spelling;
    // -ise in both spellings, American words, and words with no variant stay as they are.
    for (std::string_view w : {"advertise", "surprise", "exercise", "color", "repair", "council", ""}) {
        EXPECT_EQ(spelling.to_american(w), w) << w;
        EXPECT_FALSE(spelling.contains(w)) << w;
    }
    // The bare noun "emphasis" is not the verb "emphasise".
    EXPECT_EQ(spelling.to_american("emphasis"), "emphasis");
    EXPECT_EQ(spelling.to_american("emphasised"), "emphasized");
}

TEST(UkSpellingTest, TableIsLargeAndConsistent) {
    const UkSpelling spelling;
    EXPECT_GE(spelling.size(), 150U);
    const auto pairs = spelling.pairs();
    ASSERT_EQ(pairs.size(), spelling.size());
    for (const auto& [british, american] : pairs) {
        EXPECT_NE(british, american);
        EXPECT_FALSE(british.empty());
        // Mapping is one step: an American form is never itself a British key.
        EXPECT_FALSE(spelling.contains(american)) << british << " -> " << american;
    }
    EXPECT_TRUE(std::is_sorted(pairs.begin(), pairs.end()));
}

}  // namespace
}  // namespace borough::nlp
