#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Figure 4b of the paper: how far salt-and-pepper noise moves the hidden
layer's membrane potentials, per model and noise level.

For each model file and noise level p, the first --limit Fashion-MNIST test
images get the noise of `experiments.py noise` (same generator and seeds),
are rate-coded per spec §6, and run through the C++ golden reference by
`trinity membranes` (the golden model's own hook: V_n of layer 1, the
hidden layer of [784-512-10], before the reset, summed over T). Per image,
the cosine distance 1 - cos(clean, noisy) between the time-averaged hidden
potentials of the clean and the noisy image; per model file, the mean over
images; per model, mean and std over seeds. Images whose clean or noisy
vector is all zero have no direction and are counted, not averaged.

Writes <out-dir>/membrane_distance.{csv,md,png}. About 1 s per model and
level at 1,000 images.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import experiments as ex  # noqa: E402
import significance  # noqa: E402
from trinity_train import data, rate_coding  # noqa: E402
from trinity_train.model_file import read_model  # noqa: E402


def hidden_sums(model, spikes, tmp):
    """int32 [N, n_hidden]: the golden reference's V_n sums of layer 1 (trinity membranes)."""
    inp, out = os.path.join(tmp, "in.npy"), os.path.join(tmp, "v.npy")
    np.save(inp, spikes)
    subprocess.run([ex.TRINITY, "membranes", "--model", model, "--input", inp, "--layer", "1", "--out", out],
                   check=True, stdout=subprocess.DEVNULL)
    return np.load(out)


def cosine_distances(clean, noisy):
    """Per-row 1 - cos(clean, noisy), and how many rows had a zero vector (left out)."""
    c, n = clean.astype(np.float64), noisy.astype(np.float64)
    norms = np.linalg.norm(c, axis=1) * np.linalg.norm(n, axis=1)
    ok = norms > 0
    return 1.0 - (c[ok] * n[ok]).sum(axis=1) / norms[ok], int((~ok).sum())


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default=os.path.join(ex.REPO, "models"))
    p.add_argument("--out-dir", default=os.path.join(HERE, "results"))
    p.add_argument("--data-dir", default=data.DEFAULT_DIR)
    p.add_argument("--limit", type=int, default=1000, help="the first N test images")
    args = p.parse_args(argv)
    if not os.path.exists(ex.TRINITY):
        sys.exit("membrane_distance.py: %s is not built (make build)" % ex.TRINITY)
    os.makedirs(args.out_dir, exist_ok=True)
    te_x, _ = data.load_split("t10k", args.data_dir)
    te_x = te_x[:args.limit]
    models = ex.find_models(args.models)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        spikes_at = {}
        for prefix, label in ex.NAMES:
            for seed, path in models[prefix]:
                T = read_model(path)["timesteps"]
                clean = None
                for li, level in enumerate(ex.NOISE_LEVELS):
                    if (level, T) not in spikes_at:
                        noisy = ex.salt_and_pepper(te_x, level, np.random.default_rng(ex.NOISE_SEED + li))
                        spikes_at[(level, T)] = rate_coding.encode(noisy, T, seed=0,
                                                                   indices=np.arange(len(te_x), dtype=np.uint64))
                    sums = hidden_sums(path, spikes_at[(level, T)], tmp)
                    if clean is None:
                        clean = sums  # NOISE_LEVELS starts at 0: the clean images
                    d, silent = cosine_distances(clean, sums)
                    rows.append({"model": label, "prefix": prefix, "seed": seed, "noise": level,
                                 "cosine_distance": round(max(0.0, float(d.mean())), 6), "images": len(te_x),
                                 "zero_vectors": silent})
                print("%s s%d: %s" % (prefix, seed, " ".join(
                    "%.3f" % r["cosine_distance"] for r in rows if r["prefix"] == prefix and r["seed"] == seed)),
                    flush=True)
    csv_path = os.path.join(args.out_dir, "membrane_distance.csv")
    with open(csv_path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    head = "| model (runs) | " + " | ".join("%d %%" % round(100 * p) for p in ex.NOISE_LEVELS) + " |"
    lines = ["Cosine distance between the time-averaged hidden-layer (layer 1) membrane potentials V_n of clean and "
             "noisy images (mean over %d test images; mean ± std over seeds; C++ golden reference via "
             "`trinity membranes`):" % len(te_x), "", head, "|---|" + "---|" * len(ex.NOISE_LEVELS)]
    series = []
    for prefix, label in ex.NAMES:
        per_level = [[r["cosine_distance"] for r in rows if r["prefix"] == prefix and r["noise"] == lv]
                     for lv in ex.NOISE_LEVELS]
        if not per_level[0]:
            continue
        stats = [ex.mean_std(v) for v in per_level]
        series.append((label, stats))
        lines.append("| %s (%d) | %s |" % (label, len(per_level[0]), " | ".join(
            "%.3f ± %.3f" % (m, s) if not np.isnan(s) else "%.3f" % m for m, s in stats)))
    lines += ["", "Welch's t-test over seeds (two-sided p, `train/significance.py`) between the models' distances:", "",
              "| pair | " + " | ".join("%d %%" % round(100 * p) for p in ex.NOISE_LEVELS[1:]) + " |",
              "|---|" + "---|" * (len(ex.NOISE_LEVELS) - 1)]
    labels = [label for label, _ in series]
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            cells = []
            for lv in ex.NOISE_LEVELS[1:]:
                a = [r["cosine_distance"] for r in rows if r["model"] == labels[i] and r["noise"] == lv]
                b = [r["cosine_distance"] for r in rows if r["model"] == labels[j] and r["noise"] == lv]
                cells.append(significance.fmt_p(significance.welch(a, b)[3]) if len(a) > 1 and len(b) > 1 else "–")
            lines.append("| %s vs %s | %s |" % (labels[i], labels[j], " | ".join(cells)))
    silent = sum(r["zero_vectors"] for r in rows)
    lines += ["", "Images left out for an all-zero vector (clean or noisy), over all rows: %d." % silent]
    with open(os.path.join(args.out_dir, "membrane_distance.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    dat = os.path.join(args.out_dir, "membrane_distance.dat")
    with open(dat, "w") as f:
        for li, level in enumerate(ex.NOISE_LEVELS):
            f.write("%g %s\n" % (100 * level, " ".join("%g %g" % (s[li][0], 0 if np.isnan(s[li][1]) else s[li][1])
                                                      for _, s in series)))
    png = os.path.join(args.out_dir, "membrane_distance.png")
    colors = ["#d62728", "#1f77b4", "#2ca02c", "#8e44ad"]
    plots = ", ".join("'%s' using 1:%d:%d with yerrorlines lc rgb '%s' pt 7 ps 0.7 title '%s'" % (
        dat, 2 + 2 * k, 3 + 2 * k, colors[k % 4], label) for k, (label, _) in enumerate(series))
    ex.gnuplot("""set terminal pngcairo size 800,500
set output '%s'
set key top left
set grid
set xlabel 'salt-and-pepper noise (%% of pixels set to 0 or 255)'
set ylabel 'cosine distance, hidden-layer V_n (clean vs noisy)'
set title 'Figure 4b: hidden-layer membrane drift under noise (%d test images)'
set xrange [-2:52]
plot %s
""" % (png, len(te_x), plots))
    os.remove(dat)
    print("wrote %s, %s" % (csv_path, png))


if __name__ == "__main__":
    main()
