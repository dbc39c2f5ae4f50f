// Map-reduce over cited units (turns, sentences) for native actions that use a model: chunks that fit
// the context, one schema-constrained request per chunk run as parallel sequences, citations checked
// against the ids each chunk showed, then one reduce request. Generic over the action's schemas.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "actions/context.h"
#include "core/json.h"
#include "core/result.h"

namespace borough::actions::common {

// One unit the model may cite. `id` is unique in the list ("T12", "S3"); the model sees the line
// "[<id>] <text>" and cites the id.
struct CitedUnit {
    std::string id;
    std::string text;  // e.g. "Cllr Patel: I move that we approve the budget." (no newlines needed)
};

// Consecutive units [first, last) shown to one map request.
struct UnitChunk {
    std::size_t first = 0;
    std::size_t last = 0;
    std::string text;  // the "[id] text" lines of the chunk
    int tokens = 0;    // of `text`, by the generator's count_tokens
};

struct MapReduceSpec {
    std::string name;                // used in warnings and errors: "meeting-minutes"
    std::string system;              // shared by every request (role, rules, what to cite)
    std::string map_instruction;     // user prompt of a map request; the chunk's lines follow it
    Json map_schema;                 // JSON Schema of one chunk's result (must pass check_schema)
    std::string reduce_instruction;  // user prompt of the reduce request; the merged JSON follows it
    Json reduce_schema;              // JSON Schema of the reduce result; null = no reduce step
    // Reply budgets; with a known context they are capped at a quarter (map) and a third (reduce) of
    // it, at least 64, so a short per-sequence window still leaves room for the text.
    int map_max_tokens = 768;
    int reduce_max_tokens = 1024;
    int max_chunk_tokens = 2048;  // upper bound even with a large context: smaller chunks run in parallel
    // Arrays under this key hold unit ids. An id not shown in the request is dropped with a warning;
    // with `require_citation`, an object whose citations become empty is removed from its array.
    std::string citation_key = "citations";
    bool require_citation = true;
    // true: a final pass still invalid after the retries leaves `reduced` null with a warning (the
    // mapped results stand without prose); false: it is ModelOutputInvalid.
    bool reduce_optional = false;
};

struct MapReduceResult {
    std::vector<UnitChunk> chunks;
    std::vector<Json> partials;              // per chunk: its validated, citation-checked result
    std::vector<std::size_t> failed_chunks;  // chunks whose output stayed invalid (partials[i] is null)
    Json merged;                             // merge(partials) as given to the reduce request
    Json reduced;                            // the reduce result; null when the spec has no reduce schema
    std::vector<std::string> warnings;       // for the reviewer; never contains council text
    int calls = 0;
    int prompt_tokens = 0;
    int completion_tokens = 0;
    double map_ms = 0;
    double reduce_ms = 0;
};

// Groups units into chunks whose "[id] text" lines fit `chunk_tokens` by `count`. A unit alone longer
// than that is cut (at a UTF-8 boundary) to fit and gets a chunk of its own; `cut` counts those.
[[nodiscard]] std::vector<UnitChunk> chunk_units(std::span<const CitedUnit> units,
                                                 const std::function<int(std::string_view)>& count, int chunk_tokens,
                                                 std::size_t* cut = nullptr);

// Token budget for one chunk's lines: min(spec.max_chunk_tokens, context - system - map instruction -
// capped map reply - a margin); spec.max_chunk_tokens when the context is unknown (0).
[[nodiscard]] int chunk_budget(const engine::TextGenerator& gen, const MapReduceSpec& spec);

// Removes, in place, every id under spec.citation_key not in `allowed` (and, with require_citation,
// each object left citing nothing). One warning per removal, naming the JSON pointer and `where`.
void check_citations(Json& value, const std::vector<std::string_view>& allowed, const MapReduceSpec& spec,
                     std::string_view where, std::vector<std::string>& warnings);

// Default merge: the partials' top-level arrays concatenated key by key in chunk order; other values
// from the first partial that has them. Null partials (failed chunks) are skipped.
[[nodiscard]] Json concat_partials(std::span<const Json> partials);

using MergeFn = std::function<Json(std::span<const Json> partials)>;

// Runs map (all chunks in one generate_batch, then at most kMaxSchemaRetries rounds that re-send only
// the invalid ones with the validation error), merge, and reduce (when spec.reduce_schema is set; the
// reduce output's citations are checked against every unit id). Reports progress as "map" (done of
// chunks) and "reduce" (0/1, 1/1). Requests carry ctx.stop.
// Errors: InvalidInput (no units, context too small for one line plus the prompt, a schema that fails
// check_schema); Cancelled; the generator's errors (Unavailable...); ModelOutputInvalid when every
// chunk, or the reduce (unless spec.reduce_optional), is still invalid after the retries. A chunk that alone stays invalid is listed
// in failed_chunks with a warning, and the others go on. Requires ctx.generator.
// One unit per sentence of `source`, with ids "S1", "S2", ... as citations show them.
[[nodiscard]] std::vector<CitedUnit> sentence_units(const SourceText& source);

[[nodiscard]] Result<MapReduceResult> run_map_reduce(std::span<const CitedUnit> units, const MapReduceSpec& spec,
                                                     ActionContext& ctx, const MergeFn& merge = concat_partials);

}  // namespace borough::actions::common
