# whisper.cpp from the pinned whisper.rn@0.7.4 `cpp/` tree that tools/install-deps.sh fetched (see
# third_party/README.md), built as ONE shared library, libborough_whisper.so, that exports only the
# whisper_* C API. It carries its own copy of ggml; llama.cpp's ggml is linked statically into borough,
# and the two copies' C++ symbols clash, so everything except whisper_* is hidden (compile-time
# visibility plus a version script). The ctest WhisperSymbols guards this.
if(NOT EXISTS "${BOROUGH_WHISPER_SOURCE_DIR}/whisper.cpp")
    message(FATAL_ERROR
        "whisper.cpp source not found at ${BOROUGH_WHISPER_SOURCE_DIR}: run tools/install-deps.sh")
endif()
if(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    message(FATAL_ERROR "cmake/whisper.cmake picks the x86-64 ggml-cpu sources only; "
        "set -DBOROUGH_WITH_WHISPER=OFF on ${CMAKE_SYSTEM_PROCESSOR}")
endif()
set(_wsp ${BOROUGH_WHISPER_SOURCE_DIR})

# The same ggml-cpu list that llama.cpp's ggml/src/ggml-cpu/CMakeLists.txt uses for x86 (no llamafile,
# HBM or KleidiAI: whisper.rn ships none of them). Metal, Core ML, JSI, parakeet and rn-whisper are
# the React Native / Apple parts and are left out.
set(BOROUGH_WHISPER_SOURCES
    ${_wsp}/whisper.cpp
    ${_wsp}/ggml.c
    ${_wsp}/ggml.cpp
    ${_wsp}/ggml-alloc.c
    ${_wsp}/ggml-backend.cpp
    ${_wsp}/ggml-backend-reg.cpp
    ${_wsp}/ggml-backend-dl.cpp
    ${_wsp}/ggml-backend-meta.cpp
    ${_wsp}/ggml-opt.cpp
    ${_wsp}/ggml-quants.c
    ${_wsp}/ggml-threading.cpp
    ${_wsp}/gguf.cpp
    ${_wsp}/ggml-cpu/ggml-cpu.c
    ${_wsp}/ggml-cpu/ggml-cpu.cpp
    ${_wsp}/ggml-cpu/repack.cpp
    ${_wsp}/ggml-cpu/quants.c
    ${_wsp}/ggml-cpu/traits.cpp
    ${_wsp}/ggml-cpu/amx/amx.cpp
    ${_wsp}/ggml-cpu/amx/mmq.cpp
    ${_wsp}/ggml-cpu/binary-ops.cpp
    ${_wsp}/ggml-cpu/unary-ops.cpp
    ${_wsp}/ggml-cpu/vec.cpp
    ${_wsp}/ggml-cpu/ops.cpp
    ${_wsp}/ggml-cpu/arch/x86/quants.c
    ${_wsp}/ggml-cpu/arch/x86/repack.cpp)

# The version script is the second lock: even a symbol that some source marks visible stays local.
set(_wsp_exports ${PROJECT_BINARY_DIR}/borough_whisper_exports.map)
file(CONFIGURE OUTPUT ${_wsp_exports} CONTENT "{\n  global: whisper_*;\n  local: *;\n};\n")
add_library(borough_whisper SHARED ${BOROUGH_WHISPER_SOURCES})
# SYSTEM: borough code that includes whisper.h gets no warnings from it (or from its ggml.h).
target_include_directories(borough_whisper SYSTEM PUBLIC ${_wsp})
target_include_directories(borough_whisper PRIVATE ${_wsp}/ggml-cpu)
target_compile_features(borough_whisper PRIVATE c_std_11 cxx_std_17)
target_compile_definitions(borough_whisper
    PUBLIC WHISPER_SHARED
    PRIVATE WHISPER_BUILD WSP_GGML_BUILD WSP_GGML_USE_CPU WSP_GGML_USE_CPU_REPACK
        WSP_GGML_SCHED_MAX_COPIES=4 _GNU_SOURCE _XOPEN_SOURCE=600
        WSP_GGML_VERSION="whisper.rn-0.7.4" WSP_GGML_COMMIT="whisper.rn-0.7.4")
# Always optimised and never instrumented or -Werror'd (like llama.cpp in cmake/llama.cmake). Native
# CPU flags as llama.cpp's GGML_NATIVE default: the binary is built on the machine that runs it.
target_compile_options(borough_whisper PRIVATE -O2 -march=native -w
    -fvisibility=hidden -fvisibility-inlines-hidden)
target_link_options(borough_whisper PRIVATE -Wl,--exclude-libs,ALL
    -Wl,--version-script=${_wsp_exports} -Wl,--no-undefined)
# Threads through OpenMP, as llama.cpp's ggml here and upstream whisper.cpp default to: ggml's own
# pool spin-waits at every barrier, which starves a loaded 2-core machine (measured: 87% of the time
# in wsp_ggml_barrier while other builds ran); libgomp spins briefly, then sleeps.
find_package(OpenMP REQUIRED COMPONENTS C CXX)
target_compile_definitions(borough_whisper PRIVATE WSP_GGML_USE_OPENMP)
target_link_libraries(borough_whisper PRIVATE OpenMP::OpenMP_C OpenMP::OpenMP_CXX Threads::Threads m)
set_target_properties(borough_whisper PROPERTIES
    C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    LINK_DEPENDS ${_wsp_exports}
    # Next to the borough executable (src/app/ of the build tree); deploy the two files together.
    LIBRARY_OUTPUT_DIRECTORY $<IF:$<TARGET_EXISTS:borough>,$<TARGET_FILE_DIR:borough>,${PROJECT_BINARY_DIR}/lib>)
# Every executable defined after this looks in its own folder first, so borough and
# libborough_whisper.so copied side by side run anywhere; the build tree's absolute RPATH follows.
list(APPEND CMAKE_BUILD_RPATH "$ORIGIN")
