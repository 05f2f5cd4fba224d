#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs every packaging consumer: each way a C++ project can take in didit-cpp.
#
#   tests/packaging/run.sh                 # all of them
#   tests/packaging/run.sh embedded meson  # some of them (names as in the list below)
#
# Consumers: find_package (CMake, installed prefix), find_package_sim (the same with
# DIDIT_INSTALL_SIM=ON: didit::sim), add_subdirectory, fetchcontent (CMake),
# meson (subproject + dependency('didit')), pkg-config, single-header, single-header-noexcept,
# single-header-separate (DIDIT_SEPARATE_COMPILATION: the app TU plus one DIDIT_IMPLEMENTATION TU),
# embedded (own socket transport, no libcurl/OpenSSL, conformance check) and conformance-curl.
# Each prints "consumer <name>: ok". Temporary files go to a fresh directory under $TMPDIR that
# is removed at exit (KEEP_WORK=1 keeps it). CXX picks the compiler (default g++); JOBS how many
# consumers build at once (default: the number of cores); TOTAL_TIMEOUT bounds the whole run
# (default 420 s) and STEP_TIMEOUT each configure, build or run (default 180 s).
set -euo pipefail
# The whole run is bounded: re-run under timeout(1) so a hung step cannot hold CI.
if [ -z "${DIDIT_PACKAGING_BOUNDED:-}" ]; then
  DIDIT_PACKAGING_BOUNDED=1 exec timeout --kill-after=15 "${TOTAL_TIMEOUT:-420}" bash "$0" "$@"
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
CXX=${CXX:-g++}
step_limit=${STEP_TIMEOUT:-180}  # seconds for any one configure/build/run
all=(find_package find_package_sim add_subdirectory fetchcontent meson pkg-config single-header single-header-noexcept
     single-header-separate embedded conformance-curl)
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${all[@]}")

work=$(mktemp -d "${TMPDIR:-/tmp}/didit-packaging.XXXXXX")
echo_pid=""
pids=()
cleanup() {
  [ -z "$echo_pid" ] || kill "$echo_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "packaging: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'echo "packaging: stopped (time limit or signal)" >&2; exit 124' TERM INT

version=$(sed -nE 's/^#define DIDIT_VERSION_STRING "([^"]+)".*/\1/p' "$repo/include/didit/version.hpp")
passed=0
failed=0

# run <log> <command...>: bounded, output to the log.
run() {
  local log=$1; shift
  echo "\$ $*" >>"$log"
  timeout "$step_limit" "$@" >>"$log" 2>&1
}

installed=""
install_prefix() {  # cmake --install into $work/prefix, once
  [ -z "$installed" ] || return 0
  local log=$work/logs/install.log
  run "$log" cmake -S "$repo" -B "$work/install-build" -G Ninja -DCMAKE_CXX_COMPILER="$CXX" \
    -DDIDIT_BUILD_TESTS=OFF -DDIDIT_BUILD_EXAMPLES=OFF -DDIDIT_INSTALL=ON -DCMAKE_INSTALL_PREFIX="$work/prefix" &&
    run "$log" cmake --install "$work/install-build" && installed=yes
}

installed_sim=""
install_sim_prefix() {  # cmake --install with the simulator into $work/prefix-sim, once
  [ -z "$installed_sim" ] || return 0
  local log=$work/logs/install-sim.log
  run "$log" cmake -S "$repo" -B "$work/install-sim-build" -G Ninja -DCMAKE_CXX_COMPILER="$CXX" \
    -DDIDIT_BUILD_TESTS=OFF -DDIDIT_BUILD_EXAMPLES=OFF -DDIDIT_BUILD_SIM=OFF -DDIDIT_INSTALL=ON \
    -DDIDIT_INSTALL_SIM=ON -DCMAKE_INSTALL_PREFIX="$work/prefix-sim" &&
    run "$log" cmake --install "$work/install-sim-build" && installed_sim=yes
}

cmake_consumer() {  # cmake_consumer <name> <source dir> <cmake args...>
  local name=$1 src=$2; shift 2
  local log=$work/logs/$name.log bin=$work/$name
  run "$log" cmake -S "$src" -B "$bin" -G Ninja -DCMAKE_CXX_COMPILER="$CXX" "$@" &&
    run "$log" cmake --build "$bin" &&
    run "$log" "$bin/consumer"
}

no_curl_or_openssl() {  # no_curl_or_openssl <log> <compile args...>: the TU's headers, without either
  local log=$1; shift
  local deps
  deps=$("$CXX" -std=c++17 -M "$@" 2>>"$log") || return 1
  if grep -E "curl|openssl" <<<"$deps" >>"$log"; then
    echo "the translation unit includes curl or OpenSSL headers (above)" >>"$log"
    return 1
  fi
}

start_echo_server() {
  [ -z "$echo_pid" ] || return 0
  python3 "$here/echo_server.py" --lifetime "${TOTAL_TIMEOUT:-420}" --port-file "$work/echo.port" \
    >"$work/logs/echo.log" 2>&1 &
  echo_pid=$!
  for _ in $(seq 100); do
    [ -s "$work/echo.port" ] && break
    sleep 0.1
  done
  [ -s "$work/echo.port" ] || { echo "echo server did not start" >>"$work/logs/echo.log"; return 1; }
  echo_url="http://127.0.0.1:$(cat "$work/echo.port")"
}

consumer() {  # consumer <name>: builds and runs it, output in $work/logs/<name>.log
  local name=$1 log=$work/logs/$1.log
  case "$name" in
    find_package)
      # The simulator is installed only when asked for.
      install_prefix &&
        { [ ! -e "$work/prefix/include/didit/sim.hpp" ] ||
          { echo "the default install holds the simulator's headers" >>"$log"; false; }; } &&
        cmake_consumer "$name" "$here/find_package" -DCMAKE_PREFIX_PATH="$work/prefix" -DEXPECTED_VERSION="$version"
      ;;
    find_package_sim)
      install_sim_prefix &&
        cmake_consumer "$name" "$here/find_package_sim" -DCMAKE_PREFIX_PATH="$work/prefix-sim"
      ;;
    add_subdirectory | fetchcontent)
      cmake_consumer "$name" "$here/$name" -DDIDIT_SOURCE_DIR="$repo"
      ;;
    meson)
      local src=$work/meson-src
      mkdir -p "$src/subprojects" &&
        cp "$here/meson_subproject/meson.build" "$here/consumer.cpp" "$src/" &&
        ln -s "$repo" "$src/subprojects/didit" &&
        CXX=$CXX run "$log" meson setup "$work/meson-build" "$src" --force-fallback-for=didit &&
        grep -q "Subproject didit finished" "$log" &&
        run "$log" meson compile -C "$work/meson-build" &&
        run "$log" "$work/meson-build/consumer"
      ;;
    pkg-config)
      install_prefix || return 1
      local pcdir
      pcdir=$(dirname "$(find "$work/prefix" -name didit.pc | head -n 1)")
      local got
      got=$(PKG_CONFIG_PATH=$pcdir pkg-config --modversion didit 2>>"$log") || return 1
      [ "$got" = "$version" ] || { echo "pkg-config says $got, version.hpp $version" >>"$log"; return 1; }
      local flags
      flags=$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs didit 2>>"$log") || return 1
      echo "pkg-config --cflags --libs didit: $flags" >>"$log"
      # shellcheck disable=SC2086  # the flags are meant to split
      run "$log" "$CXX" "$here/consumer.cpp" -o "$work/pkg-config-consumer" '-DDIDIT_CONSUMER_NAME="pkg-config"' \
        $flags &&
        run "$log" "$work/pkg-config-consumer"
      ;;
    single-header | single-header-noexcept)
      # A bare project: its own file, didit/didit.hpp beside it, a plain compiler command.
      local dir=$work/$name extra=()
      [ "$name" = single-header ] || extra=(-fno-exceptions)
      mkdir -p "$dir/didit" &&
        cp "$repo/single_include/didit/didit.hpp" "$dir/didit/didit.hpp" &&
        cp "$here/consumer.cpp" "$dir/app.cpp" &&
        (cd "$dir" && run "$log" "$CXX" -std=c++17 "${extra[@]}" -I. "-DDIDIT_CONSUMER_NAME=\"$name\"" app.cpp \
          -o app -lcurl -lcrypto -pthread) &&
        run "$log" "$dir/app"
      ;;
    single-header-separate)
      # The same bare project in separate-compilation mode: app.cpp sees declarations only, and
      # impl.cpp (the two lines README "Build time" gives) compiles the SDK once.
      local dir=$work/$name
      mkdir -p "$dir/didit" &&
        cp "$repo/single_include/didit/didit.hpp" "$dir/didit/didit.hpp" &&
        cp "$here/consumer.cpp" "$dir/app.cpp" &&
        printf '#define DIDIT_IMPLEMENTATION\n#include <didit/didit.hpp>\n' >"$dir/impl.cpp" &&
        (cd "$dir" && run "$log" "$CXX" -std=c++17 -DDIDIT_SEPARATE_COMPILATION -I. \
          "-DDIDIT_CONSUMER_NAME=\"$name\"" -c app.cpp -o app.o &&
          run "$log" "$CXX" -std=c++17 -DDIDIT_SEPARATE_COMPILATION -I. -c impl.cpp -o impl.o &&
          run "$log" "$CXX" app.o impl.o -o app -lcurl -lcrypto -pthread) &&
        { ! nm -C --defined-only "$dir/app.o" | grep -E "ClientCore::execute|CurlTransport::send" >>"$log" ||
          { echo "app.o compiled SDK code that belongs to impl.o" >>"$log"; false; }; } &&
        run "$log" "$dir/app"
      ;;
    embedded)
      # Core headers only, linked without -lcurl/-lcrypto; then the conformance check on its transport.
      local src=$here/embedded/embedded.cpp exe=$work/embedded
      start_echo_server &&
        no_curl_or_openssl "$log" -I"$repo/include" "$src" &&
        run "$log" "$CXX" -std=c++17 -Wall -Wextra -I"$repo/include" "$src" -o "$exe" &&
        { ! readelf -d "$exe" | grep -E "NEEDED.*(curl|crypto|ssl)" >>"$log" ||
          { echo "the program links libcurl or OpenSSL" >>"$log"; false; }; } &&
        run "$log" "$exe" "$echo_url"
      ;;
    conformance-curl)
      # The reference transport must pass the same check: it keeps the check honest.
      start_echo_server &&
        run "$log" "$CXX" -std=c++17 -Wall -Wextra -I"$repo/include" "$here/conformance_curl.cpp" \
          -o "$work/conformance-curl" -lcurl -pthread &&
        run "$log" "$work/conformance-curl" "$echo_url"
      ;;
    *)
      echo "unknown consumer '$name' (known: ${all[*]})" >>"$log"
      return 1
      ;;
  esac
}

# run_one <name>: one consumer, its verdict and time in $work/results/<name>.
run_one() {
  local name=$1 t0=$SECONDS verdict=FAILED
  if consumer "$name" && grep -q "consumer $name: ok" "$work/logs/$name.log"; then verdict=ok; fi
  echo "$verdict $((SECONDS - t0))" >"$work/results/$name"
}

mkdir -p "$work/logs" "$work/results"
start=$SECONDS
# What several consumers share is made first: the installed prefix and the echo server.
for name in "${selected[@]}"; do
  case "$name" in
    find_package | pkg-config) install_prefix || true ;;
    find_package_sim) install_sim_prefix || true ;;
    embedded | conformance-curl) start_echo_server || true ;;
  esac
done
# Consumers are independent: JOBS of them at a time (default: one per core).
# (Waits name each job: a bare `wait` would also wait for the echo server.)
jobs_max=${JOBS:-$(nproc 2>/dev/null || echo 2)}
for name in "${selected[@]}"; do
  if [ "${#pids[@]}" -ge "$jobs_max" ]; then
    wait "${pids[0]}" || true
    pids=("${pids[@]:1}")
  fi
  run_one "$name" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
pids=()

for name in "${selected[@]}"; do
  read -r verdict took <"$work/results/$name" 2>/dev/null || { verdict=FAILED; took=?; }
  if [ "$verdict" = ok ]; then
    echo "consumer $name: ok ($took s)"
    passed=$((passed + 1))
  else
    echo "consumer $name: FAILED ($took s); last lines of its log:"
    tail -n 25 "$work/logs/$name.log" 2>/dev/null | sed 's/^/    /'
    failed=$((failed + 1))
  fi
done

echo "packaging: $passed passed, $failed failed ($((SECONDS - start)) s)"
[ "$failed" -eq 0 ]
