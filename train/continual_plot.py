#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The continual-learning curve (the paper's figure 4c) from train/continual.py's runs.

Reads every <name>_s<seed>_avg.csv (and its .json) in --runs and writes to
--out-dir:
  continual.csv  model, tasks_learnt, seeds, mean, std of the average
                 accuracy over the tasks learnt so far (std over seeds,
                 sample std; 0 with one seed)
  continual.md   the same as a table (every task count up to 10, then every
                 5th and the last), with what was run
  continual.png  the curves, mean +- std, with gnuplot

    /usr/bin/python3 train/continual_plot.py --runs train/runs/continual --out-dir train/results/continual
"""
import argparse
import csv
import glob
import json
import os
import re
import subprocess
from collections import defaultdict

import numpy as np

LABELS = {"bi_snn": "bi-SNN", "tri_snn_r": "tri-SNN(R)", "tri_snn_g": "tri-SNN(G)"}


def load_runs(runs_dir):
    """{model name: {seed: [average accuracy after task 1, 2, ...]}} and the runs' metadata."""
    curves, metas = defaultdict(dict), []
    for path in sorted(glob.glob(os.path.join(runs_dir, "*_s*_avg.csv"))):
        m = re.match(r"(.+)_s(\d+)_avg\.csv$", os.path.basename(path))
        if not m or m.group(1) not in LABELS:
            continue
        with open(path, newline="") as f:
            curves[m.group(1)][int(m.group(2))] = [float(r["average_accuracy"]) for r in csv.DictReader(f)]
        meta_path = path[:-len("_avg.csv")] + ".json"
        if os.path.exists(meta_path):
            with open(meta_path) as f:
                metas.append(json.load(f))
    return curves, metas


def summarise(curves):
    """Rows (model, tasks learnt, seeds, mean, std) for every task count some seed reached."""
    rows = []
    for name in LABELS:
        if name not in curves:
            continue
        longest = max(len(c) for c in curves[name].values())
        for k in range(1, longest + 1):
            vals = [c[k - 1] for c in curves[name].values() if len(c) >= k]
            std = float(np.std(vals, ddof=1)) if len(vals) > 1 else 0.0
            rows.append((name, k, len(vals), float(np.mean(vals)), std))
    return rows


def describe(metas):
    """One line per distinct protocol among the runs."""
    seen = defaultdict(list)
    for m in metas:
        key = "%d tasks x %d epochs, %d training / %d test images, gate density %g, [%s], T %d" % (
            m["tasks"], m["epochs_per_task"], m["data"]["train_images"], m["data"]["test_images"],
            m["gate_density"], "-".join(str(n) for n in m["architecture"]), m["timesteps"])
        seen[key].append("%s s%d" % (m["kind"], m["seed"]))
    return ["%s: %s" % (k, ", ".join(v)) for k, v in seen.items()]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", required=True)
    p.add_argument("--out-dir", required=True)
    args = p.parse_args(argv)
    curves, metas = load_runs(args.runs)
    if not curves:
        raise SystemExit("continual_plot.py: %s: no <model>_s<seed>_avg.csv runs" % args.runs)
    rows = summarise(curves)
    os.makedirs(args.out_dir, exist_ok=True)

    with open(os.path.join(args.out_dir, "continual.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["model", "tasks_learnt", "seeds", "mean_accuracy", "std_accuracy"])
        w.writerows([(LABELS[n], k, s, "%.4f" % m, "%.4f" % sd) for n, k, s, m, sd in rows])

    names = [n for n in LABELS if n in curves]
    table = {(n, k): (s, m, sd) for n, k, s, m, sd in rows}
    last = max(k for _, k, _, _, _ in rows)
    ks = [k for k in range(1, last + 1) if k <= 10 or k % 5 == 0 or k == last]
    lines = ["Average test accuracy over the tasks learnt so far, mean ± std over seeds (n = seeds), float model.",
             "Runs: " + "; ".join(describe(metas)) + ".", "",
             "| tasks learnt | " + " | ".join(LABELS[n] for n in names) + " |",
             "|---:|" + "---:|" * len(names)]
    for k in ks:
        cells = []
        for n in names:
            s, m, sd = table.get((n, k), (0, None, None))
            cells.append("" if m is None else "%.2f ± %.2f (%d)" % (100 * m, 100 * sd, s))
        lines.append("| %d | %s |" % (k, " | ".join(cells)))
    with open(os.path.join(args.out_dir, "continual.md"), "w") as f:
        f.write("\n".join(lines) + "\n")

    dat = os.path.join(args.out_dir, "continual_plot.dat")
    with open(dat, "w") as f:
        for n in names:
            f.write("# %s\n" % LABELS[n])
            for name, k, s, m, sd in rows:
                if name == n:
                    f.write("%d %.4f %.4f\n" % (k, 100 * m, 100 * sd))
            f.write("\n\n")
    png = os.path.join(args.out_dir, "continual.png")
    plots = ", ".join("'%s' index %d using 1:2:3 with yerrorlines title '%s'" % (dat, i, LABELS[n])
                      for i, n in enumerate(names))
    subprocess.run(["gnuplot"], check=True, input=("""set terminal pngcairo size 900,560 font 'sans,10'
set output '%s'
set title 'Task-gated continual learning, permuted MNIST: mean +- std over seeds'
set xlabel 'tasks learnt'
set ylabel 'average test accuracy over learnt tasks (%%)'
set key bottom left
set grid
set xrange [0.5:%g]
set xtics %d
plot %s
""" % (png, last + 0.5, max(1, last // 10), plots)).encode())
    for name in ("continual.csv", "continual.md", "continual.png"):
        print("wrote %s" % os.path.join(args.out_dir, name))


if __name__ == "__main__":
    main()
