#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Webhook verification benchmark in one run: builds bench/webhook_bench.cpp (-O2), then for each
# round times the C++ side and Python's reference on the same bodies, one after the other, and
# prints the table (each method at its best over the rounds) with ratios.
#
#   bench/run_webhook_bench.sh [work-dir=build-bench] [seconds-per-measurement=0.5] [rounds=3]
#
# Several alternating rounds keep a load spike on a shared machine from landing on one side
# only. Environment: CXX (default c++), PYTHON (default python3). The binary is rebuilt only
# when a source or header is newer than it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/build-bench}
seconds=${2:-0.5}
rounds=${3:-3}
cxx=${CXX:-c++}
python=${PYTHON:-python3}
mkdir -p "$work"
work=$(cd "$work" && pwd)
bin="$work/webhook_bench"

if [ ! -x "$bin" ] || [ -n "$(find "$root/bench/webhook_bench.cpp" "$root/include" -newer "$bin" -type f | head -n 1)" ]; then
  echo "building $bin (-O2)"
  "$cxx" -std=c++17 -O2 -DNDEBUG -I"$root/include" "$root/bench/webhook_bench.cpp" -lcurl -lcrypto -lpthread -o "$bin"
fi

rm -f "$work"/cpp-results*.tsv "$work"/py-results*.tsv
echo "Python: $("$python" -c 'import platform; print(platform.python_implementation(), platform.python_version())')"
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds, C++ side ($seconds s per measurement):"
  "$bin" "$work" "$seconds"
  mv "$work/cpp-results.tsv" "$work/cpp-results-$round.tsv"
  echo "round $round/$rounds, Python side"
  "$python" "$root/bench/webhook_bench.py" measure "$work" "$round" "$seconds"
done
echo
"$python" "$root/bench/webhook_bench.py" report "$work"
