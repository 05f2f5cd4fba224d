#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages that building and testing didit-cpp needs (only the missing ones).
set -euo pipefail
packages=(
  g++ clang clang-format clang-tidy doxygen libclang-rt-14-dev cmake ninja-build meson pkg-config python3 python3-requests ccache time
  nlohmann-json3-dev libcurl4-openssl-dev libssl-dev doctest-dev libcpp-httplib-dev
  libhiredis-dev redis-server libboost-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
else
  echo "deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "deps: packages installed"
fi

# Prism, the validating mock of an OpenAPI (the contract test, tests/contract/), from npm into a
# cache of its own; CMake finds it there.
prism_version=5.14.2
prism_dir="$HOME/.cache/didit-cpp/prism"
if [ "$("$prism_dir/node_modules/.bin/prism" --version 2>/dev/null)" != "$prism_version" ]; then
  echo "deps: installing @stoplight/prism-cli@$prism_version into $prism_dir"
  mkdir -p "$prism_dir"
  npm install --prefix "$prism_dir" --no-audit --no-fund --loglevel=error "@stoplight/prism-cli@$prism_version" >/dev/null
fi
echo "deps: prism $("$prism_dir/node_modules/.bin/prism" --version)"
