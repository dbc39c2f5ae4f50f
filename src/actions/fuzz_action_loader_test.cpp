// Replays seed inputs through the fuzz entry point, so the fuzzer's invariants run in every test run.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "actions/builtin.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void replay(const std::string& s) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

TEST(FuzzActionLoader, SeedsKeepInvariants) {
    std::vector<std::string> seeds = {
        "",
        "id: x",
        ":\n:\n- [",
        "id: a\ntitle: b\nprompts: {user: '{{#x}}'}\n",
        "id: &a [*a]\n",
        "\xEF\xBB\xBFid: \"\\xff\"\n",
        std::string("id: a\0title: b", 14),
        "output_schema: {type: object, properties: {a: {type: [string, null]}}}\n",
    };
    for (const auto& [name, bytes] : borough::actions::builtin_action_files()) {
        std::string full(bytes);
        seeds.push_back(full);
        seeds.push_back(full.substr(0, full.size() / 2));  // cut in the middle
    }
    for (const auto& s : seeds) replay(s);
    SUCCEED();
}

}  // namespace
