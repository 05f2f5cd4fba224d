#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole test suite, as CI runs it: g++ and clang++ with -Werror, ASan+UBSan, -fno-exceptions,
# the single header (fresh and tested), Meson, and the examples. Run tools/deps.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0

run_ctest() {  # run_ctest <build dir> [ctest args...]
  local dir=$1; shift
  local log="$dir/ctest.log"
  local rc=0
  (cd "$dir" && ctest --output-on-failure -j "$jobs" "$@") 2>&1 | tee "$log" || rc=$?
  local line
  line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -n 1 || true)
  if [ -z "$line" ]; then
    failed=$((failed + 1))
    return 1
  fi
  local total nfail
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
  nfail=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$line")
  passed=$((passed + total - nfail))
  failed=$((failed + nfail))
  [ "$rc" -eq 0 ] && [ "$nfail" -eq 0 ]
}

# ccache (tools/deps.sh installs it) makes a second run cheap; the PCH of the tests needs the
# sloppiness below to be cached at all.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
  # Paths relative to the checkout, so that another checkout of the same commit hits the cache.
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
fi

# Debug builds without debug information (-g0): nobody steps through a CI build, and -g costs a
# fifth of each compile and five times the object size. The sanitizer builds keep line tables
# (-g1) for their reports.
configure_build() {  # configure_build <dir> <cmake args...>; a failed build counts as one failure
  local dir=$1; shift
  if cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g0 -DDIDIT_WERROR=ON \
       "${launcher[@]}" "$@" >/dev/null &&
     cmake --build "$dir" -j "$jobs" -- -k 0; then
    return 0
  fi
  echo "build in $dir failed"
  failed=$((failed + 1))
  status=1
  return 1
}

status=0
start=$SECONDS
last=$SECONDS
# Each step says how long the one before it took, so that a slow CI run shows where its time went.
step() {
  echo; echo "=== $* === (previous step $((SECONDS - last)) s, total $((SECONDS - start)) s)"
  last=$SECONDS
}

step "single header is fresh"
python3 tools/amalgamate.py --check || status=1

step "detail/preprocessor.hpp is fresh (tools/gen_preprocessor.py)"
python3 tools/gen_preprocessor.py --check || status=1

step "the route table is fresh (tools/gen_routes.py, tools/routes/routes.json)"
python3 tools/gen_routes.py --check || status=1

step "the generated models are fresh (tools/gen_models.py, tools/routes/models.json)"
python3 tools/gen_models.py --check || status=1

step "headers include only from their own layer or below (docs/ARCHITECTURE.md)"
python3 tools/check_layers.py || status=1

step "including the SDK compiles no code until something is used (header-only)"
# A virtual function declared in a class without DIDIT_INLINE and defined inline further down is
# the class's key function: every TU that includes the header then emits its vtable and, through
# it, every virtual function and all they call. An empty program must define nothing but main.
mkdir -p build
printf '#include <didit/didit.hpp>\n#include <didit/sim.hpp>\nint main() { return 0; }\n' >build/include_only.cpp
if g++ -std=c++17 -O0 -Iinclude -Isim/include -c build/include_only.cpp -o build/include_only.o; then
  if nm -C build/include_only.o | grep -E ' [TtWwVvu] (.* )?didit::'; then
    echo "an empty program that includes the SDK defines the functions above: declare each out-of-line virtual"
    echo "function DIDIT_INLINE in its class"; status=1
  fi
else
  status=1
fi

step "sources are clang-formatted (.clang-format)"
# shellcheck disable=SC2046
if ! clang-format --dry-run -Werror $(git ls-files '*.hpp' '*.cpp' | grep -vE '^(single_include|tests/compile_fail|tests/fixtures)/'); then
  echo "run: clang-format -i \$(git ls-files '*.hpp' '*.cpp' | grep -vE '^(single_include|tests/compile_fail|tests/fixtures)/')"
  status=1
fi

step "clang-tidy on the headers"
# .clang-tidy (WarningsAsErrors '*') on two TUs that instantiate every header: all routes and resource
# groups, and the simulator. clang-tidy 14 has no -j, so the two run side by side.
if command -v clang-tidy >/dev/null; then
  tidy_rc=0
  mkdir -p build
  clang-tidy --config-file=.clang-tidy --quiet bench/compile_cost/every_route.cpp -- -std=c++17 -I include \
    >build/tidy-every_route.log 2>&1 & tidy_a=$!
  clang-tidy --config-file=.clang-tidy --quiet tools/tidy_sim.cpp -- -std=c++17 -I include -I sim/include \
    >build/tidy-sim.log 2>&1 & tidy_b=$!
  wait "$tidy_a" || tidy_rc=1
  wait "$tidy_b" || tidy_rc=1
  if [ "$tidy_rc" -ne 0 ]; then
    grep -vhE "^[0-9]+ warnings? generated\.$" build/tidy-every_route.log build/tidy-sim.log || true
    echo "clang-tidy found problems (see above; fix them, or NOLINT with a reason)"; status=1
  else
    echo "clang-tidy: no findings"
  fi
else
  echo "clang-tidy not found: install clang-tidy (tools/deps.sh)"; status=1
fi

step "API reference (Doxygen): every public type and function documented"
if command -v doxygen >/dev/null; then
  if cmake -S . -B build/check-docs -G Ninja -DDIDIT_BUILD_TESTS=OFF -DDIDIT_BUILD_EXAMPLES=OFF >/dev/null &&
     cmake --build build/check-docs --target docs >build/check-docs.log 2>&1; then
    tail -n 1 build/check-docs.log
  else
    cat build/check-docs.log; status=1
  fi
else
  echo "doxygen not found: install doxygen (tools/deps.sh)"; status=1
fi

step "the README example is examples/readme_example.cpp"
python3 - <<'PY' || status=1
import re, sys
readme = open("README.md", encoding="utf-8").read()
block = re.search(r"## Example\n\n```cpp\n(.*?)```", readme, re.S).group(1)
example = open("examples/readme_example.cpp", encoding="utf-8").read().split("\n", 2)[2]
if block != example:
    sys.exit("README.md's example differs from examples/readme_example.cpp")
print("README example matches")
PY

step "tests and examples include only public entry points: <didit/didit.hpp>, <didit/api/<group>.hpp>, <didit/sim.hpp>, <didit/redis.hpp>"
if grep -n "#include <didit/" tests/*.cpp tests/contract/*.cpp examples/*.cpp sim/*.cpp redis/tests/*.cpp | grep -vE "didit/(didit|sim|redis|api/[a-z_]+)\.hpp"; then
  echo "include <didit/didit.hpp> or a group's <didit/api/<group>.hpp> (<didit/sim.hpp> for the simulator, <didit/redis.hpp> for the fleet) instead"; status=1
fi
# The simulator is built on the SDK's public API only: no detail/ header, no didit::detail name.
if grep -rnE "#\s*include\s*[<\"]didit/detail/|didit::(webhook::)?detail::" sim/include sim/*.cpp; then
  echo "the simulator (sim/) may use only the SDK's public API, not its detail/ headers or names"; status=1
fi

step "every unit test is listed for Meson"
for f in tests/unit-*.cpp; do
  u=$(basename "$f" .cpp)
  case "$u" in unit-two-tu-*|unit-curl) continue ;; esac
  grep -q "'$u'" tests/meson.build || { echo "tests/meson.build does not list $u"; status=1; }
done

# The tests of one configuration run in the background while the next configuration builds: most
# of a test run waits on sockets and timers, and the build fills that time. A background job's
# output goes to build/<name>.out; it is printed, and its counts added, when the job is joined.
mkdir -p build
bg_names=()
bg_pids=()
bg_start() {  # bg_start <id> <title> <command...>
  local id=$1 title=$2; shift 2
  ( passed=0; failed=0; status=0
    "$@" >"build/tests-$id.out" 2>&1 || status=1
    echo "$passed $failed $status" >"build/tests-$id.counts" ) &
  bg_names+=("$id:$title"); bg_pids+=($!)
}
bg_join() {  # waits for every background job, in the order they started
  local i id p f s
  for i in "${!bg_pids[@]}"; do
    wait "${bg_pids[$i]}" || true
    id=${bg_names[$i]%%:*}
    step "tests: ${bg_names[$i]#*:}"
    cat "build/tests-$id.out"
    p=0 f=1 s=1
    read -r p f s <"build/tests-$id.counts" || true
    passed=$((passed + p)); failed=$((failed + f))
    [ "$s" -eq 0 ] || status=1
  done
  bg_names=(); bg_pids=()
}

gcc_tests() {
  run_ctest build/check-gcc || status=1
  # The README's first command: the quickstart on the in-process simulator.
  if ./build/check-gcc/examples/quickstart >build/check-gcc/quickstart.out; then
    echo "quickstart (in-process simulator): ok"; passed=$((passed + 1))
  else
    cat build/check-gcc/quickstart.out; echo "quickstart failed"; failed=$((failed + 1)); status=1
  fi
  echo "the examples against didit-sim (setup_account, manage_workflows, create_session, webhook_receiver, ...)"
  if [ -x build/check-gcc/sim/didit-sim ]; then
    if python3 tests/interop/run.py --sim build/check-gcc/sim/didit-sim --log build/check-gcc/examples-sim.log \
         -- python3 tests/interop/examples_flow.py --bin-dir build/check-gcc/examples; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1)); status=1
    fi
  else
    echo "build/check-gcc/sim/didit-sim was not built (cpp-httplib missing? run tools/deps.sh)"
    failed=$((failed + 1)); status=1
  fi
  return "$status"
}
asan_tests() {
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_ctest build/check-asan -LE "compile_fail|slow"
}
tsan_tests() {
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    run_ctest build/check-tsan -R '^unit-(threads|resilience|policy|async|curl-multi|redis-.*)$'
}

# This configuration also proves the separate-compilation mode (the SDK's non-template code in
# one library, didit_impl); clang, the sanitizers, -fno-exceptions and Meson build header-only.
step "build: g++ -Werror, separate compilation"
if configure_build build/check-gcc -DCMAKE_CXX_COMPILER=g++ -DDIDIT_SEPARATE_COMPILATION=ON; then
  bg_start gcc "g++ -Werror, separate compilation; the quickstart; the examples against didit-sim" gcc_tests
fi

step "build: clang++ -Werror, against the single header"
ok=0; configure_build build/check-clang -DCMAKE_CXX_COMPILER=clang++ -DDIDIT_USE_SINGLE_HEADER=ON && ok=1
bg_join
[ "$ok" -eq 0 ] || bg_start clang "clang++ -Werror, against the single header" run_ctest build/check-clang -LE "compile_fail|slow"

step "build: ASan + UBSan (g++)"
ok=0
configure_build build/check-asan -DCMAKE_CXX_COMPILER=g++ -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
  "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" && ok=1
bg_join
[ "$ok" -eq 0 ] || bg_start asan "ASan + UBSan (g++)" asan_tests

step "build: ThreadSanitizer (clang++): threads, resilience, policy, asynchronous calls and engine, the Redis component"
ok=0
if cmake -S . -B build/check-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDIDIT_WERROR=ON "${launcher[@]}" -DCMAKE_CXX_COMPILER=clang++ \
     -DDIDIT_WITH_REDIS=ON "-DCMAKE_CXX_FLAGS=-fsanitize=thread -O1" -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only >/dev/null &&
   cmake --build build/check-tsan -j "$jobs" --target unit-threads unit-resilience unit-policy unit-async unit-curl-multi didit-redis-tests; then
  ok=1
else
  echo "build in build/check-tsan failed"; failed=$((failed + 1)); status=1
fi
bg_join
[ "$ok" -eq 0 ] || bg_start tsan "ThreadSanitizer (clang++)" tsan_tests

step "build: -fno-exceptions (g++)"
ok=0; configure_build build/check-noexcept -DCMAKE_CXX_COMPILER=g++ -DCMAKE_CXX_FLAGS=-fno-exceptions && ok=1
bg_join
[ "$ok" -eq 0 ] || bg_start noexcept "-fno-exceptions (g++)" run_ctest build/check-noexcept -LE "compile_fail|slow"

step "build: Meson (the library, the simulator, the examples and a smoke set of unit tests)"
# The CMake configurations above build and run every unit test five times; Meson proves its own
# build of each component with a smoke set (-Dunit_tests=smoke), which keeps CI under an hour.
if [ ! -f build/check-meson/build.ninja ]; then
  meson setup build/check-meson -Dwerror=true -Ddebug=false -Dunit_tests=smoke >/dev/null
fi
meson compile -C build/check-meson -j "$jobs" >build/check-meson/compile.log 2>&1 || { cat build/check-meson/compile.log; status=1; }
bg_join

step "tests: Meson"
meson_log=build/check-meson/test.log
rc=0
meson test -C build/check-meson --num-processes "$jobs" --print-errorlogs 2>&1 | tee "$meson_log" || rc=$?
mok=$(grep -E "^Ok:" "$meson_log" | awk '{print $2}' | tail -n 1)
mfail=$(grep -E "^Fail:" "$meson_log" | awk '{print $2}' | tail -n 1)
passed=$((passed + ${mok:-0}))
failed=$((failed + ${mfail:-0}))
if [ "$rc" -ne 0 ] || [ -z "$mok" ]; then status=1; [ -n "$mok" ] || failed=$((failed + 1)); fi

step "fuzz the canonical form, Verifier::verify, JSON, replies and error bodies briefly (libFuzzer, ASan+UBSan)"
if fuzz/run.sh 10 build/fuzz; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi

step "packaging consumers (tests/packaging/run.sh)"
mkdir -p build
rc=0
tests/packaging/run.sh 2>&1 | tee build/packaging.log || rc=$?
pline=$(grep -E "^packaging: [0-9]+ passed, [0-9]+ failed" build/packaging.log | tail -n 1 || true)
if [ -n "$pline" ]; then
  passed=$((passed + $(sed -E 's/^packaging: ([0-9]+) passed.*/\1/' <<<"$pline")))
  failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$pline")))
else
  failed=$((failed + 1))
fi
[ "$rc" -eq 0 ] || status=1

step "done"
echo "check: $passed passed, $failed failed"
exit "$status"
