// `borough`: the composition root's main(). Settings table → Config → AppServices → cli.
#include <memory>
#include <vector>

#include "app/app_services.h"
#include "app/settings.h"
#include "cli/cli.h"
#include "core/log.h"

namespace {

borough::log::Level parse_level(const std::string& s) {
    using borough::log::Level;
    if (s == "trace") return Level::Trace;
    if (s == "debug") return Level::Debug;
    if (s == "info") return Level::Info;
    if (s == "error") return Level::Error;
    if (s == "off") return Level::Off;
    return Level::Warn;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<borough::cli::SettingFlag> flags;
    for (const auto& spec : borough::app::setting_specs()) {
        if (spec.flag.empty()) continue;
        flags.push_back({std::string(spec.name), std::string(spec.flag), std::string(spec.help),
                         spec.type == borough::app::SettingType::Bool});
    }
    const auto env = borough::app::process_env();
    return borough::cli::run_cli(
        argc, argv, flags,
        [&env](const std::map<std::string, std::string>& given)
            -> borough::Result<std::unique_ptr<borough::cli::Services>> {
            BOROUGH_TRY(auto config, borough::app::load_config(given, env));
            borough::log::set_level(parse_level(config.log_level));
            borough::log::set_json(config.log_json);
            return std::unique_ptr<borough::cli::Services>(
                std::make_unique<borough::app::AppServices>(std::move(config)));
        });
}
