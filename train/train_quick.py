#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Quick tri-SNN(G) [784-512-10], T=10, on Fashion-MNIST: models/tri_snn_g_quick.trn.

The stop-gap demo model (docs/training-quick.md). This is train/train.py with
the quick run's settings fixed in front of your arguments:

    train/train.py --model tri-G --lr-schedule none --eval-every 0 \\
        --out models/tri_snn_g_quick.trn  [your arguments]

so `train_quick.py --seed 1 --epochs 15` (the command stored in the
committed model) and the train.py command above with `--seed 1 --epochs 15`
train the same network, byte for byte (train/tests/test_train_quick.py). All
of train.py's options work here (--daf, --save-float, --limit-train, ...);
--model is refused, the quick model is tri-G by definition.

    OMP_WAIT_POLICY=passive /usr/bin/python3 train/train_quick.py --seed 1 --epochs 15
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import train  # noqa: E402
from trinity_train.runs import command_string  # noqa: E402

QUICK_ARGS = ["--model", "tri-G", "--lr-schedule", "none", "--eval-every", "0",
              "--out", os.path.join(os.path.dirname(HERE), "models", "tri_snn_g_quick.trn")]


def train_argv(argv):
    """train.py's arguments for train_quick.py's `argv` (later options win in argparse)."""
    argv = list(argv)
    if any(a == "--model" or a.startswith("--model=") for a in argv):
        raise SystemExit("train_quick.py: --model is fixed to tri-G; use train/train.py for other kinds")
    return QUICK_ARGS + argv


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if "-h" in args or "--help" in args:
        print(__doc__)
    return train.main(train_argv(args), command=command_string(__file__, argv))


if __name__ == "__main__":
    main()
