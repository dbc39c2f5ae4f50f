// What the `borough` command needs from the composition root (app/), as an interface: cli/ knows no
// concrete engine or store type. app/ implements it from the validated Config. The job-running part
// (store, registry, engines) is jobs::JobServices, shared with the server.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "jobs/services.h"
#include "store/account_store.h"

namespace borough::cli {

class Services : public jobs::JobServices {
public:
    [[nodiscard]] virtual std::filesystem::path models_dir() const = 0;
    // Multi-line text for `borough version`.
    [[nodiscard]] virtual std::string version_text() const = 0;
    [[nodiscard]] virtual std::string settings_markdown() const = 0;
    // Users, teams, sessions and API tokens; opened on first use (same database as the job store).
    [[nodiscard]] virtual Result<store::AccountStore*> account_store() = 0;
    // `borough serve`: runs the job runner and the HTTP server until SIGINT/SIGTERM; the exit code.
    virtual int serve() = 0;
};

}  // namespace borough::cli
