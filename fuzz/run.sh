#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang++ (no CMake) and runs each for a bounded time.
#
#   fuzz/run.sh [seconds-per-target=20] [work-dir=build-fuzz]
#
# Environment: CXX (default clang++); JOBS, how many targets build and run at once (default: the
# number of cores).
# Each target reads its committed corpus fuzz/corpus/<target without fuzz_> (trimmed with
# libFuzzer's -merge=1 after long runs; reply and error began as fuzz/make_seeds.py's output),
# and canonical, json and verify also seeds made here from tests/fixtures/*.json (plus signed
# envelopes for verify). New corpus entries and crash artifacts stay in the work directory.
# Exit status 1 on a finding.
set -euo pipefail

seconds=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${2:-$root/build-fuzz}
cxx=${CXX:-clang++}
mkdir -p "$work"
work=$(cd "$work" && pwd)

flags=(-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I"$root/include")
targets=(fuzz_canonical fuzz_verify fuzz_json fuzz_reply fuzz_error)
# Built side by side, one per core.
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
build_one() {
  echo "building $1"
  "$cxx" "${flags[@]}" "$root/fuzz/$1.cpp" -lcurl -lcrypto -o "$work/$1"
}
pids=()
for t in "${targets[@]}"; do
  while [ "$(jobs -pr | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  build_one "$t" & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || { echo "a fuzz target failed to build"; exit 1; }; done

# Seeds. fuzz_canonical and fuzz_json take a body; fuzz_verify takes a flags byte, then the body (see its header).
seeds_c="$work/corpus/canonical"
seeds_v="$work/corpus/verify"
mkdir -p "$seeds_c" "$seeds_v"
for f in "$root"/tests/fixtures/*.json; do
  # Payload-sized seeds only: the 2 MB OpenAPI copy would pin every input near the size limit.
  [ "$(stat -c %s "$f")" -le 65536 ] || continue
  n=$(basename "$f" .json)
  cp "$f" "$seeds_c/$n.json"
  for flag in 01 09 19 1d 21; do   # signed; V2 only; no header left; Simple only; small limits
    { printf "\\x$flag"; cat "$f"; } > "$seeds_v/$n-$flag"
  done
done
envelope() {  # a status.updated event whose decision is tests/fixtures/decision-1.json
  printf '{"event_id":"evt_1","webhook_type":"status.updated","timestamp":1767225600,'
  printf '"session_id":"11111111-2222-3333-4444-555555555555","status":"Approved","vendor_data":"v",'
  printf '"workflow_id":"w","metadata":{"n":95.0},"decision":'
  cat "$root/tests/fixtures/decision-1.json"
  printf '}'
}
envelope > "$seeds_c/envelope.json"
for flag in 01 03 09 0b 1d 41; do
  { printf "\\x$flag"; envelope; } > "$seeds_v/envelope-$flag"
done
{ printf '\x89X-Timestamp: 1767225600\nx-signature-v2: 00\n\n'; envelope; } > "$seeds_v/envelope-headers"

# Each target runs on its own core, as many at once as there are cores; their reports follow in order.
run_one() {
  local t=$1 corpus
  # New entries go to the first directory; the committed seeds are only read.
  # Each target starts from its committed, trimmed corpus (fuzz/corpus/<name>) and the seeds above.
  local name=${t#fuzz_}
  mkdir -p "$work/corpus/$name-new"
  corpus=("$work/corpus/$name-new")
  [ -d "$root/fuzz/corpus/$name" ] && corpus+=("$root/fuzz/corpus/$name")
  case $t in
    fuzz_verify) corpus+=("$seeds_v") ;;
    fuzz_reply | fuzz_error) ;;
    *) corpus+=("$seeds_c") ;;  # fuzz_json takes a body, as fuzz_canonical does
  esac
  "$work/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/$t-" \
    "${corpus[@]}" >"$work/$t.log" 2>&1
}
pids=()
for t in "${targets[@]}"; do
  while [ "$(jobs -pr | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "running $t for ${seconds}s (log: $work/$t.log)"
  run_one "$t" & pids+=($!)
done
status=0
for i in "${!targets[@]}"; do
  t=${targets[$i]}
  if ! wait "${pids[$i]}"; then
    status=1
    echo "$t: FAILED"
    tail -n 40 "$work/$t.log"
  fi
  grep -E '^Done [0-9]+ runs' "$work/$t.log" | sed "s/^/$t: /" || true
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$work/$t.log" | sed "s/^/$t: /" || true
done
exit $status
