# SPDX-License-Identifier: Apache-2.0
"""Sensitivity sweep of the fair recipe (issue 13, item 2): which training
choice decides the accuracy ordering of bi / tri-R / tri-G?

Three factors, both levels applied identically to every kind:
  surrogate  narrow (2 on |V - V_th| < 0.25, the legacy window) or stbp
             (1 on |V - V_th| < 0.5, the STBP reference code's)
  tau        tau_d = tau_n = 0.2 (STBP's code) or 0.5 (this project's)
  init       default (PyTorch) or centre (every neuron's bias moved so its
             mean steady-state activation is CENTRE_TARGET, one rule for all)
2 x 2 x 2 configurations x 3 kinds x SEEDS, each a shortened run of train.py
(--recipe fair with the factor overrides and --epochs, optionally
--limit-train and --limit-test; no model file). The default, 2 epochs on all
60,000 training images, is the shortest run whose ordering matched the
20-epoch one in the fair runs' per-epoch logs (bi > tri-G > tri-R after
epoch 2 in seeds 1 and 2). A pilot with 3 epochs on 10,000 images
(train/runs/sweep-pilot) ranked the fair configuration differently from 20
epochs, so it measured early learning only. Accuracies are the float model's and the
integer forward pass's (the golden model's arithmetic, train.py's
`quantised_test_accuracy`) on the first --limit-test test images.

Runs go to RUNS/<kind>_<surrogate>_tau<tau>_<init>_s<seed>.{json,log}; a
run whose .json exists is skipped, so an interrupted sweep resumes. Then
`--report` writes RESULTS/sweep.{md,csv}:
  - accuracy per configuration and kind (mean +- std over seeds), and the
    ordering of the kinds in each configuration;
  - per factor and per pair of kinds, the gap (A - B, golden) at each level
    of the factor, pooled over the other two factors and the seeds, and
    Welch's t-test of whether the gap differs between the levels (the
    factor changes the ordering only if it does, p < 0.05, and the sign
    flips);
  - per factor and kind, the main effect on that kind's accuracy (Welch).
"""
import argparse
import contextlib
import csv
import io
import itertools
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import significance  # noqa: E402  (Welch's test, no scipy on this machine)

REPO = os.path.dirname(HERE)
KINDS = ["bi", "tri-R", "tri-G"]
FACTORS = [("surrogate", ["narrow", "stbp"]), ("tau", ["0.2", "0.5"]), ("init", ["default", "centre"])]
CENTRE_TARGET = "0.5"
FAIR = {"surrogate": "stbp", "tau": "0.5", "init": "default"}  # the fair recipe's own levels
PAIRS = [("tri-G", "bi"), ("tri-R", "bi"), ("tri-G", "tri-R")]  # gaps A - B the report tests
DAF = "train/daf/aab_forward_vds1V_gaussian.json"


def run_id(kind, cfg, seed):
    return "%s_%s_tau%s_%s_s%d" % (kind, cfg["surrogate"], cfg["tau"], cfg["init"], seed)


def cell(cfg):
    """A configuration's factor levels as a tuple, in FACTORS order."""
    return tuple(cfg[f] for f, _ in FACTORS)


def configurations():
    names = [f for f, _ in FACTORS]
    for levels in itertools.product(*[lv for _, lv in FACTORS]):
        yield dict(zip(names, levels))


def train_args(kind, cfg, seed, args):
    argv = ["--recipe", "fair", "--model", kind, "--seed", str(seed), "--surrogate", cfg["surrogate"],
            "--tau-d", cfg["tau"], "--tau-n", cfg["tau"], "--init", cfg["init"],
            "--epochs", str(args.epochs), "--eval-every", "0", "--threads", "1", "--out", ""]
    if args.limit_train:
        argv += ["--limit-train", str(args.limit_train)]
    if args.limit_test:
        argv += ["--limit-test", str(args.limit_test)]
    if cfg["init"] == "centre":
        argv += ["--init-target", CENTRE_TARGET]
    if kind == "tri-G":
        argv += ["--daf", DAF]
    return argv


def run_one(kind, cfg, seed, args):
    import train  # torch is imported once, by the first run
    rid = run_id(kind, cfg, seed)
    argv = train_args(kind, cfg, seed, args)
    log = os.path.join(args.runs, rid + ".log")
    t0 = time.time()
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        res = train.main(argv, command="train/train.py " + " ".join(a if a else "''" for a in argv))
    with open(log, "w") as f:
        f.write(buf.getvalue())
    predicted = train.decode(res["q_counts"])  # the spec's argmax, ties to the lower index
    record = {"kind": kind, **cfg, "seed": seed, "float_acc": round(float(res["float_acc"]), 4),
              "golden_acc": round(float(res["quantised_acc"]), 4),
              "classes_never_predicted": sorted(set(range(10)) - set(int(p) for p in predicted)),
              "seconds": round(time.time() - t0, 1), "train_args": argv}
    with open(os.path.join(args.runs, rid + ".json"), "w") as f:
        json.dump(record, f)
    return record


def load_records(runs):
    out = []
    for name in sorted(os.listdir(runs)):
        if name.endswith(".json"):
            with open(os.path.join(runs, name)) as f:
                out.append(json.load(f))
    return out


def ms(xs):
    if len(xs) == 1:
        return "%.2f" % (100 * xs[0])
    m, v = significance.mean_var(xs)
    return "%.2f ± %.2f" % (100 * m, 100 * v ** 0.5)


def report(records, args):
    by = {}
    for r in records:
        by.setdefault((r["kind"],) + cell(r), {})[r["seed"]] = r
    lines = ["# Sensitivity sweep of the fair recipe (`make results-sweep`)", "",
             "Each run: train.py --recipe fair with the factors below, %d epochs on %s, accuracy on %s "
             "(golden = the integer forward pass). Centring target %s for every kind. Seeds %s." % (
                 args.epochs, "the first %d training images" % args.limit_train if args.limit_train
                 else "all 60,000 training images", "the first %d test images" % args.limit_test
                 if args.limit_test else "all 10,000 test images", CENTRE_TARGET, args.seeds), "",
             "## Accuracy per configuration (golden %, mean ± std over seeds)", "",
             "| surrogate | tau | init | bi | tri-R | tri-G | ordering | classes never predicted (bi / tri-R / tri-G, summed over seeds) |",
             "|---|---|---|---|---|---|---|---|"]
    rows_csv = []
    for cfg in configurations():
        cells, means, dead = [], {}, []
        for k in KINDS:
            runs = by.get((k,) + cell(cfg), {})
            accs = [runs[s]["golden_acc"] for s in sorted(runs)]
            cells.append(ms(accs) if accs else "–")
            if accs:
                means[k] = sum(accs) / len(accs)
            dead.append(str(sum(len(runs[s]["classes_never_predicted"]) for s in runs)))
            for s in sorted(runs):
                r = runs[s]
                rows_csv.append([k, cfg["surrogate"], cfg["tau"], cfg["init"], s, r["float_acc"], r["golden_acc"],
                                 len(r["classes_never_predicted"])])
        order = " > ".join(sorted(means, key=lambda k: -means[k]))
        lines.append("| %s | %s | %s | %s | %s | %s |" % (cfg["surrogate"], cfg["tau"], cfg["init"],
                                                           " | ".join(cells), order, " / ".join(dead)))

    def cell_gaps(a, b, cfg):
        """Per seed run by both kinds: A's golden accuracy minus B's, in one configuration."""
        ra, rb = by.get((a,) + cell(cfg), {}), by.get((b,) + cell(cfg), {})
        return [ra[s]["golden_acc"] - rb[s]["golden_acc"] for s in sorted(ra) if s in rb]

    def gaps(a, b, factor, level):
        return [g for cfg in configurations() if cfg[factor] == level for g in cell_gaps(a, b, cfg)]

    lines += ["", "## Does a factor change the ordering? Gap A − B (golden pp), pooled over the other factors and seeds",
              "", "Welch's t-test between the two levels' gaps (n = runs per level); the factor decides the "
              "ordering of A and B only if p < 0.05 and the mean gap changes sign.", "",
              "| factor | A − B | gap at level 1 | gap at level 2 | Welch p | verdict |", "|---|---|---|---|---|---|"]
    decisive = []
    for factor, levels in FACTORS:
        for a, b in PAIRS:
            g1, g2 = gaps(a, b, factor, levels[0]), gaps(a, b, factor, levels[1])
            if len(g1) < 2 or len(g2) < 2:
                continue
            p = significance.welch(g1, g2)[3]
            m1, m2 = sum(g1) / len(g1), sum(g2) / len(g2)
            flips = (m1 > 0) != (m2 > 0)
            verdict = ("changes the ordering" if flips else "changes the gap, not the ordering") if p < 0.05 \
                else "no measurable difference"
            if p < 0.05 and flips:
                decisive.append("%s (%s vs %s)" % (factor, a, b))
            lines.append("| %s (%s / %s) | %s − %s | %s (n %d) | %s (n %d) | %s | %s |" % (
                factor, levels[0], levels[1], a, b, ms(g1), len(g1), ms(g2), len(g2),
                significance.fmt_p(p), verdict))

    lines += ["", "## One factor away from the fair configuration (stbp, tau 0.5, default init)", "",
              "Gap A − B (golden pp, per seed) in the fair cell and in the cell with only that factor changed; "
              "Welch's t-test between the two cells' gaps.", "",
              "| changed factor | A − B | fair cell | changed cell | Welch p |", "|---|---|---|---|---|"]
    for factor, levels in FACTORS:
        other = [lv for lv in levels if lv != FAIR[factor]][0]
        changed = dict(FAIR, **{factor: other})
        for a, b in PAIRS:
            g0, g1 = cell_gaps(a, b, FAIR), cell_gaps(a, b, changed)
            if len(g0) < 2 or len(g1) < 2:
                continue
            lines.append("| %s → %s | %s − %s | %s | %s | %s |" % (factor, other, a, b, ms(g0), ms(g1),
                                                                  significance.fmt_p(significance.welch(g0, g1)[3])))

    lines += ["", "## Main effects per kind (golden %, pooled over the other factors and seeds)", "",
              "| factor | kind | level 1 | level 2 | Welch p |", "|---|---|---|---|---|"]
    for factor, levels in FACTORS:
        for k in KINDS:
            accs = [[r["golden_acc"] for r in records if r["kind"] == k and r[factor] == lv] for lv in levels]
            if min(len(a) for a in accs) < 2:
                continue
            lines.append("| %s | %s | %s: %s | %s: %s | %s |" % (factor, k, levels[0], ms(accs[0]), levels[1],
                                                               ms(accs[1]), significance.fmt_p(
                                                                   significance.welch(accs[0], accs[1])[3])))
    lines += ["", "Factors that change an ordering (p < 0.05 and the gap's sign flips): %s." %
              (", ".join(decisive) if decisive else "none")]
    os.makedirs(args.results, exist_ok=True)
    with open(os.path.join(args.results, "sweep.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(args.results, "sweep.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kind", "surrogate", "tau", "init", "seed", "float_acc", "golden_acc", "classes_never_predicted"])
        w.writerows(rows_csv)
    print("\n".join(lines))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", default="1,2")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--limit-train", type=int, default=0, help="first N training images (0: all)")
    p.add_argument("--limit-test", type=int, default=0, help="first N test images (0: all)")
    p.add_argument("--runs", default=os.path.join(REPO, "train/runs/sweep"))
    p.add_argument("--results", default=os.path.join(REPO, "train/results/sweep"))
    p.add_argument("--kinds", default=",".join(KINDS), help="comma-separated subset of bi,tri-R,tri-G")
    p.add_argument("--configs", default="",
                   help="comma-separated subset of configurations as surrogate:tau:init (default: all 8)")
    p.add_argument("--report", action="store_true", help="only write the tables from the runs there are")
    args = p.parse_args(argv)
    os.makedirs(args.runs, exist_ok=True)
    seeds = [int(s) for s in args.seeds.split(",")]
    if not args.report:
        kinds = args.kinds.split(",")
        wanted = set(args.configs.split(",")) if args.configs else None
        todo = [(k, c, s) for s in seeds for c in configurations() for k in kinds
                if (wanted is None or ":".join(cell(c)) in wanted)
                and not os.path.exists(os.path.join(args.runs, run_id(k, c, s) + ".json"))]
        for i, (k, c, s) in enumerate(todo):
            r = run_one(k, c, s, args)
            print("[%d/%d] %s: golden %.2f %% float %.2f %% (%.0f s)" % (
                i + 1, len(todo), run_id(k, c, s), 100 * r["golden_acc"], 100 * r["float_acc"], r["seconds"]),
                flush=True)
    report(load_records(args.runs), args)


if __name__ == "__main__":
    main()
