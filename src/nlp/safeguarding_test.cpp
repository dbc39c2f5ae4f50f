#include "nlp/safeguarding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace borough::nlp {
namespace {

// Every sentence below was written by us for these tests.
using Cat = SafeguardingCategory;

std::vector<Cat> categories(std::string_view text) {
    std::vector<Cat> out;
    for (const auto& f : find_safeguarding_concerns(text)) {
        out.push_back(f.category);
    }
    return out;
}

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(SafeguardingFlags, SelfHarm) {
    for (const char* s :
         {"Some days I want to kill myself", "I just want to end it all", "I don't want to live like this",
          "I DON\xE2\x80\x99T WANT TO LIVE", "been self-harming again", "feeling suicidal since the eviction",
          "they would be better off without me", "I can't cope anymore with the damp"}) {
        EXPECT_THAT(categories(s), ElementsAre(Cat::SelfHarm)) << s;
    }
}

TEST(SafeguardingFlags, AbuseThreatNeglectChildExploitation) {
    EXPECT_THAT(categories("he hits me when he drinks"), ElementsAre(Cat::AbuseOrViolence));
    EXPECT_THAT(categories("My partner was hitting me again"), ElementsAre(Cat::AbuseOrViolence));
    EXPECT_THAT(categories("I am afraid to go home"), ElementsAre(Cat::AbuseOrViolence));
    EXPECT_THAT(categories("I am being threatened by my neighbour"), ElementsAre(Cat::Threat));
    EXPECT_THAT(categories("if they don't fix it I will kill someone"), Contains(Cat::Threat));
    EXPECT_THAT(categories("I'll burn the whole place down"), ElementsAre(Cat::Threat));
    EXPECT_THAT(categories("mum is left alone all day"), ElementsAre(Cat::Neglect));
    EXPECT_THAT(categories("There is no food in the house"), ElementsAre(Cat::Neglect));
    EXPECT_THAT(categories("the kids are left alone every night"), ElementsAre(Cat::ChildAtRisk));
    EXPECT_THAT(categories("he smacks the baby"), ElementsAre(Cat::ChildAtRisk));
    EXPECT_THAT(categories("the flat downstairs is being used for cuckooing"), ElementsAre(Cat::Exploitation));
    EXPECT_THAT(categories("older men grooming girls at the bus station"), ElementsAre(Cat::Exploitation));
}

TEST(SafeguardingFlags, SpanAndPhrase) {
    const std::string text = "Honestly he hits me.";
    const auto flags = find_safeguarding_concerns(text);
    ASSERT_EQ(flags.size(), 1u);
    EXPECT_EQ(text.substr(flags[0].begin, flags[0].end - flags[0].begin), "hits me");
    EXPECT_THAT(flags[0].phrase, ::testing::HasSubstr("hit+"));
    EXPECT_EQ(to_string(flags[0].category), "abuse_or_violence");
}

TEST(SafeguardingFlags, SelfHarmIsNotAlsoAThreat) {
    EXPECT_THAT(categories("I will kill myself"), ElementsAre(Cat::SelfHarm));
}

TEST(SafeguardingIdioms, DocumentedExclusionsAreNotFlagged) {
    for (const char* s : {"The spray did not kill the weeds", "the wait is killing me", "abuse of parking bays by vans",
                          "People abusing the parking permits", "I'd kill for a decent bus service",
                          "the dog grooming shop on the corner", "Food waste: no food waste collection here",
                          "the park has been neglected for years", "The library is under threat of closure",
                          "I nearly killed myself tripping on that pavement", "the views are to die for",
                          "I got a threatening letter about council tax", "the cuts hit us hard",
                          "the hedges should be left alone", "", "   "}) {
        EXPECT_THAT(categories(s), IsEmpty()) << s;
    }
}

TEST(SafeguardingIdioms, ConcernNextToAnIdiomIsStillFlagged) {
    EXPECT_THAT(categories("The wait is killing me. My husband hits me."), ElementsAre(Cat::AbuseOrViolence));
}

}  // namespace
}  // namespace borough::nlp
