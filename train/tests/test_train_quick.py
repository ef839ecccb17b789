# SPDX-License-Identifier: Apache-2.0
"""train/train_quick.py is train/train.py with fixed settings: both paths, run
on a tiny configuration with the same seed, write the same model file.

The train.py command is spelled out here as docs/training-quick.md gives it,
not taken from train_quick.py, so a change to the wrapper's translation fails
this test. The files are compared byte for byte after dropping the metadata
that cannot agree: the wall-clock times and the recorded command line (each
records the command that was run).

    OMP_WAIT_POLICY=passive /usr/bin/python3 -m unittest discover -s train/tests
"""
import contextlib
import importlib.util
import io
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)
sys.path.insert(0, TRAIN)

from trinity_train import data  # noqa: E402
from trinity_train.model_file import read_model, serialize_model  # noqa: E402

HAVE_DATA = os.path.exists(os.path.join(data.DEFAULT_DIR, "train-images-idx3-ubyte.gz"))
RUN_DEPENDENT = ("command", "epoch_seconds", "total_seconds")


def load_script(name):
    spec = importlib.util.spec_from_file_location("script_" + name, os.path.join(TRAIN, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def comparable_bytes(path):
    f = read_model(path)
    md = {k: v for k, v in f["metadata"].items() if k not in RUN_DEPENDENT}
    return serialize_model(f["timesteps"], f["layers"], md), f["metadata"]


@unittest.skipUnless(HAVE_DATA, "Fashion-MNIST not installed")
class QuickIsTrainPy(unittest.TestCase):
    def test_same_model_file(self):
        import torch

        quick, train = load_script("train_quick"), load_script("train")
        # --revive-every 3 makes the silent-output guard's code path run (8 batches).
        tiny = ["--seed", "5", "--epochs", "1", "--batch", "50", "--limit-train", "400", "--limit-test", "100",
                "--revive-every", "3"]
        old = torch.get_num_threads()
        with tempfile.TemporaryDirectory() as tmp:
            q, t = os.path.join(tmp, "q.trn"), os.path.join(tmp, "t.trn")
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    quick.main(tiny + ["--out", q, "--log", os.path.join(tmp, "q.csv")])
                    train.main(["--model", "tri-G", "--lr-schedule", "none", "--eval-every", "0"] + tiny
                               + ["--out", t, "--log", os.path.join(tmp, "t.csv")])
            finally:
                torch.set_num_threads(old)
            qb, qmd = comparable_bytes(q)
            tb, tmd = comparable_bytes(t)
        self.assertIn("train/train_quick.py", qmd["command"])
        self.assertIn("train/train.py", tmd["command"])
        self.assertEqual(qmd["model"], "tri-SNN(G)")
        self.assertEqual(qb, tb)

    def test_model_is_refused(self):
        quick = load_script("train_quick")
        with self.assertRaises(SystemExit):
            quick.train_argv(["--model", "bi", "--seed", "1"])


if __name__ == "__main__":
    unittest.main()
