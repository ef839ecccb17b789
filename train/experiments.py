#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Experiments of docs/results.md, from the committed models (models/*_s<seed>.trn).

    accuracy  table of float vs golden test accuracy per model and seed, mean +- std per model,
              and a plot of float test accuracy per epoch (from train/runs/<name>.csv)
    noise     salt-and-pepper robustness: a fraction p in {0, 10, ..., 50} % of the test
              pixels set to 0 or 255 (half each); accuracy of the golden model and of the
              float network, per model and seed, mean +- std per model

"golden" everywhere is trinity_train.snn.quantised_forward, the integer forward pass of
docs/fixed-point-spec.md §4, which train/tests/test_quantized_forward.py checks spike for
spike against sim/golden/golden_model.cpp (the C++ golden model). "float" in the accuracy
table is the trained float network, as recorded by train/train.py in the model metadata;
in the noise experiment (where only the exported file exists) it is the dequantised
network run in float with the exact Gaussian (SNN.from_quantised), i.e. it isolates the
fixed-point arithmetic (LUT, integer rounding, saturation), not the weight rounding.

Input spikes are spec §6 rate coding, seed 0, image index = position in the t10k split.

    OMP_WAIT_POLICY=passive /usr/bin/python3 train/experiments.py accuracy
    OMP_WAIT_POLICY=passive /usr/bin/python3 train/experiments.py noise
"""
import argparse
import csv
import glob
import os
import re
import subprocess
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from trinity_train import data, rate_coding  # noqa: E402
from trinity_train.model_file import read_model  # noqa: E402
from trinity_train.quantize import layers_from_file  # noqa: E402
from trinity_train.runs import float_counts as net_float_counts  # noqa: E402
from trinity_train.snn import SNN, decode, quantised_forward  # noqa: E402

# tri_snn_lut: a tri-LUT model whose table is the measured device curve (fair recipe only)
NAMES = [("tri_snn_g", "tri-SNN(G)"), ("tri_snn_r", "tri-SNN(R)"), ("bi_snn", "bi-SNN"), ("tri_snn_lut", "tri-SNN(LUT)")]
NOISE_LEVELS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
NOISE_SEED = 20260


def find_models(model_dir):
    """{prefix: [(seed, path), ...]} for models/<prefix>_s<seed>.trn."""
    out = {}
    for prefix, _ in NAMES:
        runs = []
        for p in glob.glob(os.path.join(model_dir, prefix + "_s*.trn")):
            m = re.match(re.escape(prefix) + r"_s(\d+)\.trn$", os.path.basename(p))
            if m:
                runs.append((int(m.group(1)), p))
        out[prefix] = sorted(runs)
    return out


def mean_std(xs):
    xs = np.asarray(xs, dtype=np.float64)
    if len(xs) == 0:
        return float("nan"), float("nan")
    return float(xs.mean()), float(xs.std(ddof=1)) if len(xs) > 1 else float("nan")


def fmt_ms(xs, scale=100.0):
    m, s = mean_std(xs)
    if np.isnan(m):
        return "–"
    return "%.2f ± %.2f" % (m * scale, s * scale) if not np.isnan(s) else "%.2f (n=1)" % (m * scale)


TRINITY = os.path.join(REPO, "build", "host", "cli", "trinity")


def cpp_golden_counts(model):
    """Output spike counts of the C++ golden model (trinity run --backend golden) on all test images."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "golden.csv")
        subprocess.run([TRINITY, "run", "-q", "--model", model, "--backend", "golden", "--dataset", "fashion-mnist",
                        "--split", "test", "--out", out], check=True, stdout=subprocess.DEVNULL)
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
    return np.array([[int(r["count%d" % k]) for k in range(10)] for r in rows], dtype=np.int64)


def gnuplot(script):
    subprocess.run(["gnuplot"], input=script.encode(), check=True)


def salt_and_pepper(images, p, rng):
    """Each pixel independently with probability p replaced by 0 or 255 (equal chance)."""
    x = images.copy()
    u = rng.random(images.shape)
    x[u < p / 2] = 0
    x[(u >= p / 2) & (u < p)] = 255
    return x


def float_counts(layers, daf_params, spikes, batch=1000):
    return net_float_counts(SNN.from_quantised(layers, daf_params), spikes, batch)


# ------------------------------------------------------------------ accuracy

def run_accuracy(args):
    models = find_models(args.models)
    os.makedirs(args.out_dir, exist_ok=True)
    rows = []
    for prefix, label in NAMES:
        for seed, path in models[prefix]:
            md = read_model(path)["metadata"]
            golden = md["quantised_test_accuracy"]
            cpp = ""
            if args.recheck:
                # recompute the golden accuracy from the file (Python integer forward pass) and, if the CLI
                # is built, compare every image's output spike counts with the C++ golden model's
                te_x, te_y = data.load_split("t10k", args.data_dir)
                spikes = rate_coding.encode(te_x, md["timesteps"], seed=0)
                counts = quantised_forward(layers_from_file(read_model(path)["layers"]), spikes)
                golden_re = float(np.mean(decode(counts) == te_y))
                assert abs(golden_re - golden) < 1e-9, (path, golden_re, golden)
                if os.access(TRINITY, os.X_OK):
                    cpp_counts = cpp_golden_counts(path)
                    cpp = "yes" if np.array_equal(cpp_counts, counts) else "NO"
                    assert cpp == "yes", path
            rows.append({"model": label, "prefix": prefix, "seed": seed, "epochs": md["epochs"],
                         "lr_schedule": md.get("lr_schedule", "none"),
                         "float": md["float_test_accuracy"], "golden": golden,
                         "loss_pp": round(100 * (md["float_test_accuracy"] - golden), 2),
                         "agreement": md.get("float_quantised_agreement", ""),
                         "train_seconds": round(sum(md.get("epoch_seconds", [])), 0),
                         "cpp_counts_equal": cpp,
                         "file": os.path.relpath(path, REPO)})
    with open(os.path.join(args.out_dir, "accuracy.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["model"])
        w.writeheader()
        w.writerows(rows)
    lines = ["| model | seed | epochs | float % | golden % | float − golden (pp) | prediction agreement | "
             "C++ golden counts = Python (10,000 images) | training s |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append("| %s | %d | %d | %.2f | %.2f | %+.2f | %s | %s | %d |" % (
            r["model"], r["seed"], r["epochs"], 100 * r["float"], 100 * r["golden"], r["loss_pp"],
            "%.2f %%" % (100 * r["agreement"]) if r["agreement"] != "" else "–", r["cpp_counts_equal"] or "not run",
            r["train_seconds"]))
    lines += ["", "| model | runs | float % (mean ± std) | golden % (mean ± std) | max quantisation loss (pp) |",
              "|---|---|---|---|---|"]
    for prefix, label in NAMES:
        rs = [r for r in rows if r["prefix"] == prefix]
        if not rs:
            continue  # a kind with no model in this folder (tri-LUT in the legacy one)
        lines.append("| %s | %d | %s | %s | %s |" % (
            label, len(rs), fmt_ms([r["float"] for r in rs]), fmt_ms([r["golden"] for r in rs]),
            "%+.2f" % max(r["loss_pp"] for r in rs)))
    table = "\n".join(lines) + "\n"
    with open(os.path.join(args.out_dir, "accuracy.md"), "w") as f:
        f.write(table)
    print(table)

    # accuracy per epoch, from the CSV logs
    series = []
    for prefix, label in NAMES:
        for seed, path in models[prefix]:
            log = os.path.join(args.runs, "%s_s%d.csv" % (prefix, seed))
            if os.path.exists(log):
                series.append((label, seed, log))
    png = os.path.join(args.out_dir, "accuracy_per_epoch.png")
    if series:
        colours = {"tri-SNN(G)": "#c0392b", "tri-SNN(R)": "#2471a3", "bi-SNN": "#229954", "tri-SNN(LUT)": "#8e44ad"}
        dashes = {1: 1, 2: 2, 3: 3, 4: 4}
        for log in sorted(glob.glob(os.path.join(args.runs, "*_noguard.csv"))):
            m = re.match(r"(\w+?)_s(\d+)_noguard\.csv$", os.path.basename(log))
            if m and m.group(1) in dict(NAMES):
                series.append((dict(NAMES)[m.group(1)] + " no guard", int(m.group(2)), log))
        colours.update({k + " no guard": "#7f8c8d" for k in list(colours)})
        plots = ", ".join(
            "'%s' using 1:($4*100) with linespoints lc rgb '%s' dt %d pt 7 ps 0.5 title '%s seed %d'" % (
                log, colours[label], dashes.get(seed, 1), label, seed, ) for label, seed, log in series)
        gnuplot("""set terminal pngcairo size 900,560 font 'sans,10'
set output '%s'
set datafile separator ','
set key bottom right
set grid
set xlabel 'epoch'
set ylabel 'float test accuracy (%%), 10,000 images, spec 6 spikes'
set title 'Fashion-MNIST [784-512-10], T = 10: test accuracy after each epoch'
set yrange [50:90]
plot %s
""" % (png, plots))
        print("wrote %s" % png)


# ------------------------------------------------------------------ noise

def run_noise(args):
    models = find_models(args.models)
    os.makedirs(args.out_dir, exist_ok=True)
    te_x, te_y = data.load_split("t10k", args.data_dir)
    if args.limit:
        te_x, te_y = te_x[:args.limit], te_y[:args.limit]
    loaded = []
    for prefix, label in NAMES:
        for seed, path in models[prefix]:
            f = read_model(path)
            md = f["metadata"]
            daf = md.get("daf")
            loaded.append((prefix, label, seed, layers_from_file(f["layers"]), daf, f["timesteps"],
                           "%08x" % f["crc"]))
    # results of an earlier run for the same file (crc), level and image count are reused
    cache = {}
    cache_path = os.path.join(args.out_dir, "noise.csv")
    if os.path.exists(cache_path) and not args.no_cache:
        with open(cache_path, newline="") as f:
            for r in csv.DictReader(f):
                if "crc" in r:
                    cache[(r["prefix"], int(r["seed"]), r["crc"], float(r["noise"]), int(r["images"]))] = r
    rows = []
    for li, p in enumerate(NOISE_LEVELS):
        t0 = time.perf_counter()
        spikes = None
        for prefix, label, seed, layers, daf, T, crc in loaded:
            hit = cache.get((prefix, seed, crc, p, len(te_y)))
            if hit:
                g, fl = float(hit["golden"]), float(hit["float"])
            else:
                if spikes is None:
                    noisy = salt_and_pepper(te_x, p, np.random.default_rng(NOISE_SEED + li))
                    spikes = rate_coding.encode(noisy, T, seed=0, indices=np.arange(len(te_x), dtype=np.uint64))
                g = float(np.mean(decode(quantised_forward(layers, spikes)) == te_y))
                fl = float(np.mean(decode(float_counts(layers, daf, spikes)) == te_y))
            rows.append({"model": label, "prefix": prefix, "seed": seed, "noise": p, "float": round(fl, 4),
                         "golden": round(g, 4), "crc": crc, "images": len(te_y)})
        print("noise %.0f %%: %s (%.1f s)" % (100 * p, ", ".join(
            "%s s%d %.4f/%.4f" % (r["prefix"], r["seed"], r["float"], r["golden"]) for r in rows if r["noise"] == p),
            time.perf_counter() - t0), flush=True)
    with open(os.path.join(args.out_dir, "noise.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    head = "| model (runs) | " + " | ".join("%d %%" % round(100 * p) for p in NOISE_LEVELS) + " |"
    lines = ["Golden-model test accuracy (%%, mean ± std over seeds), %d test images, salt-and-pepper noise:" % len(te_y),
             "", head, "|---|" + "---|" * len(NOISE_LEVELS)]
    summary = {}
    for kind in ("golden", "float"):
        if kind == "float":
            lines += ["", "Float (dequantised weights, exact Gaussian) test accuracy (%, mean ± std over seeds):", "",
                      head, "|---|" + "---|" * len(NOISE_LEVELS)]
        for prefix, label in NAMES:
            rs = [r for r in rows if r["prefix"] == prefix]
            if not rs:
                continue
            n = len({r["seed"] for r in rs})
            cells = []
            for p in NOISE_LEVELS:
                xs = [r[kind] for r in rs if r["noise"] == p]
                summary[(prefix, kind, p)] = mean_std(xs)
                cells.append(fmt_ms(xs).replace(" (n=1)", ""))
            lines.append("| %s (%d) | %s |" % (label, n, " | ".join(cells)))
    table = "\n".join(lines) + "\n"
    with open(os.path.join(args.out_dir, "noise.md"), "w") as f:
        f.write(table)
    print(table)

    dat = os.path.join(args.out_dir, "noise_plot.dat")
    present = [(prefix, label) for prefix, label in NAMES if any(r["prefix"] == prefix for r in rows)]
    with open(dat, "w") as f:
        f.write("# noise%% " + " ".join("%s_golden_mean %s_golden_std %s_float_mean %s_float_std" % ((pr,) * 4)
                                        for pr, _ in present) + "\n")
        for p in NOISE_LEVELS:
            vals = []
            for prefix, _ in present:
                for kind in ("golden", "float"):
                    m, s = summary[(prefix, kind, p)]
                    vals += [100 * m, 0.0 if np.isnan(s) else 100 * s]
            f.write("%g %s\n" % (100 * p, " ".join("%.3f" % v for v in vals)))
    colours = {"tri_snn_g": "#c0392b", "tri_snn_r": "#2471a3", "bi_snn": "#229954", "tri_snn_lut": "#8e44ad"}
    parts = []
    for k, (prefix, label) in enumerate(present):
        c = 2 + 4 * k
        parts.append("'%s' using 1:%d:%d with yerrorlines lc rgb '%s' pt 7 ps 0.7 title '%s golden'" % (
            dat, c, c + 1, colours[prefix], label))
        parts.append("'%s' using 1:%d with lines lc rgb '%s' dt 2 title '%s float'" % (
            dat, c + 2, colours[prefix], label))
    png = os.path.join(args.out_dir, "noise.png")
    gnuplot("""set terminal pngcairo size 900,560 font 'sans,10'
set output '%s'
set key bottom left
set grid
set xlabel 'salt-and-pepper noise (%% of pixels set to 0 or 255)'
set ylabel 'test accuracy (%%), mean and std over seeds'
set title 'Fashion-MNIST, %d test images: robustness to salt-and-pepper noise'
set xrange [-2:52]
plot %s
""" % (png, len(te_y), ", ".join(parts)))
    print("wrote %s" % png)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("experiment", choices=["accuracy", "noise"])
    p.add_argument("--models", default=os.path.join(REPO, "models"))
    p.add_argument("--out-dir", default=os.path.join(HERE, "results"))
    p.add_argument("--runs", default=os.path.join(HERE, "runs"),
                   help="accuracy: folder of the per-epoch CSV logs (<name>_s<seed>.csv) for the plot")
    p.add_argument("--data-dir", default=data.DEFAULT_DIR)
    p.add_argument("--limit", type=int, default=0, help="noise: only the first N test images")
    p.add_argument("--recheck", action="store_true",
                   help="accuracy: recompute the golden accuracy from the file instead of trusting the metadata")
    p.add_argument("--no-cache", action="store_true", help="noise: recompute every row (no reuse of noise.csv)")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    {"accuracy": run_accuracy, "noise": run_noise}[args.experiment](args)


if __name__ == "__main__":
    main()
