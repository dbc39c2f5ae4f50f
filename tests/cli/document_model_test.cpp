// Black-box: document-summary and news-angles on the embedded llama engine with the random-weight test
// model. Only the plumbing is checked - schema-constrained map-reduce output that validates, citations
// grounded in the input - never the wording: a random model writes nonsense.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/json.h"
#include "run_process.h"

namespace borough {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReport =
    "# Waste services update\n\n"
    "## 1. Collections\n\n"
    "The council collected 41,000 tonnes of household waste last year. Recycling rose to 47 per cent "
    "after food waste collections started. \"The new service has been a success,\" said Cllr Jo Marsh.\n\n"
    "## 2. Costs\n\n"
    "Disposal costs were 3.2 million pounds, up 5 per cent. Fly-tipping reports fell by a fifth.\n";

class DocumentModel : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("borough_docmodel_" + random_hex(6));
        fs::create_directories(dir_);
        std::ofstream(dir_ / "waste.md") << kReport;
    }
    void TearDown() override { fs::remove_all(dir_); }

    // The `result` of a run on the tiny llama model, after checking the run succeeded by the model.
    Json run_on_model(const std::string& action) {
        const auto r = testing::run_process(
            BOROUGH_BIN,
            {"run", action, "--input", (dir_ / "waste.md").string(), "--format", "json", "--engine", "llama",
             "--model", TINY_MODEL, "--llama-ctx", "8192", "--llama-parallel", "2"},
            {{"BOROUGH_DATA_DIR", (dir_ / "data").string()}}, 600);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        auto j = parse_json(r.out, "stdout");
        EXPECT_TRUE(j) << r.out;
        if (!j) return Json::object();
        EXPECT_EQ((*j)["method"].get<std::string>().rfind("model: llama:", 0), 0U) << r.out;
        return (*j)["result"];
    }

    // Every citation names a sentence of the input by byte range (and its section).
    static void expect_grounded(const Json& citation) {
        ASSERT_TRUE(citation.is_object()) << citation.dump();
        const std::string text = kReport;
        const auto begin = citation.at("begin").get<std::size_t>();
        const auto end = citation.at("end").get<std::size_t>();
        EXPECT_GE(citation.at("sentence").get<int>(), 1);
        EXPECT_LT(begin, end);
        EXPECT_LE(end, text.size());
        EXPECT_TRUE(citation.contains("ref") || begin < text.find("## 1.")) << citation.dump();
    }

    fs::path dir_;
};

TEST_F(DocumentModel, DocumentSummaryRunsMapReduceOnEmbeddedLlama) {
    const Json result = run_on_model("document-summary");
    ASSERT_TRUE(result.contains("key_points")) << result.dump();
    EXPECT_FALSE(result["summary"].get<std::string>().empty());
    EXPECT_EQ(result["method"].get<std::string>().rfind("model: llama:", 0), 0U);
    ASSERT_FALSE(result["key_points"].empty());
    for (const auto& p : result["key_points"]) {
        ASSERT_FALSE(p["citations"].empty()) << p.dump();
        for (const auto& c : p["citations"]) expect_grounded(c);
    }
}

TEST_F(DocumentModel, NewsAnglesRunOnEmbeddedLlama) {
    const Json result = run_on_model("news-angles");
    ASSERT_TRUE(result.contains("angles")) << result.dump();
    for (const auto& a : result["angles"]) {
        ASSERT_FALSE(a["citations"].empty()) << a.dump();
        for (const auto& c : a["citations"]) expect_grounded(c);
        for (const auto& f : a["figures"]) expect_grounded(f["citation"]);
        for (const auto& q : a["quotes"]) expect_grounded(q["citation"]);
    }
}

}  // namespace
}  // namespace borough
