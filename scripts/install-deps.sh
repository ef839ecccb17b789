#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages trinity builds, tests and demos with, and only
# those that are missing, so `make demo` and `make test` can call it every
# time. One list for every target keeps a fresh machine and CI identical.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  clang libclang-rt-14-dev
  zlib1g-dev libeigen3-dev nlohmann-json3-dev libcli11-dev catch2
  gnuplot-nox graphviz
  dataset-fashion-mnist
  python3 python3-numpy python3-torch libopenblas0-pthread
  verilator libsystemc-dev yosys libxrt-dev uuid-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
