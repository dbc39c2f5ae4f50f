// Actions, job submission and the job lifecycle: list, get, events, cancel, rerun, source.
#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iterator>

#include "actions/builtin.h"
#include "actions/common/recording.h"
#include "actions/registry.h"
#include "core/strings.h"
#include "core/text_encoding.h"
#include "io/text_document.h"
#include "jobs/job_execution.h"
#include "server/call.h"
#include "server/handlers/handlers.h"
#include "server/sse.h"
#include "server/upload.h"
#include "server/views.h"

namespace borough::server::handlers {

namespace {

// The engines GET /models offers are "extractive", the configured engine by its kind (llama, openai)
// and catalogue model names; the runner knows the configured one as "".
std::string engine_choice(const Call& call, const std::string& engine) {
    const std::string& configured = call.state.config.default_engine;
    return engine == configured && engine != "extractive" ? std::string() : engine;
}

Status check_submission_rate(Call& call) {
    const auto& user = call.who().user.name;
    if (auto wait = call.state.submissions.try_acquire(user, call.state.deps.services.clock().steady_now())) {
        call.retry_after_s = *wait;
        return fail(ErrorCode::ResourceExhausted,
                    fmt::format("more than {} job submissions a minute; try again in {} s",
                                call.state.config.submissions_per_minute, *wait),
                    "rate");
    }
    return {};
}

// A JSON parameter value as the NAME=VALUE text the runner types by the action's declaration.
Result<std::string> param_text(const std::string& name, const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_boolean()) return std::string(value.get<bool>() ? "true" : "false");
    if (value.is_number()) return dump_json(value);
    return fail(ErrorCode::InvalidInput, fmt::format("parameter '{}' must be a string, number or boolean", name),
                "parameters." + name);
}

Result<jobs::JobRequest> json_job_request(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    jobs::JobRequest request;
    BOROUGH_TRY(request.action_id, string_field(body, "action", true));
    BOROUGH_TRY(request.engine, string_field(body, "engine", false));
    request.engine = engine_choice(call, request.engine);
    auto input = body.find("input");
    if (input == body.end() || !input->is_object()) {
        return fail(ErrorCode::InvalidInput, "'input' must be an object {\"name\",\"text\"}", "input");
    }
    BOROUGH_TRY(std::string name, string_field(*input, "name", true));
    BOROUGH_TRY(request.input_name, safe_upload_name(name, "input.name"));
    auto text = input->find("text");
    if (text == input->end() || !text->is_string())
        return fail(ErrorCode::InvalidInput, "'input.text' must be a string", "input.text");
    request.input_bytes = text->get<std::string>();
    if (auto params = body.find("parameters"); params != body.end() && !params->is_null()) {
        if (!params->is_object()) return fail(ErrorCode::InvalidInput, "'parameters' must be an object", "parameters");
        for (const auto& [key, value] : params->items()) {
            BOROUGH_TRY(std::string v, param_text(key, value));
            request.params.emplace_back(key, std::move(v));
        }
    }
    return request;
}

bool has_media_type(const Call& call, std::string_view media) {
    const std::string type = call.req.get_header_value("Content-Type");
    return ascii_lower(trim_ascii_whitespace(std::string_view(type).substr(0, type.find(';')))) == media;
}

Status reply_job(Call& call, int status, const store::JobRecord& job, bool with_review) {
    auto registry = call.state.deps.services.registry();
    std::optional<ReviewState> review;
    if (with_review) {
        BOROUGH_TRY(store::JobStore * jobs, job_store(call));
        BOROUGH_TRY(review, load_review_state(*jobs, job.id));
    }
    reply_json(call, status, Json{{"job", job_json(job, registry ? *registry : nullptr, review)}});
    return {};
}

// Transcript checkpoint JSON {"turns":[{speaker,text,start,end}]} as "Speaker: text" lines.
std::string transcript_text(const Json& transcript) {
    std::string text;
    if (!transcript.contains("turns") || !transcript["turns"].is_array()) return text;
    for (const auto& turn : transcript["turns"]) {
        text += turn.value("speaker", std::string("Speaker"));
        text += ": ";
        text += turn.value("text", std::string());
        text += '\n';
    }
    return text;
}

}  // namespace

Status list_actions(Call& call) {
    BOROUGH_TRY(const actions::Registry* registry, call.state.deps.services.registry());
    Json list = Json::array();
    for (const actions::ActionDefinition* a : registry->list()) list.push_back(action_json(*a));
    reply_json(call, 200, Json{{"actions", std::move(list)}});
    return {};
}

Status get_action(Call& call) {
    BOROUGH_TRY(const actions::Registry* registry, call.state.deps.services.registry());
    const actions::ActionDefinition* action = registry->find(call.args.at(0));
    if (action == nullptr) return fail(ErrorCode::NotFound, "no such action", "id");
    Json j = action_json(*action);
    if (call.who().user.role == store::Role::Admin) {
        // Built-ins are embedded; an admin file is read back as installed.
        if (!action->is_builtin) {
            std::ifstream in(action->source, std::ios::binary);
            j["yaml"] = std::string(std::istreambuf_iterator<char>(in), {});
        } else {
            // source is "builtin:<file>"; the file's bytes are compiled in.
            const std::string_view file = std::string_view(action->source).substr(action->source.find(':') + 1);
            j["yaml"] = nullptr;
            for (const auto& [path, bytes] : actions::builtin_action_files()) {
                if (path == file) j["yaml"] = std::string(bytes);
            }
        }
    }
    reply_json(call, 200, j);
    return {};
}

Status submit_job(Call& call) {
    BOROUGH_TRY_STATUS(check_submission_rate(call));
    const Principal& who = call.who();
    jobs::JobRequest request;
    SavedUpload saved;
    if (has_media_type(call, "application/json")) {
        BOROUGH_TRY(request, json_job_request(call));
    } else if (has_media_type(call, "multipart/form-data")) {
        BOROUGH_TRY(JobForm form,
                    read_job_form(call, call.state.config.upload_dir, call.state.deps.services.max_input_bytes()));
        if (form.action.empty()) return fail(ErrorCode::InvalidInput, "the form has no 'action' field", "action");
        if (!form.has_file) return fail(ErrorCode::InvalidInput, "the form has no 'file' field", "file");
        request.action_id = std::move(form.action);
        request.engine = engine_choice(call, form.engine);
        request.params = std::move(form.params);
        request.input_name = std::move(form.file_name);
        request.input_bytes = std::move(form.file_bytes);
        request.input_path = std::move(form.file_path);
        saved = std::move(form.saved);
    } else {
        return fail(ErrorCode::InvalidInput, "send application/json or multipart/form-data", "Content-Type");
    }
    request.created_by = who.user.name;
    request.team = who.user.team;
    BOROUGH_TRY(store::JobRecord job, call.state.deps.runner.submit(request));
    saved.keep();  // the job refers to the recording now
    return reply_job(call, 202, job, false);
}

Status list_jobs(Call& call) {
    const store::UserRecord& user = call.who().user;
    store::JobQuery query;
    if (!sees_every_team(user.role)) query.team = user.team;
    if (call.req.has_param("status") && !call.req.get_param_value("status").empty()) {
        auto status = store::parse_job_status(call.req.get_param_value("status"));
        if (!status) return fail(ErrorCode::InvalidInput, status.error().message, "status");
        query.status = *status;
    }
    query.before = call.req.get_param_value("before");
    BOROUGH_TRY(std::int64_t limit, query_int(call, "limit", 50, 1, 1000));
    query.limit = static_cast<int>(limit);
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    BOROUGH_TRY(std::vector<store::JobRecord> found, jobs->list_jobs(query));
    auto registry = call.state.deps.services.registry();
    Json list = Json::array();
    for (const auto& job : found) list.push_back(job_json(job, registry ? *registry : nullptr, std::nullopt));
    reply_json(call, 200, Json{{"jobs", std::move(list)}});
    return {};
}

Status get_job(Call& call) {
    BOROUGH_TRY(store::JobRecord job, visible_job(call, call.args.at(0)));
    return reply_job(call, 200, job, true);
}

Status job_events(Call& call) {
    BOROUGH_TRY(store::JobRecord job, visible_job(call, call.args.at(0)));
    std::uint64_t after = 0;
    const std::string last = call.req.get_header_value("Last-Event-ID");
    if (!last.empty()) {
        auto [ptr, ec] = std::from_chars(last.data(), last.data() + last.size(), after);
        if (ec != std::errc() || ptr != last.data() + last.size()) {
            return fail(ErrorCode::InvalidInput, "Last-Event-ID must be an event number", "Last-Event-ID");
        }
    }
    stream_job_events(call, job.id, after);
    return {};
}

Status cancel_job(Call& call) {
    BOROUGH_TRY(store::JobRecord job, visible_job(call, call.args.at(0)));
    BOROUGH_TRY_STATUS(call.state.deps.runner.cancel(job.id, call.who().user.name));
    BOROUGH_TRY(store::JobRecord now, visible_job(call, job.id));
    return reply_job(call, 202, now, false);
}

Status rerun_job(Call& call) {
    BOROUGH_TRY(store::JobRecord job, visible_job(call, call.args.at(0)));
    std::string engine;
    if (!call.req.get_header_value("Content-Type").empty()) {
        BOROUGH_TRY(Json body, read_json_object(call));
        BOROUGH_TRY(engine, string_field(body, "engine", false));
    }
    BOROUGH_TRY_STATUS(check_submission_rate(call));
    const store::UserRecord& user = call.who().user;
    BOROUGH_TRY(store::JobRecord again,
                call.state.deps.runner.rerun(job.id, engine_choice(call, engine), user.name, user.team));
    return reply_job(call, 202, again, false);
}

Status job_source(Call& call) {
    BOROUGH_TRY(store::JobRecord job, visible_job(call, call.args.at(0)));
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    BOROUGH_TRY(std::vector<store::InputRecord> inputs, jobs->inputs(job.id));
    if (inputs.empty()) return fail(ErrorCode::NotFound, "this job has no stored input", "id");
    const store::InputRecord& input = inputs.front();
    Json out{{"name", input.name}, {"media_type", input.media_type}, {"text", ""}};
    if (input.media_type == jobs::kFileReference) {
        // A recording: its transcript once the job has made one.
        BOROUGH_TRY(auto checkpoints, jobs->checkpoints(job.id));
        if (auto it = checkpoints.find("transcript"); it != checkpoints.end()) {
            if (auto transcript = parse_json(it->second, "transcript checkpoint")) {
                out["text"] = transcript_text(*transcript);
                out["turns"] = (*transcript).value("turns", Json::array());
            }
        }
        reply_json(call, 200, out);
        return {};
    }
    if (input.content.empty() && !input.sha256.empty()) {
        return fail(ErrorCode::NotFound, "the input of this job was removed by the retention policy", "id");
    }
    const std::string ext = lower_extension(input.name);
    if (ext == ".docx" || ext == ".pdf" || ext == ".html" || ext == ".htm" || ext == ".md" || ext == ".markdown" ||
        ext == ".txt") {
        BOROUGH_TRY(io::TextDocument doc, io::parse_text_document(input.content, input.name));
        out["text"] = std::move(doc.text);
    } else if (ext == ".xlsx") {
        out["text"] = "";  // a workbook: the result's rows carry what the review needs
    } else {
        BOROUGH_TRY(DecodedText decoded, decode_text(input.content, input.name));
        out["text"] = std::move(decoded.text);
    }
    reply_json(call, 200, out);
    return {};
}

}  // namespace borough::server::handlers
