#!/usr/bin/env bash
# Server load: 100 concurrent clients poll a job's status and list and fetch the workbench pages for
# 60 s on loopback (issue #5). Starts `borough serve` on a temporary data directory with one finished
# job and an API token, runs wrk with mixed.lua, prints one Markdown row for docs/benchmarks.md and
# exits 1 when any request failed (non-2xx/3xx or a socket error).
# Usage: bench/load/run.sh BOROUGH_BIN [SECONDS=60] [CONNECTIONS=100] [WORKERS=2]
# Needs wrk and curl (Debian packages). BOROUGH_LOAD_KEEP=1 keeps the temporary directory.
set -euo pipefail
bin="${1:?usage: bench/load/run.sh BOROUGH_BIN [SECONDS] [CONNECTIONS] [WORKERS]}"
seconds="${2:-60}"
connections="${3:-100}"
workers="${4:-2}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d /tmp/borough-load.XXXXXX)"
data="$tmp/data"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ "${BOROUGH_LOAD_KEEP:-0}" != 1 ]]; then rm -rf "$tmp"; else echo "kept $tmp" >&2; fi
}
trap cleanup EXIT
fail() { echo "load: $*" >&2; [[ -f "$tmp/serve.log" ]] && tail -20 "$tmp/serve.log" >&2; exit 1; }

for tool in wrk curl; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done

# Accounts and a token, made by the CLI in-process (as an administrator does on first run).
"$bin" --data-dir "$data" teams add load-team --service-area Insight >/dev/null
BOROUGH_PASSWORD="load test password 2026" "$bin" --data-dir "$data" users add loader --role staff \
    --team load-team --display-name "Load Test" >/dev/null
token="$("$bin" --data-dir "$data" tokens add --user loader --name "load test" | tr -d '\r\n')"
[[ "$token" == brg_* ]] || fail "tokens add printed no brg_ token"

"$bin" --data-dir "$data" serve --host 127.0.0.1 --port 0 --workers "$workers" >"$tmp/serve.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 600); do
    port="$(sed -n 's|.*borough: listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/serve.log" | head -1)"
    [[ -n "$port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || fail "borough serve exited before listening"
    sleep 0.1
done
[[ -n "$port" ]] || fail "borough serve did not start listening within 60 s"
base="http://127.0.0.1:$port"
auth="Authorization: Bearer $token"

# One finished job to poll: meeting minutes (extractive) of the sample team meeting.
submitted="$(curl -sS -H "$auth" -F action=meeting-minutes \
    -F "file=@$repo/samples/minutes/team-meeting.txt;filename=team-meeting.txt" "$base/api/v1/jobs")"
job="$(sed -n 's/.*"job":{"id":"\([0-9a-zA-Z_-]*\)".*/\1/p' <<<"$submitted")"
[[ -n "$job" ]] || job="$(grep -o '"id":"[0-9a-zA-Z_-]*"' <<<"$submitted" | head -1 | cut -d'"' -f4)"
[[ -n "$job" ]] || fail "job submission failed: $submitted"
status=""
for _ in $(seq 1 600); do
    status="$(curl -sS -H "$auth" "$base/api/v1/jobs/$job" | grep -o '"status":"[a-z]*"' | head -1 | cut -d'"' -f4)"
    [[ "$status" == succeeded || "$status" == failed || "$status" == cancelled ]] && break
    sleep 0.1
done
[[ "$status" == succeeded ]] || fail "job $job ended $status"

# The workbench's own assets, as a browser would load them after index.html.
assets="$(curl -sS "$base/" | grep -o '/assets/[^"'"'"' >]*' | sort -u | head -8 | tr '\n' ' ')"
[[ -n "$assets" ]] || echo "load: index.html references no /assets/ files; fetching / instead" >&2

BOROUGH_LOAD_TOKEN="$token" BOROUGH_LOAD_JOB="$job" BOROUGH_LOAD_ASSETS="$assets" \
    wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$here/mixed.lua" "$base/" \
    | tee "$tmp/wrk.txt" >&2

rps="$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.txt")"
requests="$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")"
pct() { awk -v p="$1" '$1 == p {print $2}' "$tmp/wrk.txt"; }
non2xx="$(awk -F': ' '/Non-2xx or 3xx responses/ {print $2}' "$tmp/wrk.txt")"
socket="$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$tmp/wrk.txt")"
errors=$(( ${non2xx:-0} ))
for n in $socket; do errors=$(( errors + n )); done
[[ -n "$rps" ]] || fail "could not read wrk's output"

echo "| connections | seconds | requests | requests/s | p50 | p90 | p99 | errors |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| $connections | $seconds | $requests | $rps | $(pct 50%) | $(pct 90%) | $(pct 99%) | $errors |"
if (( errors > 0 )); then
    fail "$errors failed requests (non-2xx/3xx: ${non2xx:-0}; socket connect/read/write/timeout: ${socket:-0 0 0 0})"
fi
