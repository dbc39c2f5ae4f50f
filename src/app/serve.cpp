#include "app/serve.h"

#include <fmt/format.h>
#include <pthread.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include "app/build_info.h"
#include "cli/exit_code.h"
#include "core/json.h"
#include "core/log.h"
#include "jobs/job_runner.h"
#include "jobs/model_catalogue.h"
#include "server/server.h"

namespace borough::app {
namespace {

using cli::report;

// GET /api/v1/settings: every setting with its current value; secrets are never in Config, only the
// name of the environment variable that holds the API key.
Json settings_json(const Config& c) {
    return Json{{"data_dir", c.data_dir.string()},
                {"actions_dir", c.actions_folder().string()},
                {"engine", c.engine},
                {"model", c.model},
                {"llama_threads", c.llama_threads},
                {"llama_parallel", c.llama_parallel},
                {"llama_ctx", c.llama_ctx},
                {"openai_url", c.openai_url},
                {"openai_model", c.openai_model},
                {"openai_api_key_env", c.openai_api_key_env},
                {"whisper_model", c.whisper_model.string()},
                {"whisper_language", c.whisper_language},
                {"max_input_bytes", c.max_input_bytes},
                {"host", c.host},
                {"port", c.port},
                {"workers", c.workers},
                {"http_threads", c.http_threads},
                {"session_hours", c.session_hours},
                {"max_request_bytes", c.max_request_bytes},
                {"submissions_per_minute", c.submissions_per_minute},
                {"tls", !c.tls_cert.empty()},
                {"log_level", c.log_level}};
}

}  // namespace

int serve(const Config& config, jobs::JobServices& services, store::AccountStore& accounts) {
    // Signals go to one waiting thread: block them here, before any other thread exists, so every
    // thread created later inherits the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    auto store = services.job_store();
    if (!store) return report(store.error());
    auto runner = jobs::JobRunner::create(services, jobs::JobRunnerOptions{.workers = config.workers});
    if (!runner) return report(runner.error());

    auto recovered = (*runner)->start();
    if (!recovered) return report(recovered.error());
    if (!recovered->requeued.empty() || !recovered->failed.empty()) {
        std::fprintf(stderr, "borough: after restart: %zu unfinished job(s) queued again, %zu marked failed\n",
                     recovered->requeued.size(), recovered->failed.size());
    }

    server::ServerConfig sc;
    sc.host = config.host;
    sc.port = config.port;
    sc.tls_cert = config.tls_cert;
    sc.tls_key = config.tls_key;
    sc.session_hours = config.session_hours;
    sc.max_request_bytes = config.max_request_bytes;
    sc.upload_dir = config.data_dir / "uploads";
    sc.actions_dir = config.actions_folder();
    sc.http_threads = config.http_threads;
    sc.submissions_per_minute = config.submissions_per_minute;
    sc.version = std::string(build_info::version());
    sc.settings_json = dump_json(settings_json(config));
    sc.default_engine = config.engine;
    sc.engines = {"extractive"};
    if (config.engine != "extractive") sc.engines.push_back(config.engine);
    const std::filesystem::path models_dir = config.models_dir();
    store::JobStore& jobs = **store;
    const Clock& clock = services.clock();
    sc.add_model = [&jobs, &clock, models_dir](const std::string& source, const std::string& sha256,
                                               const std::string& name) {
        return jobs::add_model(jobs, clock, models_dir, jobs::ModelSource{source, sha256, name}, "api");
    };
    auto server = server::Server::create(server::ServerDeps{services, **runner, accounts}, std::move(sc));
    if (!server) return report(server.error());
    auto port = (*server)->bind();
    if (!port) return report(port.error());

    std::atomic<bool> stopping{false};
    std::jthread signal_waiter([&server, &stop_signals, &stopping] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        if (!stopping.exchange(true)) (*server)->stop();
    });
    std::fprintf(stderr, "borough: listening on %s://%s:%d\n", config.tls_cert.empty() ? "http" : "https",
                 config.host.c_str(), *port);
    std::fflush(stderr);
    (*server)->run();
    (*runner)->stop();
    // If run() ended for another reason, wake the waiter so the jthread can join.
    if (!stopping.exchange(true)) pthread_kill(signal_waiter.native_handle(), SIGTERM);
    std::fprintf(stderr, "borough: stopped\n");
    return cli::kExitOk;
}

}  // namespace borough::app
