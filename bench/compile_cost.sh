#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Compile-cost budget: what including the SDK costs a translation unit, against doing the same call by hand.
#
#   bench/compile_cost.sh [runs=3] [baseline commit]   (CXX picks the compiler, default g++; CXXFLAGS adds flags)
#
# In one run, compiles and links at -O2 (each best of `runs`, interleaved so load changes hit
# every probe alike):
#   by_hand       the call written with libcurl + nlohmann/json (the baseline)
#   one_call      the same call through <didit/api/workflows.hpp>, the header of the one group it calls
#   umbrella_call the same call through <didit/didit.hpp>, which brings every group
#   every_route   every route in didit::endpoints::AllRoutes called, every resource group instantiated
#   include_only  <didit/didit.hpp> and an empty main (what any didit TU pays before its first call)
# each twice: header-only (the default), and with DIDIT_SEPARATE_COMPILATION, where the SDK's
# non-template code is compiled once into didit_impl.o (src/didit.cpp, timed on its own: a
# program pays it once, not per TU) and linked in. It prints wall time, CPU time (user+sys,
# steadier on a shared machine), peak memory (/usr/bin/time -v, the largest process: cc1plus),
# stripped binary sizes, and the ratios against their targets: one call <= 1.5x and every route
# <= 4x the baseline's wall time, binary <= 2x.
# Given a baseline commit (for example 0e583e4), the same run also builds that commit's own one-call
# probe and didit_impl.o from `git archive` of it, and prints each one-call TU against it: the
# growth of the SDK should not make a one-call program slower to compile (target <= 1.2x).
# Informational: it never fails on a missed target. Nothing built here talks to the network: the
# probes are measured, not run (every_route is run only to print its route count).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
runs=${1:-3}
baseline=${2:-}
CXX=${CXX:-g++}
read -r -a extra <<<"${CXXFLAGS:-}"
[ -x /usr/bin/time ] || { echo "compile_cost: needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/didit-compile-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT

probes=(by_hand one_call umbrella_call every_route include_only impl one_call_sep umbrella_call_sep every_route_sep
  include_only_sep)
if [ -n "$baseline" ]; then
  mkdir "$work/base"
  git -C "$repo" archive "$baseline" include src bench/compile_cost | tar -x -C "$work/base"
  probes+=(base_one_call base_impl base_one_call_sep)
fi
declare -A wall cpu mem size
for p in "${probes[@]}"; do wall[$p]=; cpu[$p]=; mem[$p]=; done

min() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }

# Every probe is built alike, with the usual size-conscious release setting (one section per
# function, unused sections dropped at link), so binary sizes compare what each program uses.
flags=(-ffunction-sections -fdata-sections -Wl,--gc-sections)

for ((r = 1; r <= runs; r++)); do
  for p in "${probes[@]}"; do
    log=$work/$p.time
    inc=$repo/include
    case $p in
      impl) cmd=(-DDIDIT_SEPARATE_COMPILATION -c "$repo/src/didit.cpp" -o "$work/didit_impl.o") ;;
      base_impl) inc=$work/base/include
        cmd=(-DDIDIT_SEPARATE_COMPILATION -c "$work/base/src/didit.cpp" -o "$work/base_impl.o") ;;
      base_one_call_sep) inc=$work/base/include
        cmd=(-DDIDIT_SEPARATE_COMPILATION "$work/base/bench/compile_cost/one_call.cpp" "$work/base_impl.o" -o "$work/$p") ;;
      base_*) inc=$work/base/include; cmd=("$work/base/bench/compile_cost/${p#base_}.cpp" -o "$work/$p") ;;
      *_sep) cmd=(-DDIDIT_SEPARATE_COMPILATION "$here/compile_cost/${p%_sep}.cpp" "$work/didit_impl.o" -o "$work/$p") ;;
      *) cmd=("$here/compile_cost/$p.cpp" -o "$work/$p") ;;
    esac
    case $p in *impl) ;; *) cmd+=(-lcurl -lcrypto -pthread) ;; esac
    if ! /usr/bin/time -v -o "$log" "$CXX" -std=c++17 -O2 "${flags[@]}" "${extra[@]}" -I"$inc" "${cmd[@]}" \
        2>"$work/$p.err"; then
      cat "$work/$p.err" >&2
      echo "compile_cost: $p failed to build" >&2
      exit 1
    fi
    w=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
    c=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' "$log")
    m=$(awk -F': ' '/Maximum resident set size/ { print $2 / 1024 }' "$log")
    wall[$p]=$(min "${wall[$p]}" "$w")
    cpu[$p]=$(min "${cpu[$p]}" "$c")
    mem[$p]=$(min "${mem[$p]}" "$m")
  done
done
cp "$work/didit_impl.o" "$work/impl"
[ -z "$baseline" ] || cp "$work/base_impl.o" "$work/base_impl"
for p in "${probes[@]}"; do
  strip -o "$work/$p.stripped" "$work/$p"
  size[$p]=$(stat -c %s "$work/$p.stripped")
done
routes=$("$work/every_route" 2>/dev/null | awk '{ print $1 }' || true)

echo "compile cost: $("$CXX" --version | head -n 1), -O2 -std=c++17 ${flags[*]} ${extra[*]:-}, best of $runs"
printf "%-36s %9s %9s %10s %12s\n" "translation unit" "wall s" "cpu s" "peak MiB" "binary KiB"
row() {
  printf "%-36s %9.2f %9.2f %10.0f %12.1f\n" "$1" "${wall[$2]}" "${cpu[$2]}" "${mem[$2]}" \
    "$(awk -v b="${size[$2]}" 'BEGIN { print b / 1024 }')"
}
row "by hand (libcurl + nlohmann/json)" by_hand
echo "header-only (the default):"
row "  didit, one call (its group's header)" one_call
row "  didit, one call (the umbrella header)" umbrella_call
row "  didit, every route (${routes:-?} routes)" every_route
row "  didit, include only" include_only
echo "DIDIT_SEPARATE_COMPILATION (size: linked with didit_impl.o):"
row "  didit_impl.o, once per program" impl
row "  didit, one call (its group's header)" one_call_sep
row "  didit, one call (the umbrella header)" umbrella_call_sep
row "  didit, every route" every_route_sep
row "  didit, include only" include_only_sep
if [ -n "$baseline" ]; then
  echo "baseline $baseline (its own one-call probe):"
  row "  header-only, one call" base_one_call
  row "  didit_impl.o" base_impl
  row "  separate compilation, one call" base_one_call_sep
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "within target" : "OVER target" }'; }
report() {  # report <label> <probe> [target]
  local rw rc rm target=""
  rw=$(ratio "${wall[$2]}" "${wall[by_hand]}")
  rc=$(ratio "${cpu[$2]}" "${cpu[by_hand]}")
  rm=$(ratio "${mem[$2]}" "${mem[by_hand]}")
  [ -z "${3:-}" ] || target=" (target <= $3x: $(verdict "$rw" "$3"))"
  echo "  $1 / by hand: wall ${rw}x, cpu ${rc}x$target, peak memory ${rm}x"
}
size_report() {  # size_report <label> <probe>
  local rb
  rb=$(ratio "${size[$2]}" "${size[by_hand]}")
  echo "  $1 / by hand: ${rb}x (target <= 2x: $(verdict "$rb" 2))"
}
echo "ratios, header-only:"
report "one call    " one_call 1.5
report "umbrella    " umbrella_call
report "every route " every_route 4
report "include only" include_only
size_report "binary of one call" one_call
echo "ratios, DIDIT_SEPARATE_COMPILATION (per TU; didit_impl.o is compiled once):"
report "one call    " one_call_sep 1.5
report "umbrella    " umbrella_call_sep
report "every route " every_route_sep 4
report "include only" include_only_sep
size_report "binary of one call" one_call_sep
if [ -n "$baseline" ]; then
  against() {  # against <label> <probe> <baseline probe> [target]
    local rw rc target=""
    rw=$(ratio "${wall[$2]}" "${wall[$3]}")
    rc=$(ratio "${cpu[$2]}" "${cpu[$3]}")
    [ -z "${4:-}" ] || target=" (target <= $4x: $(verdict "$rc" "$4"))"
    echo "  $1: wall ${rw}x, cpu ${rc}x$target"
  }
  echo "against $baseline's one-call program, same run:"
  against "header-only, one call (group header)        " one_call base_one_call 1.2
  against "header-only, one call (umbrella)            " umbrella_call base_one_call
  against "separate compilation, one call (group header)" one_call_sep base_one_call_sep 1.2
  against "separate compilation, one call (umbrella)    " umbrella_call_sep base_one_call_sep
fi
