// The concrete stores behind the HTTP test fixture (test_server.h). A _test.cpp file, because only
// tests and app/ may name store/sqlite (tools/check_layering.sh).
#include "server/test_server.h"
#include "store/sqlite/sqlite_account_store.h"
#include "store/sqlite/sqlite_job_store.h"

namespace borough::server::test {

Result<TestStores> open_test_stores(const std::string& path, Clock& clock) {
    TestStores stores;
    BOROUGH_TRY(stores.jobs, store::sqlite::SqliteJobStore::open(path, clock));
    BOROUGH_TRY(stores.accounts, store::sqlite::SqliteAccountStore::open(path, clock));
    return stores;
}

}  // namespace borough::server::test
