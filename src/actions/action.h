// ActionDefinition: an action as data (DESIGN.md "Actions"), as loaded from YAML by action_loader.h.
// Plain C++ types only: no YAML types here; schemas are borough::Json.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"

namespace borough::actions {

enum class InputKind { Text, Transcript, Table, Document, Audio, Image };
enum class ParamType { String, Integer, Number, Boolean, Enum };
enum class Strategy { Single, MapReduce };
enum class CitationUnit { Sentence, Turn, Row, Page };

std::string_view to_string(InputKind kind);
std::string_view to_string(ParamType type);
std::string_view to_string(Strategy strategy);
std::string_view to_string(CitationUnit unit);

struct InputSpec {
    std::string name;
    InputKind kind = InputKind::Text;
    std::uint64_t max_bytes = 10ULL * 1024 * 1024;
    std::vector<std::string> formats;  // lower-case extensions without the dot ("txt", "md"); empty = any
};

struct ParameterSpec {
    std::string name;
    ParamType type = ParamType::String;
    Json default_value;               // null = no default (the parameter is then optional and absent)
    std::vector<std::string> values;  // for Enum
    std::optional<double> min;        // for Integer / Number
    std::optional<double> max;
    std::string description;
};

struct Prompts {
    std::string system;  // system message for every call
    std::string map;     // user message per chunk (map_reduce)
    std::string reduce;  // user message combining map results (map_reduce)
    std::string user;    // user message for a single call (single, or map_reduce input that fits one chunk)
};

struct ChunkingStrategy {
    Strategy kind = Strategy::Single;
    int chunk_tokens = 1500;
    int overlap_tokens = 100;
};

struct CitationRules {
    CitationUnit unit = CitationUnit::Sentence;
    bool required = false;  // a statement with no citations is flagged unsupported
};

struct ActionDefinition {
    std::string id;  // lower-case kebab-case, unique in a registry
    std::string title;
    std::string category;  // service area: Adults, Children, HR, Housing, Democratic Services, Insight, Corporate
    std::string version;
    std::string description;
    std::vector<InputSpec> inputs;
    std::vector<ParameterSpec> parameters;
    Prompts prompts;
    Json output_schema;              // JSON Schema of the final result (checked by check_schema)
    std::optional<Json> map_schema;  // JSON Schema of each map result; output_schema when absent
    ChunkingStrategy strategy;
    CitationRules citations;
    double baseline_minutes = 0;  // time the task takes by hand (time-saved dashboard)
    std::string extractive;       // name of a native fallback step ("" = none; needs a model)
    std::string native;           // name of a native action that runs the whole action ("" = the pipeline)
    std::string markdown;         // mustache template rendering the result JSON to Markdown
    std::string content_hash;     // sha256 hex of the definition file's bytes
    std::string source;           // file path, or "builtin:<file>"
    bool is_builtin = false;
};

}  // namespace borough::actions
