# llama.cpp from the pinned source tree that tools/install-deps.sh fetched (node-llama-cpp@3.22.1's
# git bundle; see third_party/README.md). Built once per build dir; only what we link is built.
if(NOT EXISTS "${BOROUGH_LLAMA_SOURCE_DIR}/CMakeLists.txt")
    message(FATAL_ERROR "llama.cpp source not found at ${BOROUGH_LLAMA_SOURCE_DIR}: run tools/install-deps.sh")
endif()
file(READ "${BOROUGH_LLAMA_SOURCE_DIR}/.borough-release.json" _llama_release_json)
string(JSON BOROUGH_LLAMA_RELEASE GET "${_llama_release_json}" tag)

set(BUILD_SHARED_LIBS OFF)
set(LLAMA_BUILD_NUMBER 0 CACHE STRING "" FORCE)
set(LLAMA_BUILD_COMMIT "${BOROUGH_LLAMA_RELEASE}" CACHE STRING "" FORCE)
set(LLAMA_BUILD_COMMON ON CACHE BOOL "" FORCE)
set(LLAMA_BUILD_TESTS OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_EXAMPLES OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_APP OFF CACHE BOOL "" FORCE)
# tools gives llama-server (openai adapter tests) and llama-bench (benchmarks); EXCLUDE_FROM_ALL keeps
# them unbuilt unless a test or bench target depends on them.
set(LLAMA_BUILD_TOOLS ON CACHE BOOL "" FORCE)
set(LLAMA_BUILD_SERVER ON CACHE BOOL "" FORCE)
set(LLAMA_BUILD_UI OFF CACHE BOOL "" FORCE)
set(LLAMA_USE_PREBUILT_UI OFF CACHE BOOL "" FORCE)
set(LLAMA_OPENSSL OFF CACHE BOOL "" FORCE)
set(LLAMA_ALL_WARNINGS OFF CACHE BOOL "" FORCE)
set(GGML_CCACHE OFF CACHE BOOL "" FORCE)
add_subdirectory(${BOROUGH_LLAMA_SOURCE_DIR} ${PROJECT_BINARY_DIR}/third_party/llama.cpp EXCLUDE_FROM_ALL SYSTEM)

# Keep inference fast in Debug/sanitizer builds: llama.cpp is always optimised and never instrumented.
foreach(_t ggml-base ggml-cpu ggml llama llama-common llama-common-base)
    if(TARGET ${_t})
        target_compile_options(${_t} PRIVATE $<$<CONFIG:Debug>:-O2>)
    endif()
endforeach()
