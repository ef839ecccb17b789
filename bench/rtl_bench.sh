#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# RTL cycles per frame on a Fashion-MNIST tri-SNN(G) model, measured in
# Verilator for several core configurations, against the event-driven lower
# bound of issue 11 (event rows / ENGINES + update rows), with the batch-1
# latency (one frame alone, first input word to RESULT) and the throughput
# that projects to per core and per card at a stated clock. Every output word
# is checked bit-exact against the golden core. A benchmark (prints a
# table), not a test.
#   bench/rtl_bench.sh [CONFIG...]   CONFIG = LANES or LANESxENGINES (default 32x1 32x4)
#   env: IMAGES (default 200), CLOCK_MHZ (300), MODEL (models/tri_snn_g_s1.trn)
# Cores per card (one per SLR, docs/alveo-build.md): U250 4, U280 3, U55C 3.
set -euo pipefail
cd "$(dirname "$0")/.."
configs=${*:-32x1 32x4}
images=${IMAGES:-200}
clock=${CLOCK_MHZ:-300}
model=${MODEL:-models/tri_snn_g_s1.trn}
rows=()
for c in $configs; do
  lanes=${c%%x*}
  engines=1
  [[ $c == *x* ]] && engines=${c#*x}
  dir=build-rtl-bench-$lanes
  [[ $engines != 1 ]] && dir=build-rtl-bench-${lanes}x$engines
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRINITY_RTL_LANES="$lanes" \
    -DTRINITY_RTL_ENGINES="$engines" >/dev/null
  cmake --build "$dir" --target rtl_cosim >/dev/null
  line=$(TRINITY_RTL_MODEL="$PWD/$model" TRINITY_RTL_IMAGES=$images "$dir/testbench/verilator/rtl_cosim" "[fashion]" \
    | grep '^rtl fashion:')
  echo "$line"
  rows+=("$lanes $engines $line")
done
echo
printf "RTL core, %s (Fashion-MNIST test images 0-%d as FRAMEs, rate code seed 0), clock %s MHz (projected)\n" \
  "$model" "$((images - 1))" "$clock"
printf "%6s %7s %12s %12s %6s %11s %6s %9s %6s %14s %10s %12s %14s %14s %9s\n" LANES ENGINES cycles/frame lower_bound \
  ratio slice_bound ratio streamed ratio latency_cyc latency_us frames/s/core U250_frames/s U280/U55C_f/s sim_Mc/s
for r in "${rows[@]}"; do
  echo "$r" | awk -v mhz="$clock" '{
    l = $1; e = $2
    for (i = 3; i <= NF; i++) {
      if ($(i) == "cycles/frame" && c == "") c = $(i - 1)
      if ($(i) == "bound" && $(i - 1) == "lower") b = $(i + 1)
      if ($(i) == "bound" && $(i - 1) == "slowest-slice") sb = $(i + 1)
      if ($(i) == "latency") lat = $(i + 1)
      if ($(i) == "streamed") st = $(i + 1)
      if ($(i) == "Mcycles/s") s = $(i - 1)
    }
    f = mhz * 1e6 / c
    printf "%6d %7d %12.0f %12.0f %6.3f %11.0f %6.3f %9.1f %6.3f %14d %10.2f %12.0f %14.0f %14.0f %9.2f\n", l, e, c, b, c / b, \
      sb, c / sb, st, st / b, lat, lat / mhz, f, 4 * f, 3 * f, s
  }'
done
echo
echo "lower_bound: issue 11's, event rows / ENGINES + update rows. slice_bound: the same with each engine's own"
echo "input slices, the slowest engine's event rows at every layer and timestep (perf::slice_lower_bound): the"
echo "least any core whose engines own fixed slices can take; above it is fixed cost, between the two imbalance."
echo "cycles/frame: each batch of 50 frames from its first input word to its last output word, over its frames"
echo "(so each batch's start-up, its first frame's reception and latency, is in it). streamed: each batch's first"
echo "RESULT to its last, over the frames after the first: the period of a stream, what the card sustains."
echo "frames/s are from cycles/frame (the conservative one)."
echo "Resources per configuration: make synth / make timing-depth (docs/rtl.md)."
