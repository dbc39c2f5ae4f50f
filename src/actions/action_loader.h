// Loads and checks action definitions written in YAML (format: docs/actions.md). Every problem is
// reported with file:line:column and the field, so an administrator can fix a custom action in one go.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "actions/action.h"
#include "core/result.h"

namespace borough::actions {

struct Problem {
    std::string file;
    int line = 0;       // 1-based; 0 when unknown
    int column = 0;     // 1-based; 0 when unknown
    std::string field;  // dotted path, e.g. "prompts.map" or "parameters[1].type"
    std::string message;

    // "custom.yaml:12:5: prompts.map: unclosed section {{#items}}"
    [[nodiscard]] std::string describe() const;
};

struct LoadOutcome {
    ActionDefinition definition;  // meaningful only when problems is empty
    std::vector<Problem> problems;
};

// Parses YAML text. On success `problems` is empty. `file` names the source in problems and in
// ActionDefinition::source; the content hash is sha256 of `text`. Never throws.
[[nodiscard]] LoadOutcome parse_action(std::string_view text, std::string file);

// Reads a file (at most 1 MiB) and parses it. The error joins every problem, one per line, and its
// field is the path. Unknown extractive step names are problems (see builtin.h).
[[nodiscard]] Result<ActionDefinition> load_action_file(const std::filesystem::path& path);

// Every problem in the file (an unreadable file is one problem); empty when the action is valid.
[[nodiscard]] std::vector<Problem> validate_action_file(const std::filesystem::path& path);

// Joins problems one per line.
[[nodiscard]] std::string describe(const std::vector<Problem>& problems);

}  // namespace borough::actions
