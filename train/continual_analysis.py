#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Analogues of the paper's figure 4d-f and S5 for train/continual.py's runs:
clusters of hidden neurons by task variance, and the hidden->output weights.

The paper (Methods) says only "k-means clusters of layer-2 neurons by task
variance (fig. 4d-f) and layer-2->3 weight distributions after 50 tasks".
The procedure below is this project's reading of that sentence; the
paper's own may differ (how task variance is defined, normalised, which
neurons enter, how k is chosen).

Layer 2 is the hidden layer (1,024 neurons), layer 3 the output layer. For
each run (<name>_s<seed>.pt and _gates.npz in --runs, rebuilt with
train/export_gated.py's load_run, float weights after the last task):

Task variance (Yang et al. 2019, Nat. Neurosci. 22:297, whose "task
variance" clustering the paper's wording follows). For every task k, the
first --images MNIST test images (default 1,000) with task k's pixel
permutation, spec §6 spikes (seed 0, train/continual.py test_spikes), the
network with task k's gates (both layers); each hidden neuron i's spike
rate on image n is its spike count over the T timesteps / T. Then

  rate[k, i]   mean over the images (also reported: how much it varies
               across tasks, std / mean over k, per neuron)
  tv[k, i]     task variance: variance over the images (population variance)
  ntv[k, i]    tv[k, i] / max_k tv[k, i], each neuron's profile over tasks
               scaled to peak 1 (Yang et al.'s normalisation). A neuron
               with tv = 0 in every task (it never spikes, or always does
               the same) has no profile and is left out ("flat").

k-means (Euclidean, k-means++ start, 10 starts, the lowest inertia kept,
seeded) on the ntv profiles (one point per neuron, K tasks its
coordinates), for k = 2..8; k is the one with the highest mean silhouette
(Yang et al.'s rule). As a reference with no task structure, the same
k-means and silhouette on the profiles with each neuron's values shuffled
across tasks (independently per neuron, seeded): a silhouette close to this
null means the clusters are no more than what k-means finds in any cloud of
K-dimensional points. Also per neuron: Pearson r across tasks between tv
and the neuron's gated fan-in in that task (its input synapses in task k's
layer-1 gate, about 0.03 * 784): how much of a neuron's profile the random
gate draw explains; the mean over non-flat neurons is reported. And
whether training shaped the profiles: hidden neuron i "takes part" in task
k when task k's layer-2 gate holds one of i's output synapses (only then
does task k's gradient reach i's input weights; about 1 - 0.97^10 = 26 %
of the (neuron, task) pairs); the mean ntv over the pairs that take part
against the pairs that do not.

Cluster summary, per cluster: its size; its centroid's mean over tasks
(breadth: 1 = equally variable in every task); the tasks where the centroid
is >= 0.5; its peak task. Cluster labels are arbitrary, so clusters are
not matched across seeds; the per-run scalars (k, silhouette, null,
flat neurons, largest cluster's share, r) are given as mean ± spread over
the seeds (spread = half the range with two seeds, i.e. |s1 - s2| / 2; the
table says which).

Weights (S5). The hidden->output float weights W [10, 1024] after the last
task, only the synapses in the union of all tasks' layer-2 gates (a synapse
in no gate never trains and keeps its initial value; those are reported
apart as a check: they should be the initial uniform(-b, b) with
b = 1/sqrt(density * 1024), excess kurtosis -1.2). Per run: n, mean, std,
excess kurtosis (m4 / m2^2 - 3, 0 for a Gaussian), the share near zero
(|w| < 0.1 b), the share beyond the initial range (|w| > b), max |w|, and
the std of the synapses in exactly one task's gate against those in two or
more. The histogram (density, so seeds and models are comparable) per
model, both seeds, with the initial density 1/(2b) drawn for reference.

A --qat run (its .pt meta "qat": true) is rebuilt by load_run with the
fake-quantised forward it trained with (the activities are that
network's); its weight statistics are of the float (shadow) weights, like
every other run's. A checkout whose continual.py has no --qat refuses
such a run rather than analyse it as a plain float network.

Outputs in --out-dir: continual_analysis.md (the numbers), .csv (one row
per run), continual_analysis_clusters.csv (every cluster's centroid),
clusters_<model>.png (per seed: the ntv heat map, neurons sorted by
cluster and peak task, and the centroids), weights_<model>.png and
weights_all.png (histograms), with gnuplot like train/continual_plot.py.

    OMP_NUM_THREADS=1 /usr/bin/python3 train/continual_analysis.py --runs train/runs/continual-t20e1 \\
        --out-dir train/results/continual-t20e1/analysis
"""
import argparse
import csv
import glob
import os
import re
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

K_RANGE = range(2, 9)
N_INIT = 10
NEAR_ZERO = 0.1  # |w| < NEAR_ZERO * b counts as near zero
LABELS = {"bi_snn": "bi-SNN", "tri_snn_r": "tri-SNN(R)", "tri_snn_g": "tri-SNN(G)"}


# ------------------------------------------------------------ clustering (numpy only)

def kmeans(x, k, seed=0, n_init=N_INIT, iters=300):
    """(labels, centroids, inertia): Lloyd's k-means, k-means++ starts, the best of n_init."""
    rng = np.random.default_rng(seed)
    x = np.asarray(x, dtype=np.float64)
    best = None
    for _ in range(n_init):
        c = [x[rng.integers(len(x))]]
        for _ in range(1, k):
            d2 = np.min(((x[:, None, :] - np.array(c)[None]) ** 2).sum(-1), axis=1)
            c.append(x[rng.choice(len(x), p=d2 / d2.sum())] if d2.sum() > 0 else x[rng.integers(len(x))])
        c = np.array(c)
        labels = None
        for _ in range(iters):
            d2 = ((x[:, None, :] - c[None]) ** 2).sum(-1)
            new = np.argmin(d2, axis=1)
            if labels is not None and np.array_equal(new, labels):
                break
            labels = new
            for j in range(k):
                if np.any(labels == j):
                    c[j] = x[labels == j].mean(0)
        inertia = float(((x - c[labels]) ** 2).sum())
        if best is None or inertia < best[2] - 1e-12:
            best = (labels.copy(), c.copy(), inertia)
    return best


def silhouette(x, labels):
    """Mean silhouette (Euclidean); a point alone in its cluster scores 0 (Rousseeuw's convention)."""
    x = np.asarray(x, dtype=np.float64)
    sq = (x * x).sum(1)
    d = np.sqrt(np.maximum(sq[:, None] + sq[None] - 2 * x @ x.T, 0.0))
    ids = np.unique(labels)
    if len(ids) < 2:
        return 0.0
    mean_to = np.stack([d[:, labels == j].sum(1) for j in ids], axis=1)  # [n, clusters] sums
    sizes = np.array([np.sum(labels == j) for j in ids])
    own = np.searchsorted(ids, labels)
    n_own = sizes[own]
    a = np.where(n_own > 1, mean_to[np.arange(len(x)), own] / np.maximum(n_own - 1, 1), 0.0)
    other = mean_to / sizes[None]
    other[np.arange(len(x)), own] = np.inf
    b = other.min(1)
    s = np.where(n_own > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-300), 0.0)
    return float(s.mean())


def choose_k(x, ks=K_RANGE, seed=0):
    """{k: (silhouette, labels, centroids)} for every k, and the k with the highest silhouette (ties: smaller k)."""
    out = {}
    for k in ks:
        if k >= len(x):
            break
        labels, cents, _ = kmeans(x, k, seed)
        out[k] = (silhouette(x, labels), labels, cents)
    best = max(out, key=lambda k: (out[k][0], -k))
    return best, out


def normalised_task_variance(tv):
    """(ntv [K, kept neurons], kept mask): each neuron's task variances over its maximum; flat neurons dropped."""
    peak = tv.max(0)
    keep = peak > 0
    return tv[:, keep] / peak[keep], keep


def shuffled_profiles(profiles, seed=0):
    """Each row (a neuron's profile over tasks) permuted independently: the no-task-structure reference."""
    rng = np.random.default_rng(seed)
    return np.stack([p[rng.permutation(len(p))] for p in profiles])


def cluster_summary(centroid):
    """(breadth = mean over tasks, tasks (1-based) with centroid >= 0.5, peak task (1-based))."""
    return float(centroid.mean()), [int(t) + 1 for t in np.nonzero(centroid >= 0.5)[0]], int(np.argmax(centroid)) + 1


# ------------------------------------------------------------ weights

def weight_stats(w, b):
    """Summary of a 1-D weight array; b is the initial uniform bound (near zero: |w| < NEAR_ZERO * b)."""
    w = np.asarray(w, dtype=np.float64)
    m = w.mean()
    c = w - m
    m2, m4 = (c ** 2).mean(), (c ** 4).mean()
    return {"n": int(len(w)), "mean": float(m), "std": float(np.sqrt(m2)),
            "excess_kurtosis": float(m4 / m2 ** 2 - 3.0) if m2 > 0 else float("nan"),
            "near_zero": float(np.mean(np.abs(w) < NEAR_ZERO * b)), "beyond_init": float(np.mean(np.abs(w) > b)),
            "max_abs": float(np.abs(w).max())}


def hidden_output_weights(weight, out_gates):
    """(union-of-gates weights, never-gated weights, per-synapse task count over the union) of W [n_out, n_in]."""
    count = np.sum(out_gates, axis=0)
    union = count > 0
    return weight[union], weight[~union], count[union]


# ------------------------------------------------------------ one run

def hidden_rates(net, gates, perms, images, timesteps):
    """rate [K, N images, hidden]: hidden spike count / T per task with its gates and permutation; and accuracies."""
    import continual
    import torch
    from trinity_train.snn import decode
    rates, accs = [], []
    with torch.no_grad():
        net.eval()
        for g, perm in zip(gates, perms):
            continual.set_gates(net, g)
            s = torch.from_numpy(continual.test_spikes(images, perm, timesteps)).float().transpose(0, 1)
            h = net.layers[0](s)  # [T, N, hidden]
            o = net.layers[1](h)
            rates.append(h.mean(0).numpy())
            accs.append(decode(o.sum(0).numpy()))
        continual.set_gates(net, None)
    return np.stack(rates), accs


def analyse_run(run, images, labels, daf):
    """Every number of the module docstring for one run (dict)."""
    import continual
    from export_gated import load_run
    net, meta, gates, perms = load_run(run, daf)
    if meta.get("qat") and not hasattr(continual, "set_qat_mask"):
        raise SystemExit("continual_analysis.py: %s is a --qat run and this checkout's continual.py / load_run "
                         "cannot rebuild its fake-quantised forward (it would be analysed as a plain float "
                         "network): use a checkout with continual.py --qat" % run)
    t0 = time.process_time()
    rates, preds = hidden_rates(net, gates, perms, images, meta["timesteps"])
    rate = rates.mean(1)          # [K, H]
    tv = rates.var(1)             # [K, H]
    ntv, keep = normalised_task_variance(tv)
    profiles = ntv.T              # [neurons kept, K]
    k, by_k = choose_k(profiles)
    sil, lab, cents = by_k[k]
    null = shuffled_profiles(profiles)
    null_sil = silhouette(null, kmeans(null, k)[0])
    fan_in = np.stack([g[0].sum(1) for g in gates])[:, keep]  # [K, kept]
    rs = [np.corrcoef(tv[:, keep][:, i], fan_in[:, i])[0, 1] for i in range(profiles.shape[0])
          if np.std(fan_in[:, i]) > 0 and np.std(tv[:, keep][:, i]) > 0]
    # a neuron takes part in task k when task k's layer-2 gate holds one of its output synapses: only
    # then does task k's training reach its input weights (the gradient comes through those synapses)
    part = np.stack([g[1].any(0) for g in gates])[:, keep]  # [K, kept]
    ntv_part, ntv_rest = float(ntv[part].mean()), float(ntv[~part].mean())
    mean_rate = rate.mean(0)
    active = mean_rate > 0
    cv = rate[:, active].std(0) / mean_rate[active]
    w = net.layers[1].fc.weight.detach().double().numpy()
    b = 1.0 / np.sqrt(meta["gate_density"] * w.shape[1])
    w_union, w_never, count = hidden_output_weights(w, [g[1] for g in gates])
    return {
        "run": os.path.basename(run), "kind": meta["kind"], "seed": meta["seed"], "tasks": meta["tasks"],
        "epochs": meta["epochs_per_task"], "qat": bool(meta.get("qat", False)), "images": len(images),
        "acc": [float(np.mean(p == labels)) for p in preds], "hidden": rate.shape[1],
        "flat": int((~keep).sum()), "silent": int((~active).sum()), "mean_rate": float(mean_rate.mean()),
        "cv_median": float(np.median(cv)), "k": k, "silhouette": sil,
        "silhouettes": {kk: v[0] for kk, v in by_k.items()}, "null_silhouette": null_sil,
        "labels": lab, "centroids": cents, "profiles": profiles, "fan_in_r": float(np.mean(rs)),
        "ntv_part": ntv_part, "ntv_rest": ntv_rest, "part_share": float(part.mean()),
        "sizes": [int(np.sum(lab == j)) for j in range(k)], "b": float(b), "w_union": w_union, "count": count,
        "w_stats": weight_stats(w_union, b), "w_never": weight_stats(w_never, b) if len(w_never) else None,
        "std_one": float(np.std(w_union[count == 1])), "std_multi": float(np.std(w_union[count >= 2])),
        "cpu_s": time.process_time() - t0}


# ------------------------------------------------------------ outputs

def spread(xs):
    """(mean, half range): with two seeds the half range is |a - b| / 2."""
    xs = np.asarray(xs, dtype=np.float64)
    return float(xs.mean()), float((xs.max() - xs.min()) / 2) if len(xs) > 1 else 0.0


def cell(xs, fmt="%.3f"):
    m, s = spread(xs)
    return (fmt + " ± " + fmt) % (m, s)


def gnuplot(script):
    subprocess.run(["gnuplot"], check=True, input=script.encode())


def plot_clusters(res_list, model, png, tmp):
    """Per seed: heat map of the ntv profiles sorted by cluster then peak task; the centroids."""
    parts = []
    for i, r in enumerate(res_list):
        lab, prof = r["labels"], r["profiles"]
        order = sorted(range(len(lab)), key=lambda n: (lab[n], int(np.argmax(prof[n])), -prof[n].max()))
        mat = os.path.join(tmp, "%s_s%d_ntv.dat" % (model, r["seed"]))
        np.savetxt(mat, prof[order], fmt="%.3f")
        cen = os.path.join(tmp, "%s_s%d_cent.dat" % (model, r["seed"]))
        np.savetxt(cen, np.column_stack([np.arange(1, r["tasks"] + 1), r["centroids"].T]), fmt="%.4f")
        bounds = np.cumsum(r["sizes"])[:-1]
        arrows = "\n".join("set arrow from -0.5,%g to %g,%g nohead front lc rgb 'white' lw 1.5" %
                           (y - 0.5, r["tasks"] - 0.5, y - 0.5) for y in bounds)
        parts.append("""unset arrow
set title '%s seed %d: normalised task variance, %d neurons (k = %d, silhouette %.3f)'
set xlabel 'task'
set ylabel 'hidden neuron (sorted by cluster)'
set xrange [-0.5:%g]
set yrange [-0.5:%g]
set cbrange [0:1]
set xtics ('1' 0, '5' 4, '10' 9, '15' 14, '20' 19)
%s
plot '%s' matrix with image notitle
unset arrow
set title '%s seed %d: cluster centroids'
set xlabel 'task'
set ylabel 'normalised task variance'
set xrange [0.5:%g]
set yrange [0:1]
set xtics 1,2
plot %s
""" % (LABELS[model], r["seed"], len(lab), r["k"], r["silhouette"], r["tasks"] - 0.5, len(lab) - 0.5, arrows,
       mat, LABELS[model], r["seed"], r["tasks"] + 0.5,
       ", ".join("'%s' using 1:%d with linespoints pt 7 ps 0.5 title 'cluster %d (%d)'" % (cen, j + 2, j + 1, n)
                 for j, n in enumerate(r["sizes"]))))
    gnuplot("""set terminal pngcairo size 1200,%d font 'sans,9'
set output '%s'
set palette defined (0 'black', 0.5 'red', 1 'yellow')
set key outside right top
set grid
set multiplot layout %d,2
%s
unset multiplot
""" % (420 * len(res_list), png, len(res_list), "".join(parts)))


def histogram(w, lo, hi, bins):
    h, edges = np.histogram(w, bins=bins, range=(lo, hi))
    return (edges[:-1] + edges[1:]) / 2, h / (len(w) * (edges[1] - edges[0]))


def plot_weights(groups, png, title, lim, tmp, init_b):
    """groups: [(label, weights)]; density histograms as steps, the initial uniform density as a line."""
    files = []
    for i, (label, w) in enumerate(groups):
        x, y = histogram(w, -lim, lim, 80)
        f = os.path.join(tmp, "w%d_%s.dat" % (i, re.sub(r"\W", "_", os.path.basename(png))))
        np.savetxt(f, np.column_stack([x, y]), fmt="%.5f")
        files.append((f, label))
    plots = ", ".join("'%s' using 1:2 with histeps lw 2 title '%s'" % (f, label) for f, label in files)
    plots += ", (abs(x) < %g ? %g : 0) with lines dt 2 lc rgb 'gray40' title 'initial uniform(-b, b)'" % (
        init_b, 1 / (2 * init_b))
    gnuplot("""set terminal pngcairo size 900,520 font 'sans,10'
set output '%s'
set title '%s'
set xlabel 'hidden -> output weight (float)'
set ylabel 'density'
set samples 1000
set grid
set key top right
set xrange [%g:%g]
plot %s
""" % (png, title, -lim, lim, plots))


def write_outputs(results, out_dir, runs_dir, seconds):
    os.makedirs(out_dir, exist_ok=True)
    by_model = {m: [r for r in results if r["run"].startswith(m + "_s")] for m in LABELS}
    by_model = {m: sorted(v, key=lambda r: r["seed"]) for m, v in by_model.items() if v}
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for m, rs in by_model.items():
            png = os.path.join(out_dir, "clusters_%s.png" % m)
            plot_clusters(rs, m, png, tmp)
            written.append(png)
        lim = max(float(np.quantile(np.abs(r["w_union"]), 0.999)) for r in results) * 1.05
        b = results[0]["b"]
        for m, rs in by_model.items():
            png = os.path.join(out_dir, "weights_%s.png" % m)
            plot_weights([("seed %d" % r["seed"], r["w_union"]) for r in rs], png,
                         "%s: hidden -> output weights after task %d, union of the gates"
                         % (LABELS[m], rs[0]["tasks"]), lim, tmp, b)
            written.append(png)
        png = os.path.join(out_dir, "weights_all.png")
        plot_weights([("%s (seeds %s)" % (LABELS[m], ",".join(str(r["seed"]) for r in rs)),
                       np.concatenate([r["w_union"] for r in rs])) for m, rs in by_model.items()], png,
                     "hidden -> output weights after the last task, union of the gates, seeds pooled", lim, tmp, b)
        written.append(png)

    path = os.path.join(out_dir, "continual_analysis.csv")
    with open(path, "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["run", "model", "seed", "tasks", "epochs", "qat", "images", "mean_task_accuracy", "hidden",
                     "flat_neurons", "silent_neurons", "mean_rate", "median_cv_rate_over_tasks", "k", "silhouette",
                     "null_silhouette", "cluster_sizes", "fan_in_r",
                     "ntv_taking_part", "ntv_not_taking_part", "taking_part_share", "w_n", "w_mean", "w_std", "w_excess_kurtosis",
                     "w_near_zero", "w_beyond_init", "w_max_abs", "w_std_one_task", "w_std_multi_task",
                     "never_gated_n", "never_gated_std", "never_gated_excess_kurtosis", "init_bound_b"]
                    + ["silhouette_k%d" % k for k in K_RANGE])
        for r in results:
            s, nv = r["w_stats"], r["w_never"] or {}
            wr.writerow([r["run"], LABELS[r["run"].rsplit("_s", 1)[0]], r["seed"], r["tasks"], r["epochs"], r["qat"],
                         r["images"], "%.4f" % np.mean(r["acc"]), r["hidden"], r["flat"], r["silent"],
                         "%.4f" % r["mean_rate"], "%.4f" % r["cv_median"], r["k"], "%.4f" % r["silhouette"],
                         "%.4f" % r["null_silhouette"], "/".join(str(n) for n in r["sizes"]), "%.4f" % r["fan_in_r"],
                         "%.4f" % r["ntv_part"], "%.4f" % r["ntv_rest"], "%.4f" % r["part_share"],
                         s["n"], "%.5f" % s["mean"], "%.5f" % s["std"], "%.3f" % s["excess_kurtosis"],
                         "%.4f" % s["near_zero"], "%.4f" % s["beyond_init"], "%.4f" % s["max_abs"],
                         "%.5f" % r["std_one"], "%.5f" % r["std_multi"], nv.get("n", 0),
                         "%.5f" % nv.get("std", float("nan")), "%.3f" % nv.get("excess_kurtosis", float("nan")),
                         "%.5f" % r["b"]] + ["%.4f" % r["silhouettes"].get(k, float("nan")) for k in K_RANGE])
    written.append(path)
    path = os.path.join(out_dir, "continual_analysis_clusters.csv")
    with open(path, "w", newline="") as f:
        wr = csv.writer(f)
        tasks = max(r["tasks"] for r in results)
        wr.writerow(["run", "cluster", "size", "breadth", "tasks_ge_0.5", "peak_task"]
                    + ["task%d" % (t + 1) for t in range(tasks)])
        for r in results:
            for j, c in enumerate(r["centroids"]):
                br, strong, peak = cluster_summary(c)
                wr.writerow([r["run"], j + 1, r["sizes"][j], "%.3f" % br, " ".join(map(str, strong)), peak]
                            + ["%.3f" % v for v in c])
    written.append(path)

    first = results[0]
    lines = ["# Hidden-neuron clusters by task variance and hidden->output weights (figure 4d-f, S5 analogues)", "",
             "Runs: `%s`, %d tasks x %d epoch(s)%s, seeds %s; %d MNIST test images per task (each with its own "
             "permutation and gates). Written by `train/continual_analysis.py` (its docstring: the procedure, "
             "this project's reading of the paper's one sentence); %.0f s of CPU." % (
                 runs_dir, first["tasks"], first["epochs"], ", quantisation-aware (qat)" if first["qat"] else "",
                 ",".join(sorted({str(r["seed"]) for r in results})), first["images"], seconds), "",
             "Per model, mean ± half the range over the seeds (n = seeds). flat: hidden neurons with zero task "
             "variance in every task (left out of the clustering); silent: no spike on any task's images; "
             "rate: mean hidden spike rate (spikes per neuron per timestep); CV: median over neurons of the std / "
             "mean of its mean rate across tasks; k: chosen by the best silhouette over k = 2..8; null: the "
             "silhouette at that k with each neuron's profile shuffled across tasks; largest: largest cluster's "
             "share of the clustered neurons; breadth: centroid mean over tasks, averaged over clusters; r: mean "
             "Pearson r between a neuron's task variance and its gated fan-in across tasks; ntv in / out: mean "
             "normalised task variance over the (neuron, task) pairs where the neuron takes part in the task "
             "(task k's output gate holds one of its synapses, so task k trained its inputs; share of the pairs "
             "in brackets) / where it does not; accuracy: mean over tasks on these images (float, a check "
             "against the run's own table).", "",
             "| model | n | accuracy (%) | flat | silent | rate | CV | k | silhouette | null | largest (%) | "
             "breadth | r | ntv in (share) | ntv out |",
             "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for m, rs in by_model.items():
        lines.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s |" % (
            LABELS[m], len(rs), cell([100 * np.mean(r["acc"]) for r in rs], "%.2f"),
            cell([r["flat"] for r in rs], "%.0f"), cell([r["silent"] for r in rs], "%.0f"),
            cell([r["mean_rate"] for r in rs]), cell([r["cv_median"] for r in rs], "%.2f"),
            ", ".join(str(r["k"]) for r in rs), cell([r["silhouette"] for r in rs]),
            cell([r["null_silhouette"] for r in rs]),
            cell([100 * max(r["sizes"]) / sum(r["sizes"]) for r in rs], "%.1f"),
            cell([np.mean([c.mean() for c in r["centroids"]]) for r in rs], "%.2f"),
            cell([r["fan_in_r"] for r in rs], "%.2f"), cell([r["ntv_part"] for r in rs]),
            cell([100 * r["part_share"] for r in rs], "%.0f%%"), cell([r["ntv_rest"] for r in rs])))
    lines += ["", "Silhouette for every k (per run):", "",
              "| run | " + " | ".join("k=%d" % k for k in K_RANGE) + " |", "|---|" + "---:|" * len(K_RANGE)]
    for r in results:
        lines.append("| %s | %s |" % (r["run"], " | ".join("%.3f" % r["silhouettes"][k] if k in r["silhouettes"]
                                                           else "" for k in K_RANGE)))
    lines += ["", "Clusters (per run; labels arbitrary, ordered by size): size, breadth (centroid mean over "
              "tasks), tasks where the centroid is >= 0.5, peak task.", "",
              "| run | cluster sizes | per cluster: breadth; tasks >= 0.5; peak |", "|---|---|---|"]
    for r in results:
        order = sorted(range(r["k"]), key=lambda j: -r["sizes"][j])
        descr = []
        for j in order:
            br, strong, peak = cluster_summary(r["centroids"][j])
            descr.append("%d: %.2f; %s; %d" % (r["sizes"][j], br, "all" if len(strong) == r["tasks"] else
                                                ",".join(map(str, strong)) or "none", peak))
        lines.append("| %s | %s | %s |" % (r["run"], "/".join(str(r["sizes"][j]) for j in order),
                                            " — ".join(descr)))
    lines += ["", "Hidden->output weights after the last task, the union of all tasks' gates (the synapses that "
              "ever trained), per model mean ± half the range over seeds. b = 1/sqrt(density x 1024) = %.4f is "
              "the initial uniform bound (uniform: std b/sqrt(3) = %.4f, excess kurtosis -1.2); near 0: "
              "|w| < %.1f b; beyond b: |w| > b; std 1 task / >= 2 tasks: synapses in exactly one gate / in two or "
              "more." % (first["b"], first["b"] / np.sqrt(3), NEAR_ZERO), "",
              "| model | n | synapses | mean | std | excess kurtosis | near 0 (%) | beyond b (%) | max abs | "
              "std 1 task | std >= 2 tasks |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for m, rs in by_model.items():
        st = [r["w_stats"] for r in rs]
        lines.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            LABELS[m], len(rs), cell([s["n"] for s in st], "%.0f"), cell([s["mean"] for s in st], "%.4f"),
            cell([s["std"] for s in st], "%.4f"), cell([s["excess_kurtosis"] for s in st], "%.2f"),
            cell([100 * s["near_zero"] for s in st], "%.1f"), cell([100 * s["beyond_init"] for s in st], "%.1f"),
            cell([s["max_abs"] for s in st], "%.3f"), cell([r["std_one"] for r in rs], "%.4f"),
            cell([r["std_multi"] for r in rs], "%.4f")))
    nv = [r["w_never"] for r in results if r["w_never"]]
    if nv:
        lines += ["", "Check: the synapses in no gate (%d-%d a run) keep their initial values: std %.4f-%.4f "
                  "(uniform: %.4f), excess kurtosis %.2f to %.2f (uniform: -1.2)." % (
                      min(s["n"] for s in nv), max(s["n"] for s in nv), min(s["std"] for s in nv),
                      max(s["std"] for s in nv), first["b"] / np.sqrt(3), min(s["excess_kurtosis"] for s in nv),
                      max(s["excess_kurtosis"] for s in nv))]
    path = os.path.join(out_dir, "continual_analysis.md")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    written.append(path)
    return written


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", required=True, help="a train/continual.py --out-dir with <name>_s<seed>.pt and _gates.npz")
    p.add_argument("--out-dir", required=True)
    p.add_argument("--images", type=int, default=1000, help="the first N MNIST test images, per task")
    p.add_argument("--daf", default=None, help="tri-G: the calibration JSON the runs used (default: continual.py's)")
    p.add_argument("--data-dir", default=None)
    args = p.parse_args(argv)
    import torch
    import continual
    from trinity_train import data
    torch.set_num_threads(1)
    runs = sorted(pt[:-3] for pt in glob.glob(os.path.join(args.runs, "*_s[0-9]*.pt"))
                  if re.match(r"(.+)_s\d+$", os.path.basename(pt[:-3]))
                  and re.match(r"(.+)_s\d+$", os.path.basename(pt[:-3])).group(1) in LABELS)
    runs = [r for r in runs if os.path.exists(r + "_gates.npz")]
    if not runs:
        raise SystemExit("continual_analysis.py: %s: no <model>_s<seed>.pt with _gates.npz (the float weights "
                         "and gates of train/continual.py --save-weights)" % args.runs)
    images, labels = data.load_split("test", args.data_dir or data.MNIST_DIR)
    images, labels = images[:args.images], labels[:args.images]
    c0 = time.process_time()
    results = []
    for run in runs:
        r = analyse_run(run, images, labels, args.daf or continual.DEFAULT_DAF)
        print("%s: accuracy %.2f %%, k %d, silhouette %.3f (null %.3f), sizes %s, weights std %.4f kurtosis %.2f "
              "(%.1f s CPU)" % (r["run"], 100 * np.mean(r["acc"]), r["k"], r["silhouette"], r["null_silhouette"],
                                r["sizes"], r["w_stats"]["std"], r["w_stats"]["excess_kurtosis"], r["cpu_s"]),
              flush=True)
        results.append(r)
    for path in write_outputs(results, args.out_dir, args.runs, time.process_time() - c0):
        print("wrote %s" % path)


if __name__ == "__main__":
    main()
