#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# RTL cycles per frame on the Fashion-MNIST tri-SNN(G) model, measured in
# Verilator for several LANES, against the event-driven lower bound, and the
# throughput that projects to at a stated clock beside published FPGA SNN
# accelerators. A benchmark (prints a table), not a test.
#   bench/rtl_bench.sh [LANES...]      env: IMAGES (default 200), CLOCK_MHZ (300)
set -euo pipefail
cd "$(dirname "$0")/.."
lanes=${*:-8 32 128}
images=${IMAGES:-200}
clock=${CLOCK_MHZ:-300}
rows=()
for l in $lanes; do
  dir=build-rtl-bench-$l
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRINITY_RTL_LANES="$l" >/dev/null
  cmake --build "$dir" --target rtl_cosim >/dev/null
  line=$(TRINITY_RTL_IMAGES=$images "$dir/testbench/verilator/rtl_cosim" "[fashion]" | grep '^rtl fashion:')
  echo "$line"
  rows+=("$l $line")
done
echo
printf "RTL core, models/tri_snn_g_quick.trn (tri-SNN(G) [784-512-10], T=10), %s Fashion-MNIST test images, clock %s MHz (projected)\n" "$images" "$clock"
printf "%6s %12s %12s %7s %12s %12s %10s\n" LANES cycles/frame lower_bound ratio us/frame frames/s sim_Mc/s
for r in "${rows[@]}"; do
  echo "$r" | awk -v mhz="$clock" '{
    l = $1
    for (i = 1; i <= NF; i++) {
      if ($(i) == "cycles/frame") c = $(i - 1)
      if ($(i) == "bound") b = $(i + 1)
      if ($(i) == "Mcycles/s") s = $(i - 1)
    }
    printf "%6d %12.0f %12.0f %7.3f %12.1f %12.0f %10.2f\n", l, c, b, c / b, c / mhz, mhz * 1e6 / c, s
  }'
done
echo
echo "published: Spiker+ 780 us per MNIST image; Skydiver 22.6 k frames/s. Resources per LANES: make synth (docs/rtl.md)."
