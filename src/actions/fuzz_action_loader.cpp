// libFuzzer entry point for the action YAML loader: arbitrary bytes must give either problems that each
// name the file with a line number, or a definition whose required fields are set. Never a crash or an
// exception. Also linked into borough_actions_tests, which replays seed inputs through it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "actions/action_loader.h"

namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_action_loader: invariant violated: %s\n", what);
        std::abort();
    }
}

}  // namespace

// NOLINTNEXTLINE(readability-identifier-naming): libFuzzer fixes this name.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto outcome = borough::actions::parse_action(text, "fuzz.yaml");
    if (!outcome.problems.empty()) {
        for (const auto& p : outcome.problems) {
            check(p.file == "fuzz.yaml", "problem names the file");
            check(!p.message.empty(), "problem has a message");
            check(p.describe().rfind("fuzz.yaml:", 0) == 0, "describe() starts with file:");
        }
        return 0;
    }
    const auto& d = outcome.definition;
    check(!d.id.empty(), "valid action has an id");
    check(!d.title.empty(), "valid action has a title");
    check(d.content_hash.size() == 64, "content hash is sha256 hex");
    return 0;
}
