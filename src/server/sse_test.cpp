// The text of one Server-Sent Event for each kind of job event.
#include "server/sse.h"

#include <gtest/gtest.h>

namespace borough::server {
namespace {

TEST(SseFormat, ProgressStatusAndPartialEvents) {
    jobs::JobEvent progress;
    progress.seq = 3;
    progress.type = "progress";
    progress.stage = "map";
    progress.done = 2;
    progress.total = 5;
    EXPECT_EQ(format_sse_event(progress), "id: 3\nevent: progress\ndata: {\"stage\":\"map\",\"done\":2,\"total\":5}\n\n");

    jobs::JobEvent failed;
    failed.seq = 9;
    failed.type = "status";
    failed.status = store::JobStatus::Failed;
    failed.message = "model unavailable";
    EXPECT_EQ(format_sse_event(failed),
              "id: 9\nevent: status\ndata: {\"status\":\"failed\",\"error\":\"model unavailable\"}\n\n");

    jobs::JobEvent partial;
    partial.seq = 4;
    partial.type = "partial";
    partial.stage = "row:Q1:7";
    partial.message = R"({"themes":["repairs"]})";
    partial.done = partial.message.size();
    EXPECT_EQ(format_sse_event(partial),
              "id: 4\nevent: partial\ndata: {\"key\":\"row:Q1:7\",\"bytes\":22,\"value\":{\"themes\":[\"repairs\"]}}\n\n");

    // Too large to stream: only its size. Not JSON: sent as text, never dropped or mangled into JSON.
    partial.message.clear();
    partial.done = 5'000'000;
    EXPECT_EQ(format_sse_event(partial), "id: 4\nevent: partial\ndata: {\"key\":\"row:Q1:7\",\"bytes\":5000000}\n\n");
    partial.message = "line one\nline two";
    partial.done = partial.message.size();
    const std::string text = format_sse_event(partial);
    EXPECT_NE(text.find(R"("value":"line one\nline two")"), std::string::npos) << text;
    EXPECT_EQ(text.find("one\nline"), std::string::npos) << "a raw newline would end the data field";
}

}  // namespace
}  // namespace borough::server
