#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Asynchronous calls in one run: builds bench/async_bench.cpp (-O2), starts two loopback servers in
# processes of their own (one answering after 50 ms, one at once), then measures
#  - 64 calls at once against 1 call on Client<CurlMultiTransport> (one engine thread), and
#  - the process CPU per call, asynchronous against blocking.
#
#   bench/run_async_bench.sh [work-dir=build-bench] [calls=2048]
#
# With taskset (util-linux) and two CPUs, the client runs on CPU 0 and the servers on CPU 1, so
# the per-call CPU is the client's alone. Environment: CXX (default c++).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/build-bench}
calls=${2:-2048}
cxx=${CXX:-c++}
mkdir -p "$work"
work=$(cd "$work" && pwd)
bin="$work/async_bench"

if [ ! -x "$bin" ] || [ -n "$(find "$root/bench/async_bench.cpp" "$root/tests/fault_server.hpp" "$root/include" \
      -newer "$bin" -type f | head -n 1)" ]; then
  echo "building $bin (-O2)"
  "$cxx" -std=c++17 -O2 -DNDEBUG -I"$root/include" -I"$root/tests" "$root/bench/async_bench.cpp" \
    -lcurl -lcrypto -lpthread -o "$bin"
fi

client=() server=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  client=(taskset -c 0) server=(taskset -c 1)
fi

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done' EXIT
start_server() {  # start_server <delay-ms> <out-file>; prints the port
  "${server[@]}" "$bin" serve "$1" "$root/tests/fixtures" >"$2" &
  pids+=($!)
  local port=
  for _ in $(seq 1 200); do
    port=$(awk '/^port /{print $2}' "$2" 2>/dev/null || true)
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "the benchmark server did not start" >&2; exit 1; }
  echo "$port"
}
slow=$(start_server 50 "$work/async-server-50.out")
fast=$(start_server 0 "$work/async-server-0.out")

echo "== concurrency: a server that answers after 50 ms (127.0.0.1:$slow)"
"${client[@]}" "$bin" latency "$slow"
echo "== CPU per call: a server that answers at once (127.0.0.1:$fast)"
"${client[@]}" "$bin" cpu "$fast" "$calls"
