// Jobs over HTTP: submission (JSON and multipart), SSE to the end, team isolation, results, edits,
// review and exports with and without the DRAFT mark, time saved and the audit trail.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "io/zip_memory.h"
#include "server/server.h"
#include "server/test_server.h"

namespace borough::server {
namespace {

using test::ServerFixture;
using test::Session;

class ServerJobsTest : public ServerFixture {
protected:
    // Submits the report, reads SSE to the final status and checks it succeeded.
    std::string finished_job(const Session& s) {
        const std::string id = submit_report(s);
        const std::string events = read_events(s, id);
        EXPECT_NE(events.find("event: status\ndata: {\"status\":\"succeeded\"}"), std::string::npos) << events;
        // The runner publishes the final status a moment before its worker lets go of the job; a
        // cancel in that moment is accepted (reported to the jobs module), so wait for it here.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (runner_->stats().running > 0 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return id;
    }

    std::string docx_part(const std::string& bytes, const std::string& part) {
        auto entries = io::unzip_in_memory(bytes);
        EXPECT_TRUE(entries);
        if (!entries) return {};
        for (const auto& [name, content] : *entries) {
            if (name == part) return content;
        }
        return {};
    }

    std::vector<std::string> audit_actions(const std::string& subject) {
        std::vector<std::string> out;
        auto entries = services_.store_->audit_entries(0, 1000);
        EXPECT_TRUE(entries);
        for (const auto& e : *entries) {
            if (e.subject == subject) out.push_back(e.action);
        }
        return out;
    }
};

TEST_F(ServerJobsTest, JsonSubmissionStreamsEventsToSuccess) {
    const Session sam = sign_in("sam");
    const std::string id = submit_report(sam);
    ASSERT_EQ(id.size(), 32u);
    const std::string events = read_events(sam, id);
    // Numbered events in order: queued, running, progress..., succeeded; the stream then ends.
    EXPECT_TRUE(events.starts_with("id: 1\nevent: status\ndata: {\"status\":\"queued\"}\n\n")) << events;
    EXPECT_NE(events.find("id: 2\nevent: status\ndata: {\"status\":\"running\"}"), std::string::npos);
    EXPECT_NE(events.find("event: progress\ndata: {\"stage\":"), std::string::npos);
    EXPECT_TRUE(events.ends_with("event: status\ndata: {\"status\":\"succeeded\"}\n\n")) << events;

    // Last-Event-ID resumes after that event.
    const std::string rest = read_events(sam, id, "2");
    EXPECT_EQ(rest.find("id: 1\n"), std::string::npos);
    EXPECT_EQ(rest.find("id: 2\n"), std::string::npos);
    EXPECT_NE(rest.find("succeeded"), std::string::npos);

    auto c = client();
    auto job = c.Get(("/api/v1/jobs/" + id).c_str(), as(sam));
    ASSERT_EQ(job->status, 200);
    const Json j = body_of(job)["job"];
    EXPECT_EQ(j["status"], "succeeded");
    EXPECT_EQ(j["action_title"], "Document summary");
    EXPECT_EQ(j["category"], "Corporate");
    EXPECT_EQ(j["created_by"], "sam");
    EXPECT_EQ(j["team"], "adults-north");
    EXPECT_EQ(j["engine"], "extractive");
    EXPECT_EQ(j["review"]["state"], "draft");

    auto result = c.Get(("/api/v1/jobs/" + id + "/result").c_str(), as(sam));
    ASSERT_EQ(result->status, 200) << result->body;
    const Json r = body_of(result);
    EXPECT_EQ(r["kind"], "generated");
    EXPECT_EQ(r["method"], "extractive");
    EXPECT_TRUE(r["result"].is_object());
    EXPECT_NE(r["markdown"].get<std::string>().find("DRAFT"), std::string::npos);
    EXPECT_EQ(r["review"]["version"], r["version"]);

    auto source = c.Get(("/api/v1/jobs/" + id + "/source").c_str(), as(sam));
    ASSERT_EQ(source->status, 200);
    EXPECT_EQ(body_of(source)["name"], "library.txt");
    EXPECT_EQ(body_of(source)["text"], std::string(test::kReport));

    auto list = c.Get("/api/v1/jobs?status=succeeded&limit=10", as(sam));
    ASSERT_EQ(list->status, 200);
    ASSERT_EQ(body_of(list)["jobs"].size(), 1u);
    EXPECT_EQ(body_of(list)["jobs"][0]["id"], id);
}

TEST_F(ServerJobsTest, OtherTeamsJobsAreInvisible) {
    const Session sam = sign_in("sam");
    const Session hana = sign_in("hana");
    const Session aud = sign_in("aud");
    const std::string id = finished_job(sam);
    auto c = client();
    for (const std::string_view suffix : {"", "/result", "/versions", "/source", "/events", "/export?format=md"}) {
        auto res = c.Get(("/api/v1/jobs/" + id + std::string(suffix)).c_str(), as(hana));
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 404) << suffix;
        EXPECT_EQ(error_code(res), "NotFound");
    }
    EXPECT_EQ(c.Post(("/api/v1/jobs/" + id + "/cancel").c_str(), as(hana), "", "application/json")->status, 404);
    EXPECT_EQ(body_of(c.Get("/api/v1/jobs", as(hana)))["jobs"].size(), 0u);
    // The same answer as a job that does not exist.
    EXPECT_EQ(body_of(c.Get(("/api/v1/jobs/" + id).c_str(), as(hana))),
              body_of(c.Get("/api/v1/jobs/00000000000000000000000000000000", as(hana))));
    // Auditors read every team.
    EXPECT_EQ(c.Get(("/api/v1/jobs/" + id).c_str(), as(aud))->status, 200);
    EXPECT_EQ(body_of(c.Get("/api/v1/jobs", as(aud)))["jobs"].size(), 1u);
}

TEST_F(ServerJobsTest, MultipartUploadAndUnsafeNames) {
    const Session sam = sign_in("sam");
    auto c = client();
    httplib::MultipartFormDataItems form{
        {"action", "document-summary", "", ""},
        {"param.length", "short", "", ""},
        {"file", std::string(test::kReport), "branch review.txt", "text/plain"},
    };
    auto res = c.Post("/api/v1/jobs", as(sam), form);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 202) << res->body;
    const std::string id = body_of(res)["job"]["id"];
    EXPECT_NE(read_events(sam, id).find("succeeded"), std::string::npos);
    auto source = c.Get(("/api/v1/jobs/" + id + "/source").c_str(), as(sam));
    EXPECT_EQ(body_of(source)["name"], "branch review.txt");

    for (const std::string& bad : {std::string("../../etc/passwd"), std::string("a/b.txt"), std::string("..\\x.txt"),
                                   std::string("a\x01.txt")}) {
        httplib::MultipartFormDataItems evil{{"action", "document-summary", "", ""},
                                             {"file", "text", bad, "text/plain"}};
        auto refused = c.Post("/api/v1/jobs", as(sam), evil);
        ASSERT_TRUE(refused);
        EXPECT_EQ(refused->status, 400) << bad;
        EXPECT_EQ(error_field(refused), "file") << bad;
    }
    httplib::MultipartFormDataItems unknown{{"action", "document-summary", "", ""}, {"colour", "red", "", ""}};
    EXPECT_EQ(c.Post("/api/v1/jobs", as(sam), unknown)->status, 400);
    httplib::MultipartFormDataItems no_file{{"action", "document-summary", "", ""}};
    auto missing = c.Post("/api/v1/jobs", as(sam), no_file);
    EXPECT_EQ(missing->status, 400);
    EXPECT_EQ(error_field(missing), "file");
    // Files past max_input_bytes (4 MiB here) are refused as too large.
    httplib::MultipartFormDataItems huge{{"action", "document-summary", "", ""},
                                         {"file", std::string(5 << 20, 'a'), "big.txt", "text/plain"}};
    auto too_big = c.Post("/api/v1/jobs", as(sam), huge);
    ASSERT_TRUE(too_big);
    EXPECT_EQ(too_big->status, 413);
    EXPECT_EQ(error_field(too_big), "file");
    EXPECT_EQ(c.Post("/api/v1/jobs", as(sam), "action=x", "application/x-www-form-urlencoded")->status, 415);
}

TEST_F(ServerJobsTest, JsonSubmissionErrorsNameTheField) {
    const Session sam = sign_in("sam");
    auto c = client();
    auto no_action = c.Post("/api/v1/jobs", as(sam), R"({"input":{"name":"a.txt","text":"x"}})", "application/json");
    EXPECT_EQ(no_action->status, 400);
    EXPECT_EQ(error_field(no_action), "action");
    auto unknown =
        c.Post("/api/v1/jobs", as(sam), R"({"action":"nope","input":{"name":"a.txt","text":"x"}})", "application/json");
    EXPECT_EQ(unknown->status, 404);
    auto traversal =
        c.Post("/api/v1/jobs", as(sam), R"({"action":"document-summary","input":{"name":"../a.txt","text":"x"}})",
               "application/json");
    EXPECT_EQ(traversal->status, 400);
    EXPECT_EQ(error_field(traversal), "input.name");
    auto bad_param =
        c.Post("/api/v1/jobs", as(sam),
               R"({"action":"document-summary","input":{"name":"a.txt","text":"x"},"parameters":{"length":[1]}})",
               "application/json");
    EXPECT_EQ(bad_param->status, 400);
}

TEST_F(ServerJobsTest, EditReviewApproveAndExport) {
    const Session sam = sign_in("sam");
    const Session rita = sign_in("rita");
    const std::string id = finished_job(sam);
    const std::string base = "/api/v1/jobs/" + id;
    auto c = client();
    const int generated = body_of(c.Get((base + "/result").c_str(), as(sam)))["version"];

    // An unapproved draft exports with the DRAFT mark, in Markdown and in Word.
    auto md_draft = c.Get((base + "/export?format=md").c_str(), as(sam));
    ASSERT_EQ(md_draft->status, 200);
    EXPECT_TRUE(md_draft->body.starts_with("> **DRAFT**")) << md_draft->body;
    EXPECT_NE(md_draft->get_header_value("Content-Disposition").find("-DRAFT.md\""), std::string::npos);
    auto docx_draft = c.Get((base + "/export?format=docx").c_str(), as(sam));
    ASSERT_EQ(docx_draft->status, 200);
    EXPECT_NE(docx_part(docx_draft->body, "word/header1.xml").find("DRAFT"), std::string::npos);
    EXPECT_EQ(c.Get((base + "/export?format=xlsx").c_str(), as(sam))->status, 404) << "no workbook for a summary";
    EXPECT_EQ(c.Get((base + "/export?format=pdf").c_str(), as(sam))->status, 400);

    // Staff edit: a new version of kind "edited"; a stale base is a conflict.
    const std::string edited_md = "# Library review\n\nSaturday hours will be longer at **two** branches.\n";
    auto edit = c.Post((base + "/versions").c_str(), as(sam),
                       dump_json(Json{{"markdown", edited_md}, {"based_on", generated}}), "application/json");
    ASSERT_EQ(edit->status, 201) << edit->body;
    const int edited = body_of(edit)["version"];
    EXPECT_GT(edited, generated);
    auto stale = c.Post((base + "/versions").c_str(), as(sam),
                        dump_json(Json{{"markdown", "x"}, {"based_on", generated}}), "application/json");
    EXPECT_EQ(stale->status, 409);
    auto versions = body_of(c.Get((base + "/versions").c_str(), as(sam)))["versions"];
    EXPECT_EQ(versions.back()["kind"], "edited");
    EXPECT_EQ(versions.back()["created_by"], "sam");
    auto v = c.Get((base + "/versions/" + std::to_string(edited)).c_str(), as(sam));
    EXPECT_EQ(body_of(v)["content"], edited_md);
    EXPECT_EQ(c.Get((base + "/versions/999").c_str(), as(sam))->status, 404);

    // Staff cannot approve; a reviewer must review the latest version; rejection needs a comment.
    const Json approve{{"decision", "approve"}, {"version", edited}, {"comment", "Checked against the report."}};
    EXPECT_EQ(c.Post((base + "/review").c_str(), as(sam), dump_json(approve), "application/json")->status, 403);
    auto old = c.Post((base + "/review").c_str(), as(rita),
                      dump_json(Json{{"decision", "approve"}, {"version", generated}}), "application/json");
    EXPECT_EQ(old->status, 409);
    auto bare_reject = c.Post((base + "/review").c_str(), as(rita),
                              dump_json(Json{{"decision", "reject"}, {"version", edited}}), "application/json");
    EXPECT_EQ(bare_reject->status, 400);
    EXPECT_EQ(error_field(bare_reject), "comment");
    auto approved = c.Post((base + "/review").c_str(), as(rita), dump_json(approve), "application/json");
    ASSERT_EQ(approved->status, 200) << approved->body;
    EXPECT_EQ(body_of(approved)["review"]["state"], "approved");
    EXPECT_EQ(body_of(approved)["review"]["reviewer"], "rita");

    auto job = body_of(c.Get(base.c_str(), as(sam)))["job"];
    EXPECT_EQ(job["review"]["state"], "approved");
    EXPECT_EQ(job["review"]["version"], edited);

    // Approved exports: no DRAFT anywhere, and who approved it and when.
    auto md = c.Get((base + "/export?format=md").c_str(), as(sam));
    ASSERT_EQ(md->status, 200);
    EXPECT_EQ(md->body, "> Approved by Rita Reviewer on 2026-11-22.\n\n" + edited_md);
    EXPECT_EQ(md->get_header_value("Content-Disposition"),
              "attachment; filename=\"document-summary-" + id.substr(0, 8) + ".md\"");
    auto docx = c.Get((base + "/export?format=docx").c_str(), as(sam));
    ASSERT_EQ(docx->status, 200);
    EXPECT_EQ(docx_part(docx->body, "word/header1.xml").find("DRAFT"), std::string::npos);
    const std::string body = docx_part(docx->body, "word/document.xml");
    EXPECT_NE(body.find("Approved by Rita Reviewer on 2026-11-22"), std::string::npos);
    EXPECT_NE(body.find("Library review"), std::string::npos);

    // An edit after approval makes it a draft again.
    auto later = c.Post((base + "/versions").c_str(), as(sam),
                        dump_json(Json{{"markdown", edited_md + "\nOne more line.\n"}, {"based_on", edited}}),
                        "application/json");
    ASSERT_EQ(later->status, 201);
    EXPECT_TRUE(c.Get((base + "/export?format=md").c_str(), as(sam))->body.starts_with("> **DRAFT**"));

    // The audit trail has each step, with ids and hashes but never the text.
    const auto actions = audit_actions(id);
    for (const auto* expected :
         {"job.created", "job.succeeded", "output.edited", "output.approved", "output.exported"}) {
        EXPECT_NE(std::find(actions.begin(), actions.end(), expected), actions.end()) << expected;
    }
    auto entries = services_.store_->audit_entries(0, 1000);
    ASSERT_TRUE(entries);
    for (const auto& e : *entries) EXPECT_EQ(dump_json(e.detail).find("Saturday"), std::string::npos) << e.action;
    const Session aud = sign_in("aud");
    auto verify = c.Get("/api/v1/audit/verify", as(aud));
    EXPECT_EQ(body_of(verify)["ok"], true);
    EXPECT_GE(body_of(c.Get("/api/v1/audit?limit=5", as(aud)))["entries"].size(), 5u);
}

TEST_F(ServerJobsTest, CancelRerunAndTimeSaved) {
    const Session sam = sign_in("sam");
    const std::string id = finished_job(sam);
    auto c = client();
    auto cancel = c.Post(("/api/v1/jobs/" + id + "/cancel").c_str(), as(sam), "", "application/json");
    EXPECT_EQ(cancel->status, 409) << "a finished job cannot be cancelled";
    auto rerun =
        c.Post(("/api/v1/jobs/" + id + "/rerun").c_str(), as(sam), R"({"engine":"extractive"})", "application/json");
    ASSERT_EQ(rerun->status, 202) << rerun->body;
    const std::string again = body_of(rerun)["job"]["id"];
    EXPECT_NE(again, id);
    EXPECT_NE(read_events(sam, again).find("succeeded"), std::string::npos);

    auto stats = c.Get("/api/v1/stats/time-saved", as(sam));
    ASSERT_EQ(stats->status, 200);
    const Json rows = body_of(stats)["rows"];
    ASSERT_EQ(rows.size(), 1u) << rows.dump();
    EXPECT_EQ(rows[0]["month"], "2026-11");
    EXPECT_EQ(rows[0]["service_area"], "Corporate");
    EXPECT_EQ(rows[0]["action"], "document-summary");
    EXPECT_EQ(rows[0]["runs"], 2);
    EXPECT_GT(rows[0]["minutes_saved"].get<double>(), 0.0);
    const Session hana = sign_in("hana");
    EXPECT_EQ(body_of(c.Get("/api/v1/stats/time-saved", as(hana)))["rows"].size(), 0u) << "team-scoped";

    auto metrics = c.Get("/metrics");
    EXPECT_NE(metrics->body.find("borough_jobs_total{status=\"succeeded\"} 2"), std::string::npos) << metrics->body;
}

TEST_F(ServerJobsTest, SubmissionsAreRateLimitedPerUser) {
    const Session sam = sign_in("sam");
    auto c = client();
    int accepted = 0;
    int limited = 0;
    for (int i = 0; i < 32; ++i) {
        auto res = c.Post("/api/v1/jobs", as(sam), R"({"action":"nope","input":{"name":"a.txt","text":"x"}})",
                          "application/json");
        ASSERT_TRUE(res);
        if (res->status == 429) {
            ++limited;
            EXPECT_FALSE(res->get_header_value("Retry-After").empty());
        } else {
            ++accepted;
        }
    }
    EXPECT_EQ(accepted, 30);
    EXPECT_EQ(limited, 2);
}

TEST_F(ServerJobsTest, CancelEndsTheEventStreamOfARunningJob) {
    const Session sam = sign_in("sam");
    auto c = client();
    const Json request{{"action", "document-summary"},
                       {"input", {{"name", "library.txt"}, {"text", std::string(test::kReport)}}},
                       {"engine", "blocking"}};
    auto res = c.Post("/api/v1/jobs", as(sam), dump_json(request), "application/json");
    ASSERT_EQ(res->status, 202) << res->body;
    const std::string id = body_of(res)["job"]["id"];
    ASSERT_TRUE(services_.blocking_->wait_entered(std::chrono::seconds(30)));
    std::string events;
    std::thread reader([&] { events = read_events(sam, id); });
    auto cancel = c.Post(("/api/v1/jobs/" + id + "/cancel").c_str(), as(sam), "", "application/json");
    EXPECT_EQ(cancel->status, 202) << cancel->body;
    reader.join();
    EXPECT_NE(events.find("data: {\"status\":\"running\"}"), std::string::npos) << events;
    EXPECT_TRUE(events.ends_with("event: status\ndata: {\"status\":\"cancelled\"}\n\n")) << events;
    EXPECT_EQ(body_of(c.Get(("/api/v1/jobs/" + id).c_str(), as(sam)))["job"]["status"], "cancelled");
    EXPECT_EQ(c.Get(("/api/v1/jobs/" + id + "/result").c_str(), as(sam))->status, 404);
}

TEST_F(ServerJobsTest, StopEndsOpenEventStreamsPromptly) {
    const Session sam = sign_in("sam");
    auto c = client();
    const Json request{{"action", "document-summary"},
                       {"input", {{"name", "library.txt"}, {"text", std::string(test::kReport)}}},
                       {"engine", "blocking"}};
    auto res = c.Post("/api/v1/jobs", as(sam), dump_json(request), "application/json");
    ASSERT_EQ(res->status, 202) << res->body;
    const std::string id = body_of(res)["job"]["id"];
    ASSERT_TRUE(services_.blocking_->wait_entered(std::chrono::seconds(30)));
    std::atomic<bool> done{false};
    std::thread reader([&] {
        auto rc = client();
        (void)rc.Get(("/api/v1/jobs/" + id + "/events").c_str(), as(sam, false),
                     [](const char*, std::size_t) { return true; });
        done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_FALSE(done.load()) << "the stream stays open while the job runs";
    const auto start = std::chrono::steady_clock::now();
    server_->stop();
    thread_.join();
    reader.join();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(ServerJobsTest, RecordingsAreSavedToTheUploadFolder) {
    const Session sam = sign_in("sam");
    auto c = client();
    std::string wav = "RIFF";
    wav += std::string(2000, '\x01');  // not real audio: the job fails later, the upload is what matters
    httplib::MultipartFormDataItems form{{"action", "meeting-minutes", "", ""},
                                         {"file", wav, "panel meeting.wav", "audio/wav"}};
    auto res = c.Post("/api/v1/jobs", as(sam), form);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 202) << res->body;
    int found = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "uploads")) {
        if (!entry.is_regular_file()) continue;
        ++found;
        EXPECT_EQ(entry.path().filename(), "panel meeting.wav");
        EXPECT_EQ(entry.file_size(), wav.size());
    }
    EXPECT_EQ(found, 1);
    // A refused submission leaves nothing behind.
    httplib::MultipartFormDataItems refused{{"action", "no-such-action", "", ""},
                                            {"file", wav, "other.wav", "audio/wav"}};
    EXPECT_EQ(c.Post("/api/v1/jobs", as(sam), refused)->status, 404);
    int after = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "uploads")) {
        after += entry.is_regular_file() ? 1 : 0;
    }
    EXPECT_EQ(after, 1);
}

}  // namespace
}  // namespace borough::server
