#include "actions/survey_analysis/svg_chart.h"

#include <gtest/gtest.h>

namespace borough::actions::survey {
namespace {

std::size_t count(const std::string& s, std::string_view what) {
    std::size_t n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
}

TEST(SvgChart, HorizontalBarsScaleToTheLargest) {
    const auto svg = horizontal_bar_chart("Themes", {{"Repairs", 40, "(40%)"}, {"Damp & mould", 20, ""}});
    EXPECT_TRUE(svg.starts_with("<svg"));
    EXPECT_NE(svg.find("<title>Themes</title>"), std::string::npos);
    EXPECT_NE(svg.find("width=\"420\""), std::string::npos);  // the largest bar fills the area
    EXPECT_NE(svg.find("width=\"210\""), std::string::npos);  // half of it
    EXPECT_NE(svg.find("Damp &amp; mould"), std::string::npos);
    EXPECT_EQ(svg.find("Damp & mould"), std::string::npos);
    EXPECT_EQ(count(svg, "class=\"bar\""), 2U);
}

TEST(SvgChart, StackedBarsShowShares) {
    const auto svg = stacked_bar_chart("Sentiment", {{"Positive", "#00703c"}, {"Negative", "#d4351c"}},
                                       {{"Riverside", {3, 1}}, {"Castle", {0, 0}}});
    EXPECT_NE(svg.find("Riverside — Positive: 3 (75%)"), std::string::npos);
    EXPECT_NE(svg.find("Riverside — Negative: 1 (25%)"), std::string::npos);
    EXPECT_NE(svg.find("n = 0"), std::string::npos);  // an empty row draws no segment but keeps its label
    EXPECT_EQ(count(svg, "<rect"), 2U + 2U);            // legend swatches + two segments
}

TEST(SvgChart, EscapesMarkupInLabels) {
    const auto svg = horizontal_bar_chart("<script>", {{"<b>\"x\"</b>", 1, ""}});
    EXPECT_EQ(svg.find("<script>"), std::string::npos);
    EXPECT_EQ(svg.find("<b>"), std::string::npos);
    EXPECT_EQ(escape_xml("a'b\"c<d>&"), "a&#39;b&quot;c&lt;d&gt;&amp;");
}

TEST(SvgChart, LongLabelsAreClippedOnUtf8Boundaries) {
    const std::string label = "Ŵ" + std::string(60, 'x');
    const auto svg = horizontal_bar_chart("t", {{label, 1, ""}});
    EXPECT_NE(svg.find("…"), std::string::npos);
    EXPECT_NE(svg.find(label), std::string::npos);  // the full label stays in the hover title
}

}  // namespace
}  // namespace borough::actions::survey
