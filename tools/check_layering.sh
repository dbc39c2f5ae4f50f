#!/usr/bin/env bash
# Fails when a module includes a header from a module above it (STYLE.md §2), or when a third-party
# header appears outside the one adapter allowed to use it. Runs as a ctest (label lint).
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../src" && pwd)"

# Rank of each top-level module: a module may include only modules of lower or equal rank... except
# equal-rank siblings, which may not include each other (checked by the explicit deny list below).
rank() {
    case "$1" in
        core) echo 0 ;; nlp|io) echo 1 ;; engine|store|speech) echo 2 ;; actions) echo 3 ;; jobs) echo 4 ;;
        server|cli) echo 5 ;; app) echo 6 ;; *) echo 99 ;;
    esac
}

status=0
while IFS= read -r -d '' file; do
    rel="${file#"$src"/}"
    mod="${rel%%/*}"
    mine=$(rank "$mod")
    while IFS= read -r inc; do
        dep="${inc%%/*}"
        theirs=$(rank "$dep")
        [[ "$theirs" == 99 ]] && continue
        if (( theirs > mine )); then
            echo "layering: $rel includes \"$inc\" ($dep is above $mod)"; status=1
        fi
        # Concrete engines and stores are chosen only in app/.
        if [[ "$inc" =~ ^(engine/(llama|openai|whisper|tesseract)|store/(sqlite|postgres))/ && "$mod" != app && "$rel" != "${inc%/*}"/* && "$rel" != *_test.cpp ]]; then
            echo "layering: $rel includes concrete adapter \"$inc\" (only app/ may)"; status=1
        fi
    done < <(grep -oE '^#include "[^"]+"' "$file" | sed -E 's/#include "(.*)"/\1/')

    # Third-party headers stay inside their adapter.
    check_lib() {  # pattern allowed-prefix...
        local pattern="$1" prefix
        shift
        grep -qE "^#include <$pattern" "$file" || return 0
        [[ "$rel" == *_test.cpp || "$rel" == *test_files.cpp ]] && return 0
        for prefix in "$@"; do [[ "$rel" == $prefix* ]] && return 0; done
        echo "layering: $rel includes <$pattern...> outside $*"; status=1
    }
    check_lib 'llama\.h' engine/llama/
    check_lib 'spdlog/' core/log.cpp
    check_lib 'sqlite3\.h' store/sqlite/
    check_lib 'tesseract/' engine/tesseract/
    check_lib 'leptonica/' engine/tesseract/
    check_lib 'poppler/' engine/tesseract/ io/pdf_text.cpp
    check_lib 'libav(format|codec|util)/|libswresample/' io/audio_decoder.cpp
    check_lib 'libxml/' io/html_text.cpp
    check_lib 'whisper\.h' engine/whisper/
    check_lib 'curl/' core/http_client.cpp
    check_lib 'httplib\.h' server/
    check_lib 'yaml-cpp/' actions/
    check_lib 'argon2\.h' core/password_hash.cpp
done < <(find "$src" \( -name '*.h' -o -name '*.cpp' \) -print0)
[[ $status == 0 ]] && echo "layering: ok"
exit $status
