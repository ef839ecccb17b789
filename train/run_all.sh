#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The 9 runs of docs/results.md (3 models x 3 seeds), one after the other
# (never two at once on the 2-core machine). Each writes models/<name>_s<seed>.trn,
# train/runs/<name>_s<seed>.csv and train/runs/<name>_s<seed>.log.
# Usage: train/run_all.sh [EPOCHS] [SEEDS] [MODELS]
set -u
cd "$(dirname "$0")/.."
EPOCHS=${1:-20}
SEEDS=${2:-"1 2 3"}
MODELS=${3:-"tri-G tri-R bi"}
DAF=train/daf/aab_forward_vds1V_gaussian.json
for s in $SEEDS; do
  for m in $MODELS; do
    case $m in
      bi) name=bi_snn ;;
      tri-R) name=tri_snn_r ;;
      tri-G) name=tri_snn_g ;;
    esac
    out=models/${name}_s${s}.trn
    if [ -e "$out" ]; then echo "skip $out (exists)"; continue; fi
    extra=""
    [ "$m" = tri-G ] && extra="--daf $DAF"
    echo "== $(date -u +%H:%M:%S) $m seed $s -> $out"
    OMP_WAIT_POLICY=passive /usr/bin/python3 train/train.py --model "$m" $extra --seed "$s" \
      --epochs "$EPOCHS" --lr-schedule cosine --out "$out" > "train/runs/${name}_s${s}.log" 2>&1
    echo "   $(date -u +%H:%M:%S) exit $? $(grep -E '^float_test_accuracy' train/runs/${name}_s${s}.log)"
  done
done
