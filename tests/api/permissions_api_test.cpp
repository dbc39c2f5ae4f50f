// Black-box: each role against the permission table of docs/api.md, and team isolation (another
// team's job is 404 everywhere and absent from lists).
#include <gtest/gtest.h>

#include "api_fixture.h"

namespace borough::api_test {
namespace {

using PermissionsApi = ApiTest;

bool lists_job(ApiClient& c, const std::string& id) {
    const auto r = c.get("/api/v1/jobs?limit=100");
    EXPECT_EQ(r.status, 200) << r.describe();
    for (const auto& j : r.json()["jobs"]) {
        if (j["id"] == id) return true;
    }
    return false;
}

TEST_F(PermissionsApi, OnlyAdminsReachUsersTeamsAndSettings) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    ApiClient reviewer = make_user("rita", "reviewer", kTeamA);
    ApiClient auditor = make_user("aud", "auditor", "");
    for (ApiClient* c : {&staff, &reviewer, &auditor}) {
        for (const char* path : {"/api/v1/users", "/api/v1/teams", "/api/v1/settings", "/api/v1/settings/retention"}) {
            const auto r = c->get(path);
            EXPECT_EQ(r.status, 403) << path << ": " << r.describe();
            EXPECT_EQ(r.error_code(), "PermissionDenied") << path;
        }
        const auto made = c->post(
            "/api/v1/users",
            {{"name", "eve"}, {"display_name", "Eve"}, {"password", kPassword}, {"role", "admin"}, {"team", ""}});
        EXPECT_EQ(made.status, 403) << made.describe();
        EXPECT_EQ(c->patch("/api/v1/users/sam", {{"role", "admin"}}).status, 403);
        EXPECT_EQ(c->put("/api/v1/settings/retention", {{"retention_days", 1}}).status, 403);
    }
    const auto users = admin_->get("/api/v1/users");
    ASSERT_EQ(users.status, 200) << users.describe();
    EXPECT_EQ(users.json()["users"].size(), 4U) << users.body;
    EXPECT_EQ(users.body.find(kPassword), std::string::npos);
    EXPECT_EQ(users.body.find("argon2"), std::string::npos) << "password hashes never leave the server";
    const auto teams = admin_->get("/api/v1/teams");
    ASSERT_EQ(teams.status, 200) << teams.describe();
    EXPECT_EQ(teams.json()["teams"].size(), 2U) << teams.body;
    const auto made = admin_->post("/api/v1/teams", {{"name", "children-c"}, {"service_area", "Children"}});
    EXPECT_EQ(made.status, 201) << made.describe();
    EXPECT_EQ(admin_->post("/api/v1/teams", {{"name", "children-c"}, {"service_area", "Children"}}).status, 409);
    // The audit log is for admins and auditors only.
    EXPECT_EQ(staff.get("/api/v1/audit").status, 403);
    EXPECT_EQ(reviewer.get("/api/v1/audit").status, 403);
    EXPECT_EQ(auditor.get("/api/v1/audit").status, 200);
    EXPECT_EQ(auditor.get("/api/v1/audit/verify").json()["ok"], true);
}

TEST_F(PermissionsApi, AuditorReadsEveryTeamButCannotCreateCancelEditOrReview) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    ApiClient auditor = make_user("aud", "auditor", "");
    const std::string id =
        job_id_of(submit_text(staff, "meeting-minutes", "notes.txt", sample("minutes/team-meeting.txt")));
    ASSERT_FALSE(id.empty());
    ASSERT_EQ(final_status(staff, id), "succeeded");

    const auto created = submit_text(auditor, "meeting-minutes", "notes.txt", "Jo: hello.\n");
    EXPECT_EQ(created.status, 403) << created.describe();
    EXPECT_EQ(created.error_code(), "PermissionDenied");
    EXPECT_EQ(auditor.get("/api/v1/jobs/" + id).status, 200);
    EXPECT_TRUE(lists_job(auditor, id));
    EXPECT_EQ(auditor.post("/api/v1/jobs/" + id + "/cancel", Json::object()).status, 403);
    EXPECT_EQ(auditor.post("/api/v1/jobs/" + id + "/rerun", {{"engine", "extractive"}}).status, 403);
    const int version = staff.get("/api/v1/jobs/" + id + "/result").json()["version"].get<int>();
    EXPECT_EQ(auditor.post("/api/v1/jobs/" + id + "/versions", {{"markdown", "# x\n"}, {"based_on", version}}).status,
              403);
    EXPECT_EQ(
        auditor.post("/api/v1/jobs/" + id + "/review", {{"decision", "approve"}, {"version", version}, {"comment", ""}})
            .status,
        403);
    EXPECT_EQ(auditor.get("/api/v1/jobs/" + id + "/export?format=md").status, 200);
}

TEST_F(PermissionsApi, StaffCannotApproveButAReviewerOfTheTeamCan) {
    ApiClient staff = make_user("sam", "staff", kTeamA);
    ApiClient reviewer = make_user("rita", "reviewer", kTeamA);
    const std::string id =
        job_id_of(submit_text(staff, "meeting-minutes", "notes.txt", sample("minutes/team-meeting.txt")));
    ASSERT_FALSE(id.empty());
    ASSERT_EQ(final_status(staff, id), "succeeded");
    const int version = staff.get("/api/v1/jobs/" + id + "/result").json()["version"].get<int>();
    const Json approve = {{"decision", "approve"}, {"version", version}, {"comment", "looks right"}};
    const auto refused = staff.post("/api/v1/jobs/" + id + "/review", approve);
    EXPECT_EQ(refused.status, 403) << refused.describe();
    EXPECT_EQ(refused.error_code(), "PermissionDenied");
    EXPECT_EQ(staff.get("/api/v1/jobs/" + id).json()["job"]["review"]["state"], "draft");
    const auto approved = reviewer.post("/api/v1/jobs/" + id + "/review", approve);
    EXPECT_EQ(approved.status, 200) << approved.describe();
    EXPECT_EQ(staff.get("/api/v1/jobs/" + id).json()["job"]["review"]["state"], "approved");
}

TEST_F(PermissionsApi, AnotherTeamsJobIsNotFoundEverywhereAndNotListed) {
    ApiClient a = make_user("sam", "staff", kTeamA);
    ApiClient b = make_user("bob", "staff", kTeamB);
    ApiClient b_reviewer = make_user("bev", "reviewer", kTeamB);
    const std::string id =
        job_id_of(submit_text(a, "meeting-minutes", "notes.txt", sample("minutes/team-meeting.txt")));
    ASSERT_FALSE(id.empty());
    ASSERT_EQ(final_status(a, id), "succeeded");
    const std::string own_b = job_id_of(submit_text(b, "meeting-minutes", "b.txt", sample("minutes/team-meeting.txt")));
    ASSERT_FALSE(own_b.empty());
    ASSERT_EQ(final_status(b, own_b), "succeeded");
    EXPECT_EQ(a.get("/api/v1/jobs/" + id).json()["job"]["team"], kTeamA);

    const std::string base = "/api/v1/jobs/" + id;
    for (const std::string& path : {base, base + "/result", base + "/source", base + "/versions", base + "/versions/1",
                                    base + "/export?format=md"}) {
        const auto r = b.get(path);
        EXPECT_EQ(r.status, 404) << path << ": " << r.describe();
        EXPECT_EQ(r.error_code(), "NotFound") << path;
    }
    EXPECT_EQ(b.events(id).status, 404);
    EXPECT_EQ(b.post(base + "/cancel", Json::object()).status, 404);
    EXPECT_EQ(b.post(base + "/rerun", {{"engine", "extractive"}}).status, 404);
    EXPECT_EQ(b.post(base + "/versions", {{"markdown", "# mine now\n"}, {"based_on", 1}}).status, 404);
    EXPECT_EQ(b_reviewer.post(base + "/review", {{"decision", "approve"}, {"version", 1}, {"comment", ""}}).status,
              404);
    // The same 404 as a job that does not exist, so existence is not revealed.
    const auto absent = b.get("/api/v1/jobs/0123456789abcdef0123456789abcdef");
    EXPECT_EQ(absent.status, 404);
    EXPECT_EQ(absent.error_code(), "NotFound");

    EXPECT_FALSE(lists_job(b, id));
    EXPECT_TRUE(lists_job(b, own_b));
    EXPECT_TRUE(lists_job(a, id));
    EXPECT_FALSE(lists_job(a, own_b));
    EXPECT_TRUE(lists_job(*admin_, id) && lists_job(*admin_, own_b)) << "admins see every team";
    // Time-saved stats are team-scoped too: B's rows count only B's run.
    const auto stats = b.get("/api/v1/stats/time-saved");
    ASSERT_EQ(stats.status, 200) << stats.describe();
    int runs = 0;
    for (const auto& row : stats.json()["rows"]) runs += row["runs"].get<int>();
    EXPECT_EQ(runs, 1) << stats.body;
}

TEST_F(PermissionsApi, ListFiltersByStatusAndPagesWithBefore) {
    ApiClient a = make_user("sam", "staff", kTeamA);
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        ids.push_back(job_id_of(
            submit_text(a, "meeting-minutes", "n" + std::to_string(i) + ".txt", sample("minutes/team-meeting.txt"))));
        ASSERT_FALSE(ids.back().empty());
        ASSERT_EQ(final_status(a, ids.back()), "succeeded");
    }
    const auto all = a.get("/api/v1/jobs?status=succeeded");
    ASSERT_EQ(all.status, 200) << all.describe();
    ASSERT_EQ(all.json()["jobs"].size(), 3U);
    EXPECT_EQ(all.json()["jobs"][0]["id"], ids[2]) << "newest first";
    EXPECT_TRUE(a.get("/api/v1/jobs?status=failed").json()["jobs"].empty());
    const auto page = a.get("/api/v1/jobs?limit=2");
    ASSERT_EQ(page.json()["jobs"].size(), 2U);
    const std::string before = page.json()["jobs"][1]["created_at"].get<std::string>();
    const auto next = a.get("/api/v1/jobs?limit=2&before=" + httplib::detail::encode_query_param(before));
    ASSERT_EQ(next.status, 200) << next.describe();
    Json next_jobs = next.json()["jobs"];
    for (const auto& j : next_jobs) EXPECT_LT(j["created_at"].get<std::string>(), before);
}

}  // namespace
}  // namespace borough::api_test
