#include "actions/common/llm_map_reduce.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <mutex>

#include "actions/pipeline.h"
#include "engine/scripted/scripted_text_generator.h"

namespace borough::actions::common {
namespace {

using engine::scripted::ScriptedReply;
using engine::scripted::ScriptedTextGenerator;

class RecordingProgress final : public ProgressSink {
public:
    void on_progress(std::string_view stage, std::size_t done, std::size_t total) override {
        std::lock_guard lock(mu_);
        events_.push_back(fmt::format("{} {}/{}", stage, done, total));
    }
    std::vector<std::string> events() const {
        std::lock_guard lock(mu_);
        return events_;
    }

private:
    mutable std::mutex mu_;
    std::vector<std::string> events_;
};

// Six turns of about 15 tokens each (chars / 4), so a 40-token budget holds two per chunk.
std::vector<CitedUnit> six_turns() {
    return {{"T1", "Chair: Welcome, we start with the library opening hours."},
            {"T2", "Ann: The branch at Mill Lane could open on Saturdays."},
            {"T3", "Chair: We agreed to open Mill Lane on Saturdays from May."},
            {"T4", "Bob: I will draft the staff rota by Friday for the team."},
            {"T5", "Ann: Parking near the library is still a worry for us."},
            {"T6", "Chair: Thank you all, the meeting is now closed today."}};
}

MapReduceSpec decisions_spec() {
    MapReduceSpec spec;
    spec.name = "test-minutes";
    spec.system = "Extract decisions.";
    spec.map_instruction = "Decisions in these turns:";
    spec.map_schema = Json::parse(R"({"type":"object","required":["decisions"],"properties":{
        "decisions":{"type":"array","items":{"type":"object","required":["text","citations"],"properties":{
          "text":{"type":"string"},"citations":{"type":"array","items":{"type":"string"}}}}}}})");
    spec.reduce_instruction = "Write one summary sentence for these decisions:";
    spec.reduce_schema = Json::parse(R"({"type":"object","required":["summary","citations"],"properties":{
        "summary":{"type":"string"},"citations":{"type":"array","items":{"type":"string"}}}})");
    spec.max_chunk_tokens = 40;
    return spec;
}

ScriptedReply reply(std::string when, std::string text, bool reusable = false) {
    return ScriptedReply{std::move(when), std::move(text), std::nullopt, reusable};
}

struct Fixture {
    ManualClock clock{std::chrono::system_clock::time_point{}};
    RecordingProgress progress;
};

TEST(LlmMapReduce, ChunksFitTheBudgetAndCoverEveryUnitOnce) {
    const auto units = six_turns();
    const auto count = [](std::string_view t) { return static_cast<int>((t.size() + 3) / 4); };
    const auto chunks = chunk_units(units, count, 40);
    ASSERT_EQ(chunks.size(), 3U);
    std::size_t next = 0;
    for (const auto& c : chunks) {
        EXPECT_EQ(c.first, next);
        EXPECT_LE(c.tokens, 40);
        EXPECT_EQ(c.text.substr(0, 2 + units[c.first].id.size()), "[" + units[c.first].id + "]");
        next = c.last;
    }
    EXPECT_EQ(next, units.size());
}

TEST(LlmMapReduce, AUnitLongerThanAChunkIsCutIntoItsOwnChunk) {
    std::vector<CitedUnit> units = {{"T1", "short"}, {"T2", std::string(400, 'x') + "\xC3\xA9"}, {"T3", "short"}};
    const auto count = [](std::string_view t) { return static_cast<int>((t.size() + 3) / 4); };
    std::size_t cut = 0;
    const auto chunks = chunk_units(units, count, 30, &cut);
    ASSERT_EQ(chunks.size(), 3U);
    EXPECT_EQ(cut, 1U);
    EXPECT_EQ(chunks[1].first, 1U);
    EXPECT_EQ(chunks[1].last, 2U);
    EXPECT_LE(chunks[1].tokens, 30);
    EXPECT_TRUE(chunks[1].text.starts_with("[T2] xxx"));
}

TEST(LlmMapReduce, MapsEachChunkChecksCitationsAndReduces) {
    ScriptedTextGenerator gen({
        reply("[T1]", R"({"decisions":[]})"),
        // T3 is in this chunk; T1 is not (dropped), T9 does not exist (its statement is removed).
        reply("[T3]", R"({"decisions":[{"text":"Open Mill Lane on Saturdays","citations":["T3","T1"]},
                                  {"text":"Invented","citations":["T9"]}]})"),
        reply("[T5]", R"({"decisions":[]})"),
        reply("Write one summary", R"({"summary":"Mill Lane opens on Saturdays.","citations":["T3","T77"]})"),
    });
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    const auto units = six_turns();
    auto r = run_map_reduce(units, decisions_spec(), ctx);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->chunks.size(), 3U);
    EXPECT_TRUE(r->failed_chunks.empty());
    ASSERT_EQ(r->merged["decisions"].size(), 1U);
    EXPECT_EQ(r->merged["decisions"][0]["citations"], Json::array({"T3"}));
    EXPECT_EQ(r->reduced["citations"], Json::array({"T3"}));
    EXPECT_EQ(r->calls, 4);
    EXPECT_EQ(gen.unused_replies(), 0U);
    // Dropped T1 (not shown in chunk 2) and T9, removed the statement citing only T9, dropped T77 in
    // the final pass.
    ASSERT_EQ(r->warnings.size(), 4U) << fmt::format("{}", fmt::join(r->warnings, "\n"));
    EXPECT_NE(r->warnings[0].find("chunk 2: citation \"T1\" at /decisions/0/citations/1"), std::string::npos);
    EXPECT_NE(r->warnings[1].find("\"T9\" at /decisions/1/citations/0"), std::string::npos);
    EXPECT_NE(r->warnings[2].find("statement at /decisions/1 cites nothing"), std::string::npos);
    EXPECT_NE(r->warnings[3].find("final pass: citation \"T77\""), std::string::npos);
    // The reduce request shows the merged result, not the transcript.
    const auto requests = gen.requests();
    ASSERT_EQ(requests.size(), 4U);
    EXPECT_NE(requests[3].messages.back().content.find("Open Mill Lane"), std::string::npos);
    EXPECT_EQ(requests[3].messages.back().content.find("[T2]"), std::string::npos);
    const auto events = f.progress.events();
    EXPECT_EQ(events.front(), "map 0/3");
    EXPECT_NE(std::find(events.begin(), events.end(), "map 3/3"), events.end());
    EXPECT_EQ(events.back(), "reduce 1/1");
}

TEST(LlmMapReduce, InvalidChunkOutputIsRetriedWithTheProblemStated) {
    ScriptedTextGenerator gen({
        reply("[T1]", R"({"decisions":[]})"),
        reply("[T3]", R"({"choices":[]})"),  // misses "decisions"
        reply("[T5]", R"({"decisions":[]})"),
        reply("Your reply was not valid", R"({"decisions":[{"text":"Saturday opening","citations":["T3"]}]})"),
    });
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto spec = decisions_spec();
    spec.reduce_schema = Json();
    auto r = run_map_reduce(six_turns(), spec, ctx);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->calls, 4);
    ASSERT_EQ(r->merged["decisions"].size(), 1U);
    EXPECT_TRUE(r->reduced.is_null());
    const auto retry = gen.requests().back();
    EXPECT_NE(retry.messages.back().content.find("decisions"), std::string::npos);
}

TEST(LlmMapReduce, AChunkStillInvalidAfterRetriesIsReportedAndTheRestGoOn) {
    ScriptedTextGenerator gen({
        reply("[T1]", R"({"decisions":[]})"),
        reply("[T3]", R"({"nope":1})", true),
        reply("[T5]", R"({"decisions":[{"text":"Look at parking","citations":["T5"]}]})"),
    });
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto spec = decisions_spec();
    spec.reduce_schema = Json();
    auto r = run_map_reduce(six_turns(), spec, ctx);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->failed_chunks, std::vector<std::size_t>{1});
    EXPECT_TRUE(r->partials[1].is_null());
    EXPECT_EQ(r->calls, 3 + kMaxSchemaRetries);
    ASSERT_EQ(r->merged["decisions"].size(), 1U);
    ASSERT_FALSE(r->warnings.empty());
    EXPECT_NE(r->warnings.back().find("chunk 2 of 3 (units T3 to T4)"), std::string::npos);
}

TEST(LlmMapReduce, EveryChunkInvalidIsModelOutputInvalid) {
    ScriptedTextGenerator gen({reply("", R"({"nope":1})", true)});
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto r = run_map_reduce(six_turns(), decisions_spec(), ctx);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::ModelOutputInvalid);
}

TEST(LlmMapReduce, AnOptionalFinalPassThatStaysInvalidLeavesTheMappedResults) {
    ScriptedTextGenerator gen({
        reply("[T1]", R"({"decisions":[]})"),
        reply("[T3]", R"({"decisions":[{"text":"Open on Saturdays","citations":["T3"]}]})"),
        reply("[T5]", R"({"decisions":[]})"),
        reply("Write one summary", R"({"summary":42})", true),
    });
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto spec = decisions_spec();
    spec.reduce_optional = true;
    auto r = run_map_reduce(six_turns(), spec, ctx);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->reduced.is_null());
    EXPECT_EQ(r->merged["decisions"].size(), 1U);
    EXPECT_EQ(r->calls, 3 + 1 + kMaxSchemaRetries);
    ASSERT_FALSE(r->warnings.empty());
    EXPECT_NE(r->warnings.back().find("no written summary"), std::string::npos);
    // Not optional: the same replies are ModelOutputInvalid.
    ScriptedTextGenerator strict({
        reply("[T1]", R"({"decisions":[]})"),
        reply("[T3]", R"({"decisions":[]})"),
        reply("[T5]", R"({"decisions":[]})"),
        reply("Write one summary", R"({"summary":42})", true),
    });
    ActionContext strict_ctx{&strict, f.clock, f.progress, {}};
    auto failed = run_map_reduce(six_turns(), decisions_spec(), strict_ctx);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, ErrorCode::ModelOutputInvalid);
}

TEST(LlmMapReduce, EngineFailureStopsAtOnce) {
    ScriptedTextGenerator gen({{"", "", Error{ErrorCode::Unavailable, "engine down", ""}}});
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto r = run_map_reduce(six_turns(), decisions_spec(), ctx);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Unavailable);
}

TEST(LlmMapReduce, StopRequestedIsCancelled) {
    ScriptedTextGenerator gen({reply("", R"({"decisions":[]})")});
    Fixture f;
    std::stop_source stop;
    stop.request_stop();
    ActionContext ctx{&gen, f.clock, f.progress, stop.get_token()};
    auto r = run_map_reduce(six_turns(), decisions_spec(), ctx);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Cancelled);
    EXPECT_EQ(gen.call_count(), 0U);
}

TEST(LlmMapReduce, ChunksFollowTheContextWindow) {
    // 1000-token context: the map reply is capped at a quarter of it, and the chunk gets what is left
    // after the system prompt, the instruction, the reply and the margin.
    ScriptedTextGenerator gen({}, "scripted", 1000);
    auto spec = decisions_spec();
    spec.max_chunk_tokens = 4096;
    spec.map_max_tokens = 600;
    EXPECT_EQ(chunk_budget(gen, spec),
              1000 - gen.count_tokens(spec.system) - gen.count_tokens(spec.map_instruction) - 250 - 64);
    spec.map_max_tokens = 100;
    EXPECT_EQ(chunk_budget(gen, spec),
              1000 - gen.count_tokens(spec.system) - gen.count_tokens(spec.map_instruction) - 100 - 64);
    // A system prompt that fills the window leaves nothing for the text: refused, no call made.
    spec.system = std::string(3600, 'x');
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto r = run_map_reduce(six_turns(), spec, ctx);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(r.error().field, "context_tokens");
    EXPECT_EQ(gen.call_count(), 0U);
}

TEST(LlmMapReduce, MergedResultIsShortenedToFitTheFinalPass) {
    std::string many = R"({"decisions":[)";
    for (int i = 0; i < 60; ++i) {
        many +=
            fmt::format(R"({}{{"text":"Decision number {} about the library","citations":["T1"]}})", i ? "," : "", i);
    }
    many += "]}";
    ScriptedTextGenerator gen(
        {reply("[T1]", many), reply("Write one summary", R"({"summary":"s","citations":["T1"]})")}, "scripted", 1200);
    Fixture f;
    ActionContext ctx{&gen, f.clock, f.progress, {}};
    auto spec = decisions_spec();
    spec.max_chunk_tokens = 4096;
    spec.map_max_tokens = 900;
    spec.reduce_max_tokens = 400;
    const auto units = six_turns();
    auto r = run_map_reduce(std::span(units).first(1), spec, ctx);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->merged["decisions"].size(), 60U);
    const auto last = gen.requests().back();
    int total = 0;
    for (const auto& m : last.messages) total += gen.count_tokens(m.content);
    EXPECT_LE(total + last.max_tokens, 1200);
    EXPECT_EQ(last.max_tokens, 400);  // a third of the window
    EXPECT_EQ(gen.requests().front().max_tokens, 300);  // the map reply: a quarter
    EXPECT_NE(r->warnings.back().find("did not fit"), std::string::npos);
}

}  // namespace
}  // namespace borough::actions::common
