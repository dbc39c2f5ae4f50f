#include "actions/action_loader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <regex>
#include <set>

#include "actions/builtin.h"
#include "actions/pipeline.h"
#include "core/file.h"
#include "core/json_schema.h"
#include "core/sha256.h"

namespace borough::actions {

std::string_view to_string(InputKind kind) {
    switch (kind) {
        case InputKind::Text:
            return "text";
        case InputKind::Transcript:
            return "transcript";
        case InputKind::Table:
            return "table";
        case InputKind::Document:
            return "document";
        case InputKind::Audio:
            return "audio";
        case InputKind::Image:
            return "image";
    }
    return "text";
}
std::string_view to_string(ParamType type) {
    switch (type) {
        case ParamType::String:
            return "string";
        case ParamType::Integer:
            return "integer";
        case ParamType::Number:
            return "number";
        case ParamType::Boolean:
            return "boolean";
        case ParamType::Enum:
            return "enum";
    }
    return "string";
}
std::string_view to_string(Strategy strategy) { return strategy == Strategy::Single ? "single" : "map_reduce"; }
std::string_view to_string(CitationUnit unit) {
    switch (unit) {
        case CitationUnit::Sentence:
            return "sentence";
        case CitationUnit::Turn:
            return "turn";
        case CitationUnit::Row:
            return "row";
        case CitationUnit::Page:
            return "page";
    }
    return "sentence";
}

std::string Problem::describe() const {
    std::string out = file;
    if (line > 0) out += fmt::format(":{}:{}", line, column);
    out += ": ";
    if (!field.empty()) out += field + ": ";
    out += message;
    return out;
}

std::string describe(const std::vector<Problem>& problems) {
    std::string out;
    for (const auto& p : problems) {
        if (!out.empty()) out += '\n';
        out += p.describe();
    }
    return out;
}

namespace {

constexpr std::array<std::string_view, 7> kCategories = {"Adults",  "Children", "HR", "Housing", "Democratic Services",
                                                         "Insight", "Corporate"};

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& items) {
    std::string out;
    for (auto s : items) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

// Walks one YAML document and collects every problem.
class Loader {
public:
    Loader(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

    LoadOutcome run();

private:
    void add(const YAML::Node& node, std::string field, std::string message) {
        Problem p;
        p.file = file_;
        if (node.IsDefined()) {
            const auto mark = node.Mark();
            if (mark.line >= 0) {
                p.line = mark.line + 1;
                p.column = mark.column + 1;
            }
        }
        p.field = std::move(field);
        p.message = std::move(message);
        problems_.push_back(std::move(p));
    }
    void add_at(int line, int column, std::string field, std::string message) {
        problems_.push_back(Problem{file_, line, column, std::move(field), std::move(message)});
    }

    // Checks that every key of `map` is in `known`; each unknown key is a problem.
    template <std::size_t N>
    bool check_keys(const YAML::Node& map, const std::string& prefix, const std::array<std::string_view, N>& known) {
        if (!map.IsMap()) return false;
        for (const auto& kv : map) {
            std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                add(kv.first, prefix.empty() ? key : prefix + "." + key,
                    fmt::format("unknown key '{}' (allowed: {})", key, join(known)));
            }
        }
        return true;
    }

    std::optional<std::string> string_field(const YAML::Node& parent, const char* key, const std::string& field,
                                            bool required) {
        const YAML::Node n = parent[key];
        if (!n.IsDefined() || n.IsNull()) {
            if (required) add(parent, field, "required field is missing");
            return std::nullopt;
        }
        if (!n.IsScalar()) {
            add(n, field, "must be a string");
            return std::nullopt;
        }
        return n.Scalar();
    }

    std::optional<double> number_field(const YAML::Node& parent, const char* key, const std::string& field,
                                       bool integer) {
        const YAML::Node n = parent[key];
        if (!n.IsDefined() || n.IsNull()) return std::nullopt;
        if (n.IsScalar() && n.Tag() != "!") {
            try {
                double d = n.as<double>();
                if (std::isfinite(d) && (!integer || std::floor(d) == d)) return d;
            } catch (const YAML::Exception&) {
            }
        }
        add(n, field,
            fmt::format("must be {}, not '{}'", integer ? "an integer" : "a number",
                        n.IsScalar() ? n.Scalar() : std::string("a list or map")));
        return std::nullopt;
    }

    std::optional<bool> bool_field(const YAML::Node& parent, const char* key, const std::string& field) {
        const YAML::Node n = parent[key];
        if (!n.IsDefined() || n.IsNull()) return std::nullopt;
        if (n.IsScalar() && n.Tag() != "!") {
            const std::string& s = n.Scalar();
            if (s == "true") return true;
            if (s == "false") return false;
        }
        add(n, field, "must be true or false");
        return std::nullopt;
    }

    Json to_json(const YAML::Node& n, const std::string& field, int depth = 0);
    void check_template_node(const YAML::Node& n, const std::string& field);
    std::optional<Json> schema_field(const YAML::Node& root, const char* key, bool required);
    void locate_pointer(const YAML::Node& root, const std::string& pointer, int& line, int& column);

    void load_inputs(const YAML::Node& n);
    void load_parameters(const YAML::Node& n);
    void load_prompts(const YAML::Node& n);
    void load_strategy(const YAML::Node& n);
    void load_citations(const YAML::Node& n);

    std::string_view text_;
    std::string file_;
    ActionDefinition def_;
    std::vector<Problem> problems_;
};

Json Loader::to_json(const YAML::Node& n, const std::string& field, int depth) {
    constexpr int kMaxDepth = 64;  // also stops self-referencing aliases
    if (depth > kMaxDepth) {
        if (depth == kMaxDepth + 1) add(n, field, fmt::format("nested more than {} levels deep", kMaxDepth));
        return nullptr;
    }
    if (n.IsMap()) {
        Json obj = Json::object();
        for (const auto& kv : n) obj[kv.first.Scalar()] = to_json(kv.second, field, depth + 1);
        return obj;
    }
    if (n.IsSequence()) {
        Json arr = Json::array();
        for (const auto& item : n) arr.push_back(to_json(item, field, depth + 1));
        return arr;
    }
    if (!n.IsScalar()) return nullptr;
    const std::string& s = n.Scalar();
    if (n.Tag() == "!") return s;  // quoted: always a string
    if (s == "null" || s == "~" || s.empty()) return nullptr;
    if (s == "true") return true;
    if (s == "false") return false;
    static const std::regex kInt("^-?[0-9]+$");
    static const std::regex kFloat("^-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?$");
    if (std::regex_match(s, kInt)) {
        try {
            return std::stoll(s);
        } catch (const std::exception&) {
            return s;
        }
    }
    if (std::regex_match(s, kFloat)) {
        try {
            return std::stod(s);
        } catch (const std::exception&) {
            return s;
        }
    }
    return s;
}

// Finds the YAML node a JSON pointer (into a schema converted from YAML) names, for line numbers.
void Loader::locate_pointer(const YAML::Node& root, const std::string& pointer, int& line, int& column) {
    YAML::Node cur;
    cur.reset(root);
    auto set = [&](const YAML::Node& n) {
        if (n.IsDefined() && n.Mark().line >= 0) {
            line = n.Mark().line + 1;
            column = n.Mark().column + 1;
        }
    };
    set(cur);
    std::size_t pos = 1;
    while (pos <= pointer.size() && !pointer.empty()) {
        std::size_t next = pointer.find('/', pos);
        std::string token = pointer.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
        for (std::size_t i; (i = token.find("~1")) != std::string::npos;) token.replace(i, 2, "/");
        for (std::size_t i; (i = token.find("~0")) != std::string::npos;) token.replace(i, 2, "~");
        YAML::Node child(YAML::NodeType::Undefined);
        bool found = false;
        if (cur.IsMap()) {
            for (const auto& kv : cur) {
                if (!found && kv.first.Scalar() == token) {
                    set(kv.first);
                    child.reset(kv.second);
                    found = true;
                }
            }
        } else if (cur.IsSequence()) {
            try {
                std::size_t idx = std::stoul(token);
                if (idx < cur.size()) {
                    child.reset(cur[idx]);
                    found = true;
                }
            } catch (const std::exception&) {
            }
        }
        if (!found) return;
        cur.reset(child);
        if (!cur.IsMap() && !cur.IsSequence()) set(cur);
        if (next == std::string::npos) return;
        pos = next + 1;
    }
}

std::optional<Json> Loader::schema_field(const YAML::Node& root, const char* key, bool required) {
    const YAML::Node n = root[key];
    if (!n.IsDefined() || n.IsNull()) {
        if (required) add(root, key, "required field is missing");
        return std::nullopt;
    }
    if (!n.IsMap()) {
        add(n, key, "must be a JSON Schema written as a YAML map");
        return std::nullopt;
    }
    Json schema = to_json(n, key);
    auto st = check_schema(schema);
    if (!st) {
        int line = 0;
        int column = 0;
        locate_pointer(n, st.error().field, line, column);
        add_at(line, column, std::string(key) + st.error().field, st.error().message);
        return std::nullopt;
    }
    return schema;
}

void Loader::check_template_node(const YAML::Node& n, const std::string& field) {
    auto problem = check_template(n.Scalar());
    if (!problem) return;
    int line = n.Mark().line + 1;
    int column = n.Mark().column + 1;
    const std::string& tmpl = n.Scalar();
    std::size_t before = std::min(problem->offset, tmpl.size());
    auto newlines =
        static_cast<int>(std::count(tmpl.begin(), tmpl.begin() + static_cast<std::ptrdiff_t>(before), '\n'));
    std::size_t mark_index = n.Mark().pos >= 0 ? static_cast<std::size_t>(n.Mark().pos) : text_.size();
    bool block = mark_index < text_.size() && (text_[mark_index] == '|' || text_[mark_index] == '>');
    std::size_t line_start = tmpl.rfind('\n', before == 0 ? 0 : before - 1);
    std::size_t col_in_line = line_start == std::string::npos || before == 0 ? before : before - line_start - 1;
    if (block) {
        // Content starts on the next line, indented; find that line's indentation in the source.
        line += 1 + newlines;
        std::size_t src = 0;
        for (int l = 1; l < line && src != std::string_view::npos; ++l) {
            src = text_.find('\n', src);
            if (src != std::string_view::npos) ++src;
        }
        std::size_t indent = 0;
        while (src != std::string_view::npos && src + indent < text_.size() && text_[src + indent] == ' ') ++indent;
        column = static_cast<int>(indent + col_in_line) + 1;
    } else if (newlines == 0) {
        bool quoted = mark_index < text_.size() && (text_[mark_index] == '"' || text_[mark_index] == '\'');
        column += static_cast<int>(before) + (quoted ? 1 : 0);
    }
    add_at(line, column, field, problem->message);
}

void Loader::load_inputs(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsSequence()) {
        add(n, "inputs", "must be a list");
        return;
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < n.size(); ++i) {
        const YAML::Node item = n[i];
        const std::string f = fmt::format("inputs[{}]", i);
        if (!item.IsMap()) {
            add(item, f, "must be a map with name and kind");
            continue;
        }
        check_keys(item, f, std::array<std::string_view, 4>{"name", "kind", "max_bytes", "formats"});
        InputSpec spec;
        if (auto s = string_field(item, "name", f + ".name", true)) {
            spec.name = *s;
            if (!names.insert(*s).second) add(item["name"], f + ".name", fmt::format("duplicate input '{}'", *s));
        }
        if (auto s = string_field(item, "kind", f + ".kind", true)) {
            static constexpr std::array<std::pair<std::string_view, InputKind>, 6> kKinds = {
                {{"text", InputKind::Text},
                 {"transcript", InputKind::Transcript},
                 {"table", InputKind::Table},
                 {"document", InputKind::Document},
                 {"audio", InputKind::Audio},
                 {"image", InputKind::Image}}};
            auto it = std::find_if(kKinds.begin(), kKinds.end(), [&](const auto& k) { return k.first == *s; });
            if (it == kKinds.end()) {
                add(item["kind"], f + ".kind",
                    fmt::format("'{}' is not an input kind (text, transcript, table, document, audio, image)", *s));
            } else {
                spec.kind = it->second;
            }
        }
        if (auto d = number_field(item, "max_bytes", f + ".max_bytes", true)) {
            if (*d <= 0) {
                add(item["max_bytes"], f + ".max_bytes", "must be positive");
            } else {
                spec.max_bytes = static_cast<std::uint64_t>(*d);
            }
        }
        if (const YAML::Node fm = item["formats"]; fm.IsDefined()) {
            if (!fm.IsSequence()) {
                add(fm, f + ".formats", "must be a list of file extensions");
            } else {
                for (const auto& x : fm) {
                    if (!x.IsScalar()) {
                        add(x, f + ".formats", "must be a list of file extensions");
                        continue;
                    }
                    std::string ext = x.Scalar();
                    if (!ext.empty() && ext[0] == '.') ext.erase(0, 1);
                    std::transform(ext.begin(), ext.end(), ext.begin(), [](char c) {
                        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    });
                    spec.formats.push_back(ext);
                }
            }
        }
        def_.inputs.push_back(std::move(spec));
    }
}

void Loader::load_parameters(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsSequence()) {
        add(n, "parameters", "must be a list");
        return;
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < n.size(); ++i) {
        const YAML::Node item = n[i];
        const std::string f = fmt::format("parameters[{}]", i);
        if (!item.IsMap()) {
            add(item, f, "must be a map with name and type");
            continue;
        }
        check_keys(item, f,
                   std::array<std::string_view, 7>{"name", "type", "default", "values", "min", "max", "description"});
        ParameterSpec spec;
        if (auto s = string_field(item, "name", f + ".name", true)) {
            spec.name = *s;
            if (!std::regex_match(*s, std::regex("^[a-z][a-z0-9_]*$"))) {
                add(item["name"], f + ".name", "must be snake_case (a-z, 0-9, _)");
            }
            if (!names.insert(*s).second) add(item["name"], f + ".name", fmt::format("duplicate parameter '{}'", *s));
        }
        bool type_ok = false;
        if (auto s = string_field(item, "type", f + ".type", true)) {
            static constexpr std::array<std::pair<std::string_view, ParamType>, 5> kTypes = {
                {{"string", ParamType::String},
                 {"integer", ParamType::Integer},
                 {"number", ParamType::Number},
                 {"boolean", ParamType::Boolean},
                 {"enum", ParamType::Enum}}};
            auto it = std::find_if(kTypes.begin(), kTypes.end(), [&](const auto& k) { return k.first == *s; });
            if (it == kTypes.end()) {
                add(item["type"], f + ".type",
                    fmt::format("'{}' is not a parameter type (string, integer, number, boolean, enum)", *s));
            } else {
                spec.type = it->second;
                type_ok = true;
            }
        }
        if (auto s = string_field(item, "description", f + ".description", false)) spec.description = *s;
        spec.min = number_field(item, "min", f + ".min", false);
        spec.max = number_field(item, "max", f + ".max", false);
        if (spec.min && spec.max && *spec.min > *spec.max) add(item["min"], f + ".min", "min is greater than max");
        if (const YAML::Node v = item["values"]; v.IsDefined()) {
            if (!v.IsSequence()) {
                add(v, f + ".values", "must be a list of strings");
            } else {
                for (const auto& x : v) {
                    if (x.IsScalar()) {
                        spec.values.push_back(x.Scalar());
                    } else {
                        add(x, f + ".values", "must be a list of strings");
                    }
                }
            }
        }
        if (type_ok && spec.type == ParamType::Enum && spec.values.empty()) {
            add(item, f + ".values", "an enum parameter needs a non-empty values list");
        }
        if (type_ok && spec.type != ParamType::Enum && item["values"].IsDefined()) {
            add(item["values"], f + ".values", "values is only for enum parameters");
        }
        if (const YAML::Node d = item["default"]; d.IsDefined() && !d.IsNull() && type_ok) {
            Json value = to_json(d, f + ".default");
            if (spec.type == ParamType::String || spec.type == ParamType::Enum)
                value = d.IsScalar() ? Json(d.Scalar()) : value;
            spec.default_value = value;
        }
        if (type_ok && !spec.name.empty() && !spec.default_value.is_null()) {
            ActionDefinition probe;
            probe.parameters.push_back(spec);
            Params p{{spec.name, spec.default_value}};
            auto st = resolve_params(probe, p);
            if (!st) add(item["default"], f + ".default", st.error().message);
        }
        def_.parameters.push_back(std::move(spec));
    }
}

void Loader::load_prompts(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsMap()) {
        add(n, "prompts", "must be a map of system, map, reduce, user templates");
        return;
    }
    check_keys(n, "prompts", std::array<std::string_view, 4>{"system", "map", "reduce", "user"});
    auto one = [&](const char* key, std::string& out) {
        const std::string f = std::string("prompts.") + key;
        if (auto s = string_field(n, key, f, false)) {
            out = *s;
            check_template_node(n[key], f);
        }
    };
    one("system", def_.prompts.system);
    one("map", def_.prompts.map);
    one("reduce", def_.prompts.reduce);
    one("user", def_.prompts.user);
}

void Loader::load_strategy(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return;
    YAML::Node kind_node;
    kind_node.reset(n);
    if (n.IsMap()) {
        check_keys(n, "strategy", std::array<std::string_view, 3>{"kind", "chunk_tokens", "overlap_tokens"});
        kind_node.reset(n["kind"]);
        if (auto d = number_field(n, "chunk_tokens", "strategy.chunk_tokens", true)) {
            if (*d < 16) {
                add(n["chunk_tokens"], "strategy.chunk_tokens", "must be at least 16");
            } else {
                def_.strategy.chunk_tokens = static_cast<int>(std::min(*d, 1e6));
            }
        }
        if (auto d = number_field(n, "overlap_tokens", "strategy.overlap_tokens", true)) {
            if (*d < 0) {
                add(n["overlap_tokens"], "strategy.overlap_tokens", "must not be negative");
            } else {
                def_.strategy.overlap_tokens = static_cast<int>(std::min(*d, 1e6));
            }
        }
        if (def_.strategy.overlap_tokens >= def_.strategy.chunk_tokens) {
            add(n["overlap_tokens"], "strategy.overlap_tokens", "must be smaller than chunk_tokens");
        }
        if (!kind_node.IsDefined()) {
            add(n, "strategy.kind", "required field is missing (single or map_reduce)");
            return;
        }
    }
    if (!kind_node.IsScalar() || (kind_node.Scalar() != "single" && kind_node.Scalar() != "map_reduce")) {
        add(kind_node, n.IsMap() ? "strategy.kind" : "strategy", "must be single or map_reduce");
        return;
    }
    def_.strategy.kind = kind_node.Scalar() == "single" ? Strategy::Single : Strategy::MapReduce;
}

void Loader::load_citations(const YAML::Node& n) {
    if (!n.IsDefined() || n.IsNull()) return;
    if (!n.IsMap()) {
        add(n, "citations", "must be a map with unit and required");
        return;
    }
    check_keys(n, "citations", std::array<std::string_view, 2>{"unit", "required"});
    if (auto s = string_field(n, "unit", "citations.unit", false)) {
        if (*s == "sentence") {
            def_.citations.unit = CitationUnit::Sentence;
        } else if (*s == "turn") {
            def_.citations.unit = CitationUnit::Turn;
        } else if (*s == "row") {
            def_.citations.unit = CitationUnit::Row;
        } else if (*s == "page") {
            def_.citations.unit = CitationUnit::Page;
        } else {
            add(n["unit"], "citations.unit",
                fmt::format("'{}' is not a citation unit (sentence, turn, row, page)", *s));
        }
    }
    if (auto b = bool_field(n, "required", "citations.required")) def_.citations.required = *b;
}

LoadOutcome Loader::run() {
    def_.source = file_;
    def_.content_hash = sha256_hex(text_);
    YAML::Node loaded;
    try {
        loaded.reset(YAML::Load(std::string(text_)));
    } catch (const YAML::Exception& e) {
        add_at(e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.column >= 0 ? e.mark.column + 1 : 0, "",
               fmt::format("not valid YAML: {}", e.msg));
        return {std::move(def_), std::move(problems_)};
    }
    const YAML::Node& root = loaded;
    if (!root.IsMap()) {
        add_at(1, 1, "", "an action file must be a YAML map (id:, title:, ...)");
        return {std::move(def_), std::move(problems_)};
    }
    try {
        check_keys(root, "",
                   std::array<std::string_view, 16>{"id", "title", "category", "version", "description", "inputs",
                                                    "parameters", "prompts", "output_schema", "map_schema", "strategy",
                                                    "citations", "baseline_minutes", "extractive", "markdown",
                                                    "native"});
        if (auto s = string_field(root, "id", "id", true)) {
            def_.id = *s;
            if (!std::regex_match(*s, std::regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$"))) {
                add(root["id"], "id", fmt::format("'{}' must be lower-case kebab-case (e.g. planning-summary)", *s));
            }
        }
        if (auto s = string_field(root, "title", "title", true)) def_.title = *s;
        if (auto s = string_field(root, "category", "category", true)) {
            def_.category = *s;
            if (std::find(kCategories.begin(), kCategories.end(), *s) == kCategories.end()) {
                add(root["category"], "category",
                    fmt::format("'{}' is not a service area ({})", *s, join(kCategories)));
            }
        }
        if (auto s = string_field(root, "version", "version", true)) def_.version = *s;
        if (auto s = string_field(root, "description", "description", false)) def_.description = *s;
        const YAML::Node inputs = root["inputs"];
        if (!inputs.IsDefined() || inputs.IsNull() || (inputs.IsSequence() && inputs.size() == 0)) {
            add(inputs.IsDefined() ? inputs : root, "inputs", "required field is missing (at least one input)");
        }
        load_inputs(inputs);
        load_parameters(root["parameters"]);
        load_prompts(root["prompts"]);
        load_strategy(root["strategy"]);
        load_citations(root["citations"]);
        if (auto schema = schema_field(root, "output_schema", true)) def_.output_schema = std::move(*schema);
        if (auto schema = schema_field(root, "map_schema", false)) def_.map_schema = std::move(*schema);
        if (auto d = number_field(root, "baseline_minutes", "baseline_minutes", false)) {
            if (*d < 0) {
                add(root["baseline_minutes"], "baseline_minutes", "must not be negative");
            } else {
                def_.baseline_minutes = *d;
            }
        }
        if (auto s = string_field(root, "extractive", "extractive", false)) {
            def_.extractive = *s;
            if (find_extractive_step(*s) == nullptr) {
                std::string names;
                for (const auto& st : extractive_steps()) names += (names.empty() ? "" : ", ") + std::string(st.name);
                add(root["extractive"], "extractive", fmt::format("no native step named '{}' (known: {})", *s, names));
            }
        }
        if (auto s = string_field(root, "native", "native", false)) {
            def_.native = *s;
            if (find_native_action(*s) == nullptr) {
                std::string names;
                for (const auto& na : native_actions()) names += (names.empty() ? "" : ", ") + std::string(na.name);
                add(root["native"], "native", fmt::format("no native action named '{}' (known: {})", *s, names));
            }
        }
        if (auto s = string_field(root, "markdown", "markdown", false)) {
            def_.markdown = *s;
            check_template_node(root["markdown"], "markdown");
        }
        const bool has_prompts = root["prompts"].IsDefined() && !root["prompts"].IsNull();
        if (!has_prompts && def_.extractive.empty() && def_.native.empty()) {
            add(root, "prompts",
                "required field is missing (an action without a native extractive step needs prompts)");
        }
        if (has_prompts && def_.strategy.kind == Strategy::Single && def_.prompts.user.empty()) {
            add(root["prompts"], "prompts.user", "required for strategy single");
        }
        if (has_prompts && def_.strategy.kind == Strategy::MapReduce) {
            if (def_.prompts.map.empty()) add(root["prompts"], "prompts.map", "required for strategy map_reduce");
            if (def_.prompts.reduce.empty()) add(root["prompts"], "prompts.reduce", "required for strategy map_reduce");
        }
    } catch (const YAML::Exception& e) {
        add_at(e.mark.line + 1, e.mark.column + 1, "", fmt::format("unexpected YAML structure: {}", e.msg));
    }
    return {std::move(def_), std::move(problems_)};
}

}  // namespace

LoadOutcome parse_action(std::string_view text, std::string file) { return Loader(text, std::move(file)).run(); }

namespace {
constexpr std::uint64_t kMaxActionFileBytes = 1024ULL * 1024;
}

Result<ActionDefinition> load_action_file(const std::filesystem::path& path) {
    BOROUGH_TRY(std::string text, read_file(path, kMaxActionFileBytes));
    auto outcome = parse_action(text, path.string());
    if (!outcome.problems.empty()) {
        return fail(ErrorCode::InvalidInput, describe(outcome.problems), path.string());
    }
    return std::move(outcome.definition);
}

std::vector<Problem> validate_action_file(const std::filesystem::path& path) {
    auto text = read_file(path, kMaxActionFileBytes);
    if (!text) return {Problem{path.string(), 0, 0, "", text.error().message}};
    return parse_action(*text, path.string()).problems;
}

}  // namespace borough::actions
