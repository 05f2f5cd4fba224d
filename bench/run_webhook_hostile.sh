#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Worst-case cost of webhook verification on hostile bodies: builds bench/webhook_hostile.cpp (-O2)
# and prints, per body of the given size, the outcome, CPU time and peak RSS of one verify().
#
#   bench/run_webhook_hostile.sh [work-dir=build-bench] [body-bytes=8388608] [secrets=2] [include-dir=include]
#
# include-dir lets the same cases run against another checkout's headers (e.g. before a change).
# Environment: CXX (default c++).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$root/build-bench}
bytes=${2:-8388608}
secrets=${3:-2}
include=${4:-$root/include}
cxx=${CXX:-c++}
mkdir -p "$work"
bin="$work/webhook_hostile"
"$cxx" -std=c++17 -O2 -DNDEBUG -I"$include" "$root/bench/webhook_hostile.cpp" -lcurl -lcrypto -lpthread -o "$bin"
"$bin" "$bytes" "$secrets"
