// Runs one golden action test file (tests/golden/<action>/*.test, format in tests/golden/README.md):
// loads the built-in actions, runs the action on the fixture with the extractive method or a
// ScriptedTextGenerator, and compares the output. Exit 0 = pass; failures are printed one per line.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "actions/pipeline.h"
#include "actions/registry.h"
#include "core/file.h"
#include "engine/scripted/scripted_text_generator.h"

namespace {

using borough::Json;
using borough::actions::ActionInput;
using borough::engine::scripted::ScriptedReply;

struct GoldenTest {
    std::string action;
    std::string input_name;
    std::string input_text;
    bool input_is_file = false;
    std::vector<std::pair<std::string, std::string>> params;
    std::string engine = "extractive";
    int context_tokens = 0;
    std::optional<int> chunk_tokens;
    std::optional<int> overlap_tokens;
    std::vector<ScriptedReply> replies;
    std::optional<std::string> expect;
    std::vector<std::string> checks;  // "pointer op value"
    std::optional<std::size_t> calls;
    std::optional<std::size_t> warnings;
    std::vector<std::string> warning_contains;
    std::vector<std::string> markdown_contains;
    std::vector<std::pair<std::size_t, std::string>> request_contains;
    std::optional<std::string> error;  // "Code" or "Code substring"
};

std::string trim(std::string_view s) {
    std::size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    std::size_t e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

std::optional<borough::ErrorCode> parse_code(std::string_view name) {
    using borough::ErrorCode;
    for (ErrorCode c :
         {ErrorCode::InvalidInput, ErrorCode::NotFound, ErrorCode::Conflict, ErrorCode::Unauthenticated,
          ErrorCode::PermissionDenied, ErrorCode::ResourceExhausted, ErrorCode::Unavailable, ErrorCode::Cancelled,
          ErrorCode::DeadlineExceeded, ErrorCode::ModelOutputInvalid, ErrorCode::Internal}) {
        if (borough::to_string(c) == name) return c;
    }
    return std::nullopt;
}

// Parses the file; a malformed line is an error naming file:line.
borough::Result<GoldenTest> parse_test(const std::filesystem::path& path, const std::string& text) {
    GoldenTest t;
    t.action = path.parent_path().filename().string();
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    auto bad = [&](std::size_t i, const std::string& why) {
        return borough::fail(borough::ErrorCode::InvalidInput, fmt::format("{}:{}: {}", path.string(), i + 1, why));
    };
    // Reads lines after `i` up to a line "----"; i ends on the "----".
    auto block = [&](std::size_t& i) -> std::optional<std::string> {
        std::string out;
        for (++i; i < lines.size(); ++i) {
            if (lines[i] == "----") return out;
            out += lines[i] + "\n";
        }
        return std::nullopt;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string line = trim(lines[i]);
        if (line.empty() || line[0] == '#') continue;
        auto colon = line.find(':');
        if (colon == std::string::npos) return bad(i, "expected 'keyword: value'");
        const std::string key = trim(std::string_view(line).substr(0, colon));
        const std::string value = trim(std::string_view(line).substr(colon + 1));
        if (key == "action") {
            t.action = value;
        } else if (key == "input") {
            t.input_name = value;
            t.input_is_file = true;
        } else if (key == "input inline") {
            t.input_name = value;
            auto b = block(i);
            if (!b) return bad(i, "inline input without a closing ----");
            t.input_text = *b;
        } else if (key == "param") {
            auto eq = value.find('=');
            if (eq == std::string::npos) return bad(i, "param needs name = value");
            t.params.emplace_back(trim(value.substr(0, eq)), trim(value.substr(eq + 1)));
        } else if (key == "engine") {
            if (value != "extractive" && value != "scripted") return bad(i, "engine is extractive or scripted");
            t.engine = value;
        } else if (key == "context_tokens") {
            t.context_tokens = std::stoi(value);
        } else if (key == "chunk_tokens") {
            t.chunk_tokens = std::stoi(value);
        } else if (key == "overlap_tokens") {
            t.overlap_tokens = std::stoi(value);
        } else if (key == "reply" || key == "reply when" || key == "reply always when") {
            ScriptedReply r;
            r.when = value;
            r.reusable = key == "reply always when";
            if (key != "reply" && value.empty()) return bad(i, "reply when needs a substring of the prompt");
            auto b = block(i);
            if (!b) return bad(i, "reply without a closing ----");
            r.text = trim(*b);
            t.replies.push_back(std::move(r));
        } else if (key == "reply error") {
            auto sp = value.find(' ');
            auto code = parse_code(value.substr(0, sp));
            if (!code) return bad(i, "reply error needs an ErrorCode name");
            t.replies.push_back(ScriptedReply{
                "", "", borough::Error{*code, sp == std::string::npos ? "" : value.substr(sp + 1), ""}, false});
        } else if (key == "expect") {
            auto b = block(i);
            if (!b) return bad(i, "expect without a closing ----");
            t.expect = *b;
        } else if (key == "check") {
            t.checks.push_back(value);
        } else if (key == "calls") {
            t.calls = std::stoul(value);
        } else if (key == "warnings") {
            t.warnings = std::stoul(value);
        } else if (key == "warning contains") {
            t.warning_contains.push_back(value);
        } else if (key == "markdown contains") {
            t.markdown_contains.push_back(value);
        } else if (key.rfind("request ", 0) == 0 && key.size() > 17 && key.substr(key.size() - 9) == " contains") {
            t.request_contains.emplace_back(std::stoul(key.substr(8)), value);
        } else if (key == "error") {
            t.error = value;
        } else {
            return bad(i, fmt::format("unknown keyword '{}'", key));
        }
    }
    if (t.input_name.empty()) return bad(0, "no input: or input inline: line");
    return t;
}

// Order-insensitive comparison for objects (outputs keep schema order, expectations need not).
bool same_json(const Json& a, const Json& b) {
    return nlohmann::json::parse(borough::dump_json(a)) == nlohmann::json::parse(borough::dump_json(b));
}

// "pointer == json" | "pointer != json" | "pointer exists" | "pointer missing" | "pointer count N"
std::optional<std::string> run_check(const Json& result, const std::string& check) {
    auto sp = check.find(' ');
    if (sp == std::string::npos) return fmt::format("malformed check '{}'", check);
    const std::string pointer = check.substr(0, sp);
    const std::string rest = trim(std::string_view(check).substr(sp + 1));
    Json::json_pointer ptr;
    try {
        ptr = Json::json_pointer(pointer);
    } catch (const std::exception& e) {
        return fmt::format("bad pointer '{}': {}", pointer, e.what());
    }
    const bool exists = result.contains(ptr);
    if (rest == "exists") return exists ? std::nullopt : std::optional(fmt::format("{} is missing", pointer));
    if (rest == "missing") return exists ? std::optional(fmt::format("{} exists", pointer)) : std::nullopt;
    if (!exists) return fmt::format("{} is missing (check: {})", pointer, check);
    const Json& actual = result.at(ptr);
    if (rest.rfind("count ", 0) == 0) {
        std::size_t n = std::stoul(rest.substr(6));
        if (!actual.is_array() || actual.size() != n) {
            return fmt::format("{}: expected {} items, got {}", pointer, n, borough::dump_json(actual));
        }
        return std::nullopt;
    }
    bool negate = rest.rfind("!= ", 0) == 0;
    if (!negate && rest.rfind("== ", 0) != 0) return fmt::format("malformed check '{}'", check);
    auto expected = borough::parse_json(rest.substr(3), "check value");
    if (!expected) return fmt::format("check '{}': {}", check, expected.error().message);
    if (same_json(actual, *expected) == negate) {
        return fmt::format("{}: expected {}{}, got {}", pointer, negate ? "not " : "", borough::dump_json(*expected),
                           borough::dump_json(actual));
    }
    return std::nullopt;
}

int run(const std::filesystem::path& path) {
    auto text = borough::read_file(path, 1024 * 1024);
    if (!text) {
        std::cerr << text.error().message << "\n";
        return 2;
    }
    auto parsed = parse_test(path, *text);
    if (!parsed) {
        std::cerr << parsed.error().message << "\n";
        return 2;
    }
    GoldenTest& t = *parsed;
    auto registry = borough::actions::Registry::create(std::nullopt);
    if (!registry) {
        std::cerr << registry.error().message << "\n";
        return 2;
    }
    const auto* found = registry->find(t.action);
    if (found == nullptr) {
        std::cerr << path.string() << ": no action '" << t.action << "'\n";
        return 2;
    }
    borough::actions::ActionDefinition action = *found;
    if (t.chunk_tokens) action.strategy.chunk_tokens = *t.chunk_tokens;
    if (t.overlap_tokens) action.strategy.overlap_tokens = *t.overlap_tokens;

    ActionInput input;
    if (t.input_is_file) {
        const auto fixture = path.parent_path().parent_path() / t.input_name;
        auto bytes = borough::read_file(fixture, 10 * 1024 * 1024);
        if (!bytes) {
            std::cerr << bytes.error().message << "\n";
            return 2;
        }
        input = ActionInput::from_bytes(fixture.filename().string(), *bytes);
    } else {
        input = ActionInput::from_bytes(t.input_name, t.input_text);
    }
    auto params = borough::actions::parse_param_strings(action, t.params);
    std::vector<std::string> failures;
    borough::ManualClock clock{std::chrono::system_clock::time_point{}};
    borough::actions::NullProgressSink progress;
    borough::engine::scripted::ScriptedTextGenerator generator(t.replies, "golden", t.context_tokens);
    borough::actions::ActionContext ctx{t.engine == "scripted" ? &generator : nullptr, clock, progress, {}};

    borough::Result<borough::actions::ActionOutput> out =
        params ? borough::actions::run_action(action, input, *params, ctx)
               : borough::Result<borough::actions::ActionOutput>(borough::fail(params.error()));

    if (t.error) {
        if (out) {
            failures.push_back(fmt::format("expected error {}, but the action succeeded:\n{}", *t.error,
                                           borough::dump_json(out->result, 2)));
        } else {
            auto sp = t.error->find(' ');
            std::string code = t.error->substr(0, sp);
            if (borough::to_string(out.error().code) != code) {
                failures.push_back(fmt::format("expected error {}, got {}: {}", code,
                                               borough::to_string(out.error().code), out.error().message));
            }
            if (sp != std::string::npos && out.error().message.find(t.error->substr(sp + 1)) == std::string::npos) {
                failures.push_back(
                    fmt::format("error message '{}' lacks '{}'", out.error().message, t.error->substr(sp + 1)));
            }
        }
    } else if (!out) {
        failures.push_back(
            fmt::format("action failed: {}: {}", borough::to_string(out.error().code), out.error().describe()));
    }
    if (out) {
        if (t.expect) {
            auto expected = borough::parse_json(*t.expect, "expect block");
            if (!expected) {
                failures.push_back(expected.error().message);
            } else if (!same_json(out->result, *expected)) {
                failures.push_back(fmt::format("result differs from expect:\n{}", borough::dump_json(out->result, 2)));
            }
        }
        for (const auto& c : t.checks) {
            if (auto f = run_check(out->result, c)) failures.push_back(*f);
        }
        if (t.warnings && out->warnings.size() != *t.warnings) {
            std::string all;
            for (const auto& w : out->warnings) all += "\n  " + w;
            failures.push_back(fmt::format("expected {} warnings, got {}:{}", *t.warnings, out->warnings.size(), all));
        }
        for (const auto& w : t.warning_contains) {
            bool any = false;
            for (const auto& got : out->warnings) any = any || got.find(w) != std::string::npos;
            if (!any) failures.push_back(fmt::format("no warning contains '{}'", w));
        }
        for (const auto& m : t.markdown_contains) {
            if (out->markdown.find(m) == std::string::npos) {
                failures.push_back(fmt::format("markdown lacks '{}':\n{}", m, out->markdown));
            }
        }
    }
    if (t.calls && generator.call_count() != *t.calls) {
        failures.push_back(fmt::format("expected {} model calls, got {}", *t.calls, generator.call_count()));
    }
    const auto requests = generator.requests();
    for (const auto& [n, needle] : t.request_contains) {
        if (n == 0 || n > requests.size()) {
            failures.push_back(fmt::format("request {} was never made ({} requests)", n, requests.size()));
            continue;
        }
        std::string all;
        for (const auto& m : requests[n - 1].messages) all += m.content + "\n";
        if (all.find(needle) == std::string::npos) {
            failures.push_back(fmt::format("request {} lacks '{}':\n{}", n, needle, all));
        }
    }
    if (t.engine == "scripted" && generator.unused_replies() != 0) {
        failures.push_back(fmt::format("{} scripted replies were never used", generator.unused_replies()));
    }
    // BOROUGH_GOLDEN_DUMP=1 prints every prompt and the result, for writing new .test files.
    if (const char* dump = std::getenv("BOROUGH_GOLDEN_DUMP"); dump != nullptr && std::string_view(dump) == "1") {
        for (std::size_t i = 0; i < requests.size(); ++i) {
            std::cerr << "--- request " << i + 1 << "\n";
            for (const auto& m : requests[i].messages) std::cerr << "[" << m.role << "] " << m.content << "\n";
        }
        if (out) std::cerr << "--- result\n" << borough::dump_json(out->result, 2) << "\n";
    }
    for (const auto& f : failures) std::cerr << path.string() << ": FAIL: " << f << "\n";
    if (failures.empty()) std::cout << path.string() << ": ok\n";
    return failures.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: borough_golden_runner FILE.test\n";
        return 2;
    }
    try {
        return run(argv[1]);
    } catch (const std::exception& e) {
        std::cerr << argv[1] << ": FAIL: exception: " << e.what() << "\n";
        return 1;
    }
}
