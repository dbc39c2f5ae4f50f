#include "cli/exit_code.h"

#include <gtest/gtest.h>

#include <set>

namespace borough::cli {
namespace {

TEST(ExitCode, DistinctForDistinctFailureKinds) {
    EXPECT_EQ(exit_code(ErrorCode::InvalidInput), 3);
    EXPECT_EQ(exit_code(ErrorCode::NotFound), 4);
    EXPECT_EQ(exit_code(ErrorCode::Unavailable), 5);
    EXPECT_EQ(exit_code(ErrorCode::ModelOutputInvalid), 6);
    EXPECT_EQ(exit_code(ErrorCode::Cancelled), 7);
    std::set<int> seen;
    for (auto c : {ErrorCode::InvalidInput, ErrorCode::NotFound, ErrorCode::Unavailable, ErrorCode::ModelOutputInvalid,
                   ErrorCode::Cancelled, ErrorCode::PermissionDenied, ErrorCode::ResourceExhausted,
                   ErrorCode::Internal, ErrorCode::Conflict}) {
        const int rc = exit_code(c);
        EXPECT_NE(rc, 0);
        EXPECT_NE(rc, kExitUsage);
        EXPECT_NE(rc, kExitAuditBroken);
        seen.insert(rc);
    }
    EXPECT_EQ(seen.size(), 9u);
}

}  // namespace
}  // namespace borough::cli
