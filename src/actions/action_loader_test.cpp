#include "actions/action_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/sha256.h"

namespace borough::actions {
namespace {

const char* kValid = R"(id: planning-summary
title: Planning summary
category: Housing
version: "2"
description: Summarises planning applications.
inputs:
  - name: document
    kind: document
    max_bytes: 1000
    formats: [txt, .MD]
parameters:
  - name: tone
    type: enum
    values: [plain, formal]
    default: plain
  - name: points
    type: integer
    min: 1
    max: 10
    default: 3
prompts:
  system: You are helpful.
  user: |
    Summarise in {{params.points}} points.
    {{input}}
output_schema:
  type: object
  required: [summary]
  properties:
    summary: {type: string}
    count: {type: integer, minimum: 0}
strategy: single
citations:
  unit: sentence
  required: true
baseline_minutes: 15
markdown: "{{summary}}"
)";

TEST(ActionLoader, LoadsValidAction) {
    auto out = parse_action(kValid, "planning.yaml");
    ASSERT_TRUE(out.problems.empty()) << describe(out.problems);
    const auto& d = out.definition;
    EXPECT_EQ(d.id, "planning-summary");
    EXPECT_EQ(d.category, "Housing");
    EXPECT_EQ(d.version, "2");
    ASSERT_EQ(d.inputs.size(), 1U);
    EXPECT_EQ(d.inputs[0].kind, InputKind::Document);
    EXPECT_EQ(d.inputs[0].max_bytes, 1000U);
    EXPECT_EQ(d.inputs[0].formats, (std::vector<std::string>{"txt", "md"}));
    ASSERT_EQ(d.parameters.size(), 2U);
    EXPECT_EQ(d.parameters[0].type, ParamType::Enum);
    EXPECT_EQ(d.parameters[0].default_value, "plain");
    EXPECT_EQ(d.parameters[1].default_value, 3);
    EXPECT_EQ(d.parameters[1].max, 10.0);
    EXPECT_EQ(d.strategy.kind, Strategy::Single);
    EXPECT_TRUE(d.citations.required);
    EXPECT_EQ(d.baseline_minutes, 15.0);
    EXPECT_EQ(d.output_schema["properties"]["count"]["minimum"], 0);
    EXPECT_EQ(d.prompts.user, "Summarise in {{params.points}} points.\n{{input}}\n");
    EXPECT_EQ(d.content_hash, sha256_hex(kValid));
    EXPECT_EQ(d.source, "planning.yaml");
}

bool has_problem(const std::vector<Problem>& ps, int line, const std::string& field, const std::string& fragment) {
    for (const auto& p : ps) {
        if (p.line == line && p.field == field && p.message.find(fragment) != std::string::npos) return true;
    }
    return false;
}

TEST(ActionLoader, ReportsEveryProblemWithLineNumbers) {
    const char* text = R"(id: Bad_Id
title: Broken
category: Parks
version: "1"
inputs:
  - name: document
    kind: spreadsheet
    max_bytes: lots
parameters:
  - name: n
    type: integr
    defualt: 3
prompts:
  user: "hi {{input}}"
  map: |
    first line
    {{#items}} never closed
  reduce: "{{/x}}"
output_schema:
  type: object
  properties:
    a: {type: text}
strategy:
  kind: map_reduce
  chunk_tokens: 100
  overlap_tokens: 200
extractive: no_such_step
colour: blue
)";
    auto out = parse_action(text, "custom.yaml");
    const auto& ps = out.problems;
    std::string all = describe(ps);
    EXPECT_TRUE(has_problem(ps, 1, "id", "kebab-case")) << all;
    EXPECT_TRUE(has_problem(ps, 3, "category", "not a service area")) << all;
    EXPECT_TRUE(has_problem(ps, 7, "inputs[0].kind", "'spreadsheet' is not an input kind")) << all;
    EXPECT_TRUE(has_problem(ps, 8, "inputs[0].max_bytes", "must be an integer")) << all;
    EXPECT_TRUE(has_problem(ps, 11, "parameters[0].type", "'integr' is not a parameter type")) << all;
    EXPECT_TRUE(has_problem(ps, 12, "parameters[0].defualt", "unknown key 'defualt'")) << all;
    EXPECT_TRUE(has_problem(ps, 17, "prompts.map", "unclosed section {{#items}}")) << all;
    EXPECT_TRUE(has_problem(ps, 18, "prompts.reduce", "{{/x}} closes a section")) << all;
    EXPECT_TRUE(has_problem(ps, 22, "output_schema/properties/a/type", "type must be one of")) << all;
    EXPECT_TRUE(has_problem(ps, 26, "strategy.overlap_tokens", "smaller than chunk_tokens")) << all;
    EXPECT_TRUE(has_problem(ps, 27, "extractive", "no native step named 'no_such_step'")) << all;
    EXPECT_TRUE(has_problem(ps, 28, "colour", "unknown key 'colour'")) << all;
    EXPECT_GE(ps.size(), 12U) << all;
    // The column points at the offending tag inside the block scalar.
    for (const auto& p : ps) {
        if (p.field == "prompts.map") {
            EXPECT_EQ(p.column, 5) << p.describe();
            EXPECT_EQ(p.describe(), "custom.yaml:17:5: prompts.map: unclosed section {{#items}}");
        }
    }
}

TEST(ActionLoader, MissingRequiredFields) {
    auto out = parse_action("title: x\n", "min.yaml");
    std::string all = describe(out.problems);
    for (const char* field : {"id", "category", "version", "inputs", "output_schema", "prompts"}) {
        bool found = false;
        for (const auto& p : out.problems)
            found = found || (p.field == field && p.message.find("required") != std::string::npos);
        EXPECT_TRUE(found) << field << "\n" << all;
    }
}

TEST(ActionLoader, StrategyNeedsMatchingPrompts) {
    std::string text = kValid;
    text.replace(text.find("strategy: single"), 16,
                 "strategy: {kind: map_reduce, chunk_tokens: 100, overlap_tokens: 10}");
    auto out = parse_action(text, "s.yaml");
    std::string all = describe(out.problems);
    EXPECT_TRUE(has_problem(out.problems, 22, "prompts.map", "required for strategy map_reduce")) << all;
    EXPECT_TRUE(has_problem(out.problems, 22, "prompts.reduce", "required for strategy map_reduce")) << all;
}

TEST(ActionLoader, BadDefaultAndSyntaxErrors) {
    std::string text = kValid;
    text.replace(text.find("default: 3"), 10, "default: 30");
    auto out = parse_action(text, "d.yaml");
    EXPECT_TRUE(has_problem(out.problems, 20, "parameters[1].default", "outside")) << describe(out.problems);

    auto bad = parse_action("id: [unclosed\n", "syntax.yaml");
    ASSERT_EQ(bad.problems.size(), 1U);
    EXPECT_NE(bad.problems[0].message.find("not valid YAML"), std::string::npos);
    EXPECT_GT(bad.problems[0].line, 0);

    // A self-referencing alias must not recurse forever.
    auto loop = parse_action("output_schema: &s {type: object, properties: {a: *s}}\n", "loop.yaml");
    EXPECT_FALSE(loop.problems.empty());

    auto scalar = parse_action("just text\n", "scalar.yaml");
    ASSERT_EQ(scalar.problems.size(), 1U);
    EXPECT_NE(scalar.problems[0].message.find("YAML map"), std::string::npos);
}

TEST(ActionLoader, FileFunctions) {
    auto dir = std::filesystem::temp_directory_path() / ("borough_loader_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir / "good.yaml") << kValid;
        std::ofstream(dir / "bad.yaml") << "id: x\ncolour: red\n";
    }
    auto good = load_action_file(dir / "good.yaml");
    ASSERT_TRUE(good) << good.error().message;
    EXPECT_EQ(good->source, (dir / "good.yaml").string());
    EXPECT_TRUE(validate_action_file(dir / "good.yaml").empty());
    auto bad = load_action_file(dir / "bad.yaml");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(bad.error().message.find("bad.yaml:2:1: colour: unknown key"), std::string::npos) << bad.error().message;
    EXPECT_GT(validate_action_file(dir / "bad.yaml").size(), 3U);
    auto missing = validate_action_file(dir / "missing.yaml");
    ASSERT_EQ(missing.size(), 1U);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace borough::actions
