// Facts fixed at build time for `borough version` (from cmake/build_info.cmake; no __DATE__).
#pragma once

#include <string_view>

namespace borough::app::build_info {

std::string_view version();        // project version, e.g. 0.1.0
std::string_view git_describe();   // `git describe --always --dirty --tags` at configure time
std::string_view llama_release();  // llama.cpp release tag from node-llama-cpp's bundle
std::string_view llama_source();   // npm package the llama.cpp source came from
std::string_view build_type();     // CMAKE_BUILD_TYPE
std::string_view compiler();       // compiler id and version
std::string_view sanitizers();     // BOROUGH_SANITIZE, "" when none

}  // namespace borough::app::build_info
