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
# tri-LUT: the measured device curve as the table (issue 13 item 5)
FAIR_MODELS  ?= tri-G tri-R bi tri-LUT
TRAIN_DAF_MEASURED := train/daf/aab_forward_vds1V_measured.json

CONTINUAL_MODELS ?= bi,tri-R,tri-G
CONTINUAL_SEEDS  ?= 1,2,3,4
CONTINUAL_TASKS  ?= 50
CONTINUAL_EPOCHS ?= 10
CONTINUAL_PY     := OMP_NUM_THREADS=1 $(TRAIN_PY)

.PHONY: train-daf train-quick train-models train-fair results-accuracy results-noise results-fair results-significance \
	train-sweep train-sweep-e20 results-sweep \
	results-membranes results train-test train-continual train-continual-quick results-continual \
	train-continual-t20e1 results-continual-t20e1 results-continual-analysis \
	train-continual-t20e1-qat results-continual-t20e1-qat

# The calibrated Gaussian dAF the tri-SNN(G) runs use and the measured-curve
# table the tri-SNN(LUT) runs use (copies of what `trinity calibrate` writes);
# this target re-derives both and checks the copies.
train-daf: build
	$(TRINITY) calibrate --csv $(DAF_CSV) --shape gaussian --out-dir $(BUILD)/daf
	cmp $(BUILD)/daf/$(basename $(notdir $(DAF_CSV)))_gaussian.json $(TRAIN_DAF)
	$(TRINITY) calibrate --csv $(DAF_CSV) --shape measured --out-dir $(BUILD)/daf
	cmp $(BUILD)/daf/$(basename $(notdir $(DAF_CSV)))_measured.json $(TRAIN_DAF_MEASURED)

# models/tri_snn_g_quick.trn, the stop-gap demo model (docs/training-quick.md);
# train_quick.py is train.py with --model tri-G --lr-schedule none --eval-every 0.
# About 6-10 min on the 2-core machine. Overwrites the committed file.
train-quick:
	$(TRAIN_PY) train/train_quick.py --seed 1 --epochs 15

# The 9 runs (3 models x 3 seeds), one after another; existing models are
# skipped. About 9-10 min per run on the 2-core machine.
train-models:
	train/run_all.sh $(TRAIN_EPOCHS) "$(TRAIN_SEEDS)" "$(TRAIN_MODELS)"

# The 16 runs of the fair recipe (issue 13; trinity_train/recipe.py): 4 models
# (bi, tri-R, tri-G and tri-LUT, the last on the measured device curve) x
# seeds 1-4, one rule for every kind, 20 epochs each (FAIR_EPOCHS overrides).
# Writes models/fair/<name>_s<seed>.trn and train/runs/fair/; existing models
# are skipped, so an interrupted run resumes. Expected time, extrapolated from
# one tenth of an epoch (6,000 images) per model measured at load average 9
# on the shared 2-core machine: bi 4.1 s, tri-R 7.4 s, tri-G 10.4 s, i.e.
# 41 / 74 / 104 s per epoch plus about 5 s of test evaluation, so about
# 15 / 26 / 37 min per 20-epoch run and about 5 h for all 12. On a quiet
# machine (the legacy runs: 388-1648 s of training per 20-epoch run) expect
# about 2-3 h. Measured 2026-12-05 on a quiet machine, two runs at once with
# TRAIN_THREADS=1: bi and tri-R about 8 min, tri-G and tri-LUT 10-13 min a run.
train-fair:
	train/run_all.sh "$(FAIR_EPOCHS)" "$(FAIR_SEEDS)" "$(FAIR_MODELS)" fair

# Table and per-epoch plot of the fair runs (train/results/fair/), checked
# against the C++ golden model like results-accuracy. docs/results.md,
# "Fair recipe", gets the table once the runs exist.
results-fair: build
	$(TRAIN_PY) train/experiments.py accuracy --recheck --models models/fair --runs train/runs/fair \
	  --out-dir train/results/fair
	$(TRAIN_PY) train/experiments.py noise --models models/fair --out-dir train/results/fair
	$(TRAIN_PY) train/significance.py --results train/results/fair
	$(MAKE) --no-print-directory results-membranes MEMBRANE_MODELS=models/fair

# Sensitivity sweep of the fair recipe (issue 13 item 2; train/sweep.py):
# surrogate window {narrow, stbp} x tau {0.2, 0.5} x init {default, centre at
# 0.5} x {bi, tri-R, tri-G} x seeds 1-2 = 48 shortened runs (2 epochs on all
# 60,000 training images, all 10,000 test images), one after another on one
# thread into train/runs/sweep (finished runs are skipped). Measured
# 2026-12-05: 42-133 s a run (76 s mean) beside three other jobs on the 2 cores,
# 1.0 h in all. results-sweep rewrites the tables from the committed runs (and
# the pilot's: 3 epochs on 10,000 images, seed 1, train/runs/sweep-pilot).
train-sweep:
	OMP_NUM_THREADS=1 $(TRAIN_PY) train/sweep.py

# Do the sweep's 2-epoch flips last 20 epochs? bi and tri-G, seed 1, full
# 20-epoch runs in the cells one step from the fair configuration (narrow
# window; tau 0.2; centring) into train/runs/sweep-e20; the fair cell itself is the
# fair runs' seed 1. About 10-25 min a run (bi / tri-G, 1 thread, beside CI).
SWEEP_E20 := OMP_NUM_THREADS=1 $(TRAIN_PY) train/sweep.py --epochs 20 --seeds 1 --kinds bi,tri-G \
	--runs train/runs/sweep-e20 --results train/results/sweep-e20
train-sweep-e20:
	$(SWEEP_E20) --configs narrow:0.5:default,stbp:0.2:default,stbp:0.5:centre

results-sweep:
	$(TRAIN_PY) train/sweep.py --report
	$(TRAIN_PY) train/sweep.py --report --epochs 3 --limit-train 10000 --limit-test 2000 --seeds 1 \
	  --runs train/runs/sweep-pilot --results train/results/sweep-pilot
	$(SWEEP_E20) --report

# Task-gated continual learning on permuted MNIST (issue 12, the paper's
# figure 4c; train/continual.py): [784-1024-10], T 5, V_th 0.5, a 3 % gate
# per task and layer, bi / tri-R / tri-G under the fair recipe, every
# earlier task evaluated with its own gate after each task. Runs one after
# another on 1 thread into train/runs/continual (complete runs are skipped,
# so an interrupted target resumes), then the curve and table into
# train/results/continual. MNIST comes from `make deps`.
# Expected time, from the process's CPU seconds measured on this machine
# with 1 thread (2 tasks x 1 epoch of 12,000 images scaled by 5, and 1 task
# x 3 full epochs; tables in docs/results.md "Continual learning"): a
# task-epoch of 60,000 images takes bi 18-21 s, tri-R 18-22 s, tri-G
# 20-25 s; evaluating one task on the
# 10,000 test images 2-3.5 s, and the full protocol evaluates 1,275 (task
# learnt, task) pairs. So one 50-task 10-epoch run is about 3.5 h (bi),
# 4.0 h (tri-R), 4.5 h (tri-G), and the 12 runs about 48 h on one core
# that has the CPU to itself. Under the shared machine's load (average
# 15-20 on 2 cores) the wall time was 3-13x the CPU time. Reduce with
# CONTINUAL_TASKS, CONTINUAL_EPOCHS, CONTINUAL_SEEDS, CONTINUAL_MODELS: e.g.
# 20 tasks x 10 epochs is about 1.3 h a run.
train-continual: deps
	$(CONTINUAL_PY) train/continual.py --models $(CONTINUAL_MODELS) --seeds $(CONTINUAL_SEEDS) \
	  --tasks $(CONTINUAL_TASKS) --epochs $(CONTINUAL_EPOCHS) --save-weights --out-dir train/runs/continual
	$(MAKE) --no-print-directory results-continual

# The same protocol reduced to a smoke run of the whole pipeline: 5 tasks x
# 1 epoch on the first 6,000 training images, 1,000 test images, seeds 1 and
# 2, into train/runs/continual-quick and train/results/continual-quick.
# Measured: 5 min of wall time at load average ~20 on the 2 cores, of which
# the 6 runs' training and evaluation took 78 s of CPU (1 thread).
train-continual-quick: deps
	$(CONTINUAL_PY) train/continual.py --models $(CONTINUAL_MODELS) --seeds 1,2 --tasks 5 --epochs 1 \
	  --limit-train 6000 --limit-test 1000 --out-dir train/runs/continual-quick
	$(TRAIN_PY) train/continual_plot.py --runs train/runs/continual-quick --out-dir train/results/continual-quick

# The reduced run docs/results.md reports ("Continual learning: 20 tasks x 1
# epoch"): 20 tasks x 1 epoch per task, seeds 1-2, all 60,000 / 10,000 images,
# into train/runs/continual-t20e1. Measured 2026-12-04/05: 17-25 min of wall
# time a run with two runs at once beside other jobs (17-22 CPU-s a
# task-epoch, 2-3 CPU-s a task evaluation); 6 runs, about 1.3 h with two at
# once. Then each run's final model exported and every task evaluated float
# and quantised, and the tables and curve. The export chooses each layer's
# w_shift on the last 5,000 training images (train/export_gated.py; about
# 70 s of the 2.7 min a run, measured 2026-12-05 on 1 thread). A run whose
# _export.log exists is not exported again: delete the logs to re-export
# after a change to the exporter. The .pt / _gates.npz (not
# committed) come from train-continual-t20e1.
CONT_T20_DIR := train/runs/continual-t20e1
train-continual-t20e1: deps
	$(CONTINUAL_PY) train/continual.py --models $(CONTINUAL_MODELS) --seeds 1,2 --tasks 20 --epochs 1 \
	  --save-weights --out-dir $(CONT_T20_DIR)
	$(MAKE) --no-print-directory results-continual-t20e1

# Export every run in $(1) that has a .pt and no _export.log yet, with
# export_gated.py's extra arguments $(2): the model file and every task
# evaluated float and golden on the 10,000 test images.
define export_continual_runs
for r in $(1)/*_s[0-9]*.pt; do r=$${r%.pt}; \
  if [ -e $$r.pt ] && [ ! -e $${r}_export.log ]; then \
    $(CONTINUAL_PY) train/export_gated.py --run $$r --out $$r.trn --limit-test 10000 $(2) > $${r}_export.log.tmp \
      && mv $${r}_export.log.tmp $${r}_export.log || exit 1; \
  fi; done
endef

results-continual-t20e1:
	$(call export_continual_runs,$(CONT_T20_DIR),)
	$(TRAIN_PY) train/continual_plot.py --runs $(CONT_T20_DIR) --out-dir train/results/continual-t20e1

# Analogues of the paper's figure 4d-f and S5 (train/continual_analysis.py,
# its docstring: this project's reading of the paper's one-sentence
# procedure): k-means clusters of the hidden neurons by normalised task
# variance (first CONT_ANALYSIS_IMAGES test images per task, each with its
# permutation and gates) and the hidden->output weight distribution after
# the last task, per model and seed, into train/results/continual-t20e1/
# analysis (PNGs, md, csv). Needs the runs' .pt / _gates.npz (not
# committed). Measured 2026-12-05 09:28 UTC: 36 s of CPU (31 user + 5 sys,
# 1 thread), 38 s wall at load 3, for the 6 runs at 1,000 images.
# CONT_ANALYSIS_RUNS / _OUT for other runs (e.g. the --qat ones).
CONT_ANALYSIS_RUNS   ?= $(CONT_T20_DIR)
CONT_ANALYSIS_OUT    ?= train/results/continual-t20e1/analysis
CONT_ANALYSIS_IMAGES ?= 1000
results-continual-analysis:
	@ls $(CONT_ANALYSIS_RUNS)/*_s[0-9]*.pt >/dev/null 2>&1 || { echo "results-continual-analysis: no .pt runs in \
	$(CONT_ANALYSIS_RUNS): run make train-continual-t20e1 first (the float weights are not committed)"; exit 1; }
	$(CONTINUAL_PY) train/continual_analysis.py --runs $(CONT_ANALYSIS_RUNS) --out-dir $(CONT_ANALYSIS_OUT) \
	  --images $(CONT_ANALYSIS_IMAGES)

# The same 20 tasks x 1 epoch trained quantisation-aware (continual.py --qat:
# every forward pass sees spec section 7's weights and biases, w_shift by the
# exporter's plain rule over every gate so far, straight-through gradients),
# so that the golden model matches float on every task (issue 12), into
# train/runs/continual-t20e1-qat; exported with that same plain rule
# (--calib-images 0). CONT_QAT_SEEDS splits the six runs between two make
# processes (1 thread each; run results-continual-t20e1-qat once more after
# both, since each exports what it finds when it ends). Measured 2026-12-05
# with two at once: 55 min for a seed's three runs (bi 17-22, tri-R 18-22,
# tri-G 15-16 min), then 2 min of export a run; details in the run
# folder's README.md.
CONT_QAT_DIR := train/runs/continual-t20e1-qat
CONT_QAT_SEEDS ?= 1,2
train-continual-t20e1-qat: deps
	$(CONTINUAL_PY) train/continual.py --models $(CONTINUAL_MODELS) --seeds $(CONT_QAT_SEEDS) --tasks 20 --epochs 1 \
	  --qat --save-weights --out-dir $(CONT_QAT_DIR)
	$(MAKE) --no-print-directory results-continual-t20e1-qat

results-continual-t20e1-qat:
	$(call export_continual_runs,$(CONT_QAT_DIR),--calib-images 0)
	$(TRAIN_PY) train/continual_plot.py --runs $(CONT_QAT_DIR) --out-dir train/results/continual-t20e1-qat

# Curve (mean +- std over seeds) and table of whatever runs train/runs/continual holds.
results-continual:
	$(TRAIN_PY) train/continual_plot.py --runs train/runs/continual --out-dir train/results/continual

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

# Figure 4b: cosine distance between the hidden layer's membrane potentials
# on clean and noisy images (train/membrane_distance.py, through `trinity
# membranes`): train/results/membrane_distance.{md,csv,png}. About 45 s of CPU
# for the 9 committed models at 1,000 images (7 min wall at load 16). MEMBRANE_MODELS=models/fair for
# the fair-recipe models.
MEMBRANE_MODELS ?= models
results-membranes: build
	$(TRAIN_PY) train/membrane_distance.py --models $(MEMBRANE_MODELS) --out-dir train/results$(subst models,,$(MEMBRANE_MODELS))

results: results-accuracy results-noise results-significance results-membranes results-fair results-sweep \
	results-continual-t20e1 results-continual-t20e1-qat

train-test:
	$(TRAIN_PY) -m unittest discover -s train/tests
