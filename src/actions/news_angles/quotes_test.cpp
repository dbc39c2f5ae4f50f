#include "actions/news_angles/quotes.h"

#include <gtest/gtest.h>

namespace borough::actions::news_angles {
namespace {

TEST(Quotes, CurlyQuoteWithAttributionAfter) {
    const std::string text =
        "Visits rose. \xE2\x80\x9CThe scheme has been a real success for local families,\xE2\x80\x9D said Cllr "
        "Amira Haddad, cabinet member for communities. Next sentence.";
    const auto q = find_quotes(text);
    ASSERT_EQ(q.size(), 1U);
    EXPECT_EQ(q[0].text, "The scheme has been a real success for local families,");
    EXPECT_EQ(q[0].speaker, "Cllr Amira Haddad, cabinet member for communities");
    EXPECT_EQ(text.substr(q[0].begin, q[0].end - q[0].begin), q[0].text);
}

TEST(Quotes, StraightQuotesNameSaidAndSaidBefore) {
    const auto after = find_quotes("\"We will keep every library open next year,\" Jo Bloggs said.");
    ASSERT_EQ(after.size(), 1U);
    EXPECT_EQ(after[0].speaker, "Jo Bloggs");
    const auto before = find_quotes("The chair, Dev Patel said: \"Our members would use the park every day.\"");
    ASSERT_EQ(before.size(), 1U);
    EXPECT_EQ(before[0].speaker, "Dev Patel");
    const auto according = find_quotes("According to Dr Sam Lee, \"the waiting list has halved since spring\".");
    ASSERT_EQ(according.size(), 1U);
    EXPECT_EQ(according[0].speaker, "Dr Sam Lee");
}

TEST(Quotes, SpeakerIsNeverGuessed) {
    const auto pronoun = find_quotes("\"It is the busiest summer we have had,\" she said.");
    ASSERT_EQ(pronoun.size(), 1U);
    EXPECT_EQ(pronoun[0].speaker, "");
    const auto clause = find_quotes("\"We are proud of the team here,\" said Jo Bloggs, adding that more was planned.");
    ASSERT_EQ(clause.size(), 1U);
    EXPECT_EQ(clause[0].speaker, "Jo Bloggs");
}

TEST(Quotes, ScareQuotesShortQuotesAndUnclosedMarksAreSkipped) {
    EXPECT_TRUE(find_quotes("The so-called \"bin tax\" was dropped.").empty());
    EXPECT_TRUE(find_quotes("An unclosed \xE2\x80\x9Cquote that never ends here at all").empty());
    EXPECT_TRUE(find_quotes("\"First paragraph words here\n\nsecond paragraph\" ends").empty());
}

}  // namespace
}  // namespace borough::actions::news_angles
