#include "store/job_store.h"

#include <gtest/gtest.h>

namespace borough::store {
namespace {

TEST(JobStatusTest, EveryStatusRoundTrips) {
    for (JobStatus s :
         {JobStatus::Queued, JobStatus::Running, JobStatus::Succeeded, JobStatus::Failed, JobStatus::Cancelled}) {
        auto parsed = parse_job_status(to_string(s));
        ASSERT_TRUE(parsed) << to_string(s);
        EXPECT_EQ(*parsed, s);
    }
    EXPECT_EQ(to_string(JobStatus::Succeeded), "succeeded");
}

TEST(JobStatusTest, UnknownTextIsRejectedNotDefaulted) {
    for (std::string_view text : {"", "Queued", "done", "running "}) {
        auto parsed = parse_job_status(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().code, ErrorCode::InvalidInput);
        EXPECT_EQ(parsed.error().field, "status");
    }
}

}  // namespace
}  // namespace borough::store
