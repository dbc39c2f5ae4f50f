#include "nlp/tokenize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace borough::nlp {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(WordTokens, LowerCasesAndDropsPunctuation) {
    EXPECT_THAT(word_tokens("The Council, on Tuesday; AGREED!"),
                ElementsAre("the", "council", "on", "tuesday", "agreed"));
}

TEST(WordTokens, KeepsInternalApostrophesAndHyphens) {
    EXPECT_THAT(word_tokens("the council's follow-up -- 'quoted' end-"),
                ElementsAre("the", "council's", "follow-up", "quoted", "end"));
}

TEST(WordTokens, CurlyApostropheBecomesAscii) {
    EXPECT_THAT(word_tokens("the council\xE2\x80\x99s \xE2\x80\x98plan\xE2\x80\x99"),
                ElementsAre("the", "council's", "plan"));
}

TEST(WordTokens, NumbersKeepDecimalPointsAndThousands) {
    EXPECT_THAT(word_tokens("\xC2\xA3"
                            "2.5m for para 3.2.1, i.e. 1,000 homes."),
                ElementsAre("2.5m", "for", "para", "3.2.1", "i", "e", "1,000", "homes"));
}

TEST(WordTokens, Utf8LettersKeptSymbolsDropped) {
    // café (é = C3 A9), £ and € are symbols, an em dash separates words.
    EXPECT_THAT(word_tokens("Caf\xC3\xA9 \xC2\xA3"
                            "5 \xE2\x82\xAC"
                            "7 r\xC3\xA9sum\xC3\xA9\xE2\x80\x94"
                            "done"),
                ElementsAre("caf\xC3\xA9", "5", "7", "r\xC3\xA9sum\xC3\xA9", "done"));
}

TEST(WordTokens, InvalidUtf8IsASeparator) {
    EXPECT_THAT(word_tokens("bad\xFF"
                            "byte \xE2\x80"),
                ElementsAre("bad", "byte"));
}

TEST(WordTokens, EmptyAndPunctuationOnly) {
    EXPECT_THAT(word_tokens(""), IsEmpty());
    EXPECT_THAT(word_tokens(" ... -- !! \xE2\x80\x9C\xE2\x80\x9D"), IsEmpty());
}

TEST(Stopwords, CommonWordsAreStopwords) {
    for (const char* w : {"the", "and", "of", "is", "were", "it's", "yourselves", "a"}) {
        EXPECT_TRUE(is_stopword(w)) << w;
    }
    for (const char* w : {"council", "housing", "budget", "The", "", "zzz"}) {
        EXPECT_FALSE(is_stopword(w)) << w;
    }
}

TEST(ContentTokens, DropsStopwordsAndShortTokens) {
    EXPECT_THAT(content_tokens("The council agreed a 5% rise in the housing budget."),
                ElementsAre("council", "agreed", "rise", "housing", "budget"));
}

}  // namespace
}  // namespace borough::nlp
