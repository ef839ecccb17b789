# SPDX-License-Identifier: Apache-2.0
"""Training smoke test and export checks for train/train.py.

  * a short training run (600 training images, 1 epoch, batch 50): the loss
    falls, the exported .trn loads in Python and in C++ (`trinity info`);
  * the exported file agrees spike for spike (every layer, every timestep)
    with the integer forward pass of the in-memory quantised network, and
    its output counts equal the C++ golden model's (`trinity run --backend
    golden --out`) on the same test images;
  * the committed models (models/*_s<seed>.trn, models/tri_snn_g_quick.trn):
    Python integer forward pass == C++ golden model, output counts on 100
    test images (skipped when the CLI is not built).

    OMP_WAIT_POLICY=passive /usr/bin/python3 -m unittest discover -s train/tests
"""
import contextlib
import csv
import io
import glob
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)
REPO = os.path.dirname(TRAIN)
sys.path.insert(0, TRAIN)

from trinity_train import data, rate_coding  # noqa: E402
from trinity_train.model_file import read_model  # noqa: E402
from trinity_train.quantize import layers_from_file  # noqa: E402
from trinity_train.snn import quantised_forward  # noqa: E402

TRINITY = os.path.join(REPO, "build", "host", "cli", "trinity")
HAVE_DATA = os.path.exists(os.path.join(data.DEFAULT_DIR, "t10k-images-idx3-ubyte.gz"))
HAVE_CLI = os.access(TRINITY, os.X_OK)


def golden_counts(model, limit):
    """Per-image output counts of the C++ golden model on the first `limit` test images (spec §6 seed 0)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "golden.csv")
        subprocess.run([TRINITY, "run", "-q", "--model", model, "--backend", "golden", "--dataset", "fashion-mnist",
                        "--split", "test", "--limit", str(limit), "--out", out],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
    return np.array([[int(r["count%d" % k]) for k in range(10)] for r in rows], dtype=np.int64)


@unittest.skipUnless(HAVE_DATA, "Fashion-MNIST not installed")
class TrainingSmokeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import importlib.util

        import torch

        spec = importlib.util.spec_from_file_location("trinity_train_script", os.path.join(TRAIN, "train.py"))
        train_mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(train_mod)

        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "smoke_s3.trn")
        old = torch.get_num_threads()
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                cls.res = train_mod.main([
                    "--model", "tri-G", "--daf", os.path.join(TRAIN, "daf", "aab_forward_vds1V_gaussian.json"),
                    "--seed", "3", "--epochs", "1", "--batch", "50", "--limit-train", "600", "--limit-test", "200",
                    "--lr-schedule", "cosine", "--out", cls.out, "--log", os.path.join(cls.tmp.name, "smoke.csv")])
        finally:
            torch.set_num_threads(old)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_loss_falls(self):
        losses = self.res["batch_losses"]
        self.assertEqual(len(losses), 12)
        self.assertLess(np.mean(losses[-3:]), 0.8 * np.mean(losses[:3]), losses)

    def test_export_loads_in_python_with_metadata(self):
        f = read_model(self.out)
        self.assertEqual(f["timesteps"], 10)
        md = f["metadata"]
        self.assertEqual(md["model"], "tri-SNN(G)")
        self.assertEqual(md["seed"], 3)
        self.assertIn("train/train.py", md["command"])
        self.assertEqual(len(md["float_test_accuracy_per_epoch"]), 1)
        self.assertAlmostEqual(md["quantised_test_accuracy"], round(self.res["quantised_acc"], 4))
        self.assertTrue(os.path.exists(os.path.join(self.tmp.name, "smoke.csv")))

    def test_export_matches_quantised_forward_spike_for_spike(self):
        spikes = self.res["test_spikes"][:100]
        file_layers = layers_from_file(read_model(self.out)["layers"])
        c_mem, s_mem = quantised_forward(self.res["layers"], spikes, return_all=True)
        c_file, s_file = quantised_forward(file_layers, spikes, return_all=True)
        for a, b in zip(s_mem, s_file):
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(c_mem, c_file)
        self.assertGreater(int(s_mem[0].sum()), 0)  # not a silent network

    @unittest.skipUnless(HAVE_CLI, "build/host/cli/trinity not built (make build)")
    def test_export_loads_in_cpp(self):
        r = subprocess.run([TRINITY, "info", self.out], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("tri-G", r.stdout)

    @unittest.skipUnless(HAVE_CLI, "build/host/cli/trinity not built (make build)")
    def test_export_matches_cpp_golden(self):
        np.testing.assert_array_equal(golden_counts(self.out, 200), self.res["q_counts"][:200])


@unittest.skipUnless(HAVE_DATA and HAVE_CLI, "needs Fashion-MNIST and build/host/cli/trinity")
class CommittedModelsTest(unittest.TestCase):
    def test_committed_models_match_cpp_golden(self):
        paths = sorted(glob.glob(os.path.join(REPO, "models", "*_s[0-9]*.trn")))
        paths.append(os.path.join(REPO, "models", "tri_snn_g_quick.trn"))
        te_x, _ = data.load_split("t10k")
        n = 100
        spikes = rate_coding.encode(te_x[:n], 10, seed=0)
        for p in paths:
            if not os.path.exists(p):
                continue
            with self.subTest(model=os.path.basename(p)):
                f = read_model(p)
                self.assertEqual(f["timesteps"], 10)
                counts = quantised_forward(layers_from_file(f["layers"]), spikes)
                np.testing.assert_array_equal(golden_counts(p, n), counts)


if __name__ == "__main__":
    unittest.main()
