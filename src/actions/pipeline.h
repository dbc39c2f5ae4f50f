// The action runner: renders prompts, chunks long input on sentence boundaries, runs map → reduce on a
// TextGenerator (or the action's native extractive step when no model is configured), validates the
// result against the output schema with bounded retries, and grounds citations in byte offsets.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "actions/action.h"
#include "actions/context.h"
#include "core/json.h"
#include "core/result.h"

namespace borough::actions {

// The document an action runs on: decoded text, or raw bytes that the runner decodes according to the
// input kind (UTF-8 / Windows-1252 text or Markdown). `name` is the file name; its extension is
// checked against the input's declared formats.
struct ActionInput {
    std::string name;
    std::string content;
    bool is_bytes = false;
    // Set for a large file left on disk (a recording) instead of read into `content`: actions that
    // accept it stream from here, and size checks use the file's size.
    std::filesystem::path path;

    static ActionInput from_text(std::string name, std::string text) {
        return {std::move(name), std::move(text), false, {}};
    }
    static ActionInput from_bytes(std::string name, std::string bytes) {
        return {std::move(name), std::move(bytes), true, {}};
    }
    static ActionInput from_file(std::string name, std::filesystem::path path) {
        return {std::move(name), {}, true, std::move(path)};
    }
};

// Parameter values by name. Values must have the declared type (a JSON string for string/enum).
using Params = std::map<std::string, Json, std::less<>>;

// A further output file of an action (HTML report, XLSX sheet), beside the JSON result and Markdown.
struct Artifact {
    std::string format;      // file extension: "html", "xlsx"
    std::string media_type;  // e.g. "text/html; charset=utf-8"
    std::string content;     // bytes
};

struct ActionOutput {
    Json result;
    std::vector<Artifact> artifacts;
    std::string markdown;
    std::string method;  // "extractive" or "llm:<generator name>"
    Json timings;  // {"prepare_ms", "map_ms", "reduce_ms", "total_ms", "prompt_tokens", "completion_tokens", "calls"}
    std::vector<std::string> warnings;
};

// Most model calls per statement of output validation: the first try plus this many retries.
inline constexpr int kMaxSchemaRetries = 2;

// Checks params against the declarations: unknown name, wrong type, value outside min/max or not in
// values → InvalidInput naming the parameter (field = name). Returns an object with every declared
// parameter that has a value or a default.
[[nodiscard]] Result<Json> resolve_params(const ActionDefinition& action, const Params& params);

// Converts "name=value" strings (CLI, form fields) to typed Params by the declared types; a value that
// does not parse as the declared type is InvalidInput naming the parameter.
[[nodiscard]] Result<Params> parse_param_strings(const ActionDefinition& action,
                                                 std::span<const std::pair<std::string, std::string>> values);

struct Chunk {
    std::size_t first = 0;  // index of the first sentence
    std::size_t last = 0;   // one past the last sentence
    std::string text;       // numbered lines "[S12] ..." for sentences [first, last)
    int tokens = 0;
};

// Groups sentences into chunks of at most chunk_tokens (counted by `count`, one numbered line per
// sentence); each chunk after the first repeats the trailing sentences of the previous one up to
// overlap_tokens. A sentence longer than chunk_tokens becomes a chunk of its own.
[[nodiscard]] std::vector<Chunk> chunk_sentences(std::span<const nlp::Sentence> sentences,
                                                 const std::function<int(std::string_view)>& count, int chunk_tokens,
                                                 int overlap_tokens);

// Grounds citations in `result` in place: every object holding a "citations" array has each citation
// (a sentence id number, "S12", or {"sentence": 12}) rewritten as {"sentence", "begin", "end"} with byte
// offsets into source.text. A statement citing a sentence that does not exist (or citing nothing when
// rules.required) gets "unsupported": true and a warning naming its JSON pointer; bad citations are
// dropped from its list. Returns the warnings.
std::vector<std::string> ground_citations(Json& result, const SourceText& source, const CitationRules& rules);

// Runs the action. Errors: InvalidInput (input kind/format/size, params, no model and no extractive
// step), Cancelled (ctx.stop), ModelOutputInvalid (output still invalid after kMaxSchemaRetries
// retries), and generator errors as returned. Thread-compatible: one call per context.
[[nodiscard]] Result<ActionOutput> run_action(const ActionDefinition& action, const ActionInput& input,
                                              const Params& params, ActionContext& ctx);

// Renders a logic-less mustache template with HTML escaping off. `data` objects/arrays become sections.
[[nodiscard]] Result<std::string> render_template(std::string_view tmpl, const Json& data);

// Problem text when the template does not parse ("unclosed section {{#items}}") with the byte offset
// of the problem in `tmpl`; nullopt when it parses.
struct TemplateProblem {
    std::string message;
    std::size_t offset = 0;
};
[[nodiscard]] std::optional<TemplateProblem> check_template(std::string_view tmpl);

}  // namespace borough::actions
