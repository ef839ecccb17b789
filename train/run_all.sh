#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Training runs of docs/results.md (models x seeds), one after the other
# (never two at once on the 2-core machine); existing models are skipped.
#   legacy recipe (the default): the 9 runs of issue 3, models/<name>_s<seed>.trn,
#     train/runs/<name>_s<seed>.{csv,log}, with --epochs EPOCHS --lr-schedule cosine;
#   any other recipe R (e.g. fair): models/R/<name>_s<seed>.trn,
#     train/runs/R/<name>_s<seed>.{csv,log}, with --recipe R (and --epochs if EPOCHS is given).
# Usage: train/run_all.sh [EPOCHS] [SEEDS] [MODELS] [RECIPE]
# TRAIN_THREADS=N passes --threads N (train.py's default is 2; use 1 when two
# runs share the 2 cores).
set -u
cd "$(dirname "$0")/.."
EPOCHS=${1-20}
SEEDS=${2:-"1 2 3"}
MODELS=${3:-"tri-G tri-R bi"}
RECIPE=${4:-legacy}
DAF=train/daf/aab_forward_vds1V_gaussian.json
# tri-LUT: the measured device curve itself as the table (`trinity calibrate
# --shape measured`, the copy checked by `make train-daf`)
DAF_MEASURED=train/daf/aab_forward_vds1V_measured.json
if [ "$RECIPE" = legacy ]; then
  models=models runs=train/runs
else
  models=models/$RECIPE runs=train/runs/$RECIPE
fi
mkdir -p "$models" "$runs"
for s in $SEEDS; do
  for m in $MODELS; do
    case $m in
      bi) name=bi_snn ;;
      tri-R) name=tri_snn_r ;;
      tri-G) name=tri_snn_g ;;
      tri-LUT) name=tri_snn_lut ;;
      *) echo "run_all.sh: unknown model $m (bi, tri-R, tri-G, tri-LUT)" >&2; exit 1 ;;
    esac
    out=$models/${name}_s${s}.trn
    if [ -e "$out" ]; then echo "skip $out (exists)"; continue; fi
    extra=""
    [ "$m" = tri-G ] && extra="--daf $DAF"
    [ "$m" = tri-LUT ] && extra="--daf $DAF_MEASURED"
    if [ "$RECIPE" = legacy ]; then
      set -- --model "$m" $extra --seed "$s" --epochs "${EPOCHS:-20}" --lr-schedule cosine --out "$out"
    else
      set -- --recipe "$RECIPE" --model "$m" $extra --seed "$s"
      [ -n "$EPOCHS" ] && set -- "$@" --epochs "$EPOCHS"
      set -- "$@" --out "$out" --log "$runs/${name}_s${s}.csv"
    fi
    [ -n "${TRAIN_THREADS:-}" ] && set -- "$@" --threads "$TRAIN_THREADS"
    echo "== $(date -u +%H:%M:%S) $RECIPE $m seed $s -> $out"
    OMP_WAIT_POLICY=passive /usr/bin/python3 train/train.py "$@" > "$runs/${name}_s${s}.log" 2>&1
    echo "   $(date -u +%H:%M:%S) exit $? $(grep -E '^float_test_accuracy' "$runs/${name}_s${s}.log")"
  done
done
