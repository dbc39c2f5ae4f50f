#include "actions/pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <kainjow/mustache.hpp>
#include <mutex>
#include <regex>

#include "actions/builtin.h"
#include "core/strings.h"
#include "core/json_schema.h"
#include "core/log.h"
#include "io/text_document.h"

namespace borough::actions {
namespace {

using Mustache = kainjow::mustache::mustache;
using MustacheData = kainjow::mustache::data;

MustacheData to_mustache(const Json& v) {
    if (v.is_object()) {
        MustacheData obj{MustacheData::type::object};
        for (auto it = v.begin(); it != v.end(); ++it) obj.set(it.key(), to_mustache(it.value()));
        return obj;
    }
    if (v.is_array()) {
        MustacheData list{MustacheData::type::list};
        for (const auto& item : v) list.push_back(to_mustache(item));
        return list;
    }
    if (v.is_string()) return MustacheData{v.get<std::string>()};
    if (v.is_boolean()) return MustacheData{v.get<bool>()};
    if (v.is_null()) return MustacheData{false};
    return MustacheData{dump_json(v)};
}

std::string lower_extension(std::string_view name) {
    // Without the dot, as the action YAML's `formats` lists them ("docx").
    const std::string ext = borough::lower_extension(name);
    return ext.empty() ? ext : ext.substr(1);
}

Status check_param_value(const ActionDefinition& action, const ParameterSpec& spec, const Json& value) {
    auto wrong = [&](std::string_view what) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("parameter '{}' of action '{}' must be {}, not {}", spec.name, action.id, what,
                                dump_json(value)),
                    spec.name);
    };
    switch (spec.type) {
        case ParamType::String:
            if (!value.is_string()) return wrong("a string");
            break;
        case ParamType::Enum: {
            std::string allowed;
            for (const auto& v : spec.values) allowed += (allowed.empty() ? "" : ", ") + v;
            if (!value.is_string() ||
                std::find(spec.values.begin(), spec.values.end(), value.get<std::string>()) == spec.values.end()) {
                return wrong(fmt::format("one of {}", allowed));
            }
            break;
        }
        case ParamType::Boolean:
            if (!value.is_boolean()) return wrong("true or false");
            break;
        case ParamType::Integer:
            if (!value.is_number_integer() &&
                !(value.is_number_float() && std::floor(value.get<double>()) == value.get<double>())) {
                return wrong("an integer");
            }
            break;
        case ParamType::Number:
            if (!value.is_number()) return wrong("a number");
            break;
    }
    if (value.is_number()) {
        double d = value.get<double>();
        if ((spec.min && d < *spec.min) || (spec.max && d > *spec.max)) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("parameter '{}' of action '{}' is {}, outside {} to {}", spec.name, action.id,
                                    dump_json(value), spec.min ? fmt::format("{}", *spec.min) : std::string("-inf"),
                                    spec.max ? fmt::format("{}", *spec.max) : std::string("+inf")),
                        spec.name);
        }
    }
    return {};
}

std::string numbered_line(std::size_t index, const nlp::Sentence& s) {
    return fmt::format("[S{}] {}\n", index + 1, s.text);
}

struct Usage {
    long long prompt_tokens = 0;
    long long completion_tokens = 0;
    long long calls = 0;
    void add(const engine::GenerationResult& r) {
        prompt_tokens += r.prompt_tokens;
        completion_tokens += r.completion_tokens;
    }
};

// Turns a generation result into JSON and validates it; the error says why it was rejected.
Result<Json> accept(const Result<engine::GenerationResult>& r, const Json& schema) {
    if (!r) return fail(r.error());
    Json value;
    if (r->json) {
        value = *r->json;
    } else {
        BOROUGH_TRY(value, parse_json(r->text, "model output"));
    }
    auto st = validate_json(value, schema);
    if (!st) return fail(ErrorCode::ModelOutputInvalid, st.error().message, st.error().field);
    return value;
}

class Runner {
public:
    Runner(const ActionDefinition& action, ActionContext& ctx, engine::TextGenerator& gen)
        : action_(action), ctx_(ctx), gen_(gen) {}

    engine::GenerationRequest request(const std::string& user, const Json& schema, int max_tokens) const {
        engine::GenerationRequest req;
        if (!system_.empty()) req.messages.push_back({"system", system_});
        req.messages.push_back({"user", user});
        req.json_schema = schema;
        req.max_tokens = max_tokens;
        req.cancel = ctx_.stop;
        return req;
    }

    // One call, validated, with at most kMaxSchemaRetries retries that show the model its mistake.
    Result<Json> call_validated(engine::GenerationRequest req, const Json& schema, std::string_view stage,
                                std::optional<Result<engine::GenerationResult>> first = std::nullopt) {
        std::string last_error;
        std::string last_field;
        for (int attempt = 0; attempt <= kMaxSchemaRetries; ++attempt) {
            if (ctx_.stop.stop_requested()) return fail(ErrorCode::Cancelled, "action cancelled");
            Result<engine::GenerationResult> r = (attempt == 0 && first) ? std::move(*first) : gen_.generate(req);
            if (!(attempt == 0 && first)) ++usage_.calls;
            if (r) usage_.add(*r);
            auto value = accept(r, schema);
            if (value) return value;
            const Error& e = value.error();
            if (e.code != ErrorCode::ModelOutputInvalid && e.code != ErrorCode::InvalidInput) return fail(e);
            if (e.code == ErrorCode::InvalidInput && !r) return fail(e);  // the request itself was bad
            last_error = e.message;
            last_field = e.field;
            if (attempt < kMaxSchemaRetries) {
                if (r) req.messages.push_back({"assistant", r->text});
                req.messages.push_back(
                    {"user", fmt::format("Your reply was not valid: {}. Reply again with only JSON that matches "
                                         "the schema.",
                                         e.message)});
                ++retries_;
            }
        }
        return fail(ErrorCode::ModelOutputInvalid,
                    fmt::format("{} output from {} still invalid after {} retries: {}", stage, gen_.name(),
                                kMaxSchemaRetries, last_error),
                    last_field);
    }

    Result<std::string> render(const std::string& tmpl, const Json& data) const { return render_template(tmpl, data); }

    Result<Json> run(const SourceText& src, const Json& params, Json& timings) {
        Json base = Json::object();
        base["params"] = params;
        base["document_name"] = src.name;
        base["sentence_count"] = src.sentences.size();
        base["schema"] = dump_json(action_.output_schema);
        BOROUGH_TRY(system_, render(action_.prompts.system, base));

        auto count = [this](std::string_view t) { return gen_.count_tokens(t); };
        const bool map_reduce = action_.strategy.kind == Strategy::MapReduce;
        // A chunk must fit the context with the system prompt, the map template and the reply.
        int chunk_tokens = action_.strategy.chunk_tokens;
        if (const int context = gen_.context_tokens(); context > 0) {
            const int room =
                context - reply_tokens() - gen_.count_tokens(system_) - gen_.count_tokens(action_.prompts.map);
            chunk_tokens = std::max(16, std::min(chunk_tokens, room));
        }
        const int overlap_tokens = std::min(action_.strategy.overlap_tokens, chunk_tokens / 2);
        std::vector<Chunk> chunks = map_reduce
                                        ? chunk_sentences(src.sentences, count, chunk_tokens, overlap_tokens)
                                        : chunk_sentences(src.sentences, count, std::numeric_limits<int>::max(), 0);
        auto t0 = ctx_.clock.steady_now();
        if (!map_reduce || (chunks.size() == 1 && !action_.prompts.user.empty())) {
            Json data = base;
            data["input"] = chunks.empty() ? std::string() : chunks[0].text;
            data["chunk"] = data["input"];
            BOROUGH_TRY(std::string user, render(action_.prompts.user, data));
            ctx_.progress.on_progress("generate", 0, 1);
            BOROUGH_TRY(Json result, call_validated(request(user, action_.output_schema, reply_tokens()),
                                                    action_.output_schema, "single"));
            ctx_.progress.on_progress("generate", 1, 1);
            timings["generate_ms"] = ms_since(t0);
            return result;
        }

        // Map: every chunk through one batch, then bounded retries for the invalid ones.
        const Json& map_schema = action_.map_schema ? *action_.map_schema : action_.output_schema;
        std::vector<engine::GenerationRequest> requests;
        for (std::size_t i = 0; i < chunks.size(); ++i) {
            Json data = base;
            data["chunk"] = chunks[i].text;
            data["input"] = chunks[i].text;
            data["chunk_index"] = i + 1;
            data["chunk_count"] = chunks.size();
            BOROUGH_TRY(std::string user, render(action_.prompts.map, data));
            requests.push_back(request(user, map_schema, std::min(kMapMaxTokens, reply_tokens())));
        }
        std::vector<std::optional<Result<engine::GenerationResult>>> raw(requests.size());
        std::mutex mu;
        std::size_t done = 0;
        ctx_.progress.on_progress("map", 0, requests.size());
        gen_.generate_batch(requests, [&](std::size_t index, Result<engine::GenerationResult> r) {
            std::size_t now = 0;
            {
                std::lock_guard lock(mu);
                if (index < raw.size()) raw[index] = std::move(r);
                now = ++done;
            }
            ctx_.progress.on_progress("map", now, requests.size());
        });
        usage_.calls += static_cast<long long>(requests.size());
        if (ctx_.stop.stop_requested()) return fail(ErrorCode::Cancelled, "action cancelled");
        Json items = Json::array();
        for (std::size_t i = 0; i < requests.size(); ++i) {
            if (!raw[i]) return fail(ErrorCode::Internal, fmt::format("engine returned no result for chunk {}", i + 1));
            BOROUGH_TRY(Json item, call_validated(requests[i], map_schema, fmt::format("map (chunk {})", i + 1),
                                                  std::move(raw[i])));
            items.push_back(std::move(item));
        }
        timings["map_ms"] = ms_since(t0);

        // Reduce, hierarchically when the map results do not fit the context window.
        auto t1 = ctx_.clock.steady_now();
        const int context = gen_.context_tokens();
        auto fits = [&](const std::string& user) {
            return context <= 0 || gen_.count_tokens(system_) + gen_.count_tokens(user) + reply_tokens() <= context;
        };
        auto reduce_prompt = [&](const Json& group) -> Result<std::string> {
            Json data = base;
            data["results"] = dump_json(group, 1);
            data["result_count"] = group.size();
            return render(action_.prompts.reduce, data);
        };
        int level = 0;
        while (true) {
            if (ctx_.stop.stop_requested()) return fail(ErrorCode::Cancelled, "action cancelled");
            BOROUGH_TRY(std::string user, reduce_prompt(items));
            if (fits(user) || items.size() <= 1) {
                if (!fits(user)) {
                    return fail(ErrorCode::ResourceExhausted,
                                fmt::format("one partial result of action '{}' does not fit the model's context of "
                                            "{} tokens; use a model with a larger context",
                                            action_.id, context));
                }
                ctx_.progress.on_progress("reduce", 0, 1);
                BOROUGH_TRY(Json result, call_validated(request(user, action_.output_schema, reply_tokens()),
                                                        action_.output_schema, "reduce"));
                ctx_.progress.on_progress("reduce", 1, 1);
                timings["reduce_ms"] = ms_since(t1);
                timings["reduce_levels"] = level + 1;
                return result;
            }
            // Group consecutive results so each group's prompt fits (at least two per group).
            Json next = Json::array();
            std::size_t i = 0;
            while (i < items.size()) {
                Json group = Json::array();
                group.push_back(items[i++]);
                while (i < items.size()) {
                    Json trial = group;
                    trial.push_back(items[i]);
                    BOROUGH_TRY(std::string p, reduce_prompt(trial));
                    if (!fits(p)) break;
                    group = std::move(trial);
                    ++i;
                }
                if (group.size() == 1) {
                    next.push_back(group[0]);
                    continue;
                }
                BOROUGH_TRY(std::string p, reduce_prompt(group));
                BOROUGH_TRY(Json partial,
                            call_validated(request(p, action_.output_schema, reply_tokens()), action_.output_schema,
                                           fmt::format("reduce (level {})", level + 1)));
                next.push_back(std::move(partial));
            }
            if (next.size() >= items.size()) {
                return fail(ErrorCode::ResourceExhausted,
                            fmt::format("partial results of action '{}' do not fit the model's context of {} tokens",
                                        action_.id, context));
            }
            items = std::move(next);
            ++level;
        }
    }

    double ms_since(std::chrono::steady_clock::time_point t) const {
        return std::chrono::duration<double, std::milli>(ctx_.clock.steady_now() - t).count();
    }

    static constexpr int kMapMaxTokens = 768;
    static constexpr int kFinalMaxTokens = 1024;

    // Tokens reserved for a reply: kFinalMaxTokens, or a quarter of a small context window.
    [[nodiscard]] int reply_tokens() const {
        const int context = gen_.context_tokens();
        return context > 0 ? std::min(kFinalMaxTokens, std::max(16, context / 4)) : kFinalMaxTokens;
    }

    const ActionDefinition& action_;
    ActionContext& ctx_;
    engine::TextGenerator& gen_;
    std::string system_;
    Usage usage_;
    int retries_ = 0;
};

// Size and format checks shared by the pipeline and native actions.
Status check_input(const ActionDefinition& action, const ActionInput& input) {
    if (action.inputs.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("action '{}' declares no input", action.id), "inputs");
    }
    const InputSpec& spec = action.inputs[0];
    std::uint64_t size = input.content.size();
    if (!input.path.empty()) {
        std::error_code ec;
        size = std::filesystem::file_size(input.path, ec);
        if (ec) {
            return fail(ErrorCode::NotFound, fmt::format("{}: cannot read the file: {}", input.name, ec.message()),
                        spec.name);
        }
    }
    if (size > spec.max_bytes) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{} is {} bytes; action '{}' accepts at most {} bytes for input '{}'", input.name,
                                size, action.id, spec.max_bytes, spec.name),
                    spec.name);
    }
    const std::string ext = lower_extension(input.name);
    if (input.is_bytes && !spec.formats.empty() &&
        std::find(spec.formats.begin(), spec.formats.end(), ext) == spec.formats.end()) {
        std::string allowed;
        for (const auto& f : spec.formats) allowed += (allowed.empty() ? "." : ", .") + f;
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: action '{}' accepts {} files for input '{}'", input.name, action.id, allowed,
                                spec.name),
                    spec.name);
    }
    return {};
}

Result<ActionOutput> run_native(const ActionDefinition& action, const ActionInput& input, const Json& params,
                                ActionContext& ctx) {
    NativeAction native = find_native_action(action.native);
    if (native == nullptr) {
        return fail(ErrorCode::Internal,
                    fmt::format("action '{}' names native action '{}', which is not built in", action.id, action.native),
                    "native");
    }
    BOROUGH_TRY_STATUS(check_input(action, input));
    BOROUGH_TRY(ActionOutput out, native(action, input, params, ctx));
    if (auto st = validate_json(out.result, action.output_schema); !st) {
        return fail(ErrorCode::Internal,
                    fmt::format("native action '{}' produced output that does not match action '{}': {}", action.native,
                                action.id, st.error().message),
                    st.error().field);
    }
    BOROUGH_LOG_INFO("actions", "action {} ran natively with {} ({} warnings)", action.id, out.method,
                     out.warnings.size());
    return out;
}

Result<SourceText> prepare_input(const ActionDefinition& action, const ActionInput& input) {
    if (action.inputs.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("action '{}' declares no input", action.id), "inputs");
    }
    const InputSpec& spec = action.inputs[0];
    if (spec.kind != InputKind::Text && spec.kind != InputKind::Document && spec.kind != InputKind::Transcript) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("input '{}' of action '{}' is of kind {}, which the generic runner cannot read; "
                                "it handles text, document and transcript inputs",
                                spec.name, action.id, to_string(spec.kind)),
                    spec.name);
    }
    BOROUGH_TRY_STATUS(check_input(action, input));  // size and file format
    SourceText src;
    src.name = input.name;
    if (input.is_bytes) {
        BOROUGH_TRY(io::TextDocument doc, io::parse_text_document(input.content, input.name));
        src.text = std::move(doc.text);
    } else {
        src.text = input.content;
    }
    src.sentences = nlp::split_sentences(src.text);
    if (src.sentences.empty()) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: the input has no text to work on", input.name),
                    spec.name);
    }
    return src;
}

std::optional<std::size_t> citation_id(const Json& c) {
    const Json* v = &c;
    if (c.is_object()) {
        auto it = c.find("sentence");
        if (it == c.end()) return std::nullopt;
        v = &*it;
    }
    if (v->is_number_integer()) {
        auto n = v->get<long long>();
        if (n < 1) return std::nullopt;
        return static_cast<std::size_t>(n);
    }
    if (v->is_string()) {
        std::string_view s = v->get_ref<const std::string&>();
        if (!s.empty() && (s[0] == 'S' || s[0] == 's')) s.remove_prefix(1);
        std::size_t n = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec != std::errc() || p != s.data() + s.size() || n < 1) return std::nullopt;
        return n;
    }
    return std::nullopt;
}

void ground_node(Json& node, const std::string& ptr, const SourceText& src, const CitationRules& rules,
                 std::vector<std::string>& warnings) {
    if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            ground_node(node[i], ptr + "/" + std::to_string(i), src, rules, warnings);
        return;
    }
    if (!node.is_object()) return;
    if (auto it = node.find("citations"); it != node.end() && it->is_array()) {
        Json fixed = Json::array();
        std::vector<std::string> bad;
        for (const auto& c : *it) {
            auto id = citation_id(c);
            if (!id || *id > src.sentences.size()) {
                bad.push_back(dump_json(c.is_object() && c.contains("sentence") ? c["sentence"] : c));
                continue;
            }
            const auto& s = src.sentences[*id - 1];
            fixed.push_back(Json{{"sentence", *id}, {"begin", s.begin}, {"end", s.end}});
        }
        *it = std::move(fixed);
        if (!bad.empty()) {
            std::string list;
            for (const auto& b : bad) list += (list.empty() ? "" : ", ") + b;
            node["unsupported"] = true;
            warnings.push_back(fmt::format(
                "{}: cites {} which {} not a sentence of the input (S1-S{}); marked "
                "unsupported",
                ptr.empty() ? std::string("(root)") : ptr, list, bad.size() == 1 ? "is" : "are", src.sentences.size()));
        } else if (rules.required && node["citations"].empty()) {
            node["unsupported"] = true;
            warnings.push_back(fmt::format("{}: cites no sentence of the input; marked unsupported",
                                           ptr.empty() ? std::string("(root)") : ptr));
        }
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (it.key() == "citations") continue;
        ground_node(it.value(), ptr + "/" + it.key(), src, rules, warnings);
    }
}

}  // namespace

Result<Json> resolve_params(const ActionDefinition& action, const Params& params) {
    for (const auto& [name, value] : params) {
        auto spec = std::find_if(action.parameters.begin(), action.parameters.end(),
                                 [&name = name](const ParameterSpec& p) { return p.name == name; });
        if (spec == action.parameters.end()) {
            std::string known;
            for (const auto& p : action.parameters) known += (known.empty() ? "" : ", ") + p.name;
            return fail(ErrorCode::InvalidInput,
                        fmt::format("unknown parameter '{}' for action '{}' (known: {})", name, action.id,
                                    known.empty() ? std::string("none") : known),
                        name);
        }
        BOROUGH_TRY_STATUS(check_param_value(action, *spec, value));
    }
    Json out = Json::object();
    for (const auto& p : action.parameters) {
        if (auto it = params.find(p.name); it != params.end()) {
            out[p.name] = it->second;
        } else if (!p.default_value.is_null()) {
            out[p.name] = p.default_value;
        }
    }
    return out;
}

Result<Params> parse_param_strings(const ActionDefinition& action,
                                   std::span<const std::pair<std::string, std::string>> values) {
    Params out;
    for (const auto& [name, text] : values) {
        auto spec = std::find_if(action.parameters.begin(), action.parameters.end(),
                                 [&name = name](const ParameterSpec& p) { return p.name == name; });
        if (spec == action.parameters.end()) {
            return fail(ErrorCode::InvalidInput, fmt::format("unknown parameter '{}' for action '{}'", name, action.id),
                        name);
        }
        auto bad = [&, n = name, t = text](std::string_view what) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("parameter '{}' of action '{}' must be {}, not '{}'", n, action.id, what, t), n);
        };
        switch (spec->type) {
            case ParamType::String:
            case ParamType::Enum:
                out[name] = text;
                break;
            case ParamType::Boolean:
                if (text != "true" && text != "false") return bad("true or false");
                out[name] = text == "true";
                break;
            case ParamType::Integer: {
                long long v = 0;
                auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
                if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return bad("an integer");
                out[name] = v;
                break;
            }
            case ParamType::Number: {
                char* end = nullptr;
                double v = std::strtod(text.c_str(), &end);
                if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) return bad("a number");
                out[name] = v;
                break;
            }
        }
    }
    return out;
}

std::vector<Chunk> chunk_sentences(std::span<const nlp::Sentence> sentences,
                                   const std::function<int(std::string_view)>& count, int chunk_tokens,
                                   int overlap_tokens) {
    std::vector<std::string> lines;
    std::vector<int> cost;
    lines.reserve(sentences.size());
    for (std::size_t i = 0; i < sentences.size(); ++i) {
        lines.push_back(numbered_line(i, sentences[i]));
        cost.push_back(count(lines.back()));
    }
    std::vector<Chunk> chunks;
    std::size_t next = 0;
    const std::size_t n = sentences.size();
    while (next < n) {
        std::size_t start = next;
        long long tokens = 0;
        if (!chunks.empty() && overlap_tokens > 0) {
            const std::size_t floor = chunks.back().first + 1;
            while (start > floor && tokens + cost[start - 1] <= overlap_tokens) {
                tokens += cost[start - 1];
                --start;
            }
            while (start < next && tokens + cost[next] > chunk_tokens) {
                tokens -= cost[start];
                ++start;
            }
        }
        std::size_t k = next;
        tokens += cost[k++];
        while (k < n && tokens + cost[k] <= chunk_tokens) tokens += cost[k++];
        Chunk c;
        c.first = start;
        c.last = k;
        c.tokens = static_cast<int>(std::min<long long>(tokens, std::numeric_limits<int>::max()));
        for (std::size_t i = start; i < k; ++i) c.text += lines[i];
        chunks.push_back(std::move(c));
        next = k;
    }
    return chunks;
}

std::vector<std::string> ground_citations(Json& result, const SourceText& source, const CitationRules& rules) {
    std::vector<std::string> warnings;
    ground_node(result, "", source, rules, warnings);
    return warnings;
}

std::optional<TemplateProblem> check_template(std::string_view tmpl) {
    Mustache m{std::string(tmpl)};
    if (m.is_valid()) return std::nullopt;
    const std::string& msg = m.error_message();
    static const std::regex kUnclosedSection(R"re(Unclosed section "(.*)" at (\d+))re");
    static const std::regex kUnopened(R"re(Unopened section "(.*)" at (\d+))re");
    static const std::regex kUnclosedTag(R"(Unclosed tag at (\d+))");
    std::smatch m2;
    auto offset = [](const std::string& s) { return static_cast<std::size_t>(std::stoul(s)); };
    if (std::regex_search(msg, m2, kUnclosedSection)) {
        return TemplateProblem{fmt::format("unclosed section {{{{#{}}}}}", m2[1].str()), offset(m2[2].str())};
    }
    if (std::regex_search(msg, m2, kUnopened)) {
        return TemplateProblem{fmt::format("{{{{/{}}}}} closes a section that was never opened", m2[1].str()),
                               offset(m2[2].str())};
    }
    if (std::regex_search(msg, m2, kUnclosedTag)) {
        return TemplateProblem{"unclosed tag: '{{' without '}}'", offset(m2[1].str())};
    }
    return TemplateProblem{msg, 0};
}

Result<std::string> render_template(std::string_view tmpl, const Json& data) {
    if (tmpl.empty()) return std::string();
    try {
        Mustache m{std::string(tmpl)};
        if (!m.is_valid()) return fail(ErrorCode::InvalidInput, "template: " + m.error_message(), "template");
        m.set_custom_escape([](const std::string& s) { return s; });
        std::string out = m.render(to_mustache(data));
        if (!m.is_valid()) return fail(ErrorCode::InvalidInput, "template: " + m.error_message(), "template");
        return out;
    } catch (const std::exception& e) {
        return fail(ErrorCode::Internal, fmt::format("template rendering failed: {}", e.what()), "template");
    }
}

Result<ActionOutput> run_action(const ActionDefinition& action, const ActionInput& input, const Params& params,
                                ActionContext& ctx) {
    const auto start = ctx.clock.steady_now();
    auto ms_since = [&](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration<double, std::milli>(ctx.clock.steady_now() - t).count();
    };
    BOROUGH_TRY(Json resolved, resolve_params(action, params));
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "action cancelled");
    if (!action.native.empty()) return run_native(action, input, resolved, ctx);
    ctx.progress.on_progress("prepare", 0, 1);
    BOROUGH_TRY(SourceText src, prepare_input(action, input));
    ctx.progress.on_progress("prepare", 1, 1);

    ActionOutput out;
    out.timings = Json::object();
    out.timings["prepare_ms"] = ms_since(start);
    Json result;
    if (ctx.generator == nullptr) {
        if (action.extractive.empty()) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("action '{}' needs a language model: configure one with --engine llama --model "
                                    "PATH or --engine openai (setting BOROUGH_ENGINE)",
                                    action.id),
                        "engine");
        }
        ExtractiveStep step = find_extractive_step(action.extractive);
        if (step == nullptr) {
            return fail(
                ErrorCode::Internal,
                fmt::format("action '{}' names native step '{}', which is not built in", action.id, action.extractive),
                "extractive");
        }
        if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "action cancelled");
        auto t0 = ctx.clock.steady_now();
        ctx.progress.on_progress("extractive", 0, 1);
        BOROUGH_TRY(result, step(src, resolved, ctx));
        ctx.progress.on_progress("extractive", 1, 1);
        out.timings["extractive_ms"] = ms_since(t0);
        if (auto st = validate_json(result, action.output_schema); !st) {
            return fail(ErrorCode::Internal,
                        fmt::format("native step '{}' produced output that does not match action '{}': {}",
                                    action.extractive, action.id, st.error().message),
                        st.error().field);
        }
        out.method = "extractive";
    } else {
        Runner runner(action, ctx, *ctx.generator);
        auto r = runner.run(src, resolved, out.timings);
        out.timings["calls"] = runner.usage_.calls;
        out.timings["retries"] = runner.retries_;
        out.timings["prompt_tokens"] = runner.usage_.prompt_tokens;
        out.timings["completion_tokens"] = runner.usage_.completion_tokens;
        if (!r) {
            if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, "action cancelled");
            return fail(std::move(r).error());
        }
        result = std::move(r).value();
        out.method = "llm:" + ctx.generator->name();
        if (runner.retries_ > 0) {
            out.warnings.push_back(fmt::format("the model needed {} retr{} to produce valid output", runner.retries_,
                                               runner.retries_ == 1 ? "y" : "ies"));
        }
    }
    ctx.progress.on_progress("validate", 0, 1);
    auto grounding = ground_citations(result, src, action.citations);
    out.warnings.insert(out.warnings.end(), grounding.begin(), grounding.end());
    if (result.is_object() && action.output_schema.contains("properties") &&
        action.output_schema["properties"].contains("method")) {
        result["method"] = out.method;
    }
    ctx.progress.on_progress("validate", 1, 1);
    if (!action.markdown.empty()) {
        BOROUGH_TRY(out.markdown, render_template(action.markdown, result));
    } else {
        out.markdown = fmt::format("# {}\n\n```json\n{}\n```\n", action.title, dump_json(result, 2));
    }
    out.result = std::move(result);
    out.timings["total_ms"] = ms_since(start);
    BOROUGH_LOG_INFO("actions", "action {} ran with {} ({} sentences, {} warnings)", action.id, out.method,
                     src.sentences.size(), out.warnings.size());
    return out;
}

}  // namespace borough::actions
