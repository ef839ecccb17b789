#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Which differences between the unit kinds the seeds can carry.

Reads the per-seed rows of train/results/accuracy.csv and noise.csv (written
by experiments.py) and tests, for every pair of models:

  * means: Welch's t-test (unequal variances), two-sided p, Welch-Satterthwaite
    degrees of freedom, on golden (and float) test accuracy per seed;
  * spreads: the F-test of equal variances, two-sided p (sensitive to
    non-normal data: one bad seed of three carries it).

A difference with p >= 0.05 is reported as "no measurable difference";
with 3 seeds a model the tests only see large effects, so "no measurable
difference" is not "equal". Writes train/results/significance.md
(docs/results.md quotes it). Standard library only.

    python3 train/significance.py [--results train/results]
"""
import argparse
import csv
import math
import os
import sys
from collections import defaultdict

ALPHA = 0.05


def _betacf(a, b, x):
    # Continued fraction of the incomplete beta function (Lentz's method).
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)),
                    -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return h


def betainc(a, b, x):
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_two_sided_p(t, dof):
    return betainc(dof / 2.0, 0.5, dof / (dof + t * t))


def f_upper_p(f, d1, d2):
    """P(F > f) for F(d1, d2)."""
    return betainc(d2 / 2.0, d1 / 2.0, d2 / (d2 + d1 * f))


def mean_var(xs):
    m = sum(xs) / len(xs)
    return m, sum((x - m) ** 2 for x in xs) / (len(xs) - 1)


def welch(a, b):
    """(mean a - mean b, t, dof, two-sided p)."""
    ma, va = mean_var(a)
    mb, vb = mean_var(b)
    sa, sb = va / len(a), vb / len(b)
    if sa + sb == 0.0:
        return ma - mb, math.inf if ma != mb else 0.0, float("nan"), 0.0 if ma != mb else 1.0
    t = (ma - mb) / math.sqrt(sa + sb)
    dof = (sa + sb) ** 2 / (sa ** 2 / (len(a) - 1) + sb ** 2 / (len(b) - 1))
    return ma - mb, t, dof, t_two_sided_p(t, dof)


def f_test(a, b):
    """(sd a / sd b, two-sided p of equal variances)."""
    _, va = mean_var(a)
    _, vb = mean_var(b)
    f = va / vb
    p_hi = f_upper_p(f, len(a) - 1, len(b) - 1)
    return math.sqrt(f), min(1.0, 2.0 * min(p_hi, 1.0 - p_hi))


def mcnemar_p(b, c):
    """McNemar's exact test, two-sided: p of a b / c split of the b + c discordant pairs if each side is 1/2."""
    n, k = b + c, min(b, c)
    if n == 0:
        return 1.0
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)


def fmt_p(p):
    return "%.3f" % p if p >= 0.001 else "%.1e" % p


def verdict(p):
    return "no measurable difference" if p >= ALPHA else "different"


def read_rows(path, key_fields):
    out = defaultdict(dict)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            out[tuple(row[k] for k in key_fields)][int(row["seed"])] = row
    return out


def pairs(models):
    return [(models[i], models[j]) for i in range(len(models)) for j in range(i + 1, len(models))]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--results", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
    args = ap.parse_args(argv)
    acc = read_rows(os.path.join(args.results, "accuracy.csv"), ["model"])
    noise_csv = os.path.join(args.results, "noise.csv")
    # a results folder without a noise experiment (e.g. results/fair) gets the clean rows only
    noise = read_rows(noise_csv, ["model", "noise"]) if os.path.exists(noise_csv) else {}
    models = [m for (m,) in acc]
    lines = ["Welch's t-test over seeds (two-sided; \"no measurable difference\" when p >= %g). "
             "Accuracy in %%, difference = first − second model." % ALPHA, "",
             "| comparison | data | seeds | first (mean) | second (mean) | difference (pp) | t | dof | p | verdict |",
             "|---|---|---|---|---|---|---|---|---|---|"]

    def row(label, data, a, b):
        d, t, dof, p = welch(a, b)
        lines.append("| %s | %s | %d / %d | %.2f | %.2f | %+.2f | %.2f | %.1f | %s | %s |" % (
            label, data, len(a), len(b), 100 * mean_var(a)[0], 100 * mean_var(b)[0], 100 * d, t, dof, fmt_p(p),
            verdict(p)))

    for x, y in pairs(models):
        for col in ("golden", "float"):
            a = [float(r[col]) for r in acc[(x,)].values()]
            b = [float(r[col]) for r in acc[(y,)].values()]
            row("%s vs %s" % (x, y), "clean, %s" % col, a, b)
    levels = sorted({lvl for (_, lvl) in noise}, key=float)
    for lvl in levels:
        if float(lvl) == 0.0:
            continue  # the clean rows above
        for x, y in pairs(models):
            a = [float(r["golden"]) for r in noise[(x, lvl)].values()]
            b = [float(r["golden"]) for r in noise[(y, lvl)].values()]
            row("%s vs %s" % (x, y), "%g %% noise, golden" % (100 * float(lvl)), a, b)
    lines += ["", "F-test of equal seed-to-seed variance (two-sided), clean golden accuracy:", "",
              "| comparison | sd first (pp) | sd second (pp) | sd ratio | p | verdict |", "|---|---|---|---|---|---|"]
    for x, y in pairs(models):
        a = [float(r["golden"]) for r in acc[(x,)].values()]
        b = [float(r["golden"]) for r in acc[(y,)].values()]
        ratio, p = f_test(a, b)
        lines.append("| %s vs %s | %.2f | %.2f | %.2f | %s | %s |" % (
            x, y, 100 * math.sqrt(mean_var(a)[1]), 100 * math.sqrt(mean_var(b)[1]), ratio, fmt_p(p), verdict(p)))
    text = "\n".join(lines) + "\n"
    out = os.path.join(args.results, "significance.md")
    with open(out, "w") as f:
        f.write(text)
    sys.stdout.write(text)
    print("wrote %s" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
