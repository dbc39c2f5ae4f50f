#include "server/http_error.h"

#include <gtest/gtest.h>

namespace borough::server {
namespace {

TEST(HttpError, StatusPerCodeAsDocumented) {
    EXPECT_EQ(http_status({ErrorCode::InvalidInput, "", "x"}), 400);
    EXPECT_EQ(http_status({ErrorCode::InvalidInput, "", "Content-Type"}), 415);
    EXPECT_EQ(http_status({ErrorCode::Unauthenticated, "", ""}), 401);
    EXPECT_EQ(http_status({ErrorCode::PermissionDenied, "", ""}), 403);
    EXPECT_EQ(http_status({ErrorCode::NotFound, "", ""}), 404);
    EXPECT_EQ(http_status({ErrorCode::Conflict, "", ""}), 409);
    EXPECT_EQ(http_status({ErrorCode::ResourceExhausted, "", "body"}), 413);
    EXPECT_EQ(http_status({ErrorCode::ResourceExhausted, "", "file"}), 413);
    EXPECT_EQ(http_status({ErrorCode::ResourceExhausted, "", "rate"}), 429);
    EXPECT_EQ(http_status({ErrorCode::Cancelled, "", ""}), 409);
    EXPECT_EQ(http_status({ErrorCode::DeadlineExceeded, "", ""}), 504);
    EXPECT_EQ(http_status({ErrorCode::Unavailable, "", ""}), 503);
    EXPECT_EQ(http_status({ErrorCode::ModelOutputInvalid, "", ""}), 502);
    EXPECT_EQ(http_status({ErrorCode::Internal, "", ""}), 500);
}

TEST(HttpError, BodyShape) {
    EXPECT_EQ(error_body({ErrorCode::NotFound, "no such job", "id"}),
              R"({"error":{"code":"NotFound","message":"no such job","field":"id"}})");
    EXPECT_EQ(api_code(ErrorCode::ModelOutputInvalid), "ModelOutputInvalid");
}

}  // namespace
}  // namespace borough::server
