#include "cli/progress_bar.h"

#include <gtest/gtest.h>

namespace borough::cli {
namespace {

TEST(ProgressBar, RendersFractionAndCounts) {
    EXPECT_EQ(ProgressBar::render("map", 5, 10, 10), "map        [#####-----]  50% (5/10)");
    EXPECT_EQ(ProgressBar::render("reduce", 3, 3, 4), "reduce     [####] 100% (3/3)");
    EXPECT_EQ(ProgressBar::render("rows", 42, 0, 10), "rows 42");
}

TEST(ProgressBar, DisabledIsSilent) {
    ProgressBar bar(false);
    testing::internal::CaptureStderr();
    bar.update("x", 1, 2);
    bar.finish();
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace borough::cli
