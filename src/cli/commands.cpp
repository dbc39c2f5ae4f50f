#include "cli/commands.h"

#include <algorithm>
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
#include "actions/common/recording.h"
#include "actions/pipeline.h"
#include "actions/registry.h"
#include "actions/document_summary/document_summary_eval.h"
#include "actions/minutes/minutes_eval.h"
#include "actions/survey_analysis/survey_eval.h"
#include "cli/account_commands.h"
#include "cli/exit_code.h"
#include "cli/progress_bar.h"
#include "core/file.h"
#include "core/http_client.h"
#include "core/ids.h"
#include "core/json.h"
#include "core/sha256.h"
#include "io/text_document.h"
#include "jobs/model_catalogue.h"
#include "jobs/job_execution.h"
#include "speech/diarisation_eval.h"

namespace borough::cli {
namespace {

namespace fs = std::filesystem;

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

// The survey options (--columns, --segment, ...), --previous and --template are shorthands for action
// parameters.
Result<std::vector<std::string>> param_items(const CommandLine& cmd) {
    std::vector<std::string> items = cmd.params;
    auto joined = [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& x : v) out += (out.empty() ? "" : ";") + x;
        return out;
    };
    if (!cmd.columns.empty()) items.push_back("columns=" + joined(cmd.columns));
    if (!cmd.segments.empty()) items.push_back("segments=" + joined(cmd.segments));
    if (!cmd.id_column.empty()) items.push_back("id_column=" + cmd.id_column);
    if (!cmd.sheet.empty()) items.push_back("sheet=" + cmd.sheet);
    if (!cmd.codebook.empty()) {
        BOROUGH_TRY(auto text, read_file(cmd.codebook, 16 << 20));
        items.push_back("codebook=" + text);
    }
    if (!cmd.previous.empty()) {
        BOROUGH_TRY(auto text, read_file(cmd.previous, 16 << 20));
        items.push_back("previous=" + text);
    }
    if (!cmd.form.empty()) {
        BOROUGH_TRY(auto text, read_file(cmd.form, 1 << 20));
        items.push_back("template=" + text);
    }
    return items;
}

// Runs a created (or resumed) job to its end (jobs::execute_job stores, audits and records it), with a
// progress bar and Ctrl-C as cancel, then prints or writes its drafts.
int execute_job(const CommandLine& cmd, Services& s, const actions::ActionDefinition& action, store::JobRecord job,
                const actions::ActionInput& input, const actions::Params& params, const jobs::EngineHandle& engine) {
    std::stop_source stop;
    InterruptWatch watch(stop);
    ProgressBar bar(ProgressBar::stderr_is_terminal());
    BarSink sink(bar);
    auto out = jobs::execute_job(s, action, job, input, params, engine, sink, stop.get_token());
    bar.finish();
    if (!out) {
        if (job.status == store::JobStatus::Cancelled || job.status == store::JobStatus::Failed) {
            std::fprintf(stderr, "borough: job %s %s\n", job.id.c_str(),
                         job.status == store::JobStatus::Cancelled ? "cancelled" : "failed");
        }
        return report(out.error());
    }
    const std::string& json_text = out->json_text;
    const std::string& md = out->markdown;
    const std::string& text = cmd.format == "json" ? json_text : md;
    if (!cmd.out_dir.empty()) {
        std::error_code ec;
        fs::create_directories(cmd.out_dir, ec);
        const std::string stem = fs::path(input.name).stem().string();
        std::vector<std::pair<std::string, const std::string*>> files{{"md", &md}, {"json", &json_text}};
        for (const auto& artifact : out->artifacts) files.emplace_back(artifact.format, &artifact.content);
        std::fprintf(stderr, "borough: job %s done (%s); drafts written:\n", job.id.c_str(), out->method.c_str());
        for (const auto& [ext, content] : files) {
            const fs::path path = fs::path(cmd.out_dir) / (stem + "." + ext);
            if (auto st = write_file_atomic(path, *content); !st) return report(st.error());
            print(path.string());
        }
        for (const auto& w : out->warnings) std::fprintf(stderr, "borough: warning: %s\n", w.c_str());
        return kExitOk;
    }
    if (!cmd.out.empty()) {
        if (auto st = write_file_atomic(cmd.out, text); !st) return report(st.error());
        std::fprintf(stderr, "borough: job %s done; draft written to %s\n", job.id.c_str(), cmd.out.c_str());
    } else {
        print(text);
    }
    return kExitOk;
}

int cmd_run(const CommandLine& cmd, Services& s) {
    auto reg = s.registry();
    if (!reg) return report(reg.error());
    const auto* action = (*reg)->find(cmd.action);
    if (action == nullptr) {
        return report({ErrorCode::NotFound,
                       fmt::format("unknown action '{}'; `borough actions list` shows them", cmd.action), cmd.action});
    }
    auto items = param_items(cmd);
    if (!items) return report(items.error());
    auto params = parse_params(*action, *items);
    if (!params) return report(params.error());

    const std::string input_name = fs::path(cmd.input).filename().string();
    // A recording stays on disk (it may be hours long): the job stores a reference to it and its
    // checksum, and the action streams it. Anything else is read and stored whole.
    const bool recording = actions::is_recording(input_name);
    std::error_code size_error;
    const auto input_size = fs::file_size(cmd.input, size_error);
    if (recording && !size_error && input_size > static_cast<std::uint64_t>(s.max_input_bytes())) {
        return report({ErrorCode::InvalidInput,
                       fmt::format("{} is {} bytes; the largest input accepted is {} bytes (max_input_bytes)",
                                   cmd.input, input_size, s.max_input_bytes()),
                       "max_input_bytes"});
    }
    auto bytes = recording ? sha256_file_hex(cmd.input) : read_file(cmd.input, static_cast<std::uint64_t>(s.max_input_bytes()));
    if (!bytes) return report(bytes.error());
    const std::string input_sha256 = recording ? *bytes : sha256_hex(*bytes);
    const std::uint64_t input_bytes = recording ? input_size : bytes->size();
    const auto input = recording ? actions::ActionInput::from_file(input_name, fs::absolute(cmd.input))
                                 : actions::ActionInput::from_bytes(input_name, *bytes);

    auto engine = s.open_engine("");
    if (!engine) return report(engine.error());
    auto store = s.job_store();
    if (!store) return report(store.error());
    store::JobStore& job_store = **store;

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
    if (auto st = job_store.create_job(job); !st) return report(st.error());
    const store::InputRecord stored =
        recording ? store::InputRecord{job.id, input_name, std::string(jobs::kFileReference), input_sha256,
                                       input.path.string()}
                  : store::InputRecord{job.id, input_name, "text/plain", input_sha256, *bytes};
    if (auto st = job_store.add_input(stored); !st) return report(st.error());
    (void)job_store.append_audit(job.created_by, "job.created", job.id,
                            Json{{"action", action->id}, {"action_hash", action->content_hash},
                                 {"engine", job.engine}, {"model_sha256", job.model_sha256},
                                 {"input_sha256", input_sha256}, {"input_bytes", input_bytes}});

    return execute_job(cmd, s, *action, std::move(job), input, *params, *engine);
}

// `borough resume JOB`: runs a job that did not finish (killed, failed or cancelled) again with the same
// action version, input, parameters and model; units it had finished (checkpoints) are not redone.
int cmd_resume(const CommandLine& cmd, Services& s) {
    auto store = s.job_store();
    if (!store) return report(store.error());
    store::JobStore& job_store = **store;
    auto job = job_store.job(cmd.target);
    if (!job) return report(job.error());
    if (job->status == store::JobStatus::Succeeded) {
        return report({ErrorCode::Conflict, fmt::format("job {} already succeeded: nothing to resume", job->id),
                       job->id});
    }
    auto reg = s.registry();
    if (!reg) return report(reg.error());
    const auto* action = (*reg)->find(job->action_id);
    if (action == nullptr || action->content_hash != job->action_hash) {
        return report({ErrorCode::Conflict,
                       fmt::format("job {} ran action '{}' with content hash {}, which is no longer installed; "
                                   "it cannot be resumed",
                                   job->id, job->action_id, job->action_hash),
                       job->id});
    }
    auto engine = s.open_engine("");
    if (!engine) return report(engine.error());
    if (engine->engine != job->engine || engine->model_sha256 != job->model_sha256) {
        return report({ErrorCode::Conflict,
                       fmt::format("job {} ran on {} {}; resume it with the same engine and model", job->id,
                                   job->engine, job->model),
                       "model"});
    }
    auto input = jobs::load_job_input(job_store, job->id);
    if (!input) {
        Error e = input.error();
        if (e.code == ErrorCode::Conflict) e.message += "; it cannot be resumed";
        return report(e);
    }
    auto saved = job_store.checkpoints(job->id);
    if (!saved) return report(saved.error());
    std::fprintf(stderr, "borough: resuming job %s (%zu finished units kept)\n", job->id.c_str(), saved->size());
    job->status = store::JobStatus::Running;
    job->error.clear();
    if (auto st = job_store.update_job(*job); !st) return report(st.error());
    (void)job_store.append_audit(local_actor(), "job.resumed", job->id, Json{{"checkpoints", saved->size()}});
    return execute_job(cmd, s, *action, *job, *input, jobs::job_params(*action, *job), *engine);
}

// ---- models ----------------------------------------------------------------------------------------

int cmd_models_add(const CommandLine& cmd, Services& s) {
    auto store = s.job_store();
    if (!store) return report(store.error());
    ProgressBar bar(ProgressBar::stderr_is_terminal());
    auto m = jobs::add_model(**store, s.clock(), s.models_dir(), jobs::ModelSource{cmd.source, cmd.sha256, cmd.name},
                             local_actor(), [&bar](std::uint64_t done, std::uint64_t total) {
                                 bar.update("download", static_cast<std::size_t>(done),
                                            static_cast<std::size_t>(total));
                             });
    bar.finish();
    if (!m) {
        Error e = m.error();
        if (e.field == "sha256") e.message += " (--sha256)";
        return report(e);
    }
    print(fmt::format("added model {} ({} bytes, sha256 {})\n  {}", m->name, m->size_bytes, m->sha256, m->path));
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

int cmd_eval(const CommandLine& cmd) {
    Result<Json> result = fail(ErrorCode::InvalidInput,
                               fmt::format("no evaluation for action '{}' (available: survey-analysis, "
                                           "meeting-minutes, document-summary, diarisation)",
                                           cmd.target),
                               cmd.target);
    if (cmd.target == "survey-analysis") result = actions::survey::evaluate_survey_analysis(cmd.eval_dir, cmd.seed);
    if (cmd.target == "meeting-minutes") {
        result = actions::minutes::evaluate_minutes(cmd.eval_dir);
        // Structured recall on the gold meetings we wrote, beside ROUGE on QMSum (either may be absent).
        if (std::filesystem::exists(cmd.gold_dir)) {
            auto gold = actions::minutes::evaluate_minutes_gold(cmd.gold_dir);
            if (!gold) return report(gold.error());
            if (!result && result.error().code == ErrorCode::NotFound) {
                result = Json{{"action", "meeting-minutes"}, {"sets", Json::array()}, {"markdown", ""}};
            }
            if (result) {
                const std::string md = (*result)["markdown"].get<std::string>();
                (*result)["markdown"] = md + (md.empty() ? "" : "\n") + (*gold)["markdown"].get<std::string>();
                (*result)["structured"] = std::move(gold).value();
            }
        }
    }
    if (cmd.target == "document-summary") result = actions::document_summary::evaluate_document_summary(cmd.eval_dir);
    if (cmd.target == "diarisation") result = speech::evaluate_diarisation(cmd.eval_dir);
    if (!result) return report(result.error());
    const std::string text = cmd.format == "json" ? dump_json(*result, 2) : (*result)["markdown"].get<std::string>();
    if (!cmd.out.empty()) {
        if (auto st = write_file_atomic(cmd.out, text); !st) return report(st.error());
    }
    print(text);
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
    run->add_option("--out-dir", cmd.out_dir,
                    "Write every output (Markdown, JSON and the action's reports, e.g. HTML and XLSX) into this folder")
        ->excludes("--out");
    run->add_option("--columns", cmd.columns, "Survey: free-text question columns (names or numbers; repeatable)");
    run->add_option("--segment", cmd.segments, "Survey: segment columns for breakdowns, e.g. Ward (repeatable)");
    run->add_option("--id-column", cmd.id_column, "Survey: the respondent id column (\"none\" for none)");
    run->add_option("--sheet", cmd.sheet, "Survey: the XLSX sheet to read (default: the first)");
    run->add_option("--codebook", cmd.codebook, "Survey: a codebook CSV (theme, description, keywords)")
        ->check(CLI::ExistingFile);
    run->add_option("--previous", cmd.previous,
                    "Minutes: the previous minutes' JSON result (open actions are carried forward)")
        ->check(CLI::ExistingFile);
    run->add_option("--template", cmd.form,
                    "Needs assessment: a YAML form template mapping fields to your case-management ids")
        ->check(CLI::ExistingFile);
    run->callback([&cmd] { cmd.which = "run"; });

    auto* resume = app.add_subcommand(
        "resume", "Run a job that did not finish again; units it had finished (checkpoints) are not redone");
    resume->add_option("JOB", cmd.target, "Job id")->required();
    resume->add_option("--format,-f", cmd.format, "Output format")->check(CLI::IsMember({"md", "json"}));
    resume->add_option("--out,-o", cmd.out, "Write the output here instead of stdout");
    resume->add_option("--out-dir", cmd.out_dir, "Write every output into this folder")->excludes("--out");
    resume->callback([&cmd] { cmd.which = "resume"; });

    auto* eval = app.add_subcommand("eval", "Measure an action's quality on labelled public data sets");
    eval->add_option("ACTION", cmd.target, "Action id (survey-analysis, meeting-minutes, document-summary) or diarisation")->required();
    eval->add_option("--data", cmd.eval_dir, "Folder holding the evaluation sets")->check(CLI::ExistingDirectory);
    eval->add_option("--seed", cmd.seed, "Seed of the theme clustering");
    eval->add_option("--gold", cmd.gold_dir, "meeting-minutes: folder of our gold meetings (structured recall)");
    eval->add_option("--format,-f", cmd.format, "Output format")->check(CLI::IsMember({"md", "json"}));
    eval->add_option("--out,-o", cmd.out, "Also write the result to this file");
    eval->callback([&cmd] { cmd.which = "eval"; });

    auto* models = app.add_subcommand("models", "Manage models: GGUF language models and whisper.cpp speech models");
    models->require_subcommand(1);
    auto* add = models->add_subcommand("add", "Register a local model file (GGUF or whisper GGML), or download one (needs --sha256)");
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

    auto* serve = app.add_subcommand(
        "serve", "Run the HTTP API and web workbench (settings: --host, --port, --workers, ...); Ctrl-C stops it");
    serve->callback([&cmd] { cmd.which = "serve"; });
    add_account_commands(app, cmd);

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
        if (cmd.which == "eval") return cmd_eval(cmd);
        if (cmd.which == "resume") return cmd_resume(cmd, services);
        if (cmd.which == "models add") return cmd_models_add(cmd, services);
        if (cmd.which == "models list") return cmd_models_list(services);
        if (cmd.which == "history") return cmd_history(cmd, services);
        if (cmd.which == "show") return cmd_show(cmd, services);
        if (cmd.which == "audit verify") return cmd_audit_verify(services);
        if (cmd.which == "serve") return services.serve();
        if (auto rc = execute_account_command(cmd, services)) return *rc;
    } catch (const std::exception& e) {
        // Last-resort boundary: library code should have returned an Error.
        std::fprintf(stderr, "borough: internal error: %s\n", e.what());
        return exit_code(ErrorCode::Internal);
    }
    std::fprintf(stderr, "borough: no command given (try --help)\n");
    return kExitUsage;
}

}  // namespace borough::cli
