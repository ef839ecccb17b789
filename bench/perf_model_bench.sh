#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Error of the cycle model (sim/perf) against the Verilated core, per model
# and per LANES: each LANES gets its own Verilator build in
# build-perf-bench-<LANES>, runs Fashion-MNIST test images through every
# model and a set of random networks (trace on and off), and compares the
# measured cycles per frame with the prediction. A benchmark (prints a
# table), not a test; the ctest check is perf-rtl:* at LANES 32.
#   bench/perf_model_bench.sh [LANES...]   env: IMAGES (100), NETWORKS (60), MODELS
set -euo pipefail
cd "$(dirname "$0")/.."
lanes=${*:-8 32 128}
images=${IMAGES:-100}
networks=${NETWORKS:-60}
models=${MODELS:-models/tri_snn_g_s1.trn models/tri_snn_g_quick.trn models/tri_snn_r_s1.trn models/bi_snn_s1.trn}
lines=()
for l in $lanes; do
  dir=build-perf-bench-$l
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTRINITY_RTL_LANES="$l" >/dev/null
  cmake --build "$dir" --target perf_rtl_check >/dev/null
  out=$(TRINITY_PERF_IMAGES=$images TRINITY_PERF_NETWORKS=$networks TRINITY_PERF_MODELS="$models" \
        "$dir/tests/perf/perf_rtl_check" 2>&1) || { echo "$out"; exit 1; }
  while IFS= read -r line; do
    echo "$line"
    lines+=("$line")
  done < <(echo "$out" | grep '^perf-model ')
done
echo
printf "cycle model vs Verilated rtl/trinity_core: %s Fashion-MNIST test images per model (rate-coded, seed 0), %s random networks\n" \
  "$images" "$networks"
printf "| %-30s | %5s | %6s | %16s | %18s | %10s | %15s | %13s |\n" workload LANES frames "RTL cycles/frame" \
  "model cycles/frame" "mean error" "max frame error" "exact frames"
printf "|%s|%s|%s|%s|%s|%s|%s|%s|\n" -------------------------------- ------- -------- ------------------ \
  -------------------- ------------ ----------------- ---------------
for line in "${lines[@]}"; do
  echo "$line" | awk '{
    for (i = 3; i <= NF; i++) { split($(i), kv, "="); v[kv[1]] = kv[2] }
    printf "| %-30s | %5s | %6s | %16.1f | %18.1f | %10s | %15s | %13s |\n",
      $2, v["LANES"], v["frames"], v["rtl_mean"], v["model_mean"], v["mean_err"], v["max_frame_err"], v["exact"]
  }'
done
