# SPDX-License-Identifier: Apache-2.0
# Training and the experiments of docs/results.md (train/). torch runs under
# Debian's /usr/bin/python3 only.
TRAIN_PY     := OMP_WAIT_POLICY=passive /usr/bin/python3
TRAIN_EPOCHS ?= 20
TRAIN_SEEDS  ?= 1 2 3
TRAIN_MODELS ?= tri-G tri-R bi
TRAIN_DAF    := train/daf/aab_forward_vds1V_gaussian.json
FAIR_SEEDS   ?= 1 2 3 4
FAIR_EPOCHS  ?=

.PHONY: train-daf train-quick train-models train-fair results-accuracy results-noise results-fair results-significance results train-test

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

# The 12 runs of the fair recipe (issue 13; trinity_train/recipe.py): 3 models x
# seeds 1-4, one rule for every kind, 20 epochs each (FAIR_EPOCHS overrides).
# Writes models/fair/<name>_s<seed>.trn and train/runs/fair/; existing models
# are skipped, so an interrupted run resumes. Expected time, extrapolated from
# one tenth of an epoch (6,000 images) per model measured at load average 9
# on the shared 2-core machine: bi 4.1 s, tri-R 7.4 s, tri-G 10.4 s, i.e.
# 41 / 74 / 104 s per epoch plus about 5 s of test evaluation, so about
# 15 / 26 / 37 min per 20-epoch run and about 5 h for all 12. On a quiet
# machine (the legacy runs: 388-1648 s of training per 20-epoch run) expect
# about 2-3 h.
train-fair:
	train/run_all.sh "$(FAIR_EPOCHS)" "$(FAIR_SEEDS)" "$(TRAIN_MODELS)" fair

# Table and per-epoch plot of the fair runs (train/results/fair/), checked
# against the C++ golden model like results-accuracy. docs/results.md,
# "Fair recipe", gets the table once the runs exist.
results-fair:
	$(TRAIN_PY) train/experiments.py accuracy --recheck --models models/fair --runs train/runs/fair \
	  --out-dir train/results/fair

# Table (train/results/accuracy.{md,csv}) and plot (accuracy_per_epoch.png)
# from the committed models/*_s<seed>.trn and train/runs/*.csv.
results-accuracy:
	$(TRAIN_PY) train/experiments.py accuracy --recheck

# Salt-and-pepper noise 0-50 %: train/results/noise.{md,csv,png}. A few minutes.
results-noise:
	$(TRAIN_PY) train/experiments.py noise

# Welch's t-tests (means) and F-tests (spreads) between the models over seeds,
# from the two tables above: train/results/significance.md (the script itself
# takes under a second).
results-significance: results-accuracy results-noise
	$(TRAIN_PY) train/significance.py

results: results-accuracy results-noise results-significance

train-test:
	$(TRAIN_PY) -m unittest discover -s train/tests
