#include "cli/commands.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "actions/action_loader.h"
#include "actions/builtin.h"
#include "actions/pipeline.h"
#include "actions/registry.h"
#include "cli/exit_code.h"
#include "cli/progress_bar.h"
#include "core/file.h"
#include "core/http_client.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/sha256.h"
#include "io/text_document.h"

namespace borough::cli {
namespace {

namespace fs = std::filesystem;

int report(const Error& e) {
    std::fprintf(stderr, "borough: %s\n", e.message.c_str());
    return exit_code(e.code);
}

void print(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (!text.empty() && text.back() != '\n') std::fputc('\n', stdout);
}

std::string local_actor() {
    const char* user = std::getenv("USER");  // NOLINT(concurrency-mt-unsafe): read once per command
    return fmt::format("cli:{}", user != nullptr ? user : "unknown");
}

// ---- SIGINT → stop_source, so Ctrl-C cancels the running job cleanly and it is recorded as cancelled.
std::atomic<bool> g_interrupted{false};  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables): signal flag
extern "C" void on_sigint(int /*sig*/) { g_interrupted.store(true); }

class InterruptWatch {
public:
    explicit InterruptWatch(std::stop_source& source)
        : thread_([&source](std::stop_token st) {
              while (!st.stop_requested()) {
                  if (g_interrupted.load()) {
                      source.request_stop();
                      return;
                  }
                  std::this_thread::sleep_for(std::chrono::milliseconds(50));
              }
          }) {
        previous_ = std::signal(SIGINT, on_sigint);
    }
    ~InterruptWatch() { std::signal(SIGINT, previous_); }
    InterruptWatch(const InterruptWatch&) = delete;
    InterruptWatch& operator=(const InterruptWatch&) = delete;
    InterruptWatch(InterruptWatch&&) = delete;
    InterruptWatch& operator=(InterruptWatch&&) = delete;

private:
    std::jthread thread_;
    void (*previous_)(int) = SIG_DFL;
};

class BarSink final : public actions::ProgressSink {
public:
    explicit BarSink(ProgressBar& bar) : bar_(bar) {}
    void on_progress(std::string_view stage, std::size_t done, std::size_t total) override {
        bar_.update(stage, done, total);
    }

private:
    ProgressBar& bar_;
};

// ---- version / settings ----------------------------------------------------------------------------

int cmd_version(Services& s) {
    print(s.version_text());
    return kExitOk;
}

int cmd_settings(Services& s) {
    print(s.settings_markdown());
    return kExitOk;
}

// ---- actions ---------------------------------------------------------------------------------------

int cmd_actions_list(Services& s) {
    auto reg = s.registry();
    if (!reg) return report(reg.error());
    for (const auto& p : (*reg)->load_problems()) std::fprintf(stderr, "borough: %s\n", p.describe().c_str());
    print(fmt::format("{:<24} {:<8} {:<20} {}", "ID", "VERSION", "CATEGORY", "TITLE"));
    for (const auto* a : (*reg)->list()) {
        print(fmt::format("{:<24} {:<8} {:<20} {}", a->id, a->version, a->category, a->title));
    }
    return kExitOk;
}

int cmd_actions_show(Services& s, const std::string& id) {
    auto reg = s.registry();
    if (!reg) return report(reg.error());
    const auto* a = (*reg)->find(id);
    if (a == nullptr) {
        return report({ErrorCode::NotFound, fmt::format("unknown action '{}'; `borough actions list` shows them", id), id});
    }
    std::string text;
    if (a->is_builtin) {
        for (const auto& [file, bytes] : actions::builtin_action_files()) {
            if (a->source == "builtin:" + std::string(file)) text = std::string(bytes);
        }
    } else if (auto bytes = read_file(a->source, 1 << 20)) {
        text = std::move(*bytes);
    }
    print(fmt::format("# {} {} ({}), sha256 {}\n# source: {}", a->id, a->version, a->category, a->content_hash,
                      a->source));
    print(text);
    return kExitOk;
}

int cmd_actions_validate(const std::string& path) {
    const auto problems = actions::validate_action_file(path);
    if (problems.empty()) {
        print(fmt::format("{}: ok", path));
        return kExitOk;
    }
    for (const auto& p : problems) std::fprintf(stderr, "%s\n", p.describe().c_str());
    std::fprintf(stderr, "borough: %zu problem(s) in %s\n", problems.size(), path.c_str());
    return exit_code(ErrorCode::InvalidInput);
}

// ---- run -------------------------------------------------------------------------------------------

Result<actions::Params> parse_params(const actions::ActionDefinition& action, const std::vector<std::string>& items) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0) {
            return fail(ErrorCode::InvalidInput, fmt::format("--param '{}': expected NAME=VALUE", item), item);
        }
        pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    BOROUGH_TRY(auto params, actions::parse_param_strings(action, pairs));
    BOROUGH_TRY_STATUS(actions::resolve_params(action, params));
    return params;
}

int cmd_run(const CommandLine& cmd, Services& s) {
    auto reg = s.registry();
    if (!reg) return report(reg.error());
    const auto* action = (*reg)->find(cmd.action);
    if (action == nullptr) {
        return report({ErrorCode::NotFound,
                       fmt::format("unknown action '{}'; `borough actions list` shows them", cmd.action), cmd.action});
    }
    auto params = parse_params(*action, cmd.params);
    if (!params) return report(params.error());

    auto bytes = read_file(cmd.input, static_cast<std::uint64_t>(s.max_input_bytes()));
    if (!bytes) return report(bytes.error());
    const std::string input_name = fs::path(cmd.input).filename().string();

    auto engine = s.open_engine();
    if (!engine) return report(engine.error());
    auto store = s.job_store();
    if (!store) return report(store.error());
    store::JobStore& jobs = **store;

    store::JobRecord job;
    job.id = new_id();
    job.action_id = action->id;
    job.action_version = action->version;
    job.action_hash = action->content_hash;
    job.engine = engine->engine;
    job.model = engine->model;
    job.model_sha256 = engine->model_sha256;
    for (const auto& [k, v] : *params) job.parameters[k] = v;
    job.status = store::JobStatus::Running;
    job.created_by = local_actor();
    job.created_at = format_utc(s.clock().now());
    job.started_at = job.created_at;
    if (auto st = jobs.create_job(job); !st) return report(st.error());
    if (auto st = jobs.add_input({job.id, input_name, "text/plain", sha256_hex(*bytes), *bytes}); !st) {
        return report(st.error());
    }
    (void)jobs.append_audit(job.created_by, "job.created", job.id,
                            Json{{"action", action->id}, {"action_hash", action->content_hash},
                                 {"engine", job.engine}, {"model_sha256", job.model_sha256},
                                 {"input_sha256", sha256_hex(*bytes)}, {"input_bytes", bytes->size()}});

    std::stop_source stop;
    InterruptWatch watch(stop);
    ProgressBar bar(ProgressBar::stderr_is_terminal());
    BarSink sink(bar);
    actions::ActionContext ctx{engine->generator.get(), s.clock(), sink, stop.get_token()};
    const auto input = actions::ActionInput::from_bytes(input_name, *bytes);
    auto out = actions::run_action(*action, input, *params, ctx);
    bar.finish();

    job.finished_at = format_utc(s.clock().now());
    if (!out) {
        job.status = out.error().code == ErrorCode::Cancelled ? store::JobStatus::Cancelled : store::JobStatus::Failed;
        job.error = out.error().message;
        (void)jobs.update_job(job);
        (void)jobs.append_audit(job.created_by, job.status == store::JobStatus::Cancelled ? "job.cancelled" : "job.failed",
                                job.id, Json{{"code", std::string(to_string(out.error().code))}});
        std::fprintf(stderr, "borough: job %s %s\n", job.id.c_str(),
                     job.status == store::JobStatus::Cancelled ? "cancelled" : "failed");
        return report(out.error());
    }
    job.status = store::JobStatus::Succeeded;
    job.timings = out->timings;
    const std::string json_text = dump_json(Json{{"job", job.id},
                                                 {"action", action->id},
                                                 {"action_version", action->version},
                                                 {"action_hash", action->content_hash},
                                                 {"method", out->method},
                                                 {"draft", true},
                                                 {"warnings", out->warnings},
                                                 {"result", out->result}},
                                            2);
    std::string md = fmt::format(
        "> **DRAFT** prepared with AI assistance ({}) — check before use. Job {}.\n\n{}", out->method, job.id,
        out->markdown);
    if (auto v = jobs.add_output({job.id, 0, "generated", "json", json_text, job.created_by, job.finished_at}); !v) {
        return report(v.error());
    }
    if (auto v = jobs.add_output({job.id, 0, "generated", "md", md, job.created_by, job.finished_at}); !v) {
        return report(v.error());
    }
    if (auto st = jobs.update_job(job); !st) return report(st.error());
    (void)jobs.append_audit(job.created_by, "job.succeeded", job.id,
                            Json{{"method", out->method}, {"output_sha256", sha256_hex(json_text)}});

    const std::string& text = cmd.format == "json" ? json_text : md;
    if (!cmd.out.empty()) {
        if (auto st = write_file_atomic(cmd.out, text); !st) return report(st.error());
        std::fprintf(stderr, "borough: job %s done; draft written to %s\n", job.id.c_str(), cmd.out.c_str());
    } else {
        print(text);
    }
    return kExitOk;
}

// ---- models ----------------------------------------------------------------------------------------

bool is_url(std::string_view s) { return s.starts_with("http://") || s.starts_with("https://"); }

Status check_gguf(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    if (in.gcount() != 4 || std::string_view(magic, 4) != "GGUF") {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: not a GGUF model file (the first 4 bytes are not 'GGUF')", path.string()),
                    path.string());
    }
    return {};
}

int cmd_models_add(const CommandLine& cmd, Services& s) {
    auto store = s.job_store();
    if (!store) return report(store.error());
    store::ModelRecord m;
    m.source = cmd.source;
    if (is_url(cmd.source)) {
        if (cmd.sha256.empty()) {
            return report({ErrorCode::InvalidInput,
                           "a model downloaded from a URL needs its expected checksum: add --sha256 HEX", "--sha256"});
        }
        std::string file = cmd.source.substr(cmd.source.find_last_of('/') + 1);
        if (auto q = file.find('?'); q != std::string::npos) file.resize(q);
        if (file.empty() || file == "." || file == "..") file = "model.gguf";
        std::error_code ec;
        fs::create_directories(s.models_dir(), ec);
        const fs::path dest = s.models_dir() / file;
        ProgressBar bar(ProgressBar::stderr_is_terminal());
        HttpClient http;
        DownloadOptions opts;
        opts.expected_sha256 = cmd.sha256;
        opts.progress = [&bar](std::uint64_t done, std::uint64_t total) {
            bar.update("download", static_cast<std::size_t>(done), static_cast<std::size_t>(total));
        };
        auto got = http.download(cmd.source, dest, opts);
        bar.finish();
        if (!got) return report(got.error());
        m.path = fs::absolute(dest).string();
        m.sha256 = got->sha256;
        m.size_bytes = got->size_bytes;
    } else {
        std::error_code ec;
        if (!fs::is_regular_file(cmd.source, ec)) {
            return report({ErrorCode::NotFound, fmt::format("{}: no such model file", cmd.source), cmd.source});
        }
        auto sha = sha256_file_hex(cmd.source);
        if (!sha) return report(sha.error());
        if (!cmd.sha256.empty() && *sha != cmd.sha256) {
            return report({ErrorCode::InvalidInput,
                           fmt::format("{}: sha256 is {}, expected {}", cmd.source, *sha, cmd.sha256), "--sha256"});
        }
        m.path = fs::absolute(cmd.source).string();
        m.sha256 = *sha;
        m.size_bytes = fs::file_size(cmd.source, ec);
    }
    if (auto st = check_gguf(m.path); !st) {
        if (is_url(cmd.source)) fs::remove(m.path);
        return report(st.error());
    }
    m.name = cmd.name.empty() ? fs::path(m.path).stem().string() : cmd.name;
    m.added_at = format_utc(s.clock().now());
    if (auto st = (*store)->upsert_model(m); !st) return report(st.error());
    (void)(*store)->append_audit(local_actor(), "model.added", m.name,
                                 Json{{"sha256", m.sha256}, {"size_bytes", m.size_bytes}, {"source", m.source}});
    print(fmt::format("added model {} ({} bytes, sha256 {})\n  {}", m.name, m.size_bytes, m.sha256, m.path));
    return kExitOk;
}

int cmd_models_list(Services& s) {
    auto store = s.job_store();
    if (!store) return report(store.error());
    auto models = (*store)->list_models();
    if (!models) return report(models.error());
    print(fmt::format("{:<28} {:>14} {:<16} {}", "NAME", "BYTES", "SHA256", "PATH"));
    for (const auto& m : *models) {
        print(fmt::format("{:<28} {:>14} {:<16} {}", m.name, m.size_bytes, m.sha256.substr(0, 16), m.path));
    }
    return kExitOk;
}

// ---- history / show / audit ------------------------------------------------------------------------

int cmd_history(const CommandLine& cmd, Services& s) {
    auto store = s.job_store();
    if (!store) return report(store.error());
    auto jobs = (*store)->list_jobs(cmd.limit);
    if (!jobs) return report(jobs.error());
    print(fmt::format("{:<32} {:<24} {:<10} {:<11} {}", "JOB", "CREATED", "STATUS", "ENGINE", "ACTION"));
    for (const auto& j : *jobs) {
        print(fmt::format("{:<32} {:<24} {:<10} {:<11} {}", j.id, j.created_at, store::to_string(j.status), j.engine,
                          j.action_id));
    }
    return kExitOk;
}

int cmd_show(const CommandLine& cmd, Services& s) {
    auto store = s.job_store();
    if (!store) return report(store.error());
    auto job = (*store)->job(cmd.target);
    if (!job) return report(job.error());
    auto outputs = (*store)->outputs(job->id);
    if (!outputs) return report(outputs.error());
    if (cmd.format == "json") {
        Json j{{"id", job->id},
               {"action", job->action_id},
               {"action_version", job->action_version},
               {"action_hash", job->action_hash},
               {"engine", job->engine},
               {"model", job->model},
               {"model_sha256", job->model_sha256},
               {"parameters", job->parameters},
               {"status", std::string(store::to_string(job->status))},
               {"error", job->error},
               {"created_by", job->created_by},
               {"created_at", job->created_at},
               {"finished_at", job->finished_at},
               {"timings", job->timings},
               {"outputs", Json::array()}};
        for (const auto& o : *outputs) {
            j["outputs"].push_back({{"version", o.version}, {"kind", o.kind}, {"format", o.format}, {"bytes", o.content.size()}});
        }
        print(dump_json(j, 2));
        return kExitOk;
    }
    print(fmt::format("job      {}\naction   {} {} (sha256 {})\nengine   {} {}\nstatus   {}{}\ncreated  {} by {}\nfinished {}",
                      job->id, job->action_id, job->action_version, job->action_hash, job->engine, job->model,
                      store::to_string(job->status), job->error.empty() ? "" : ": " + job->error, job->created_at,
                      job->created_by, job->finished_at));
    for (auto it = outputs->rbegin(); it != outputs->rend(); ++it) {
        if (it->format == "md") {
            print("\n" + it->content);
            break;
        }
    }
    return kExitOk;
}

int cmd_audit_verify(Services& s) {
    auto store = s.job_store();
    if (!store) return report(store.error());
    auto v = (*store)->verify_audit();
    if (!v) return report(v.error());
    if (v->ok) {
        print(fmt::format("audit log ok: {} entries, hash chain intact", v->entries_checked));
        return kExitOk;
    }
    std::fprintf(stderr, "borough: audit log BROKEN at entry %lld: %s\n",
                 static_cast<long long>(v->first_bad_seq.value_or(0)), v->problem.c_str());
    return kExitAuditBroken;
}

}  // namespace

void add_commands(CLI::App& app, CommandLine& cmd) {
    auto* version = app.add_subcommand("version", "Versions of borough and llama.cpp, and build flags");
    version->callback([&cmd] { cmd.which = "version"; });

    auto* settings = app.add_subcommand("settings", "Print every setting as Markdown (docs/config.md)");
    settings->callback([&cmd] { cmd.which = "settings"; });

    auto* actions = app.add_subcommand("actions", "List, show and validate actions");
    actions->require_subcommand(1);
    actions->add_subcommand("list", "List built-in and administrator actions")->callback([&cmd] {
        cmd.which = "actions list";
    });
    auto* show_action = actions->add_subcommand("show", "Print an action's definition and content hash");
    show_action->add_option("ID", cmd.target, "Action id")->required();
    show_action->callback([&cmd] { cmd.which = "actions show"; });
    auto* validate = actions->add_subcommand("validate", "Check an action YAML file and list every problem");
    validate->add_option("FILE", cmd.target, "Action YAML file")->required();
    validate->callback([&cmd] { cmd.which = "actions validate"; });

    auto* run = app.add_subcommand("run", "Run an action on an input file; the result is a draft for review");
    run->add_option("ACTION", cmd.action, "Action id (see `borough actions list`)")->required();
    run->add_option("--input,-i", cmd.input, "Input file")->required();
    run->add_option("--param,-p", cmd.params, "Action parameter NAME=VALUE (repeatable)");
    run->add_option("--format,-f", cmd.format, "Output format")->check(CLI::IsMember({"md", "json"}));
    run->add_option("--out,-o", cmd.out, "Write the output here instead of stdout");
    run->callback([&cmd] { cmd.which = "run"; });

    auto* models = app.add_subcommand("models", "Manage GGUF models for the llama engine");
    models->require_subcommand(1);
    auto* add = models->add_subcommand("add", "Register a local GGUF file, or download one (needs --sha256)");
    add->add_option("PATH_OR_URL", cmd.source, "File path or http(s) URL")->required();
    add->add_option("--sha256", cmd.sha256, "Expected SHA-256 of the file (hex)");
    add->add_option("--name", cmd.name, "Name to register it under (default: file stem)");
    add->callback([&cmd] { cmd.which = "models add"; });
    models->add_subcommand("list", "List registered models")->callback([&cmd] { cmd.which = "models list"; });

    auto* history = app.add_subcommand("history", "Recent jobs, newest first");
    history->add_option("--limit,-n", cmd.limit, "How many")->check(CLI::Range(1, 100000));
    history->callback([&cmd] { cmd.which = "history"; });

    auto* show = app.add_subcommand("show", "Show a job and its latest draft");
    show->add_option("JOB", cmd.target, "Job id")->required();
    show->add_option("--format,-f", cmd.format, "Output format")->check(CLI::IsMember({"md", "json"}));
    show->callback([&cmd] { cmd.which = "show"; });

    auto* audit = app.add_subcommand("audit", "Audit log");
    audit->require_subcommand(1);
    audit->add_subcommand("verify", "Recompute the audit hash chain; exit 10 if an entry was edited or removed")
        ->callback([&cmd] { cmd.which = "audit verify"; });
}

int execute(const CommandLine& cmd, Services& services) {
    try {
        if (cmd.which == "version") return cmd_version(services);
        if (cmd.which == "settings") return cmd_settings(services);
        if (cmd.which == "actions list") return cmd_actions_list(services);
        if (cmd.which == "actions show") return cmd_actions_show(services, cmd.target);
        if (cmd.which == "actions validate") return cmd_actions_validate(cmd.target);
        if (cmd.which == "run") return cmd_run(cmd, services);
        if (cmd.which == "models add") return cmd_models_add(cmd, services);
        if (cmd.which == "models list") return cmd_models_list(services);
        if (cmd.which == "history") return cmd_history(cmd, services);
        if (cmd.which == "show") return cmd_show(cmd, services);
        if (cmd.which == "audit verify") return cmd_audit_verify(services);
    } catch (const std::exception& e) {
        // Last-resort boundary: library code should have returned an Error.
        std::fprintf(stderr, "borough: internal error: %s\n", e.what());
        return exit_code(ErrorCode::Internal);
    }
    std::fprintf(stderr, "borough: no command given (try --help)\n");
    return kExitUsage;
}

}  // namespace borough::cli
