#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Golden model (C++) and PyTorch float inference on the same frames, in one
# run, so the ratio is meaningful on a shared, noisy machine.
set -euo pipefail
build=${1:-build}
model=${2:-models/tri_snn_g_quick.trn}
echo "== golden model (C++, bit-accurate)"
"$build/bench/golden_bench" "$model" | tee "$build/bench_golden.txt"
echo
echo "== PyTorch float, same network (2 threads)"
OMP_WAIT_POLICY=passive /usr/bin/python3 bench/torch_float_bench.py --model "$model" | tee "$build/bench_torch.txt"
golden=$(sed -n 's/^golden_fast frames_per_s=\([0-9.]*\).*/\1/p' "$build/bench_golden.txt")
torch=$(sed -n 's/^torch_float frames_per_s=\([0-9.]*\).*/\1/p' "$build/bench_torch.txt")
echo
printf "%-40s %12s\n" "summary" "frames/s"
printf "%-40s %12s\n" "golden model, fast path, 2 threads" "$golden"
printf "%-40s %12s\n" "PyTorch float, 2 threads" "$torch"
awk -v g="$golden" -v t="$torch" 'BEGIN { printf "%-40s %12.2f\n", "ratio golden / torch", g / t }'
