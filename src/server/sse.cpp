#include "server/sse.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "core/json.h"
#include "core/log.h"
#include "server/call.h"
#include "server/http_error.h"

namespace borough::server {

namespace {
constexpr auto kKeepAlive = std::chrono::seconds(15);
// How often a waiting stream checks for server stop and client disconnect.
constexpr auto kWaitSlice = std::chrono::milliseconds(1000);
}  // namespace

bool is_final_status(store::JobStatus status) {
    return status == store::JobStatus::Succeeded || status == store::JobStatus::Failed ||
           status == store::JobStatus::Cancelled;
}

std::string format_sse_event(const jobs::JobEvent& event) {
    Json data;
    if (event.type == "progress") {
        data = Json{{"stage", event.stage}, {"done", event.done}, {"total", event.total}};
    } else if (event.type == "partial") {
        data = Json{{"key", event.stage}, {"bytes", event.done}};
        // Checkpoint values are compact JSON written by the action; one that does not parse is sent as text.
        if (!event.message.empty()) {
            auto value = parse_json(event.message, "checkpoint");
            data["value"] = value ? *value : Json(event.message);
        }
    } else {
        data = Json{{"status", std::string(store::to_string(event.status))}};
        if (event.status == store::JobStatus::Failed) data["error"] = event.message;
    }
    return fmt::format("id: {}\nevent: {}\ndata: {}\n\n", event.seq, event.type, dump_json(data));
}

void stream_job_events(Call& call, const std::string& job_id, std::uint64_t after_seq) {
    struct Stream {
        ServerState* state;
        std::string job_id;
        std::string request_id;
        std::uint64_t seq;
        bool finished = false;
        std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
    };
    auto stream = std::make_shared<Stream>(Stream{&call.state, job_id, call.request_id, after_seq});
    call.res.status = 200;
    call.res.set_header("Cache-Control", "no-store");
    call.res.set_header("X-Accel-Buffering", "no");
    call.res.set_chunked_content_provider(
        "text/event-stream", [stream](std::size_t /*offset*/, httplib::DataSink& sink) -> bool {
            // Runs on the connection's thread after the handler returned: its own error boundary.
            try {
                Stream& s = *stream;
                if (s.finished) {
                    sink.done();
                    return true;
                }
                while (!s.state->stopping.load()) {
                    if (!sink.is_writable()) return false;
                    auto events = s.state->deps.runner.wait_events(s.job_id, s.seq, kWaitSlice);
                    if (!events) {
                        const std::string text =
                            fmt::format("event: error\ndata: {}\n\n",
                                        dump_json(Json{{"code", std::string(api_code(events.error().code))},
                                                       {"message", events.error().message}}));
                        (void)sink.write(text.data(), text.size());
                        sink.done();
                        return true;
                    }
                    if (!events->empty()) {
                        std::string text;
                        for (const auto& e : *events) {
                            text += format_sse_event(e);
                            s.seq = std::max(s.seq, e.seq);
                            if (e.type == "status" && is_final_status(e.status)) s.finished = true;
                        }
                        s.last_write = std::chrono::steady_clock::now();
                        if (!sink.write(text.data(), text.size())) return false;
                        if (s.finished) sink.done();
                        return true;
                    }
                    if (std::chrono::steady_clock::now() - s.last_write >= kKeepAlive) {
                        constexpr std::string_view kComment = ": keep-alive\n\n";
                        s.last_write = std::chrono::steady_clock::now();
                        return sink.write(kComment.data(), kComment.size());
                    }
                }
                sink.done();
                return true;
            } catch (const std::exception& e) {
                BOROUGH_LOG_ERROR("sse", "[{}] event stream ended by an exception: {}", stream->request_id, e.what());
                return false;
            }
        });
}

}  // namespace borough::server
