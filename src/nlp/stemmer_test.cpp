#include "nlp/stemmer.h"

#include <gtest/gtest.h>

#include <string>

namespace borough::nlp {
namespace {

TEST(StemmerTest, ReducesInflectionsToOneStem) {
    auto stemmer = Stemmer::create();
    ASSERT_TRUE(stemmer.has_value()) << stemmer.error().describe();
    const std::string repairs((*stemmer)->stem("repairs"));
    EXPECT_EQ(repairs, (*stemmer)->stem("repaired"));
    EXPECT_EQ(repairs, (*stemmer)->stem("repairing"));
    EXPECT_EQ("park", (*stemmer)->stem("parking"));
    EXPECT_NE(repairs, (*stemmer)->stem("parking"));
}

TEST(StemmerTest, HandlesEmptyAndNonAsciiWords) {
    auto stemmer = Stemmer::create();
    ASSERT_TRUE(stemmer.has_value());
    EXPECT_EQ("", (*stemmer)->stem(""));
    EXPECT_FALSE((*stemmer)->stem("caf\xC3\xA9s").empty());
}

TEST(StemmerTest, SeparateInstancesAreIndependent) {
    auto a = Stemmer::create();
    auto b = Stemmer::create();
    ASSERT_TRUE(a.has_value() && b.has_value());
    const std::string first((*a)->stem("councils"));
    EXPECT_EQ("hous", (*b)->stem("housing"));
    EXPECT_EQ(first, (*a)->stem("councils"));
}

}  // namespace
}  // namespace borough::nlp
