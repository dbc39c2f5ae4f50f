// Black-box: a job's life through the API on the extractive engine: JSON and multipart submission,
// Server-Sent Events (with reconnection), result, versions, an edit, review, and exports with and
// without the DRAFT mark.
#include <gtest/gtest.h>

#include <algorithm>

#include "api_fixture.h"
#include "io/docx_text.h"
#include "io/xlsx_reader.h"

namespace borough::api_test {
namespace {

using JobsApi = ApiTest;

std::string docx_text(const std::string& bytes) {
    auto paragraphs = io::docx_paragraphs(bytes, "export.docx");
    EXPECT_TRUE(paragraphs) << paragraphs.error().message;
    std::string text;
    if (paragraphs) {
        for (const auto& p : *paragraphs) text += p.text + "\n";
    }
    return text;
}

bool contains(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// The audit actions recorded about a job, oldest first, as "actor action".
std::vector<std::string> audit_of(ApiClient& admin, const std::string& job_id, std::string* raw = nullptr) {
    const auto r = admin.get("/api/v1/audit?limit=1000");
    EXPECT_EQ(r.status, 200) << r.describe();
    if (raw != nullptr) *raw = r.body;
    std::vector<std::string> out;
    for (const auto& e : r.json()["entries"]) {
        if (e.value("subject", "") == job_id) out.push_back(e.value("actor", "") + " " + e.value("action", ""));
    }
    return out;
}

TEST_F(JobsApi, MinutesFromJsonThroughEventsEditApprovalAndExport) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    ApiClient reviewer = make_user("rita", "reviewer", kTeamA);
    const std::string transcript = sample("minutes/team-meeting.txt");

    const auto submitted = submit_text(staff, "meeting-minutes", "team-meeting.txt", transcript);
    const std::string id = job_id_of(submitted);
    ASSERT_FALSE(id.empty());
    Json job = submitted.json()["job"];
    EXPECT_EQ(job["action"], "meeting-minutes");
    EXPECT_EQ(job["created_by"], "sam");
    EXPECT_EQ(job["team"], kTeamA);
    EXPECT_TRUE(job["status"] == "queued" || job["status"] == "running") << dump_json(job);

    // Events: numbered, in order, status/progress only, ending with the final status.
    SseRead first = staff.wait_final(id);
    ASSERT_EQ(first.status, 200) << first.error_body;
    EXPECT_EQ(first.content_type.rfind("text/event-stream", 0), 0U) << first.content_type;
    ASSERT_GE(first.events.size(), 2U);
    std::uint64_t last_id = 0;
    bool saw_running = false;
    for (auto& ev : first.events) {
        EXPECT_GT(ev.id, last_id) << "event ids increase";
        last_id = ev.id;
        ASSERT_TRUE(ev.event == "status" || ev.event == "progress") << ev.event;
        ASSERT_TRUE(ev.json.is_object()) << ev.data;
        if (ev.event == "progress") {
            EXPECT_TRUE(ev.json["stage"].is_string()) << ev.data;
            EXPECT_LE(ev.json["done"].get<std::int64_t>(), ev.json["total"].get<std::int64_t>()) << ev.data;
        }
        if (ev.event == "status" && ev.json["status"] == "running") saw_running = true;
    }
    EXPECT_TRUE(saw_running);
    ASSERT_EQ(first.events.back().json["status"], "succeeded") << first.events.back().data;

    // Reconnecting with Last-Event-ID replays only what came after it, and the stream still ends.
    const std::uint64_t resume_after = first.events.front().id;
    SseRead again = staff.events(id, resume_after, {}, std::chrono::seconds(60));
    ASSERT_EQ(again.status, 200);
    ASSERT_EQ(again.events.size(), first.events.size() - 1);
    for (std::size_t i = 0; i < again.events.size(); ++i) {
        EXPECT_EQ(again.events[i].id, first.events[i + 1].id);
        EXPECT_EQ(again.events[i].data, first.events[i + 1].data);
    }
    EXPECT_FALSE(again.stopped_by_client) << "the server ends the stream after the final status";

    const auto got = staff.get("/api/v1/jobs/" + id);
    ASSERT_EQ(got.status, 200) << got.describe();
    EXPECT_EQ(got.json()["job"]["status"], "succeeded");
    EXPECT_EQ(got.json()["job"]["engine"], "extractive");
    EXPECT_FALSE(got.json()["job"]["finished_at"].get<std::string>().empty());
    EXPECT_EQ(got.json()["job"]["review"]["state"], "draft");

    const auto source = staff.get("/api/v1/jobs/" + id + "/source");
    ASSERT_EQ(source.status, 200) << source.describe();
    EXPECT_EQ(source.json()["name"], "team-meeting.txt");
    EXPECT_EQ(source.json()["text"], transcript);

    const auto result = staff.get("/api/v1/jobs/" + id + "/result");
    ASSERT_EQ(result.status, 200) << result.describe();
    const int v1 = result.json()["version"].get<int>();
    const std::string markdown = result.json()["markdown"].get<std::string>();
    EXPECT_TRUE(contains(markdown, "DRAFT"));
    EXPECT_TRUE(result.json()["result"].is_object());
    EXPECT_EQ(result.json()["review"]["state"], "draft");

    // Exports before approval carry the DRAFT mark.
    const auto md_draft = staff.get("/api/v1/jobs/" + id + "/export?format=md");
    ASSERT_EQ(md_draft.status, 200) << md_draft.describe();
    EXPECT_TRUE(contains(md_draft.header("Content-Disposition"), "attachment"));
    EXPECT_TRUE(contains(md_draft.body, "DRAFT"));
    const auto docx_draft = staff.get("/api/v1/jobs/" + id + "/export?format=docx");
    ASSERT_EQ(docx_draft.status, 200) << docx_draft.describe();
    EXPECT_TRUE(contains(docx_draft.header("Content-Disposition"), ".docx"));
    EXPECT_TRUE(contains(docx_text(docx_draft.body), "DRAFT"));
    const auto no_xlsx = staff.get("/api/v1/jobs/" + id + "/export?format=xlsx");
    EXPECT_EQ(no_xlsx.status, 404) << "minutes make no spreadsheet: " << no_xlsx.describe();

    // A person edits the draft: a new version based on the latest; a stale base is a conflict.
    const std::string edited_line = "Checked against the call recording by Sam on 10 March.";
    std::string edited = markdown + "\n" + edited_line + "\n";
    const auto edit = staff.post("/api/v1/jobs/" + id + "/versions", {{"markdown", edited}, {"based_on", v1}});
    ASSERT_EQ(edit.status, 201) << edit.describe();
    const int v2 = edit.json()["version"].get<int>();
    EXPECT_GT(v2, v1);
    const auto stale =
        staff.post("/api/v1/jobs/" + id + "/versions", {{"markdown", "# lost update\n"}, {"based_on", v1}});
    EXPECT_EQ(stale.status, 409) << stale.describe();
    EXPECT_EQ(stale.error_code(), "Conflict");

    const auto versions = staff.get("/api/v1/jobs/" + id + "/versions");
    ASSERT_EQ(versions.status, 200) << versions.describe();
    bool saw_generated = false;
    bool saw_edited = false;
    for (const auto& v : versions.json()["versions"]) {
        if (v["version"] == v1 && v["format"] == "md") saw_generated = v["kind"] == "generated";
        if (v["version"] == v2 && v["format"] == "md") saw_edited = v["kind"] == "edited" && v["created_by"] == "sam";
    }
    EXPECT_TRUE(saw_generated && saw_edited) << versions.body;
    const auto v2_content = staff.get("/api/v1/jobs/" + id + "/versions/" + std::to_string(v2));
    ASSERT_EQ(v2_content.status, 200) << v2_content.describe();
    EXPECT_TRUE(contains(v2_content.json()["content"].get<std::string>(), edited_line));
    EXPECT_EQ(staff.get("/api/v1/jobs/" + id + "/versions/999").status, 404);

    // Review: only the latest version can be approved; a rejection needs a comment.
    const auto old =
        reviewer.post("/api/v1/jobs/" + id + "/review", {{"decision", "approve"}, {"version", v1}, {"comment", ""}});
    EXPECT_EQ(old.status, 409) << old.describe();
    const auto bare_reject =
        reviewer.post("/api/v1/jobs/" + id + "/review", {{"decision", "reject"}, {"version", v2}, {"comment", ""}});
    EXPECT_EQ(bare_reject.status, 400) << bare_reject.describe();
    EXPECT_EQ(bare_reject.error_field(), "comment");
    const auto bad_decision =
        reviewer.post("/api/v1/jobs/" + id + "/review", {{"decision", "maybe"}, {"version", v2}, {"comment", "x"}});
    EXPECT_EQ(bad_decision.status, 400) << bad_decision.describe();
    EXPECT_EQ(bad_decision.error_field(), "decision");
    const auto approved = reviewer.post("/api/v1/jobs/" + id + "/review",
                                        {{"decision", "approve"}, {"version", v2}, {"comment", "Accurate."}});
    ASSERT_EQ(approved.status, 200) << approved.describe();
    EXPECT_EQ(approved.json()["review"]["state"], "approved");
    EXPECT_EQ(approved.json()["review"]["reviewer"], "rita");
    EXPECT_EQ(approved.json()["review"]["version"], v2);
    EXPECT_EQ(staff.get("/api/v1/jobs/" + id).json()["job"]["review"]["state"], "approved");

    // After approval the exports have no DRAFT mark and carry the edit.
    const auto md_final = staff.get("/api/v1/jobs/" + id + "/export?format=md");
    ASSERT_EQ(md_final.status, 200) << md_final.describe();
    EXPECT_FALSE(contains(md_final.body, "DRAFT")) << md_final.body.substr(0, 400);
    EXPECT_TRUE(contains(md_final.body, edited_line));
    const auto docx_final = staff.get("/api/v1/jobs/" + id + "/export?format=docx");
    ASSERT_EQ(docx_final.status, 200) << docx_final.describe();
    const std::string final_text = docx_text(docx_final.body);
    EXPECT_FALSE(contains(final_text, "DRAFT")) << final_text.substr(0, 400);
    EXPECT_TRUE(contains(final_text, edited_line));
    const auto bad_format = staff.get("/api/v1/jobs/" + id + "/export?format=pdf");
    EXPECT_EQ(bad_format.status, 400) << bad_format.describe();
    EXPECT_EQ(bad_format.error_field(), "format");

    // A new edit after approval makes it a draft again.
    const auto later =
        staff.post("/api/v1/jobs/" + id + "/versions", {{"markdown", edited + "More.\n"}, {"based_on", v2}});
    ASSERT_EQ(later.status, 201) << later.describe();
    EXPECT_EQ(staff.get("/api/v1/jobs/" + id).json()["job"]["review"]["state"], "draft");
    EXPECT_TRUE(contains(staff.get("/api/v1/jobs/" + id + "/export?format=md").body, "DRAFT"));

    // Edits, approval and exports are audit entries, and the audit holds no council content.
    std::string raw;
    const auto entries = audit_of(*admin_, id, &raw);
    const auto has = [&](const std::string& actor, std::initializer_list<const char*> words) {
        return std::any_of(entries.begin(), entries.end(), [&](const std::string& e) {
            if (e.rfind(actor + " ", 0) != 0) return false;
            return std::any_of(words.begin(), words.end(), [&](const char* w) { return contains(e, w); });
        });
    };
    EXPECT_TRUE(has("sam", {"edit", "version"})) << raw.substr(0, 3000);
    EXPECT_TRUE(has("rita", {"review", "approv"})) << raw.substr(0, 3000);
    EXPECT_TRUE(has("sam", {"export"})) << raw.substr(0, 3000);
    EXPECT_FALSE(contains(raw, edited_line));
    EXPECT_FALSE(contains(raw, "Ravi Chandra"));
    EXPECT_EQ(admin_->get("/api/v1/audit/verify").json()["ok"], true);
}

TEST_F(JobsApi, SurveyFromMultipartUploadExportsASpreadsheet) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    const std::string csv = sample("survey/tenant-satisfaction-2026.csv");
    const auto submitted =
        submit_file(staff, "survey-analysis", "tenant-satisfaction-2026.csv", csv, {{"stability_runs", "0"}});
    const std::string id = job_id_of(submitted);
    ASSERT_FALSE(id.empty());
    EXPECT_EQ(submitted.json()["job"]["parameters"]["stability_runs"], 0) << submitted.body;
    ASSERT_EQ(final_status(staff, id), "succeeded");

    const auto source = staff.get("/api/v1/jobs/" + id + "/source");
    ASSERT_EQ(source.status, 200) << source.describe();
    EXPECT_EQ(source.json()["name"], "tenant-satisfaction-2026.csv");
    const auto result = staff.get("/api/v1/jobs/" + id + "/result");
    ASSERT_EQ(result.status, 200) << result.describe();
    Json result_json = result.json();
    Json& r = result_json["result"];
    EXPECT_GT(r["respondents"].get<int>(), 300) << dump_json(r["source"]);
    ASSERT_FALSE(r["questions"].empty());
    EXPECT_FALSE(r["questions"][0]["themes"].empty());

    const auto xlsx = staff.get("/api/v1/jobs/" + id + "/export?format=xlsx");
    ASSERT_EQ(xlsx.status, 200) << xlsx.describe();
    EXPECT_TRUE(contains(xlsx.header("Content-Disposition"), ".xlsx")) << xlsx.header("Content-Disposition");
    EXPECT_EQ(xlsx.body.rfind("PK", 0), 0U);
    const auto table = io::read_xlsx(xlsx.body, "export.xlsx");
    ASSERT_TRUE(table) << table.error().message;
    const auto md = staff.get("/api/v1/jobs/" + id + "/export?format=md");
    ASSERT_EQ(md.status, 200);
    EXPECT_TRUE(contains(md.body, "DRAFT"));
}

TEST_F(JobsApi, ActionsAndModelsDescribeWhatCanBeSubmitted) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    const auto actions = staff.get("/api/v1/actions");
    ASSERT_EQ(actions.status, 200) << actions.describe();
    bool survey = false;
    for (const auto& a : actions.json()["actions"]) {
        if (a["id"] != "survey-analysis") continue;
        survey = true;
        EXPECT_EQ(a["category"], "Insight");
        EXPECT_EQ(a["baseline_minutes"], 480);
        bool per_row = false;
        for (const auto& p : a["parameters"]) per_row = per_row || p["name"] == "per_row";
        EXPECT_TRUE(per_row);
    }
    EXPECT_TRUE(survey) << actions.body.substr(0, 2000);
    const auto one = staff.get("/api/v1/actions/meeting-minutes");
    ASSERT_EQ(one.status, 200) << one.describe();
    EXPECT_FALSE(one.json().contains("yaml")) << "the YAML is for admins";
    // Admins get the definition (null for a built-in, whose YAML is embedded in the binary).
    EXPECT_TRUE(admin_->get("/api/v1/actions/meeting-minutes").json().contains("yaml"));
    EXPECT_EQ(staff.get("/api/v1/actions/no-such-action").status, 404);
    const auto models = staff.get("/api/v1/models");
    ASSERT_EQ(models.status, 200) << models.describe();
    Json engines = models.json()["engines"];
    EXPECT_NE(std::find(engines.begin(), engines.end(), Json("extractive")), engines.end()) << models.body;
}

}  // namespace
}  // namespace borough::api_test
