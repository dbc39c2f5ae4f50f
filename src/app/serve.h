// `borough serve`: the job runner and the HTTP server over the composition root's services, until
// SIGINT or SIGTERM. On a signal it stops taking requests, leaves running jobs queued for the next
// start (nothing lost) and exits 0.
#pragma once

#include "app/settings.h"
#include "jobs/services.h"
#include "store/account_store.h"

namespace borough::app {

// Prints "borough: listening on http(s)://HOST:PORT" on stderr once requests are accepted.
// Returns the process exit code (2 for a configuration or bind error, with the reason on stderr).
int serve(const Config& config, jobs::JobServices& services, store::AccountStore& accounts);

}  // namespace borough::app
