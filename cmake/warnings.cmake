# Warning and sanitizer flags for borough's own targets (never for third-party code).
add_library(borough_warnings INTERFACE)
target_compile_options(borough_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor -Wold-style-cast
    -Wimplicit-fallthrough -Wdate-time
    $<$<BOOL:${BOROUGH_WERROR}>:-Werror>)

add_library(borough_sanitize INTERFACE)
if(BOROUGH_SANITIZE)
    string(REPLACE ";" "," _borough_san "${BOROUGH_SANITIZE}")
    target_compile_options(borough_sanitize INTERFACE -fsanitize=${_borough_san} -fno-omit-frame-pointer
        -fno-sanitize-recover=undefined)
    target_link_options(borough_sanitize INTERFACE -fsanitize=${_borough_san})
endif()

if(BOROUGH_FUZZ)
    # Coverage for libFuzzer in every borough module; each fuzz target links -fsanitize=fuzzer itself.
    target_compile_options(borough_sanitize INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
    target_link_options(borough_sanitize INTERFACE -fsanitize=address,undefined)
endif()

# Reproducible builds: no absolute source paths in our binaries' debug info and __FILE__.
target_compile_options(borough_warnings INTERFACE -ffile-prefix-map=${PROJECT_SOURCE_DIR}/=)
