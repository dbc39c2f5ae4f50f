#include "actions/pipeline.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "actions/action_loader.h"
#include "engine/scripted/scripted_text_generator.h"

namespace borough::actions {
namespace {

using engine::scripted::ScriptedReply;
using engine::scripted::ScriptedTextGenerator;

const char* kAction = R"(id: test-points
title: Test points
category: Insight
version: "1"
inputs:
  - name: document
    kind: text
    max_bytes: 2000
    formats: [txt]
parameters:
  - name: count
    type: integer
    min: 1
    max: 9
    default: 2
  - name: style
    type: enum
    values: [plain, formal]
  - name: strict
    type: boolean
  - name: weight
    type: number
    max: 1.5
prompts:
  system: "SYSTEM count={{params.count}}"
  user: "SINGLE\n{{input}}"
  map: "MAP {{chunk_index}}/{{chunk_count}}\n{{chunk}}"
  reduce: "REDUCE {{result_count}}\n{{results}}"
output_schema:
  type: object
  required: [points]
  additionalProperties: false
  properties:
    points:
      type: array
      minItems: 1
      items:
        type: object
        required: [text, citations]
        properties:
          text: {type: string}
          citations: {type: array}
          unsupported: {type: boolean}
strategy: {kind: map_reduce, chunk_tokens: 30, overlap_tokens: 8}
citations: {unit: sentence, required: true}
)";

// Eight sentences; each numbered line is 25-28 characters, about 7 tokens at chars/4.
const char* kText =
    "Bins are collected weekly. Parks close at dusk. Libraries open at nine. Roads are gritted in snow. "
    "Council tax is due monthly. Schools break in July. Permits cost ten pounds. Halls can be booked.";

ActionDefinition load(const char* yaml = kAction) {
    auto out = parse_action(yaml, "test.yaml");
    EXPECT_TRUE(out.problems.empty()) << describe(out.problems);
    return out.definition;
}

struct Fixture {
    ManualClock clock{std::chrono::system_clock::time_point{}};
    NullProgressSink progress;
};

const std::string kGood = R"({"points": [{"text": "Bins weekly", "citations": [1]}]})";

TEST(Chunking, SizesAndOverlap) {
    std::vector<nlp::Sentence> s(10);
    for (std::size_t i = 0; i < s.size(); ++i) s[i].text = "x";
    auto ten = [](std::string_view) { return 10; };
    auto chunks = chunk_sentences(s, ten, 35, 10);
    std::vector<std::pair<std::size_t, std::size_t>> got;
    for (const auto& c : chunks) {
        got.emplace_back(c.first, c.last);
        EXPECT_LE(c.tokens, 35);
    }
    EXPECT_EQ(got, (std::vector<std::pair<std::size_t, std::size_t>>{{0, 3}, {2, 5}, {4, 7}, {6, 9}, {8, 10}}));
    EXPECT_EQ(chunks[1].text, "[S3] x\n[S4] x\n[S5] x\n");

    auto plain = chunk_sentences(s, ten, 35, 0);
    ASSERT_EQ(plain.size(), 4U);
    EXPECT_EQ(plain[3].first, 9U);

    // A sentence longer than a chunk stands alone; overlap never stops progress.
    auto big = [](std::string_view line) { return line.find("[S2]") == 0 ? 100 : 10; };
    auto odd = chunk_sentences(std::span(s).first(4), big, 35, 20);
    ASSERT_EQ(odd.size(), 3U);
    EXPECT_EQ(odd[0].last, 1U);
    EXPECT_EQ(odd[1].first, 1U);
    EXPECT_EQ(odd[1].last, 2U);
    EXPECT_EQ(odd[2].first, 2U);
    EXPECT_TRUE(chunk_sentences({}, ten, 35, 10).empty());
}

TEST(Pipeline, MapReduceCallsAndPrompts) {
    auto action = load();
    ScriptedTextGenerator gen(
        {{"MAP", R"({"points": [{"text": "part", "citations": [2]}]})", {}, true},
         {"REDUCE", R"({"points": [{"text": "all", "citations": ["S3", {"sentence": 8}]}]})", {}, false}},
        "test");
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto out = run_action(action, ActionInput::from_text("notes.txt", kText), {}, ctx);
    ASSERT_TRUE(out) << out.error().describe();
    auto requests = gen.requests();
    ASSERT_GE(requests.size(), 3U);
    const std::size_t maps = requests.size() - 1;
    EXPECT_EQ(out->timings["calls"], requests.size());
    for (std::size_t i = 0; i < maps; ++i) {
        EXPECT_EQ(requests[i].messages[0].content, "SYSTEM count=2");
        EXPECT_EQ(requests[i].messages[1].content.rfind(fmt::format("MAP {}/{}", i + 1, maps), 0), 0U);
        EXPECT_LE(gen.count_tokens(requests[i].messages[1].content), 30 + 10);
        ASSERT_TRUE(requests[i].json_schema);
    }
    EXPECT_NE(requests[0].messages[1].content.find("[S1] Bins are collected weekly."), std::string::npos);
    const std::string& reduce = requests.back().messages[1].content;
    EXPECT_EQ(reduce.rfind(fmt::format("REDUCE {}", maps), 0), 0U);
    EXPECT_NE(reduce.find("\"part\""), std::string::npos);
    EXPECT_EQ(out->method, "llm:scripted:test");
    const Json& cites = out->result["points"][0]["citations"];
    ASSERT_EQ(cites.size(), 2U);
    EXPECT_EQ(cites[0]["sentence"], 3);
    EXPECT_EQ(std::string(kText).substr(cites[0]["begin"].get<std::size_t>(),
                                        cites[0]["end"].get<std::size_t>() - cites[0]["begin"].get<std::size_t>()),
              "Libraries open at nine.");
    EXPECT_TRUE(out->warnings.empty());
}

TEST(Pipeline, ShortInputUsesOneCall) {
    auto action = load();
    ScriptedTextGenerator gen({{"", kGood, {}, false}});
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto out = run_action(action, ActionInput::from_text("n.txt", "Bins are collected weekly."), {{"count", 3}}, ctx);
    ASSERT_TRUE(out) << out.error().describe();
    ASSERT_EQ(gen.call_count(), 1U);
    EXPECT_EQ(gen.requests()[0].messages[0].content, "SYSTEM count=3");
    EXPECT_EQ(gen.requests()[0].messages[1].content, "SINGLE\n[S1] Bins are collected weekly.\n");
}

TEST(Pipeline, HierarchicalReduceWhenContextIsSmall) {
    auto action = load();
    // Each map result is long, so two of them fill the small context and reduce runs in levels.
    std::string long_point = R"({"points": [{"text": ")" + std::string(150, 'a') + R"(", "citations": [1]}]})";
    ScriptedTextGenerator gen({{"MAP", long_point, {}, true}, {"REDUCE", long_point, {}, true}}, "small", 100);
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto out = run_action(action, ActionInput::from_text("notes.txt", kText), {}, ctx);
    // With 25 tokens reserved for the reply, not even one ~50-token map result fits 100: the runner says so.
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ErrorCode::ResourceExhausted);
    EXPECT_EQ(gen.call_count(), 3U);  // the maps ran; no reduce was attempted

    ScriptedTextGenerator roomy({{"MAP", long_point, {}, true}, {"REDUCE", long_point, {}, true}}, "roomy", 200);
    ActionContext ctx2{&roomy, f.clock, f.progress, {}};
    auto ok = run_action(action, ActionInput::from_text("notes.txt", kText), {}, ctx2);
    ASSERT_TRUE(ok) << ok.error().describe();
    std::size_t maps = 0;
    std::size_t reduces = 0;
    for (const auto& r : roomy.requests()) {
        (r.messages[1].content.rfind("MAP", 0) == 0 ? maps : reduces) += 1;
        EXPECT_LE(roomy.count_tokens(r.messages[0].content) + roomy.count_tokens(r.messages[1].content) + r.max_tokens,
                  200);
        EXPECT_EQ(r.max_tokens, 50);
    }
    EXPECT_GE(maps, 3U);
    EXPECT_GT(reduces, 1U);
    EXPECT_GE(ok->timings["reduce_levels"].get<int>(), 2);
}

TEST(Pipeline, ChunksShrinkToFitSmallContext) {
    auto action = load();
    action.strategy.chunk_tokens = 1000;  // far more than the 60-token context below
    const std::string tiny = R"({"points":[{"text":"a","citations":[1]}]})";
    ScriptedTextGenerator gen({{"MAP", tiny, {}, true}, {"REDUCE", tiny, {}, true}}, "tiny", 60);
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto out = run_action(action, ActionInput::from_text("notes.txt", kText), {}, ctx);
    std::size_t maps = 0;
    for (const auto& r : gen.requests()) {
        if (r.messages[1].content.rfind("MAP", 0) != 0) continue;
        ++maps;
        EXPECT_LE(gen.count_tokens(r.messages[0].content) + gen.count_tokens(r.messages[1].content) + r.max_tokens, 60)
            << r.messages[1].content;
    }
    EXPECT_GE(maps, 2U);
}

TEST(Pipeline, RetriesAreBounded) {
    auto action = load();
    Fixture f;
    {
        ScriptedTextGenerator gen({{"", R"({"points": []})", {}, false}, {"", kGood, {}, false}});
        ActionContext ctx{&gen, f.clock, f.progress, {}};
        auto out = run_action(action, ActionInput::from_text("n.txt", "One short sentence here."), {}, ctx);
        ASSERT_TRUE(out) << out.error().describe();
        ASSERT_EQ(gen.call_count(), 2U);
        auto second = gen.requests()[1].messages;
        ASSERT_EQ(second.size(), 4U);
        EXPECT_EQ(second[2].role, "assistant");
        EXPECT_NE(second[3].content.find("/points"), std::string::npos);
        ASSERT_EQ(out->warnings.size(), 1U);
        EXPECT_NE(out->warnings[0].find("1 retry"), std::string::npos);
    }
    {
        ScriptedTextGenerator gen({{"", "not json", {}, true}});
        ActionContext ctx{&gen, f.clock, f.progress, {}};
        auto out = run_action(action, ActionInput::from_text("n.txt", "One short sentence here."), {}, ctx);
        ASSERT_FALSE(out);
        EXPECT_EQ(out.error().code, ErrorCode::ModelOutputInvalid);
        EXPECT_EQ(gen.call_count(), static_cast<std::size_t>(1 + kMaxSchemaRetries));
    }
    {
        ScriptedTextGenerator gen({{"", "", Error{ErrorCode::Unavailable, "engine down", ""}, false}});
        ActionContext ctx{&gen, f.clock, f.progress, {}};
        auto out = run_action(action, ActionInput::from_text("n.txt", "One short sentence here."), {}, ctx);
        ASSERT_FALSE(out);
        EXPECT_EQ(out.error().code, ErrorCode::Unavailable);
        EXPECT_EQ(gen.call_count(), 1U);
    }
}

class StopAfterFirstMap final : public ProgressSink {
public:
    explicit StopAfterFirstMap(std::stop_source& s) : stop_(s) {}
    void on_progress(std::string_view stage, std::size_t done, std::size_t /*total*/) override {
        if (stage == "map" && done == 1) stop_.request_stop();
    }

private:
    std::stop_source& stop_;
};

TEST(Pipeline, Cancellation) {
    auto action = load();
    Fixture f;
    std::stop_source before;
    before.request_stop();
    ScriptedTextGenerator gen({{"MAP", kGood, {}, true}, {"REDUCE", kGood, {}, true}});
    ActionContext ctx{&gen, f.clock, f.progress, before.get_token()};
    auto out = run_action(action, ActionInput::from_text("n.txt", kText), {}, ctx);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ErrorCode::Cancelled);
    EXPECT_EQ(gen.call_count(), 0U);

    std::stop_source during;
    StopAfterFirstMap sink(during);
    ActionContext ctx2{&gen, f.clock, sink, during.get_token()};
    auto out2 = run_action(action, ActionInput::from_text("n.txt", kText), {}, ctx2);
    ASSERT_FALSE(out2);
    EXPECT_EQ(out2.error().code, ErrorCode::Cancelled);
    for (const auto& r : gen.requests()) EXPECT_EQ(r.messages[1].content.rfind("REDUCE", 0), std::string::npos);
}

TEST(Pipeline, ParamsValidation) {
    auto action = load();
    struct Case {
        Params params;
        std::string field;
        std::string fragment;
    };
    const std::vector<Case> cases = {
        {{{"colour", "red"}}, "colour", "unknown parameter 'colour'"},
        {{{"count", "3"}}, "count", "must be an integer"},
        {{{"count", 2.5}}, "count", "must be an integer"},
        {{{"count", 10}}, "count", "outside 1 to 9"},
        {{{"style", "loud"}}, "style", "one of plain, formal"},
        {{{"strict", 1}}, "strict", "true or false"},
        {{{"weight", 2.0}}, "weight", "outside -inf to 1.5"},
    };
    Fixture f;
    for (const auto& c : cases) {
        ScriptedTextGenerator gen(std::vector<ScriptedReply>{});
        ActionContext ctx{&gen, f.clock, f.progress, {}};
        auto out = run_action(action, ActionInput::from_text("n.txt", kText), c.params, ctx);
        ASSERT_FALSE(out) << c.field;
        EXPECT_EQ(out.error().code, ErrorCode::InvalidInput);
        EXPECT_EQ(out.error().field, c.field);
        EXPECT_NE(out.error().message.find(c.fragment), std::string::npos) << out.error().message;
        EXPECT_EQ(gen.call_count(), 0U);
    }
    auto resolved = resolve_params(action, {{"style", "formal"}, {"weight", 1}});
    ASSERT_TRUE(resolved);
    EXPECT_EQ(dump_json(*resolved), R"({"count":2,"style":"formal","weight":1})");

    std::vector<std::pair<std::string, std::string>> strings = {{"count", "4"}, {"strict", "true"}, {"weight", "0.5"}};
    auto parsed = parse_param_strings(action, strings);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->at("count"), 4);
    EXPECT_EQ(parsed->at("strict"), true);
    EXPECT_EQ(parsed->at("weight"), 0.5);
    std::vector<std::pair<std::string, std::string>> bad = {{"count", "4x"}};
    auto bad_parsed = parse_param_strings(action, bad);
    ASSERT_FALSE(bad_parsed);
    EXPECT_EQ(bad_parsed.error().field, "count");
}

TEST(Pipeline, NoGeneratorAndNoExtractiveStep) {
    auto action = load();
    Fixture f;
    ActionContext ctx{nullptr, f.clock, f.progress, {}};
    auto out = run_action(action, ActionInput::from_text("n.txt", kText), {}, ctx);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(out.error().message,
              "action 'test-points' needs a language model: configure one with --engine llama --model PATH or "
              "--engine openai (setting BOROUGH_ENGINE)");
}

TEST(Pipeline, InputChecks) {
    auto action = load();
    Fixture f;
    ScriptedTextGenerator gen(std::vector<ScriptedReply>{});
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto wrong = run_action(action, ActionInput::from_bytes("notes.pdf", "%PDF"), {}, ctx);
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().message.find("accepts .txt files"), std::string::npos) << wrong.error().message;
    auto big = run_action(action, ActionInput::from_text("n.txt", std::string(3000, 'a')), {}, ctx);
    ASSERT_FALSE(big);
    EXPECT_NE(big.error().message.find("at most 2000 bytes"), std::string::npos) << big.error().message;
    auto empty = run_action(action, ActionInput::from_text("n.txt", "   \n"), {}, ctx);
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, ErrorCode::InvalidInput);
}

TEST(Grounding, FlagsMissingCitations) {
    SourceText src;
    src.text = "One here. Two there.";
    src.sentences = {{0, 9, "One here."}, {10, 20, "Two there."}};
    Json result = Json::parse(R"({"points": [
        {"text": "a", "citations": [2]},
        {"text": "b", "citations": [1, 7]},
        {"text": "c", "citations": []},
        {"text": "d", "citations": ["S0", {"page": 1}]}]})");
    auto warnings = ground_citations(result, src, CitationRules{CitationUnit::Sentence, true});
    EXPECT_EQ(dump_json(result["points"][0]), R"({"text":"a","citations":[{"sentence":2,"begin":10,"end":20}]})");
    EXPECT_EQ(result["points"][1]["citations"].size(), 1U);
    EXPECT_EQ(result["points"][1]["unsupported"], true);
    EXPECT_EQ(result["points"][2]["unsupported"], true);
    EXPECT_EQ(result["points"][3]["unsupported"], true);
    EXPECT_FALSE(result["points"][0].contains("unsupported"));
    ASSERT_EQ(warnings.size(), 3U);
    EXPECT_EQ(warnings[0], "/points/1: cites 7 which is not a sentence of the input (S1-S2); marked unsupported");
    EXPECT_NE(warnings[1].find("/points/2: cites no sentence"), std::string::npos);

    Json lenient = Json::parse(R"({"citations": []})");
    EXPECT_TRUE(ground_citations(lenient, src, CitationRules{CitationUnit::Sentence, false}).empty());
}

TEST(Templates, RenderWithoutEscapingAndReportProblems) {
    auto r = render_template("{{a}} & {{#list}}[{{.}}]{{/list}} {{#obj}}{{x}}{{/obj}}",
                             Json::parse(R"({"a": "<b>", "list": [1, "two"], "obj": {"x": "y"}})"));
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(*r, "<b> & [1][two] y");
    auto p = check_template("ab {{#items}} x");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->message, "unclosed section {{#items}}");
    EXPECT_EQ(p->offset, 3U);
    EXPECT_FALSE(check_template("{{#a}}{{/a}}"));
}

}  // namespace
}  // namespace borough::actions
