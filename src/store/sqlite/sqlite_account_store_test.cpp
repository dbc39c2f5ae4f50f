#include "store/sqlite/sqlite_account_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/sqlite/sqlite_job_store.h"
#include "store/sqlite/test_util.h"

namespace borough::store::sqlite {
namespace {

using test::raw_exec;
using namespace std::chrono_literals;

UserRecord sample_user(const std::string& name, Role role, const std::string& team) {
    UserRecord u;
    u.name = name;
    u.display_name = "Display " + name;
    u.role = role;
    u.team = team;
    u.password_hash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA";
    u.created_at = "2026-11-01T09:00:00.000Z";
    return u;
}

class SqliteAccountStoreTest : public test::TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        auto opened = SqliteAccountStore::open(db_path(), clock_);
        ASSERT_TRUE(opened) << opened.error().describe();
        store_ = std::move(opened).value();
        ASSERT_TRUE(store_->create_team({"adults-north", "Adults", ""}));
        ASSERT_TRUE(store_->create_team({"housing", "Housing", ""}));
    }
    std::unique_ptr<SqliteAccountStore> store_;
};

TEST_F(SqliteAccountStoreTest, UserRoundTripAndUpdate) {
    const UserRecord lisa = sample_user("lisa.ward", Role::Reviewer, "adults-north");
    ASSERT_TRUE(store_->create_user(lisa));
    auto got = store_->user("lisa.ward");
    ASSERT_TRUE(got) << got.error().describe();
    EXPECT_EQ(got->name, lisa.name);
    EXPECT_EQ(got->display_name, lisa.display_name);
    EXPECT_EQ(got->role, Role::Reviewer);
    EXPECT_EQ(got->team, "adults-north");
    EXPECT_EQ(got->password_hash, lisa.password_hash);
    EXPECT_FALSE(got->disabled);
    EXPECT_EQ(got->created_at, lisa.created_at);

    UserRecord changed = lisa;
    changed.display_name = "Lisa Ward-Smith";
    changed.role = Role::Staff;
    changed.team = "housing";
    changed.password_hash = "$argon2id$new";
    changed.disabled = true;
    changed.created_at = "2030-01-01T00:00:00.000Z";  // ignored: created_at never changes
    ASSERT_TRUE(store_->update_user(changed));
    got = store_->user("lisa.ward");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->display_name, "Lisa Ward-Smith");
    EXPECT_EQ(got->role, Role::Staff);
    EXPECT_EQ(got->team, "housing");
    EXPECT_EQ(got->password_hash, "$argon2id$new");
    EXPECT_TRUE(got->disabled);
    EXPECT_EQ(got->created_at, lisa.created_at);

    // An admin may have no team; it reads back as "" (NULL in the table).
    UserRecord admin = sample_user("admin", Role::Admin, "");
    admin.created_at.clear();  // filled from the clock
    ASSERT_TRUE(store_->create_user(admin));
    got = store_->user("admin");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->team, "");
    EXPECT_EQ(got->created_at, "2026-11-22T18:00:00.000Z");
    EXPECT_EQ(raw_exec(db_path(), "SELECT team IS NULL FROM users WHERE name = 'admin'").rows,
              (std::vector<std::vector<std::string>>{{"1"}}));

    ASSERT_TRUE(store_->create_user(sample_user("auditor-1", Role::Auditor, "")));
    auto all = store_->list_users();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].name, "admin");
    EXPECT_EQ((*all)[1].name, "auditor-1");
    EXPECT_EQ((*all)[2].name, "lisa.ward");
    EXPECT_EQ(store_->count_users().value(), 3);
}

TEST_F(SqliteAccountStoreTest, UserErrorsNameTheField) {
    ASSERT_TRUE(store_->create_user(sample_user("jo", Role::Staff, "housing")));
    auto dup = store_->create_user(sample_user("jo", Role::Admin, ""));
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::Conflict);
    EXPECT_EQ(dup.error().field, "name");
    EXPECT_NE(dup.error().message.find("'jo' already exists"), std::string::npos) << dup.error().message;

    for (const std::string& bad : std::vector<std::string>{"", "Jo", "jo smith", std::string(65, 'j'), "jo/../x"}) {
        auto s = store_->create_user(sample_user(bad, Role::Admin, ""));
        ASSERT_FALSE(s) << bad;
        EXPECT_EQ(s.error().code, ErrorCode::InvalidInput) << bad;
        EXPECT_EQ(s.error().field, "name") << bad;
    }

    for (Role role : {Role::Staff, Role::Reviewer}) {
        auto s = store_->create_user(sample_user("no-team", role, ""));
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, ErrorCode::InvalidInput);
        EXPECT_EQ(s.error().field, "team");
    }
    auto unknown_team = store_->create_user(sample_user("sam", Role::Staff, "children-east"));
    ASSERT_FALSE(unknown_team);
    EXPECT_EQ(unknown_team.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(unknown_team.error().field, "team");
    EXPECT_NE(unknown_team.error().message.find("'children-east'"), std::string::npos);

    auto missing = store_->update_user(sample_user("nobody", Role::Admin, ""));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    auto bad_update = store_->update_user(sample_user("jo", Role::Staff, "nowhere"));
    ASSERT_FALSE(bad_update);
    EXPECT_EQ(bad_update.error().field, "team");
    auto removed_team = store_->update_user(sample_user("jo", Role::Reviewer, ""));
    ASSERT_FALSE(removed_team);
    EXPECT_EQ(removed_team.error().field, "team");
    EXPECT_EQ(store_->user("jo")->team, "housing");  // failed updates changed nothing

    EXPECT_EQ(store_->user("nobody").error().code, ErrorCode::NotFound);
    EXPECT_EQ(store_->count_users().value(), 1);
}

// The table constraints hold even for a writer that bypasses the store.
TEST_F(SqliteAccountStoreTest, TableChecksBackTheStore) {
    const std::string insert = "INSERT INTO users (name, display_name, role, team, password_hash, created_at) VALUES ";
    EXPECT_NE(raw_exec(db_path(), insert + "('root', 'R', 'superuser', NULL, 'h', 't')").rc, SQLITE_OK);
    EXPECT_NE(raw_exec(db_path(), insert + "('Upper', 'U', 'admin', NULL, 'h', 't')").rc, SQLITE_OK);
    EXPECT_NE(raw_exec(db_path(), insert + "('staffer', 'S', 'staff', NULL, 'h', 't')").rc, SQLITE_OK);
    EXPECT_NE(raw_exec(db_path(), "PRAGMA foreign_keys=ON; " + insert + "('x', 'X', 'staff', 'ghost', 'h', 't')").rc,
              SQLITE_OK);
    EXPECT_EQ(raw_exec(db_path(), insert + "('ok', 'O', 'auditor', NULL, 'h', 't')").rc, SQLITE_OK);
    EXPECT_EQ(store_->count_users().value(), 1);
}

TEST_F(SqliteAccountStoreTest, TeamsAreUniqueAndSorted) {
    auto dup = store_->create_team({"housing", "Housing", ""});
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::Conflict);
    EXPECT_EQ(dup.error().field, "name");
    auto bad = store_->create_team({"Democratic Services", "Democratic Services", ""});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
    ASSERT_TRUE(store_->create_team({"democratic-services", "Democratic Services", "2026-01-02T03:04:05.000Z"}));
    auto teams = store_->list_teams();
    ASSERT_TRUE(teams);
    ASSERT_EQ(teams->size(), 3u);
    EXPECT_EQ((*teams)[0].name, "adults-north");
    EXPECT_EQ((*teams)[0].service_area, "Adults");
    EXPECT_EQ((*teams)[0].created_at, "2026-11-22T18:00:00.000Z");
    EXPECT_EQ((*teams)[1].name, "democratic-services");
    EXPECT_EQ((*teams)[1].created_at, "2026-01-02T03:04:05.000Z");
    EXPECT_EQ((*teams)[2].name, "housing");
}

TEST_F(SqliteAccountStoreTest, SessionsLifecycle) {
    ASSERT_TRUE(store_->create_user(sample_user("jo", Role::Staff, "housing")));
    ASSERT_TRUE(store_->create_user(sample_user("sam", Role::Staff, "housing")));
    const SessionRecord a{std::string(64, 'a'), "jo", "csrf-a", "2026-11-22T08:00:00.000Z", "2026-11-22T20:00:00.000Z"};
    const SessionRecord b{std::string(64, 'b'), "jo", "csrf-b", "2026-11-22T09:00:00.000Z", "2026-11-22T17:59:59.999Z"};
    const SessionRecord c{std::string(64, 'c'), "sam", "csrf-c", "2026-11-22T09:00:00.000Z",
                          "2026-11-22T18:00:00.000Z"};
    ASSERT_TRUE(store_->create_session(a));
    ASSERT_TRUE(store_->create_session(b));
    ASSERT_TRUE(store_->create_session(c));

    auto got = store_->session(a.id_sha256);
    ASSERT_TRUE(got) << got.error().describe();
    EXPECT_EQ(got->user, "jo");
    EXPECT_EQ(got->csrf_token, "csrf-a");
    EXPECT_EQ(got->created_at, a.created_at);
    EXPECT_EQ(got->expires_at, a.expires_at);

    auto dup = store_->create_session(a);
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::Conflict);
    EXPECT_EQ(dup.error().message.find(a.id_sha256), std::string::npos);  // a secret's hash stays out
    auto ghost = store_->create_session({std::string(64, 'd'), "ghost", "x", "", "2027-01-01T00:00:00.000Z"});
    ASSERT_FALSE(ghost);
    EXPECT_EQ(ghost.error().code, ErrorCode::NotFound);
    EXPECT_EQ(ghost.error().field, "user");

    // Expired strictly before now: b (one millisecond before) goes, c (exactly now) stays.
    auto expired = store_->delete_expired_sessions(format_utc(clock_.now()));
    ASSERT_TRUE(expired);
    EXPECT_EQ(*expired, 1);
    EXPECT_EQ(store_->session(b.id_sha256).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(store_->session(c.id_sha256));
    EXPECT_EQ(store_->delete_expired_sessions("").error().field, "now");

    ASSERT_TRUE(store_->delete_session(c.id_sha256));
    EXPECT_EQ(store_->session(c.id_sha256).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(store_->delete_session(c.id_sha256));  // signing out twice is fine

    ASSERT_TRUE(store_->create_session(b));
    EXPECT_EQ(store_->delete_sessions_of("jo").value(), 2);
    EXPECT_EQ(store_->delete_sessions_of("jo").value(), 0);
    EXPECT_EQ(store_->session(a.id_sha256).error().code, ErrorCode::NotFound);
}

TEST_F(SqliteAccountStoreTest, ApiTokensLifecycle) {
    ASSERT_TRUE(store_->create_user(sample_user("jo", Role::Staff, "housing")));
    ApiTokenRecord t1{"tok_1", "jo", "nightly export", std::string(64, '1'), "2026-11-20T00:00:00.000Z", "", false};
    ApiTokenRecord t2{"tok_2", "jo", "dashboard", std::string(64, '2'), "2026-11-21T00:00:00.000Z", "", false};
    ASSERT_TRUE(store_->create_api_token(t2));
    ASSERT_TRUE(store_->create_api_token(t1));

    auto got = store_->api_token_by_hash(t1.token_sha256);
    ASSERT_TRUE(got) << got.error().describe();
    EXPECT_EQ(got->id, "tok_1");
    EXPECT_EQ(got->user, "jo");
    EXPECT_EQ(got->name, "nightly export");
    EXPECT_EQ(got->created_at, t1.created_at);
    EXPECT_EQ(got->last_used_at, "");
    EXPECT_FALSE(got->revoked);
    EXPECT_EQ(store_->api_token_by_hash(std::string(64, '9')).error().code, ErrorCode::NotFound);

    auto list = store_->list_api_tokens("jo");
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].id, "tok_1");  // oldest first
    EXPECT_EQ((*list)[1].id, "tok_2");
    EXPECT_TRUE(store_->list_api_tokens("nobody")->empty());

    ASSERT_TRUE(store_->touch_api_token("tok_1", "2026-11-22T18:00:01.000Z"));
    EXPECT_EQ(store_->api_token_by_hash(t1.token_sha256)->last_used_at, "2026-11-22T18:00:01.000Z");
    EXPECT_EQ(store_->touch_api_token("tok_9", "x").error().code, ErrorCode::NotFound);

    ASSERT_TRUE(store_->revoke_api_token("tok_1"));
    EXPECT_TRUE(store_->revoke_api_token("tok_1"));
    EXPECT_TRUE(store_->api_token_by_hash(t1.token_sha256)->revoked);
    EXPECT_FALSE(store_->api_token_by_hash(t2.token_sha256)->revoked);
    auto missing = store_->revoke_api_token("tok_9");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_EQ(missing.error().field, "id");

    // Same secret under a new id: the unique hash index refuses it without echoing the hash.
    ApiTokenRecord same_hash{"tok_3", "jo", "copy", t2.token_sha256, "", "", false};
    auto dup = store_->create_api_token(same_hash);
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::Conflict);
    EXPECT_EQ(dup.error().message.find(t2.token_sha256), std::string::npos);
    EXPECT_EQ(store_->create_api_token({"tok_4", "ghost", "x", std::string(64, '4'), "", "", false}).error().code,
              ErrorCode::NotFound);
}

TEST_F(SqliteAccountStoreTest, DeletingAUserCascadesToSessionsAndTokens) {
    ASSERT_TRUE(store_->create_user(sample_user("jo", Role::Staff, "housing")));
    ASSERT_TRUE(store_->create_user(sample_user("sam", Role::Staff, "housing")));
    ASSERT_TRUE(store_->create_session({std::string(64, 'a'), "jo", "c", "", "2027-01-01T00:00:00.000Z"}));
    ASSERT_TRUE(store_->create_session({std::string(64, 'b'), "sam", "c", "", "2027-01-01T00:00:00.000Z"}));
    ASSERT_TRUE(store_->create_api_token({"tok_1", "jo", "x", std::string(64, '1'), "", "", false}));
    const auto r = raw_exec(db_path(), "PRAGMA foreign_keys=ON; DELETE FROM users WHERE name = 'jo';");
    ASSERT_EQ(r.rc, SQLITE_OK) << r.message;
    EXPECT_EQ(store_->session(std::string(64, 'a')).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(store_->session(std::string(64, 'b')));
    EXPECT_EQ(store_->api_token_by_hash(std::string(64, '1')).error().code, ErrorCode::NotFound);
}

TEST_F(SqliteAccountStoreTest, SettingsUpsert) {
    auto none = store_->setting("retention_days");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
    ASSERT_TRUE(store_->set_setting("retention_days", "90"));
    clock_.advance(5s);
    ASSERT_TRUE(store_->set_setting("retention_days", "30"));
    auto got = store_->setting("retention_days");
    ASSERT_TRUE(got);
    ASSERT_TRUE(got->has_value());
    EXPECT_EQ(**got, "30");
    EXPECT_EQ(raw_exec(db_path(), "SELECT updated_at FROM settings WHERE key = 'retention_days'").rows,
              (std::vector<std::vector<std::string>>{{"2026-11-22T18:00:05.000Z"}}));
    auto empty = store_->set_setting("", "1");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().field, "key");
}

TEST_F(SqliteAccountStoreTest, DataSurvivesReopen) {
    ASSERT_TRUE(store_->create_user(sample_user("jo", Role::Staff, "housing")));
    ASSERT_TRUE(store_->set_setting("retention_days", "90"));
    store_.reset();
    auto reopened = SqliteAccountStore::open(db_path(), clock_);
    ASSERT_TRUE(reopened) << reopened.error().describe();
    EXPECT_EQ((*reopened)->user("jo")->team, "housing");
    EXPECT_EQ((*reopened)->setting("retention_days")->value_or(""), "90");
    EXPECT_EQ(raw_exec(db_path(), "PRAGMA journal_mode").rows, (std::vector<std::vector<std::string>>{{"wal"}}));
}

TEST_F(SqliteAccountStoreTest, ConcurrentWritersFromManyThreads) {
    ASSERT_TRUE(store_->create_user(sample_user("jo", Role::Staff, "housing")));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([this, t] {
            for (int i = 0; i < 25; ++i) {
                const std::string id = std::to_string(t) + "-" + std::to_string(i);
                EXPECT_TRUE(store_->create_session({id, "jo", "c", "", "2027-01-01T00:00:00.000Z"}));
                EXPECT_TRUE(store_->session(id));
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(store_->delete_sessions_of("jo").value(), 100);
}

class SharedFileTest : public test::TempDirTest {};

// Several openers race on one new file (the server opens its job and account stores at once, and a
// CLI command may open the same file): the switch to WAL must not fail with "database is locked", and
// every migration must be applied exactly once.
TEST_F(SharedFileTest, ConcurrentOpenersOfANewFileAllSucceed) {
    constexpr int kOpeners = 4;
    for (int round = 0; round < 10; ++round) {
        const std::string path = (dir_ / ("shared-" + std::to_string(round) + ".db")).string();
        std::atomic<int> ready{0};
        std::vector<std::unique_ptr<SqliteAccountStore>> stores(kOpeners);
        std::vector<std::thread> threads;
        for (int i = 0; i < kOpeners; ++i) {
            threads.emplace_back([&, i] {
                ready.fetch_add(1);
                while (ready.load() < kOpeners) std::this_thread::yield();
                auto s = SqliteAccountStore::open(path, clock_);
                if (s) {
                    stores[static_cast<std::size_t>(i)] = std::move(s).value();
                } else {
                    ADD_FAILURE() << "round " << round << ": " << s.error().describe();
                }
            });
        }
        for (auto& th : threads) th.join();
        for (const auto& s : stores) ASSERT_NE(s, nullptr);
        const auto applied =
            raw_exec(path, "SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM schema_migrations");
        ASSERT_EQ(applied.rows.size(), 1u);
        EXPECT_EQ(applied.rows[0][0], applied.rows[0][1]) << "a migration was recorded twice";
        EXPECT_EQ(applied.rows[0][0], applied.rows[0][2]);
        EXPECT_GE(std::stoi(applied.rows[0][2]), 4);
        ASSERT_TRUE(stores[0]->create_team({"housing", "Housing", ""}));
        EXPECT_EQ(stores[kOpeners - 1]->list_teams()->size(), 1u);
    }
}

// Both stores on one file, each with its own connection, in whichever order they are opened.
TEST_F(SharedFileTest, JobAndAccountStoresShareOneFile) {
    for (const bool accounts_first : {true, false}) {
        const std::string path = (dir_ / (accounts_first ? "a.db" : "j.db")).string();
        std::unique_ptr<SqliteAccountStore> accounts;
        std::unique_ptr<SqliteJobStore> jobs;
        if (accounts_first) accounts = SqliteAccountStore::open(path, clock_).value();
        jobs = SqliteJobStore::open(path, clock_).value();
        if (!accounts_first) accounts = SqliteAccountStore::open(path, clock_).value();
        ASSERT_TRUE(accounts->create_team({"housing", "Housing", ""}));
        ASSERT_TRUE(accounts->create_user(sample_user("jo", Role::Staff, "housing")));
        ASSERT_TRUE(jobs->append_audit("admin", "user.created", "jo", Json{{"team", "housing"}}));
        EXPECT_EQ(jobs->audit_entries(0, 10)->size(), 1u);
        EXPECT_EQ(accounts->count_users().value(), 1);
        const auto applied = raw_exec(path, "SELECT COUNT(*) FROM schema_migrations");
        EXPECT_EQ(applied.rows, raw_exec(path, "SELECT MAX(version) FROM schema_migrations").rows);
    }
}

TEST_F(SharedFileTest, DamagedFileIsUnavailable) {
    const std::string path = (dir_ / "not-a-db.db").string();
    {
        std::ofstream out(path, std::ios::binary);
        out << std::string(4096, 'x');
    }
    auto s = SqliteAccountStore::open(path, clock_);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::Unavailable);
    EXPECT_EQ(s.error().field, path);
}

}  // namespace
}  // namespace borough::store::sqlite
