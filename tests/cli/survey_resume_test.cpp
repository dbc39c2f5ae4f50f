// Black-box: a per-row model run of survey-analysis is killed (SIGKILL) part-way, then `borough resume`
// finishes it: every answer is coded exactly once — none lost, none sent to the model twice.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/ids.h"
#include "core/json.h"
#include "run_process.h"

namespace borough {
namespace {

namespace fs = std::filesystem;

// Rows in the checkpoints table (0 while the table or database does not exist yet).
int checkpoint_rows(const fs::path& db_path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return 0;
    }
    sqlite3_busy_timeout(db, 2000);
    int n = 0;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM checkpoints", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

std::string only_job_id(const fs::path& db_path) {
    sqlite3* db = nullptr;
    std::string id;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT id FROM jobs", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
            id = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return id;
}

TEST(SurveyResume, KilledPerRowRunResumesWithoutLosingOrRecodingAnAnswer) {
    const fs::path dir = fs::temp_directory_path() / ("borough_resume_" + random_hex(6));
    fs::create_directories(dir);
    {
        std::ofstream csv(dir / "survey.csv");
        csv << "id,ward,comment\n";
        const char* topics[] = {"the repairs took months and nobody called back",
                                "damp and mould in the bedroom again this winter",
                                "the caretaker keeps the stairs lovely and clean",
                                "more parking spaces please, there is never room at night"};
        for (int i = 0; i < 48; ++i) {
            csv << "R" << i << "," << (i % 2 ? "Castle" : "Riverside") << ",\"Resident " << i << ": " << topics[i % 4]
                << " (" << i << ")\"\n";
        }
    }
    const std::vector<std::string> common{"--data-dir", (dir / "data").string(), "--engine", "llama", "--model",
                                          TINY_MODEL, "--llama-threads", "1", "--llama-parallel", "4"};
    std::vector<std::string> run_args = common;
    for (const char* a : {"run", "survey-analysis", "--param", "per_row=true", "--param", "stability_runs=0",
                          "--columns", "comment", "--format", "json"}) {
        run_args.emplace_back(a);
    }
    run_args.emplace_back("--input");
    run_args.emplace_back((dir / "survey.csv").string());
    const fs::path db = dir / "data" / "borough.db";

    const int pid = testing::spawn_process(BOROUGH_BIN, run_args, (dir / "first.log").string());
    // Kill it once some, but not all, rows are saved.
    int saved = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(4);
    while (std::chrono::steady_clock::now() < deadline) {
        saved = checkpoint_rows(db);
        if (saved >= 8) break;
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) FAIL() << "the run ended before it could be killed";
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    saved = checkpoint_rows(db);
    ASSERT_GE(saved, 8);
    ASSERT_LT(saved, 48) << "every row was coded before the kill; make the survey longer";

    std::vector<std::string> resume_args = common;
    resume_args.emplace_back("resume");
    resume_args.emplace_back(only_job_id(db));
    resume_args.emplace_back("--format");
    resume_args.emplace_back("json");
    const auto r = testing::run_process(BOROUGH_BIN, resume_args, {}, 600);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = parse_json(r.out, "stdout");
    ASSERT_TRUE(j) << r.out;
    const auto& result = (*j)["result"];
    EXPECT_EQ(result["questions"][0]["answered"], 48);
    // The resumed run took the saved rows from checkpoints and sent only the others to the model.
    EXPECT_EQ(result["model_rows"]["resumed"], saved);
    EXPECT_EQ(result["model_rows"]["coded"], 48 - saved);
    EXPECT_EQ(checkpoint_rows(db), 48);
    EXPECT_NE(r.err.find("resuming job"), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace borough
