#include "actions/common/llm_map_reduce.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>

#include "actions/pipeline.h"
#include "core/json_schema.h"

namespace borough::actions::common {
namespace {

// Tokens kept free for chat-template markup around the messages.
constexpr int kTemplateMarginTokens = 64;
// Below this a chunk cannot hold a useful line.
constexpr int kMinChunkTokens = 32;

// Reply tokens for a context window: the spec's, but at most 1/share of a small window, so a model
// with a short context per sequence still gets room for the text.
int capped_reply(int context, int wanted, int share) {
    return context > 0 ? std::min(wanted, std::max(64, context / share)) : wanted;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::string unit_line(const CitedUnit& u) {
    std::string line;
    line.reserve(u.id.size() + u.text.size() + 4);
    line += '[';
    line += u.id;
    line += "] ";
    line += u.text;
    line += '\n';
    return line;
}

// The longest prefix of `line` (cut at a UTF-8 boundary, then a newline added) that fits `budget`.
std::string cut_to_fit(std::string line, const std::function<int(std::string_view)>& count, int budget) {
    while (!line.empty() && count(line) > budget) {
        std::size_t keep = line.size() * 3 / 4;
        while (keep > 0 && (static_cast<unsigned char>(line[keep]) & 0xC0U) == 0x80U) --keep;
        line.resize(keep);
        line += '\n';
        if (keep == 0) break;
    }
    return line;
}

// `allowed` is sorted. Returns true when `value` is an object that, after the check, cites nothing although it had a
// citation array (so its parent array should drop it).
bool check_node(Json& value, const std::vector<std::string_view>& allowed, const MapReduceSpec& spec,
                const std::string& pointer, std::string_view where, std::vector<std::string>& warnings) {
    if (value.is_array()) {
        for (std::size_t i = 0; i < value.size();) {
            const std::string child = fmt::format("{}/{}", pointer, i);
            if (check_node(value[i], allowed, spec, child, where, warnings)) {
                warnings.push_back(
                    fmt::format("{}: the model's statement at {} cites nothing it was shown; removed", where, child));
                value.erase(i);
            } else {
                ++i;
            }
        }
        return false;
    }
    if (!value.is_object()) return false;
    bool emptied = false;
    for (auto it = value.begin(); it != value.end(); ++it) {
        const std::string child = pointer + "/" + escape_pointer_token(it.key());
        if (it.key() == spec.citation_key && it.value().is_array()) {
            Json& ids = it.value();
            for (std::size_t i = 0; i < ids.size();) {
                const bool ok =
                    ids[i].is_string() && std::binary_search(allowed.begin(), allowed.end(),
                                                             std::string_view(ids[i].get_ref<const std::string&>()));
                if (ok) {
                    ++i;
                    continue;
                }
                // Say which id, but never the text around it.
                const std::string shown = ids[i].is_string() ? ids[i].get<std::string>() : dump_json(ids[i]);
                warnings.push_back(fmt::format("{}: citation \"{}\" at {}/{} is not a unit it was shown; dropped",
                                               where, shown.substr(0, 24), child, i));
                ids.erase(i);
            }
            emptied = spec.require_citation && ids.empty();
        } else {
            check_node(it.value(), allowed, spec, child, where, warnings);
        }
    }
    return emptied;
}

struct Usage {
    int calls = 0;
    int prompt_tokens = 0;
    int completion_tokens = 0;
    void add(const engine::GenerationResult& r) {
        prompt_tokens += r.prompt_tokens;
        completion_tokens += r.completion_tokens;
    }
};

// The parsed, schema-valid JSON of a result, or the problem (ModelOutputInvalid/InvalidInput) or the
// generator's own error.
Result<Json> accept(const Result<engine::GenerationResult>& r, const Json& schema) {
    if (!r) return fail(r.error());
    if (r->finish_reason == engine::FinishReason::Cancelled) return fail(ErrorCode::Cancelled, "cancelled");
    if (!r->json) {
        return fail(ErrorCode::ModelOutputInvalid, r->finish_reason == engine::FinishReason::Length
                                                       ? "the reply was cut off at the token limit"
                                                       : "the reply is not JSON");
    }
    BOROUGH_TRY_STATUS(validate_json(*r->json, schema));
    return *r->json;
}

bool is_retryable(const Error& e) {
    return e.code == ErrorCode::ModelOutputInvalid || e.code == ErrorCode::InvalidInput;
}

engine::GenerationRequest make_request(const std::string& system, std::string user, const Json& schema, int max_tokens,
                                       std::stop_token stop) {
    engine::GenerationRequest req;
    if (!system.empty()) req.messages.push_back({"system", system});
    req.messages.push_back({"user", std::move(user)});
    req.json_schema = schema;
    req.max_tokens = max_tokens;
    req.cancel = std::move(stop);
    return req;
}

// The longest top-level array of an object (nullptr when none is non-empty).
Json* longest_array(Json& merged) {
    Json* best = nullptr;
    if (!merged.is_object()) return best;
    for (auto& [key, v] : merged.items()) {
        if (v.is_array() && !v.empty() && (best == nullptr || v.size() > best->size())) best = &v;
    }
    return best;
}

}  // namespace

std::vector<UnitChunk> chunk_units(std::span<const CitedUnit> units, const std::function<int(std::string_view)>& count,
                                   int chunk_tokens, std::size_t* cut) {
    std::vector<UnitChunk> out;
    if (cut != nullptr) *cut = 0;
    UnitChunk current;
    const auto flush = [&](std::size_t next) {
        if (current.first < next) {
            current.last = next;
            out.push_back(std::move(current));
        }
        current = UnitChunk{};
        current.first = next;
    };
    for (std::size_t i = 0; i < units.size(); ++i) {
        std::string line = unit_line(units[i]);
        int tokens = count(line);
        if (tokens > chunk_tokens) {
            flush(i);
            line = cut_to_fit(std::move(line), count, chunk_tokens);
            if (cut != nullptr) ++*cut;
            current.text = std::move(line);
            current.tokens = count(current.text);
            flush(i + 1);
            continue;
        }
        // Counting the joined text would be exact but quadratic; per-line sums are within a token or
        // two per line of it, which the template margin absorbs.
        if (current.tokens + tokens > chunk_tokens) flush(i);
        current.text += line;
        current.tokens += tokens;
    }
    flush(units.size());
    return out;
}

int chunk_budget(const engine::TextGenerator& gen, const MapReduceSpec& spec) {
    const int context = gen.context_tokens();
    if (context <= 0) return spec.max_chunk_tokens;
    const int room = context - gen.count_tokens(spec.system) - gen.count_tokens(spec.map_instruction) -
                     capped_reply(context, spec.map_max_tokens, 4) - kTemplateMarginTokens;
    return std::min(spec.max_chunk_tokens, room);
}

void check_citations(Json& value, const std::vector<std::string_view>& allowed, const MapReduceSpec& spec,
                     std::string_view where, std::vector<std::string>& warnings) {
    std::vector<std::string_view> sorted(allowed);
    std::sort(sorted.begin(), sorted.end());
    // A root object that cites nothing stays: only statements inside arrays can be removed.
    check_node(value, sorted, spec, "", where, warnings);
}

Json concat_partials(std::span<const Json> partials) {
    Json merged = Json::object();
    for (const auto& p : partials) {
        if (!p.is_object()) continue;
        for (const auto& [key, v] : p.items()) {
            if (!merged.contains(key)) {
                merged[key] = v;
            } else if (v.is_array() && merged[key].is_array()) {
                for (const auto& e : v) merged[key].push_back(e);
            }
        }
    }
    return merged;
}

Result<MapReduceResult> run_map_reduce(std::span<const CitedUnit> units, const MapReduceSpec& spec, ActionContext& ctx,
                                       const MergeFn& merge) {
    if (ctx.generator == nullptr) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: no model is configured", spec.name), "generator");
    }
    if (units.empty()) return fail(ErrorCode::InvalidInput, fmt::format("{}: nothing to send to the model", spec.name));
    BOROUGH_TRY_STATUS(check_schema(spec.map_schema));
    if (!spec.reduce_schema.is_null()) BOROUGH_TRY_STATUS(check_schema(spec.reduce_schema));
    engine::TextGenerator& gen = *ctx.generator;
    const int budget = chunk_budget(gen, spec);
    if (budget < kMinChunkTokens) {
        return fail(ErrorCode::InvalidInput,
                    fmt::format("{}: the model's context of {} tokens leaves {} for the text after the prompt and "
                                "reply; use a model with a larger context",
                                spec.name, gen.context_tokens(), budget),
                    "context_tokens");
    }
    MapReduceResult out;
    Usage usage;
    std::size_t cut = 0;
    out.chunks = chunk_units(
        units, [&gen](std::string_view t) { return gen.count_tokens(t); }, budget, &cut);
    if (cut > 0) {
        out.warnings.push_back(fmt::format(
            "{}: {} unit(s) longer than one chunk ({} tokens) were shortened for the model", spec.name, cut, budget));
    }
    if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, fmt::format("{} cancelled", spec.name));

    // Map: one batch, then rounds that re-send only the invalid chunks with the problem stated.
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t n = out.chunks.size();
    std::vector<engine::GenerationRequest> requests;
    requests.reserve(n);
    for (const auto& c : out.chunks) {
        requests.push_back(make_request(spec.system, spec.map_instruction + "\n\n" + c.text, spec.map_schema,
                                        capped_reply(gen.context_tokens(), spec.map_max_tokens, 4), ctx.stop));
    }
    out.partials.assign(n, Json());
    std::vector<std::optional<Result<engine::GenerationResult>>> raw(n);
    std::vector<std::size_t> pending(n);
    for (std::size_t i = 0; i < n; ++i) pending[i] = i;
    std::vector<std::string> last_problem(n);
    std::mutex mu;
    std::size_t done = 0;
    ctx.progress.on_progress("map", 0, n);
    for (int round = 0; round <= kMaxSchemaRetries && !pending.empty(); ++round) {
        std::vector<engine::GenerationRequest> batch;
        batch.reserve(pending.size());
        for (std::size_t i : pending) batch.push_back(requests[i]);
        gen.generate_batch(batch, [&](std::size_t k, Result<engine::GenerationResult> r) {
            const std::size_t i = pending[k];
            std::size_t now = 0;
            {
                std::lock_guard lock(mu);
                raw[i] = std::move(r);
                if (round == 0) now = ++done;
            }
            if (round == 0) ctx.progress.on_progress("map", now, n);
        });
        usage.calls += static_cast<int>(batch.size());
        if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, fmt::format("{} cancelled", spec.name));
        std::vector<std::size_t> retry;
        for (std::size_t i : pending) {
            if (!raw[i]) return fail(ErrorCode::Internal, fmt::format("{}: no result for chunk {}", spec.name, i + 1));
            const auto& r = *raw[i];
            if (r) usage.add(*r);
            auto value = accept(r, spec.map_schema);
            if (value) {
                out.partials[i] = std::move(value).value();
                continue;
            }
            const Error& e = value.error();
            // A request the engine refused, or an engine failure, is not the model's output: stop.
            if (!is_retryable(e) || (e.code == ErrorCode::InvalidInput && !r)) return fail(e);
            last_problem[i] = e.field.empty() ? e.message : fmt::format("{} (at {})", e.message, e.field);
            if (round < kMaxSchemaRetries) {
                if (r) requests[i].messages.push_back({"assistant", r->text});
                requests[i].messages.push_back(
                    {"user", fmt::format("Your reply was not valid: {}. Reply again with only JSON that matches the "
                                         "schema.",
                                         last_problem[i])});
            }
            retry.push_back(i);
        }
        pending = std::move(retry);
    }
    for (std::size_t i : pending) {
        out.failed_chunks.push_back(i);
        out.warnings.push_back(
            fmt::format("{}: the model's output for chunk {} of {} (units {} to {}) was still "
                        "invalid after {} retries ({}); that part is not in the model's result",
                        spec.name, i + 1, n, units[out.chunks[i].first].id, units[out.chunks[i].last - 1].id,
                        kMaxSchemaRetries, last_problem[i]));
    }
    if (out.failed_chunks.size() == n) {
        return fail(ErrorCode::ModelOutputInvalid,
                    fmt::format("{}: output from {} still invalid for every chunk after {} retries: {}", spec.name,
                                gen.name(), kMaxSchemaRetries, last_problem.front()));
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (out.partials[i].is_null()) continue;
        std::vector<std::string_view> allowed;
        allowed.reserve(out.chunks[i].last - out.chunks[i].first);
        for (std::size_t u = out.chunks[i].first; u < out.chunks[i].last; ++u) allowed.emplace_back(units[u].id);
        check_citations(out.partials[i], allowed, spec, fmt::format("{} chunk {}", spec.name, i + 1), out.warnings);
    }
    out.map_ms = ms_since(t0);
    out.merged = merge(out.partials);

    if (!spec.reduce_schema.is_null()) {
        if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, fmt::format("{} cancelled", spec.name));
        const auto t1 = std::chrono::steady_clock::now();
        const int context = gen.context_tokens();
        const int reduce_max = capped_reply(context, spec.reduce_max_tokens, 3);
        const int fixed = gen.count_tokens(spec.system) + reduce_max + kTemplateMarginTokens;
        const auto user_text = [&](const Json& merged) {
            return spec.reduce_instruction + "\n\n" + dump_json(merged, 1);
        };
        // The merged result must fit: drop the last entries of the longest list until it does.
        Json shown = out.merged;
        std::size_t dropped = 0;
        while (context > 0 && fixed + gen.count_tokens(user_text(shown)) > context) {
            Json* longest = longest_array(shown);
            if (longest == nullptr) {
                return fail(ErrorCode::InvalidInput,
                            fmt::format("{}: the merged result does not fit the model's context of {} tokens",
                                        spec.name, context),
                            "context_tokens");
            }
            // Drop an eighth at a time so a long list shrinks in a few steps.
            const std::size_t k = std::max<std::size_t>(1, longest->size() / 8);
            for (std::size_t j = 0; j < k; ++j) longest->erase(longest->size() - 1);
            dropped += k;
        }
        if (dropped > 0) {
            out.warnings.push_back(
                fmt::format("{}: {} entries of the merged result did not fit the model's context for the final pass",
                            spec.name, dropped));
        }
        auto req = make_request(spec.system, user_text(shown), spec.reduce_schema, reduce_max, ctx.stop);
        ctx.progress.on_progress("reduce", 0, 1);
        std::string problem;
        for (int attempt = 0; attempt <= kMaxSchemaRetries; ++attempt) {
            if (ctx.stop.stop_requested()) return fail(ErrorCode::Cancelled, fmt::format("{} cancelled", spec.name));
            auto r = gen.generate(req);
            ++usage.calls;
            if (r) usage.add(*r);
            auto value = accept(r, spec.reduce_schema);
            if (value) {
                out.reduced = std::move(value).value();
                break;
            }
            const Error& e = value.error();
            if (!is_retryable(e) || (e.code == ErrorCode::InvalidInput && !r)) return fail(e);
            problem = e.field.empty() ? e.message : fmt::format("{} (at {})", e.message, e.field);
            if (r) req.messages.push_back({"assistant", r->text});
            req.messages.push_back(
                {"user", fmt::format("Your reply was not valid: {}. Reply again with only JSON that matches the "
                                     "schema.",
                                     problem)});
        }
        if (out.reduced.is_null() && spec.reduce_optional) {
            out.warnings.push_back(fmt::format("{}: the final pass's output from {} was still invalid after {} "
                                               "retries ({}); the result has no written summary",
                                               spec.name, gen.name(), kMaxSchemaRetries, problem));
        } else if (out.reduced.is_null()) {
            return fail(ErrorCode::ModelOutputInvalid,
                        fmt::format("{}: final pass output from {} still invalid after {} retries: {}", spec.name,
                                    gen.name(), kMaxSchemaRetries, problem));
        }
        std::vector<std::string_view> all;
        all.reserve(units.size());
        for (const auto& u : units) all.emplace_back(u.id);
        check_citations(out.reduced, all, spec, fmt::format("{} final pass", spec.name), out.warnings);
        ctx.progress.on_progress("reduce", 1, 1);
        out.reduce_ms = ms_since(t1);
    }
    out.calls = usage.calls;
    out.prompt_tokens = usage.prompt_tokens;
    out.completion_tokens = usage.completion_tokens;
    return out;
}

std::vector<CitedUnit> sentence_units(const SourceText& source) {
    std::vector<CitedUnit> units;
    units.reserve(source.sentences.size());
    for (std::size_t i = 0; i < source.sentences.size(); ++i) {
        units.push_back({fmt::format("S{}", i + 1), source.sentences[i].text});
    }
    return units;
}

}  // namespace borough::actions::common
