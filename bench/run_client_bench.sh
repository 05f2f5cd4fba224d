#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Client overhead benchmark in one run: builds bench/client_overhead.cpp (-O2), starts its loopback
# server in a separate process, times the SDK and raw libcurl, then Python requests, and prints
# the table with ratios.
#
#   bench/run_client_bench.sh [work-dir=build-bench] [seconds-per-measurement=0.4]
#
# Environment: CXX (default c++), PYTHON (default python3). The binary is rebuilt only when a
# source or header is newer than it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/build-bench}
seconds=${2:-0.4}
cxx=${CXX:-c++}
python=${PYTHON:-python3}
fixtures="$root/tests/fixtures"
mkdir -p "$work"
work=$(cd "$work" && pwd)
bin="$work/client_overhead"

if [ ! -x "$bin" ] || [ -n "$(find "$root/bench/client_overhead.cpp" "$root/tests/fault_server.hpp" "$root/include" \
      -newer "$bin" -type f | head -n 1)" ]; then
  echo "building $bin (-O2)"
  "$cxx" -std=c++17 -O2 -DNDEBUG -I"$root/include" -I"$root/tests" "$root/bench/client_overhead.cpp" \
    -lcurl -lcrypto -lpthread -o "$bin"
fi

"$bin" serve "$fixtures" >"$work/server.out" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
port=
for _ in $(seq 1 200); do
  port=$(awk '/^port /{print $2}' "$work/server.out" 2>/dev/null || true)
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "the benchmark server did not start" >&2; exit 1; }

echo "server on 127.0.0.1:$port (separate process); $seconds s per measurement, best of 5"
"$bin" run "$port" "$fixtures" "$seconds" >"$work/client-cxx.txt"
"$python" "$root/bench/client_overhead.py" --port "$port" --fixtures "$fixtures" --seconds "$seconds" \
  --cxx "$work/client-cxx.txt"
