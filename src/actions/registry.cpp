#include "actions/registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "actions/builtin.h"

namespace borough::actions {

Result<Registry> Registry::create(std::optional<std::filesystem::path> admin_dir) {
    Registry reg;
    for (const auto& [name, bytes] : builtin_action_files()) {
        auto outcome = parse_action(bytes, "builtin:" + std::string(name));
        if (!outcome.problems.empty()) {
            return fail(ErrorCode::Internal, "built-in action does not load: " + describe(outcome.problems),
                        std::string(name));
        }
        outcome.definition.is_builtin = true;
        reg.actions_.push_back(std::move(outcome.definition));
    }
    if (admin_dir) {
        std::error_code ec;
        if (!std::filesystem::exists(*admin_dir, ec)) {
            return fail(ErrorCode::NotFound, fmt::format("actions directory {} does not exist", admin_dir->string()),
                        admin_dir->string());
        }
        if (!std::filesystem::is_directory(*admin_dir, ec)) {
            return fail(ErrorCode::InvalidInput,
                        fmt::format("actions directory {} is not a directory", admin_dir->string()),
                        admin_dir->string());
        }
        std::vector<std::filesystem::path> files;
        for (std::filesystem::directory_iterator it(*admin_dir, ec), end; !ec && it != end; it.increment(ec)) {
            const auto ext = it->path().extension().string();
            if ((ext == ".yaml" || ext == ".yml") && !it->is_directory(ec)) files.push_back(it->path());
        }
        if (ec) {
            return fail(ErrorCode::Unavailable,
                        fmt::format("cannot list actions directory {}: {}", admin_dir->string(), ec.message()),
                        admin_dir->string());
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            auto loaded = load_action_file(file);
            if (!loaded) {
                auto problems = validate_action_file(file);
                if (problems.empty()) problems.push_back(Problem{file.string(), 0, 0, "", loaded.error().message});
                reg.problems_.insert(reg.problems_.end(), problems.begin(), problems.end());
                continue;
            }
            if (const ActionDefinition* existing = reg.find(loaded->id)) {
                reg.problems_.push_back(Problem{
                    file.string(), 0, 0, "id",
                    existing->is_builtin
                        ? fmt::format("'{}' is a built-in action; give the custom action its own id", loaded->id)
                        : fmt::format("'{}' is already defined in {}", loaded->id, existing->source)});
                continue;
            }
            reg.actions_.push_back(std::move(loaded).value());
        }
    }
    std::sort(reg.actions_.begin(), reg.actions_.end(),
              [](const ActionDefinition& a, const ActionDefinition& b) { return a.id < b.id; });
    return reg;
}

const ActionDefinition* Registry::find(std::string_view id) const {
    for (const auto& a : actions_) {
        if (a.id == id) return &a;
    }
    return nullptr;
}

std::vector<const ActionDefinition*> Registry::list() const {
    std::vector<const ActionDefinition*> out;
    out.reserve(actions_.size());
    for (const auto& a : actions_) out.push_back(&a);
    return out;
}

}  // namespace borough::actions
