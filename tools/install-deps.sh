#!/usr/bin/env bash
# Installs everything borough needs to build and test on Debian 12, idempotently:
#   1. the apt packages in APT_PACKAGES (the one list of system dependencies),
#   2. llama.cpp's source from the npm package node-llama-cpp (its git bundle),
#   3. whisper.cpp's source from the npm package whisper.rn (its cpp/ folder).
#   4. the web workbench's npm packages (npm ci in web/, from its package-lock.json).
# Sources land in third_party/ (git-ignored); tarballs are checked against the registry's sha512.
# Safe to re-run: each step is skipped when its result is already present and verified.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# ---- 1. apt packages (exact Debian 12 names; keep sorted) -------------------------------------
APT_PACKAGES=(
    build-essential
    ca-certificates
    ccache
    chromium
    chromium-driver
    cmake
    curl
    fonts-dejavu-core
    git
    libavcodec-dev
    libavformat-dev
    libargon2-dev
    libavutil-dev
    libcli11-dev
    libcpp-httplib-dev
    libcurl4-openssl-dev
    libfmt-dev
    libgmock-dev
    libgtest-dev
    libkainjow-mustache-dev
    libpoppler-cpp-dev
    libpugixml-dev
    libspdlog-dev
    libsqlite3-dev
    libssl-dev
    libstemmer-dev
    libswresample-dev
    libtesseract-dev
    libtomlplusplus-dev
    libxml2-dev
    libyaml-cpp-dev
    libzip-dev
    ninja-build
    nlohmann-json3-dev
    pkg-config
    sqlite3
    tesseract-ocr-eng
    time
    wrk
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
# npm fetches the llama.cpp / whisper.cpp sources; Debian's nodejs+npm serve when none is installed.
if ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
    echo "install-deps: installing ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
        echo "install-deps: need root to install: ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# ---- 2/3. pinned sources from npm ------------------------------------------------------------
LLAMA_NPM="node-llama-cpp@3.22.1"
LLAMA_SHA512="bltIipuWmc123H7tMIgDGKSsSrhmhlQYeVUC48XTjVW7XGJJiJJyCdlTMzQ/LiWoPkGDpcL4FviDpgw7qfTiDw=="
WHISPER_NPM="whisper.rn@0.7.4"
WHISPER_SHA512="9MyWFoRmUWHDHLhjm4dZgZzxG2fFNuClOPE/Ne5KXlm0vSi4It5oS2xZi9WfPEfUGHcgPMiVviv9t18zC4BSNw=="
VADER_NPM="vader-sentiment@1.1.3"
VADER_SHA512="z9ys48I7pd3ngy/YzYDCTcOp6//z96wiXaJnQnuyxiPT3PTU0mWLWVCKvips11S5euvHfXsr0ahsmWT2oeXcUw=="

cache="$root/third_party/.cache"
mkdir -p "$cache"

# fetch_tarball SPEC SHA512 -> prints the verified tarball's path
fetch_tarball() {
    local spec="$1" want="$2" name file got
    name="${spec%@*}"
    file="$cache/${name}-${spec##*@}.tgz"
    if [[ -f "$file" ]]; then
        got="$(openssl dgst -sha512 -binary "$file" | base64 -w0)"
        [[ "$got" == "$want" ]] && { echo "$file"; return; }
        rm -f "$file"
    fi
    (cd "$cache" && npm pack --silent "$spec" >/dev/null)
    [[ -f "$file" ]] || { echo "install-deps: npm pack $spec produced no $file" >&2; exit 1; }
    got="$(openssl dgst -sha512 -binary "$file" | base64 -w0)"
    if [[ "$got" != "$want" ]]; then
        echo "install-deps: $file: sha512 mismatch (want $want, got $got)" >&2
        rm -f "$file"
        exit 1
    fi
    echo "$file"
}

stamp_ok() { [[ -f "$1/.borough-source" && "$(cat "$1/.borough-source")" == "$2" ]]; }

llama_dir="$root/third_party/llama.cpp"
if ! stamp_ok "$llama_dir" "$LLAMA_NPM $LLAMA_SHA512"; then
    echo "install-deps: fetching llama.cpp from $LLAMA_NPM"
    tgz="$(fetch_tarball "$LLAMA_NPM" "$LLAMA_SHA512")"
    tmp="$(mktemp -d)"
    tar -xzf "$tgz" -C "$tmp" package/llama/gitRelease.bundle package/llama/llama.cpp.info.json
    rm -rf "$llama_dir"
    git -c advice.detachedHead=false clone -q "$tmp/package/llama/gitRelease.bundle" "$llama_dir"
    cp "$tmp/package/llama/llama.cpp.info.json" "$llama_dir/.borough-release.json"
    rm -rf "$tmp"
    echo "$LLAMA_NPM $LLAMA_SHA512" >"$llama_dir/.borough-source"
fi

whisper_dir="$root/third_party/whisper.cpp"
if ! stamp_ok "$whisper_dir" "$WHISPER_NPM $WHISPER_SHA512"; then
    echo "install-deps: fetching whisper.cpp from $WHISPER_NPM"
    tgz="$(fetch_tarball "$WHISPER_NPM" "$WHISPER_SHA512")"
    tmp="$(mktemp -d)"
    tar -xzf "$tgz" -C "$tmp" package/cpp
    rm -rf "$whisper_dir"
    mv "$tmp/package/cpp" "$whisper_dir"
    rm -rf "$tmp"
    echo "$WHISPER_NPM $WHISPER_SHA512" >"$whisper_dir/.borough-source"
fi

# The VADER sentiment lexicon (Apache-2.0), embedded into the binary at build time by src/nlp.
vader_dir="$root/third_party/vader-sentiment"
if ! stamp_ok "$vader_dir" "$VADER_NPM $VADER_SHA512"; then
    echo "install-deps: fetching the VADER lexicon from $VADER_NPM"
    tgz="$(fetch_tarball "$VADER_NPM" "$VADER_SHA512")"
    tmp="$(mktemp -d)"
    tar -xzf "$tgz" -C "$tmp" package/vader_lexicon.txt package/LICENSE package/NOTICE
    rm -rf "$vader_dir"
    mv "$tmp/package" "$vader_dir"
    rm -rf "$tmp"
    echo "$VADER_NPM $VADER_SHA512" >"$vader_dir/.borough-source"
fi

# ---- 4. the web workbench's npm packages (web/package-lock.json) ------------------------------
# npm writes node_modules/.package-lock.json on every install, so it is newer than package-lock.json
# unless the lock file changed since the last install.
if [[ ! web/node_modules/.package-lock.json -nt web/package-lock.json ]]; then
    echo "install-deps: npm ci in web/"
    (cd web && npm ci --no-audit --no-fund)
fi

echo "install-deps: ok"
