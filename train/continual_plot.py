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
  continual_forgetting.md  per model, over the tasks of each run: accuracy
                 just after learning a task, at the end, and the difference
                 (forgetting), mean +- std over seeds; and Welch's t-test
                 (train/significance.py) between every pair of models on the
                 final average accuracy, with what n the seeds give
  continual_golden.md  when the runs have <run>_export.log (train/export_gated.py
                 --limit-test): per run, every task's float and quantised
                 (golden) accuracy of the final model, and the largest gap

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

import significance

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


def load_pairs(runs_dir):
    """{model name: {seed: {(task learnt, task evaluated): accuracy}}} from each run's .csv."""
    runs = defaultdict(dict)
    for path in sorted(glob.glob(os.path.join(runs_dir, "*_s*.csv"))):
        m = re.match(r"(.+)_s(\d+)\.csv$", os.path.basename(path))
        if not m or m.group(1) not in LABELS:
            continue
        with open(path, newline="") as f:
            runs[m.group(1)][int(m.group(2))] = {
                (int(r["task_learnt"]), int(r["task_evaluated"])): float(r["accuracy"]) for r in csv.DictReader(f)}
    return runs


def forgetting_lines(curves, pairs):
    """The learning / forgetting table and the pairwise tests on the final averages (complete runs only)."""
    last = max(len(c) for runs in curves.values() for c in runs.values())
    lines = ["Runs that reached %d tasks. Per run, over its tasks k: accuracy of task k just after learning it," % last,
             "A(k, k); at the end, A(%d, k); forgetting = A(k, k) - A(%d, k); each the mean over k, then" % (last, last),
             "mean ± std over seeds (n). Percent.", "",
             "| model | n | just learnt | at the end | forgetting | final average |", "|---|---:|---:|---:|---:|---:|"]
    finals = {}
    for name in LABELS:
        seeds = [s for s, c in curves.get(name, {}).items() if len(c) == last and s in pairs.get(name, {})]
        if not seeds:
            continue
        learnt, end, forgot = [], [], []
        for s in seeds:
            a = pairs[name][s]
            learnt.append(np.mean([a[(k, k)] for k in range(1, last + 1)]))
            end.append(np.mean([a[(last, k)] for k in range(1, last + 1)]))
            forgot.append(learnt[-1] - end[-1])
        finals[name] = [curves[name][s][-1] for s in seeds]

        def cell(xs):
            return "%.2f ± %.2f" % (100 * np.mean(xs), 100 * np.std(xs, ddof=1) if len(xs) > 1 else 0.0)
        lines.append("| %s | %d | %s | %s | %s | %s |" % (LABELS[name], len(seeds), cell(learnt), cell(end),
                                                      cell(forgot), cell(finals[name])))
    lines += ["", "Welch's t-test on the final average accuracy per seed (two-sided; p < %g: different):" %
              significance.ALPHA, "", "| pair | difference (pp) | t | dof | p | verdict |", "|---|---:|---:|---:|---:|---|"]
    names = [n for n in LABELS if n in finals]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if len(finals[a]) < 2 or len(finals[b]) < 2:
                lines.append("| %s - %s | %.2f | | | | one seed: no test |" % (
                    LABELS[a], LABELS[b], 100 * (np.mean(finals[a]) - np.mean(finals[b]))))
                continue
            d, t, dof, p = significance.welch(finals[a], finals[b])
            lines.append("| %s - %s | %.2f | %.2f | %.1f | %s | %s |" % (
                LABELS[a], LABELS[b], 100 * d, t, dof, significance.fmt_p(p), significance.verdict(p)))
    return lines


def golden_lines(runs_dir):
    """Float vs quantised (golden) accuracy per task of each exported run, from its export log.

    Logs of the current exporter also give, per task, how many images only the
    float / only the quantised network gets right; then each task's gap gets
    McNemar's exact p (significance.mcnemar_p), the gap's own sampling test.
    """
    lines = ["Final model of each run, every task with its own gate and permutation, on the MNIST test images",
             "train/export_gated.py evaluated: float, and the quantised network (fixed-point spec; the Python",
             "integer forward pass, held equal to the C++ golden model by train/tests/test_export_gated.py). Percent.",
             "w_shift: each layer's weight scale as the export chose it; differ: share of the images whose",
             "float and golden decisions differ, mean over tasks; p: McNemar's exact test of a task's gap (the images only",
             "float gets right against those only golden gets right; with 20 tasks a run, p < 0.0025 would be",
             "a gap beyond sampling at 5 % over the run).",
             "", "| run | w_shift | tasks | mean float | mean golden | differ (%) | largest gap (pp) | its p "
             "| tasks with gap > 0.5 pp (gap, p) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    found = False
    for path in sorted(glob.glob(os.path.join(runs_dir, "*_s*_export.log"))):
        with open(path) as f:
            text = f.read()
        rows = re.findall(r"task (\d+): float ([0-9.]+) quantised ([0-9.]+)"
                          r"(?: images (\d+) disagree (\d+) float-only-right (\d+) quantised-only-right (\d+))?",
                          text)
        if not rows:
            continue
        found = True
        shift = re.search(r"calibration: chose w_shift (\[[-0-9, ]*\])", text)
        gaps = [(abs(float(a) - float(b)) * 100, int(k),
                 significance.mcnemar_p(int(f), int(q)) if f else None) for k, a, b, _, _, f, q in rows]
        over = ["%d (%.2f%s)" % (k, g, ", p %s" % significance.fmt_p(p) if p is not None else "")
                for g, k, p in gaps if g > 0.5]
        big = max(gaps, key=lambda t: t[:2])
        differ = "%.2f" % (100 * np.mean([int(d) / int(n) for _, _, _, n, d, _, _ in rows])) if rows[0][3] else "–"
        lines.append("| %s | %s | %d | %.2f | %.2f | %s | %.2f | %s | %s |" % (
            os.path.basename(path)[:-len("_export.log")], shift.group(1) if shift else "§7 plain", len(rows),
            100 * np.mean([float(r[1]) for r in rows]), 100 * np.mean([float(r[2]) for r in rows]),
            differ, big[0], significance.fmt_p(big[2]) if big[2] is not None else "–", ", ".join(over) or "none"))
    return lines if found else None


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
    with open(os.path.join(args.out_dir, "continual_forgetting.md"), "w") as f:
        f.write("\n".join(forgetting_lines(curves, load_pairs(args.runs))) + "\n")
    written = ["continual.csv", "continual.md", "continual.png", "continual_forgetting.md"]
    golden = golden_lines(args.runs)
    if golden:
        with open(os.path.join(args.out_dir, "continual_golden.md"), "w") as f:
            f.write("\n".join(golden) + "\n")
        written.append("continual_golden.md")
    for name in written:
        print("wrote %s" % os.path.join(args.out_dir, name))


if __name__ == "__main__":
    main()
