#include "engine/llama/system_info.h"

#include <llama.h>

#include "engine/llama/model.h"

namespace borough::engine::llama {

std::string system_info() {
    init_backend();  // routes llama.cpp's own log lines to debug level first
    std::string info = llama_print_system_info();
    while (!info.empty() && (info.back() == ' ' || info.back() == '|' || info.back() == '\n')) info.pop_back();
    return info;
}

}  // namespace borough::engine::llama
