#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Webhook verification benchmark in one run: builds bench/webhook_bench.cpp (-O2), times the C++
# side, times Python's reference on the same bodies, prints the table with ratios.
#
#   bench/run_webhook_bench.sh [work-dir=build-bench] [seconds-per-measurement=0.5]
#
# Environment: CXX (default c++), PYTHON (default python3). The binary is rebuilt only when a
# source or header is newer than it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/build-bench}
seconds=${2:-0.5}
cxx=${CXX:-c++}
python=${PYTHON:-python3}
mkdir -p "$work"
work=$(cd "$work" && pwd)
bin="$work/webhook_bench"

if [ ! -x "$bin" ] || [ -n "$(find "$root/bench/webhook_bench.cpp" "$root/include" -newer "$bin" -type f | head -n 1)" ]; then
  echo "building $bin (-O2)"
  "$cxx" -std=c++17 -O2 -DNDEBUG -I"$root/include" "$root/bench/webhook_bench.cpp" -lcurl -lcrypto -lpthread -o "$bin"
fi

echo "C++ side ($seconds s per measurement):"
"$bin" "$work" "$seconds"
echo "Python side ($("$python" -c 'import platform; print(platform.python_implementation(), platform.python_version())')):"
"$python" "$root/bench/webhook_bench.py" "$work" "$seconds"
