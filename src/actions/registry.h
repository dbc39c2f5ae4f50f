// The actions a server or CLI offers: built-ins embedded in the binary plus an administrator's
// directory of *.yaml files. A bad admin file is reported and skipped; the rest still load.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "actions/action.h"
#include "actions/action_loader.h"
#include "core/result.h"

namespace borough::actions {

// Immutable after create(); thread-safe to read. Pointers returned stay valid for its lifetime.
class Registry {
public:
    // Loads the built-ins, then every *.yaml / *.yml file in admin_dir (sorted by name). Problems in
    // admin files (invalid file, id shadowing a built-in, id used by an earlier admin file) go to
    // load_problems() and that file is skipped. Errors: NotFound / InvalidInput when admin_dir is given
    // but missing or not a directory; Internal when a built-in action does not load.
    [[nodiscard]] static Result<Registry> create(std::optional<std::filesystem::path> admin_dir);

    // nullptr when no action has this id.
    [[nodiscard]] const ActionDefinition* find(std::string_view id) const;
    // Every action, sorted by id.
    [[nodiscard]] std::vector<const ActionDefinition*> list() const;
    // Problems found while loading admin files; empty when all loaded.
    [[nodiscard]] const std::vector<Problem>& load_problems() const { return problems_; }

private:
    std::vector<ActionDefinition> actions_;
    std::vector<Problem> problems_;
};

}  // namespace borough::actions
