// Drafts and their review: the result, versions, edits, approve/reject, and exports.
#include <fmt/format.h>

#include "actions/registry.h"
#include "core/sha256.h"
#include "core/strings.h"
#include "core/text_encoding.h"
#include "server/call.h"
#include "server/export.h"
#include "server/handlers/handlers.h"
#include "server/views.h"

namespace borough::server::handlers {

namespace {

struct Drafts {
    store::JobRecord job;
    std::vector<store::OutputRecord> outputs;
    ReviewState review;
};

Result<Drafts> load_drafts(Call& call) {
    Drafts d;
    BOROUGH_TRY(d.job, visible_job(call, call.args.at(0)));
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    BOROUGH_TRY(d.outputs, jobs->outputs(d.job.id));
    BOROUGH_TRY(std::vector<store::ReviewRecord> reviews, jobs->reviews(d.job.id));
    d.review = review_state(d.outputs, reviews);
    return d;
}

Status require_succeeded(const store::JobRecord& job) {
    if (job.status == store::JobStatus::Succeeded) return {};
    return fail(ErrorCode::Conflict,
                fmt::format("the job is {}, not succeeded: it has no draft to change", store::to_string(job.status)),
                "id");
}

bool is_text_format(std::string_view format) {
    return format == "md" || format == "json" || format == "html" || format == "csv" || format == "txt";
}

std::string short_id(const std::string& id) { return id.substr(0, std::min<std::size_t>(8, id.size())); }

}  // namespace

Status job_result(Call& call) {
    BOROUGH_TRY(Drafts d, load_drafts(call));
    const store::OutputRecord* md = latest_output(d.outputs, "md");
    const store::OutputRecord* json = latest_output(d.outputs, "json");
    if (md == nullptr) {
        return fail(ErrorCode::NotFound,
                    fmt::format("the job is {} and has no result yet", store::to_string(d.job.status)), "id");
    }
    Json out{{"version", md->version},  {"kind", md->kind},          {"result", nullptr},
             {"markdown", md->content}, {"warnings", Json::array()}, {"method", ""}};
    if (json != nullptr) {
        BOROUGH_TRY(Json stored, parse_json(json->content, "stored result"));
        if (stored.contains("result")) out["result"] = stored["result"];
        if (stored.contains("warnings")) out["warnings"] = stored["warnings"];
        if (stored.contains("method")) out["method"] = stored["method"];
    }
    out["review"] = review_json(d.review);
    reply_json(call, 200, out);
    return {};
}

Status list_versions(Call& call) {
    BOROUGH_TRY(Drafts d, load_drafts(call));
    Json list = Json::array();
    for (const auto& o : d.outputs) {
        list.push_back({{"version", o.version},
                        {"kind", o.kind},
                        {"format", o.format},
                        {"created_by", o.created_by},
                        {"created_at", o.created_at}});
    }
    reply_json(call, 200, Json{{"versions", std::move(list)}});
    return {};
}

Status get_version(Call& call) {
    BOROUGH_TRY(Drafts d, load_drafts(call));
    const std::string& n = call.args.at(1);
    for (const auto& o : d.outputs) {
        if (std::to_string(o.version) != n) continue;
        Json out{{"version", o.version}, {"kind", o.kind}, {"format", o.format}};
        if (is_text_format(o.format)) {
            out["content"] = o.content;
        } else {
            out["content"] = nullptr;  // binary: download it with /export
            out["size_bytes"] = o.content.size();
        }
        reply_json(call, 200, out);
        return {};
    }
    return fail(ErrorCode::NotFound, "no such version of this job", "n");
}

Status add_version(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    BOROUGH_TRY(std::string markdown, string_field(body, "markdown", true));
    BOROUGH_TRY(std::optional<std::int64_t> based_on, int_field(body, "based_on"));
    if (!based_on) return fail(ErrorCode::InvalidInput, "'based_on' (the version you edited) is required", "based_on");
    if (auto bad = find_invalid_utf8(markdown)) {
        return fail(ErrorCode::InvalidInput, fmt::format("'markdown' is not valid UTF-8 at byte {}", *bad), "markdown");
    }
    BOROUGH_TRY(Drafts d, load_drafts(call));
    BOROUGH_TRY_STATUS(require_succeeded(d.job));
    if (*based_on != d.review.version) {
        return fail(
            ErrorCode::Conflict,
            fmt::format("version {} is not the latest draft ({}): reload and edit that", *based_on, d.review.version),
            "based_on");
    }
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    const std::string user = call.who().user.name;
    BOROUGH_TRY(int version, jobs->add_output({d.job.id, 0, "edited", "md", markdown, user,
                                               format_utc(call.state.deps.services.clock().now())}));
    BOROUGH_TRY_STATUS(audit(call, "output.edited", d.job.id,
                             Json{{"version", version}, {"based_on", *based_on}, {"sha256", sha256_hex(markdown)}}));
    reply_json(call, 201, Json{{"version", version}});
    return {};
}

Status review(Call& call) {
    BOROUGH_TRY(Json body, read_json_object(call));
    BOROUGH_TRY(std::string decision, string_field(body, "decision", true));
    if (decision != "approve" && decision != "reject") {
        return fail(ErrorCode::InvalidInput, "'decision' must be \"approve\" or \"reject\"", "decision");
    }
    BOROUGH_TRY(std::optional<std::int64_t> version, int_field(body, "version"));
    if (!version) return fail(ErrorCode::InvalidInput, "'version' (the draft you reviewed) is required", "version");
    BOROUGH_TRY(std::string comment, string_field(body, "comment", false));
    if (decision == "reject" && trim_ascii_whitespace(comment).empty()) {
        return fail(ErrorCode::InvalidInput, "a rejection needs a comment saying what to change", "comment");
    }
    BOROUGH_TRY(Drafts d, load_drafts(call));
    BOROUGH_TRY_STATUS(require_succeeded(d.job));
    if (*version != d.review.version) {
        return fail(ErrorCode::Conflict,
                    fmt::format("version {} is not the latest draft ({}): review that one", *version, d.review.version),
                    "version");
    }
    const store::OutputRecord* md = latest_output(d.outputs, "md");
    BOROUGH_TRY(store::JobStore * jobs, job_store(call));
    store::ReviewRecord record;
    record.job_id = d.job.id;
    record.version = d.review.version;
    record.decision = decision == "approve" ? "approved" : "rejected";
    record.comment = comment;
    record.reviewer = call.who().user.name;
    record.at = format_utc(call.state.deps.services.clock().now());
    BOROUGH_TRY(std::int64_t id, jobs->add_review(record));
    BOROUGH_TRY_STATUS(audit(
        call, decision == "approve" ? "output.approved" : "output.rejected", d.job.id,
        Json{
            {"version", record.version}, {"review_id", id}, {"sha256", md != nullptr ? sha256_hex(md->content) : ""}}));
    ReviewState state{record.decision, record.version, record.reviewer, record.comment, record.at};
    reply_json(call, 200, Json{{"review", review_json(state)}});
    return {};
}

Status export_job(Call& call) {
    const std::string format = call.req.has_param("format") ? call.req.get_param_value("format") : "md";
    if (format != "md" && format != "docx" && format != "xlsx") {
        return fail(ErrorCode::InvalidInput, "'format' must be md, docx or xlsx", "format");
    }
    BOROUGH_TRY(Drafts d, load_drafts(call));
    const store::OutputRecord* md = latest_output(d.outputs, "md");
    if (md == nullptr) {
        return fail(ErrorCode::NotFound,
                    fmt::format("the job is {} and has no draft to export", store::to_string(d.job.status)), "id");
    }
    Approval approval;
    if (d.review.state == "approved") {
        approval.approved = true;
        auto reviewer = call.state.deps.accounts.user(d.review.reviewer);
        approval.approver = reviewer ? reviewer->display_name : d.review.reviewer;
        if (approval.approver.empty()) approval.approver = d.review.reviewer;
        approval.date = d.review.at.substr(0, 10);
    }
    auto registry = call.state.deps.services.registry();
    const actions::ActionDefinition* action = registry ? (*registry)->find(d.job.action_id) : nullptr;
    const std::string title = action != nullptr ? action->title : d.job.action_id;

    std::string bytes;
    std::string media_type;
    if (format == "md") {
        bytes = export_markdown(md->content, approval);
        media_type = "text/markdown; charset=utf-8";
    } else if (format == "docx") {
        BOROUGH_TRY(bytes, export_docx(md->content, title, approval));
        media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    } else {
        const store::OutputRecord* xlsx = latest_output(d.outputs, "xlsx");
        if (xlsx == nullptr) return fail(ErrorCode::NotFound, "this job made no spreadsheet", "format");
        BOROUGH_TRY(bytes, export_xlsx(xlsx->content, approval));
        media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    BOROUGH_TRY_STATUS(audit(call, "output.exported", d.job.id,
                             Json{{"format", format},
                                  {"version", d.review.version},
                                  {"approved", approval.approved},
                                  {"sha256", sha256_hex(bytes)}}));
    const std::string file_name =
        fmt::format("{}-{}{}.{}", d.job.action_id, short_id(d.job.id), approval.approved ? "" : "-DRAFT", format);
    call.res.status = 200;
    call.res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file_name));
    call.res.set_content(bytes, media_type);
    return {};
}

}  // namespace borough::server::handlers
