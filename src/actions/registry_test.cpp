#include "actions/registry.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "actions/builtin.h"
#include "support/temp_dir.h"

namespace borough::actions {
namespace {

using test::TempDir;

std::string custom(const std::string& id) {
    return "id: " + id + R"(
title: Custom
category: HR
version: "1"
inputs: [{name: document, kind: text}]
prompts: {user: "{{input}}"}
output_schema: {type: object}
)";
}

TEST(Registry, BuiltinsAreEmbeddedAndValid) {
    ASSERT_FALSE(builtin_action_files().empty());
    auto reg = Registry::create(std::nullopt);
    ASSERT_TRUE(reg) << reg.error().message;
    const ActionDefinition* summary = reg->find("document-summary");
    ASSERT_NE(summary, nullptr);
    EXPECT_TRUE(summary->is_builtin);
    EXPECT_EQ(summary->source, "builtin:document-summary.yaml");
    EXPECT_EQ(summary->content_hash.size(), 64U);
    EXPECT_NE(find_extractive_step(summary->extractive), nullptr);
    EXPECT_EQ(reg->find("no-such-action"), nullptr);
    EXPECT_TRUE(reg->load_problems().empty());
}

TEST(Registry, LoadsAdminDirectoryAndReportsBadFiles) {
    TempDir dir;
    dir.write("b-good.yaml", custom("leave-letter"));
    dir.write("a-bad.yaml", custom("broken") + "colur: red\n");
    dir.write("c-shadow.yaml", custom("document-summary"));
    dir.write("d-dupe.yml", custom("leave-letter"));
    dir.write("notes.txt", "ignored");
    auto reg = Registry::create(dir.path());
    ASSERT_TRUE(reg) << reg.error().message;
    ASSERT_NE(reg->find("leave-letter"), nullptr);
    EXPECT_FALSE(reg->find("leave-letter")->is_builtin);
    EXPECT_EQ(reg->find("broken"), nullptr);
    EXPECT_TRUE(reg->find("document-summary")->is_builtin);

    const auto& problems = reg->load_problems();
    ASSERT_EQ(problems.size(), 3U) << describe(problems);
    EXPECT_NE(problems[0].describe().find("a-bad.yaml:8:1: colur: unknown key"), std::string::npos)
        << problems[0].describe();
    EXPECT_NE(problems[1].message.find("'document-summary' is a built-in action"), std::string::npos);
    EXPECT_NE(problems[2].message.find("already defined in"), std::string::npos);

    auto list = reg->list();
    ASSERT_GE(list.size(), 2U);
    for (std::size_t i = 1; i < list.size(); ++i) EXPECT_LT(list[i - 1]->id, list[i]->id);
}

TEST(Registry, MissingAdminDirectoryIsAnError) {
    auto reg = Registry::create(std::filesystem::path("/nonexistent/borough/actions"));
    ASSERT_FALSE(reg);
    EXPECT_EQ(reg.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace borough::actions
