#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""What skipping gated-off synapses could save the core (issue 12 item 5),
counted from the real gates of a continual-learning run: continual.py's
task_draws() with the run's seed, task count, shapes and density (the
defaults are those of train/runs/continual-t20e1), drawn again here exactly
as the run drew them, so no run file is needed.

The core spends one cycle per (input spike, row of LANES neurons) on the
accumulate step (docs/rtl.md "Cycle behaviour"). Per input j of layer 0
and per task, this counts the accumulate cycles one spike on j costs under
three storages, averaged over inputs and tasks (every input equally likely
to spike: an assumption; the permuted-MNIST pixels differ per task anyway):

  dense      ceil(n_out / LANES) rows: today's core, gates multiplied in;
  row skip   only the rows in which the task keeps at least one synapse
             (a per-(input, row, task) "any kept" bit the scanner reads);
  lane lists each lane walks its own list of the task's kept synapses of j,
             so a spike costs the longest list among the lanes (at least
             one cycle when any synapse is kept, none when none is).

    /usr/bin/python3 bench/gated_rows.py --seed 1 --tasks 20     (make bench-gated-rows)
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "train"))
from continual import task_draws  # noqa: E402


def costs(bits, n_out, lanes):
    """Mean accumulate cycles per input spike: dense, row skip, lane lists."""
    tasks, _, n_in = bits.shape
    rows = -(-n_out // lanes)
    padded = np.zeros((tasks, rows * lanes, n_in), dtype=bool)
    padded[:, :n_out] = bits
    grouped = padded.reshape(tasks, rows, lanes, n_in)  # neuron = row * LANES + lane
    kept_rows = grouped.any(axis=2).sum(axis=1)  # [tasks, n_in]
    per_lane = grouped.sum(axis=1)  # [tasks, lanes, n_in]: kept synapses per lane
    longest = per_lane.max(axis=1)
    return float(rows), float(kept_rows.mean()), float(longest.mean())


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=1, help="the run's seed")
    p.add_argument("--tasks", type=int, default=20)
    p.add_argument("--hidden", type=int, default=1024, help="[784-HIDDEN-10]")
    p.add_argument("--density", type=float, default=0.03)
    p.add_argument("--lanes", default="8,32,128")
    a = p.parse_args(argv)
    n_in, n_out = 784, a.hidden
    shapes = [(n_out, n_in), (10, n_out)]
    bits = np.stack([task_draws(a.seed, k, n_in, shapes, a.density)[1][0] for k in range(1, a.tasks + 1)])
    print(f"seed {a.seed}: layer 0 {n_in}->{n_out}, {a.tasks} tasks, gate density {100 * bits.mean():.2f} %")
    print()
    print("| LANES | dense rows / spike | row skip | saving | lane lists | saving |")
    print("|---:|---:|---:|---:|---:|---:|")
    for lanes in (int(v) for v in a.lanes.split(",")):
        dense, skip, lists = costs(bits, n_out, lanes)
        print(f"| {lanes} | {dense:.0f} | {skip:.2f} | {dense / skip:.1f}x | {lists:.2f} | {dense / lists:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
