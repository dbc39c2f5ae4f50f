#include "server/views.h"

namespace borough::server {

Json user_json(const store::UserRecord& user, bool with_admin_fields) {
    Json j{{"name", user.name},
           {"display_name", user.display_name},
           {"role", std::string(store::to_string(user.role))},
           {"team", user.team}};
    if (with_admin_fields) {
        j["disabled"] = user.disabled;
        j["created_at"] = user.created_at;
    }
    return j;
}

const store::OutputRecord* latest_output(const std::vector<store::OutputRecord>& outputs, std::string_view format) {
    const store::OutputRecord* best = nullptr;
    for (const auto& o : outputs) {
        if (o.format == format && (best == nullptr || o.version > best->version)) best = &o;
    }
    return best;
}

ReviewState review_state(const std::vector<store::OutputRecord>& outputs,
                         const std::vector<store::ReviewRecord>& reviews) {
    ReviewState state;
    const store::OutputRecord* md = latest_output(outputs, "md");
    if (md == nullptr) return state;
    state.version = md->version;
    // Oldest first, so the last decision on this version wins.
    for (const auto& r : reviews) {
        if (r.version != md->version) continue;
        state.state = r.decision;
        state.reviewer = r.reviewer;
        state.comment = r.comment;
        state.at = r.at;
    }
    return state;
}

Result<ReviewState> load_review_state(store::JobStore& jobs, const std::string& job_id) {
    BOROUGH_TRY(std::vector<store::OutputRecord> outputs, jobs.outputs(job_id));
    BOROUGH_TRY(std::vector<store::ReviewRecord> reviews, jobs.reviews(job_id));
    return review_state(outputs, reviews);
}

Json review_json(const ReviewState& review) {
    return Json{{"state", review.state},
                {"version", review.version},
                {"reviewer", review.reviewer},
                {"comment", review.comment},
                {"at", review.at}};
}

Json job_json(const store::JobRecord& job, const actions::Registry* registry,
              const std::optional<ReviewState>& review) {
    const actions::ActionDefinition* action = registry != nullptr ? registry->find(job.action_id) : nullptr;
    Json j{{"id", job.id},
           {"action", job.action_id},
           {"action_title", action != nullptr ? action->title : job.action_id},
           {"category", action != nullptr ? action->category : ""},
           {"status", std::string(store::to_string(job.status))},
           {"error", job.error},
           {"engine", job.engine},
           {"model", job.model},
           {"parameters", job.parameters},
           {"created_by", job.created_by},
           {"team", job.team},
           {"created_at", job.created_at},
           {"started_at", job.started_at},
           {"finished_at", job.finished_at},
           {"timings", job.timings}};
    if (review) j["review"] = review_json(*review);
    return j;
}

Json action_json(const actions::ActionDefinition& action) {
    Json inputs = Json::array();
    for (const auto& in : action.inputs) {
        inputs.push_back({{"name", in.name},
                          {"kind", std::string(actions::to_string(in.kind))},
                          {"formats", in.formats},
                          {"max_bytes", in.max_bytes}});
    }
    Json params = Json::array();
    for (const auto& p : action.parameters) {
        Json pj{{"name", p.name},
                {"type", std::string(actions::to_string(p.type))},
                {"default", p.default_value},
                {"values", p.values},
                {"min", p.min ? Json(*p.min) : Json()},
                {"max", p.max ? Json(*p.max) : Json()},
                {"description", p.description}};
        params.push_back(std::move(pj));
    }
    return Json{{"id", action.id},
                {"title", action.title},
                {"category", action.category},
                {"description", action.description},
                {"version", action.version},
                {"baseline_minutes", action.baseline_minutes},
                {"builtin", action.is_builtin},
                {"inputs", std::move(inputs)},
                {"parameters", std::move(params)}};
}

}  // namespace borough::server
