# Training and the experiments of docs/results.md (train/). torch runs under
# Debian's /usr/bin/python3 only.
TRAIN_PY     := OMP_WAIT_POLICY=passive /usr/bin/python3
TRAIN_EPOCHS ?= 20
TRAIN_SEEDS  ?= 1 2 3
TRAIN_MODELS ?= tri-G tri-R bi
TRAIN_DAF    := train/daf/aab_forward_vds1V_gaussian.json

.PHONY: train-daf train-quick train-models results-accuracy results-noise results train-test

# The calibrated Gaussian dAF the tri-SNN(G) runs use (a copy of what
# `trinity calibrate` writes); this target re-derives it and checks the copy.
train-daf: build
	$(TRINITY) calibrate --csv $(DAF_CSV) --shape gaussian --out-dir $(BUILD)/daf
	cmp $(BUILD)/daf/$(basename $(notdir $(DAF_CSV)))_gaussian.json $(TRAIN_DAF)

# models/tri_snn_g_quick.trn, the stop-gap demo model (docs/training-quick.md);
# train_quick.py is train.py with --model tri-G --lr-schedule none --eval-every 0.
# About 6-10 min on the 2-core machine. Overwrites the committed file.
train-quick:
	$(TRAIN_PY) train/train_quick.py --seed 1 --epochs 15

# The 9 runs (3 models x 3 seeds), one after another; existing models are
# skipped. About 9-10 min per run on the 2-core machine.
train-models:
	train/run_all.sh $(TRAIN_EPOCHS) "$(TRAIN_SEEDS)" "$(TRAIN_MODELS)"

# Table (train/results/accuracy.{md,csv}) and plot (accuracy_per_epoch.png)
# from the committed models/*_s<seed>.trn and train/runs/*.csv.
results-accuracy:
	$(TRAIN_PY) train/experiments.py accuracy --recheck

# Salt-and-pepper noise 0-50 %: train/results/noise.{md,csv,png}. A few minutes.
results-noise:
	$(TRAIN_PY) train/experiments.py noise

results: results-accuracy results-noise

train-test:
	$(TRAIN_PY) -m unittest discover -s train/tests
