#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# RTL cycles per frame of gated tasks against the same network ungated
# (issue 12, item 5): models/tri_snn_g_quick.trn given seeded gates keeping
# 3 %, 30 % and 100 % of each layer's synapses (a format v2 model, written
# to $BUILD/bench/), every task run bit-exactly on golden and Verilator by
# `trinity verify --all-tasks`, the ungated model by `trinity verify`; beside
# each, the cycle model's prediction (`trinity estimate --task K`).
# A benchmark (prints a table), not a test.
#   bench/rtl_gated_bench.sh      env: IMAGES (default 50), BUILD (build)
set -euo pipefail
cd "$(dirname "$0")/.."
images=${IMAGES:-50}
build=${BUILD:-build}
trinity=$build/host/cli/trinity
model=$build/bench/tri_snn_g_quick_gated.trn
mkdir -p "$build/bench"
# Gates as train/continual.py draws them: exactly round(d * n) synapses per
# layer, from numpy's PCG64 seeded with [1, task].
/usr/bin/python3 - "$model" <<'PY'
import sys
import numpy as np
sys.path.insert(0, "train")
from trinity_train.model_file import read_model, write_model
m = read_model("models/tri_snn_g_quick.trn")
gates = []
for k, d in enumerate((0.03, 0.3, 1.0)):
    rng = np.random.default_rng([1, k + 1])
    task = []
    for l in m["layers"]:
        n = l["n_out"] * l["n_in"]
        g = np.zeros(n, dtype=bool)
        g[rng.choice(n, size=int(round(d * n)), replace=False)] = True
        task.append(np.packbits(g).tobytes())
    gates.append(task)
meta = dict(m["metadata"], gates="bench/rtl_gated_bench.sh: 3 %, 30 %, 100 % of each layer, PCG64 [1, task]")
write_model(sys.argv[1], m["timesteps"], m["layers"], meta, gates)
PY
common=(--backends golden,verilator --dataset fashion-mnist --limit "$images")
dense=$("$trinity" verify --model models/tri_snn_g_quick.trn "${common[@]}")
gated=$("$trinity" verify --model "$model" --all-tasks "${common[@]}")
# The verilator row's cycles/frame (6th column) and accuracy, per task.
cycles() { awk '$1 == "verilator" { print $6, $3 }'; }
read -r dense_cycles dense_acc < <(echo "$dense" | cycles)
# The cycle model's mean cycles per frame (sim/perf, docs/perf-model.md) for
# what verify sends: IMAGE packets back to back (the streamed line's last
# number), at the Verilated core's LANES, ENGINES and CODERS (estimate's
# defaults are the hardware build's).
lanes=$(sed -n 's/^TRINITY_RTL_LANES:STRING=//p' "$build/CMakeCache.txt")
engines=$(sed -n 's/^TRINITY_RTL_ENGINES:STRING=//p' "$build/CMakeCache.txt")
coders=$(sed -n 's/^TRINITY_RTL_CODERS:STRING=//p' "$build/CMakeCache.txt")
predicted() {
  "$trinity" estimate "$@" --lanes "${lanes:-32}" --engines "${engines:-1}" --coders "${coders:-8}" \
    --dataset fashion-mnist --limit "$images" | awk '$1 == "streamed" { print $NF }'
}
echo "RTL core (LANES ${lanes:-32}, ENGINES ${engines:-1}, CODERS ${coders:-8}), models/tri_snn_g_quick.trn [784-512-10] T=10, $images Fashion-MNIST test images"
printf "%-8s %18s %14s %12s %16s %9s\n" task "synapses kept" cycles/frame "vs ungated" "model, streamed" accuracy
printf "%-8s %18s %14s %12s %16s %9s\n" ungated "100 % (no gates)" "$dense_cycles" 1.000 \
  "$(predicted --model models/tri_snn_g_quick.trn)" "$dense_acc"
k=0
while read -r c acc; do
  k=$((k + 1))
  kept=$("$trinity" info "$model" | awk -v t="task $k:" 'index($0, t) == 1 { print $5 " / " $12 " %" }')
  printf "%-8s %18s %14s %12.3f %16s %9s\n" "$k" "$kept" "$c" "$(echo "$c / $dense_cycles" | bc -l)" \
    "$(predicted --model "$model" --task "$k")" "$acc"
done < <(echo "$gated" | cycles)
echo "(every task bit-exact against golden; cycles: input words to last output word, batches of 64)"
