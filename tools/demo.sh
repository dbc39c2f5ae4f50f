#!/usr/bin/env bash
# `make demo`: runs the main job on bundled sample data with the borough binary given as $1 and prints
# where the report is. Uses a throwaway data directory under build/ so a real installation is untouched.
set -euo pipefail
borough="${1:?usage: tools/demo.sh PATH/TO/borough}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/build/demo"
mkdir -p "$out"
export BOROUGH_DATA_DIR="$out/data"

"$borough" run document-summary --input "$root/samples/housing-repairs-scrutiny-report.md" \
    --out "$out/housing-repairs-summary.md"
"$borough" run document-summary --input "$root/samples/housing-repairs-scrutiny-report.md" \
    --format json --out "$out/housing-repairs-summary.json" 2>/dev/null
echo
echo "Report (Markdown): $out/housing-repairs-summary.md"
echo "Report (JSON):     $out/housing-repairs-summary.json"
echo "Job history:       BOROUGH_DATA_DIR=$out/data $borough history"
