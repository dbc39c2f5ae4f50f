#include "app/settings.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/ids.h"

namespace borough::app {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

TEST(Settings, DefaultsAndAutoEngine) {
    auto c = load_config({}, env_of({{"HOME", "/home/ann"}}));
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->engine, "extractive");
    EXPECT_EQ(c->data_dir, "/home/ann/.local/share/borough");
    EXPECT_EQ(c->llama_parallel, 4);
    EXPECT_GE(c->llama_threads, 1);

    auto with_model = load_config({{"model", "/models/x.gguf"}}, env_of({}));
    ASSERT_TRUE(with_model);
    EXPECT_EQ(with_model->engine, "llama");
}

TEST(Settings, PrecedenceFileEnvFlag) {
    const auto path = std::filesystem::temp_directory_path() / ("borough_cfg_" + random_hex(4) + ".toml");
    std::ofstream(path) << "llama_parallel = 2\nllama_ctx = 4096\nlog_level = \"info\"\n";
    auto c = load_config({{"config_file", path.string()}, {"llama_ctx", "2048"}},
                         env_of({{"BOROUGH_LLAMA_PARALLEL", "6"}}));
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->llama_parallel, 6);  // env beats file
    EXPECT_EQ(c->llama_ctx, 2048);    // flag beats file
    EXPECT_EQ(c->log_level, "info");  // file beats default
    std::filesystem::remove(path);
}

TEST(Settings, ReportsEveryProblemAtOnce) {
    auto c = load_config({{"llama_parallel", "many"}, {"engine", "gpt"}}, env_of({{"BOROUGH_LLAMA_CTX", "-5"}}));
    ASSERT_FALSE(c);
    const auto& m = c.error().message;
    EXPECT_NE(m.find("llama_parallel (flag): 'many' is not a whole number"), std::string::npos) << m;
    EXPECT_NE(m.find("engine (flag): 'gpt' is not one of"), std::string::npos) << m;
    EXPECT_NE(m.find("llama_ctx (env BOROUGH_LLAMA_CTX)"), std::string::npos) << m;
}

TEST(Settings, BadTomlNamesLine) {
    const auto path = std::filesystem::temp_directory_path() / ("borough_cfg_" + random_hex(4) + ".toml");
    std::ofstream(path) << "llama_ctx = 4096\nnot_a_setting = 1\nengine = \n";
    auto c = load_config({{"config_file", path.string()}}, env_of({}));
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find(path.string() + ":3"), std::string::npos) << c.error().message;
    std::filesystem::remove(path);
}

TEST(Settings, OpenAiNeedsUrl) {
    auto c = load_config({{"engine", "openai"}}, env_of({}));
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("openai_url"), std::string::npos);
    EXPECT_NE(c.error().message.find("--openai-model"), std::string::npos);
    auto ok = load_config({{"openai_url", "http://127.0.0.1:1/v1"}, {"openai_model", "m"}}, env_of({}));
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->engine, "openai");
}

TEST(Settings, MarkdownListsEverySetting) {
    const auto md = settings_markdown();
    for (const auto& s : setting_specs()) EXPECT_NE(md.find(std::string(s.name)), std::string::npos) << s.name;
}

}  // namespace
}  // namespace borough::app
