// The actions a server or CLI offers: built-ins embedded in the binary plus an administrator's
// directory of *.yaml files. A bad admin file is reported and skipped; the rest still load.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
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

// The registry in use and every one it replaced: a running job points into the registry it started
// with, so a replaced one stays alive as long as this object. Installing an action is a rare
// administrator step, so keeping each old registry (a few KB) is cheaper than counting references on
// every lookup. Thread-safe.
class RegistryVersions {
public:
    // nullptr before the first replace().
    [[nodiscard]] const Registry* current() const {
        std::lock_guard lock(mu_);
        return all_.empty() ? nullptr : all_.back().get();
    }
    // Makes `next` current and returns it.
    const Registry* replace(Registry next) {
        auto owned = std::make_unique<Registry>(std::move(next));
        std::lock_guard lock(mu_);
        all_.push_back(std::move(owned));
        return all_.back().get();
    }

private:
    mutable std::mutex mu_;
    std::vector<std::unique_ptr<Registry>> all_;
};

}  // namespace borough::actions
