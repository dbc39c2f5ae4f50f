#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/sqlite/sqlite_job_store.h"
#include "store/sqlite/test_util.h"

namespace borough::store::sqlite {
namespace {

using test::raw_exec;
using namespace std::chrono_literals;

class MigrationsTest : public test::TempDirTest {};

TEST_F(MigrationsTest, EmbeddedScriptsAreNumberedFromOne) {
    auto migrations = embedded_migrations();
    ASSERT_TRUE(migrations) << migrations.error().describe();
    ASSERT_FALSE(migrations->empty());
    EXPECT_EQ(migrations->front().name, "0001_init.sql");
    EXPECT_NE(migrations->front().sql.find("CREATE TABLE audit"), std::string_view::npos);
    for (std::size_t i = 0; i < migrations->size(); ++i) EXPECT_EQ((*migrations)[i].version, static_cast<int>(i) + 1);
}

TEST_F(MigrationsTest, ApplyIsIdempotent) {
    auto db = Database::open(":memory:", 1000);
    ASSERT_TRUE(db);
    const std::vector<Migration> list = {{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"},
                                         {2, "0002_b.sql", "CREATE TABLE b (y TEXT); INSERT INTO a VALUES (1);"}};
    auto v = apply_migrations(**db, list, clock_);
    ASSERT_TRUE(v) << v.error().describe();
    EXPECT_EQ(*v, 2);
    clock_.advance(60s);
    v = apply_migrations(**db, list, clock_);
    ASSERT_TRUE(v) << v.error().describe();
    EXPECT_EQ(*v, 2);
    // Not re-run: the INSERT in 0002 happened once and the recorded times are the first run's.
    auto count = (*db)->prepare("SELECT COUNT(*) FROM a", "count");
    ASSERT_TRUE(count);
    ASSERT_TRUE(count->step().value());
    EXPECT_EQ(count->int64(0), 1);
    auto applied = (*db)->prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version", "read");
    ASSERT_TRUE(applied);
    ASSERT_TRUE(applied->step().value());
    EXPECT_EQ(applied->text(1), "0001_a.sql");
    EXPECT_EQ(applied->text(2), "2026-11-22T18:00:00.000Z");
    ASSERT_TRUE(applied->step().value());
    EXPECT_EQ(applied->text(1), "0002_b.sql");
    EXPECT_FALSE(applied->step().value());
}

TEST_F(MigrationsTest, FailingMigrationLeavesNoTrace) {
    auto db = Database::open(":memory:", 1000);
    ASSERT_TRUE(db);
    const std::vector<Migration> list = {{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"},
                                         {2, "0002_bad.sql", "CREATE TABLE b (y TEXT); THIS IS NOT SQL;"}};
    auto v = apply_migrations(**db, list, clock_);
    ASSERT_FALSE(v);
    EXPECT_NE(v.error().message.find("0002_bad.sql"), std::string::npos) << v.error().message;
    EXPECT_EQ(schema_version(**db).value(), 1);
    auto b = (*db)->prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'", "find b");
    ASSERT_TRUE(b);
    ASSERT_TRUE(b->step().value());
    EXPECT_EQ(b->int64(0), 0);
}

TEST_F(MigrationsTest, NewerDatabaseIsRefused) {
    auto db = Database::open(":memory:", 1000);
    ASSERT_TRUE(db);
    const std::vector<Migration> list = {{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"},
                                         {2, "0002_b.sql", "CREATE TABLE b (y TEXT);"}};
    ASSERT_TRUE(apply_migrations(**db, list, clock_));
    auto older = apply_migrations(**db, std::span(list).first(1), clock_);
    ASSERT_FALSE(older);
    EXPECT_EQ(older.error().code, ErrorCode::Unavailable);
    EXPECT_NE(older.error().message.find("version 2 is newer"), std::string::npos) << older.error().message;
}

TEST_F(MigrationsTest, ReopeningAFileKeepsDataAndDoesNotRerunMigrations) {
    {
        auto store = SqliteJobStore::open(db_path(), clock_);
        ASSERT_TRUE(store) << store.error().describe();
        JobRecord job;
        job.id = "job-1";
        job.created_at = "2026-11-22T18:00:00.000Z";
        ASSERT_TRUE((*store)->create_job(job));
        ASSERT_TRUE((*store)->append_audit("cli:jo", "job.created", "job-1", Json::object()));
    }
    const auto before = raw_exec(db_path(), "SELECT version, name, applied_at FROM schema_migrations");
    clock_.advance(3600s);
    auto store = SqliteJobStore::open(db_path(), clock_);
    ASSERT_TRUE(store) << store.error().describe();
    EXPECT_TRUE((*store)->job("job-1"));
    EXPECT_TRUE((*store)->verify_audit()->ok);
    const auto after = raw_exec(db_path(), "SELECT version, name, applied_at FROM schema_migrations");
    EXPECT_EQ(before.rows, after.rows);
    EXPECT_EQ(after.rows.size(), embedded_migrations()->size());
    EXPECT_EQ(after.rows.at(0).at(2), "2026-11-22T18:00:00.000Z");
}

TEST_F(MigrationsTest, DatabaseFromANewerBuildIsRefused) {
    ASSERT_TRUE(SqliteJobStore::open(db_path(), clock_));
    ASSERT_EQ(raw_exec(db_path(), "INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 't')").rc, SQLITE_OK);
    auto store = SqliteJobStore::open(db_path(), clock_);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::Unavailable);
    EXPECT_NE(store.error().message.find("999"), std::string::npos) << store.error().message;
    EXPECT_EQ(store.error().field, db_path());
}

TEST_F(MigrationsTest, GarbageFileGivesACleanError) {
    {
        std::ofstream f(db_path(), std::ios::binary);
        std::string garbage(8192, '\0');
        std::uint32_t x = 12345;  // fixed-seed xorshift
        for (char& c : garbage) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            c = static_cast<char>(x & 0xffU);
        }
        f << garbage;
    }
    auto store = SqliteJobStore::open(db_path(), clock_);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::Unavailable);
    EXPECT_NE(store.error().message.find("not a SQLite database"), std::string::npos) << store.error().message;
    EXPECT_EQ(store.error().field, db_path());
}

TEST_F(MigrationsTest, DamagedPagesGiveACleanError) {
    {
        auto store = SqliteJobStore::open(db_path(), clock_);
        ASSERT_TRUE(store);
    }  // closing checkpoints the WAL into the main file
    const auto size = std::filesystem::file_size(db_path());
    ASSERT_GT(size, 200U);
    {
        // Keep the 100-byte header, overwrite the rest of page 1 (the schema) and beyond.
        std::fstream f(db_path(), std::ios::binary | std::ios::in | std::ios::out);
        f.seekp(100);
        const std::string junk(static_cast<std::size_t>(size) - 100, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    auto store = SqliteJobStore::open(db_path(), clock_);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::Unavailable);
    EXPECT_NE(store.error().message.find("damaged"), std::string::npos) << store.error().message;
}

TEST_F(MigrationsTest, UnopenablePathIsUnavailable) {
    auto store = SqliteJobStore::open((dir_ / "no" / "such" / "dir" / "b.db").string(), clock_);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::Unavailable);
    EXPECT_NE(store.error().field.find("b.db"), std::string::npos);
}

}  // namespace
}  // namespace borough::store::sqlite
