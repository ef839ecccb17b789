# SPDX-License-Identifier: Apache-2.0
"""train/export_gated.py on a tiny continual run (tri-G, 2 tasks, 64 hidden
neurons, 200 training and 100 test images, 1 epoch; a few seconds):

  * the file is format version 2 with the run's gates exactly as recorded
    in _gates.npz, and every synapse in no task's gate has weight 0;
  * the float accuracy it records for each task is continual.py's own
    (after the last task, each task with its own permutation and gate);
  * the quantised accuracy it records for task k is that of the file read
    back, with task k's gated-off weights zeroed by hand (fixed-point spec
    §1a), on task k's permuted test spikes;
  * `trinity run --task k` (C++ golden, when ctest gives TRINITY_CLI) on
    those spikes gives exactly these spike counts;
  * the calibrated w_shift (a tiny synthetic network, no MNIST, well under a
    second): the candidates are each layer's plain §7 shift and one finer,
    the choice is the candidate of least mean float-vs-quantised
    disagreement (recomputed here by hand), ties go to the plain rule, and
    the file's layers carry the w_shift its metadata records.
"""
import contextlib
import csv
import io
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)
sys.path.insert(0, TRAIN)

import torch  # noqa: E402

import continual  # noqa: E402
import export_gated  # noqa: E402
from trinity_train import data, rate_coding  # noqa: E402
from trinity_train.model_file import read_model  # noqa: E402
from trinity_train.quantize import layers_from_file, quantize_weights  # noqa: E402
from trinity_train.runs import float_counts  # noqa: E402
from trinity_train.snn import SNN, decode, quantised_forward  # noqa: E402

HAVE_MNIST = os.path.exists(data.idx_path(data.MNIST_DIR, "t10k-images-idx3-ubyte"))


def tiny_exported_run(out, model, train_args=(), export_args=()):
    """The tiny tri-G continual run (seed 5, 2 tasks, 64 hidden neurons, 200
    training and 100 test images, 1 epoch) in out, exported to model with
    --limit-test 100; returns the run's base path. Also test_qat.py's."""
    with contextlib.redirect_stdout(io.StringIO()):
        continual.main(["--models", "tri-G", "--seeds", "5", "--tasks", "2", "--epochs", "1", "--hidden", "64",
                        "--limit-train", "200", "--limit-test", "100", "--threads", "1", "--save-weights",
                        "--out-dir", out, *train_args])
        run_base = continual.run_paths(out, "tri-G", 5)["pairs"][:-len(".csv")]
        export_gated.main(["--run", run_base, "--out", model, "--limit-test", "100", *export_args])
    return run_base


@unittest.skipUnless(HAVE_MNIST, "MNIST not installed (scripts/install-deps.sh)")
class ExportGatedTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        out = cls.tmp.name
        cls.model = os.path.join(out, "g.trn")
        cls.run_base = tiny_exported_run(out, cls.model, export_args=["--calib-images", "200"])
        cls.file = read_model(cls.model)
        npz = np.load(cls.run_base + "_gates.npz")
        cls.shapes = [tuple(int(v) for v in s) for s in npz["shapes"]]
        cls.gates = [[np.unpackbits(npz["gates_layer%d" % l][k])[:a * b].astype(bool).reshape(a, b)
                      for l, (a, b) in enumerate(cls.shapes)] for k in range(2)]
        cls.perms = npz["perms"].astype(np.int64)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_gates_are_the_recorded_ones_and_unused_weights_zero(self):
        with open(self.model, "rb") as f:
            self.assertEqual(f.read(10)[8], 2)  # format version 2
        self.assertEqual(len(self.file["gates"]), 2)
        for k in range(2):
            for l in range(2):
                self.assertEqual(self.file["gates"][k][l], np.packbits(self.gates[k][l].reshape(-1)).tobytes())
        for l, (a, b) in enumerate(self.shapes):
            w = np.array(self.file["layers"][l]["weights"]).reshape(a, b)
            unused = ~(self.gates[0][l] | self.gates[1][l])
            self.assertTrue(np.all(w[unused] == 0))
            self.assertTrue(np.any(w[~unused] != 0))

    def test_file_carries_the_calibrated_w_shift(self):
        meta = self.file["metadata"]
        self.assertEqual([l["w_shift"] for l in self.file["layers"]], meta["w_shift"])
        cands = meta["w_shift_calibration"]["candidates"]
        self.assertIn(meta["w_shift"], [c["w_shift"] for c in cands])
        self.assertIn("last 200", meta["w_shift_calibration"]["images"])
        self.assertIn("disagreement", meta["w_shift_rule"])

    def test_disagreement_counts_make_the_gap(self):
        meta = self.file["metadata"]
        for k in range(2):
            only_f, only_q = meta["only_float_right_per_task"][k], meta["only_quantised_right_per_task"][k]
            self.assertLessEqual(only_f + only_q, meta["decisions_differ_per_task"][k])
            self.assertAlmostEqual((only_f - only_q) / 100,
                                   meta["float_accuracy_per_task"][k] - meta["quantised_accuracy_per_task"][k])

    def test_float_accuracy_is_continual_pys(self):
        with open(self.run_base + ".csv", newline="") as f:
            rows = {(int(r["task_learnt"]), int(r["task_evaluated"])): float(r["accuracy"]) for r in csv.DictReader(f)}
        self.assertEqual(self.file["metadata"]["float_accuracy_per_task"], [rows[(2, 1)], rows[(2, 2)]])

    def test_quantised_accuracy_is_the_files_task_network(self):
        got = []
        for k in range(2):
            spikes, counts = self.task_counts(k)
            got.append(round(float(np.mean(decode(counts) == self.te_y)), 4))
        self.assertEqual(self.file["metadata"]["quantised_accuracy_per_task"], got)

    def task_counts(self, k):
        """Task k's (0-based) permuted test spikes and the file's task-k network's counts on them."""
        te_x, self.te_y = (a[:100] for a in data.load_split("t10k", data.MNIST_DIR))
        layers = layers_from_file(self.file["layers"])
        for l, layer in enumerate(layers):
            bits = np.unpackbits(np.frombuffer(self.file["gates"][k][l], dtype=np.uint8))
            layer["weights"].reshape(-1)[bits[:layer["weights"].size] == 0] = 0
        spikes = continual.test_spikes(te_x, self.perms[k], self.file["timesteps"])
        return spikes, quantised_forward(layers, spikes)

    @unittest.skipUnless(os.access(os.environ.get("TRINITY_CLI", ""), os.X_OK), "TRINITY_CLI not given (ctest sets it)")
    def test_cpp_runs_each_task_as_python_computes_it(self):
        for k in range(2):
            spikes, counts = self.task_counts(k)
            npy, out = os.path.join(self.tmp.name, "t%d.npy" % k), os.path.join(self.tmp.name, "t%d.csv" % k)
            np.save(npy, spikes.astype(np.uint8))
            subprocess.run([os.environ["TRINITY_CLI"], "run", "--model", self.model, "--task", str(k + 1), "--input",
                            npy, "--out", out, "-q"], check=True, capture_output=True)
            with open(out, newline="") as f:
                cpp = np.array([[int(r["count%d" % i]) for i in range(10)] for r in csv.DictReader(f)])
            self.assertGreater(int(counts.sum()), 0)
            self.assertTrue(np.array_equal(cpp, counts), "task %d: C++ and Python counts differ" % (k + 1))


class CalibratedShiftTest(unittest.TestCase):
    """export_gated.calibrate_w_shifts on a [16-8-4] bi network, 2 tasks, 60 random images."""

    def setUp(self):
        rng = np.random.default_rng(3)
        self.net = SNN([16, 8, 4], kind="bi", v_th=0.5)
        torch.manual_seed(0)
        with torch.no_grad():  # biases that make the network fire; weights within +-0.3 but for one
            for layer in self.net.layers:  # outlier a layer, 0.52 > 127/256, so the plain w_shift is 1
                layer.fc.weight.uniform_(-0.3, 0.3)
                layer.fc.bias.uniform_(0.0, 0.3)
                layer.fc.weight[0, 0] = 0.52
        self.gates = [[rng.random((8, 16)) < 0.6, rng.random((4, 8)) < 0.6] for _ in range(2)]
        self.perms = [rng.permutation(16) for _ in range(2)]
        self.x = rng.integers(0, 256, size=(60, 16), dtype=np.uint8)
        self.y = rng.integers(0, 4, size=60)
        self.idx = np.arange(1000, 1060, dtype=np.uint64)

    def calibrate(self):
        return export_gated.calibrate_w_shifts(self.net, self.gates, self.perms, 5, self.x, self.y, self.idx)

    def test_candidates_plain_first_then_one_finer(self):
        self.assertEqual(export_gated.shift_candidates([0, -8]), [[0, -8], [-1, -8]])
        self.assertEqual(export_gated.shift_candidates([2, 1]), [[2, 1], [2, 0], [1, 1], [1, 0]])
        w, s = quantize_weights(np.array([0.45, 0.1, -0.3]), -1)  # steps of 1/512, clamped to +-127
        self.assertEqual((list(w), s), ([127, 51, -127], -1))
        with self.assertRaises(ValueError):
            quantize_weights(np.array([0.1]), -9)

    def test_choice_is_the_least_mean_disagreement(self):
        chosen, records = self.calibrate()
        plain = [l["w_shift"] for l in export_gated.quantised_layers(self.net, self.gates)]
        self.assertEqual(plain, [1, 1])
        self.assertEqual(records[0]["w_shift"], plain)
        self.assertNotEqual(chosen, plain)  # this network is one where a finer scale tracks the float model better
        self.assertEqual([r["w_shift"] for r in records], export_gated.shift_candidates(plain))
        best = min(r["mean_disagreement"] for r in records)
        self.assertEqual(chosen, next(r["w_shift"] for r in records if r["mean_disagreement"] == best))
        # the chosen candidate's disagreement, by hand
        layers = export_gated.quantised_layers(self.net, self.gates, chosen)
        self.assertEqual([l["w_shift"] for l in layers], chosen)
        dis = []
        for perm, g in zip(self.perms, self.gates):
            spikes = rate_coding.encode(np.ascontiguousarray(self.x[:, perm]), 5, seed=0, indices=self.idx)
            continual.set_gates(self.net, g)
            fd = decode(float_counts(self.net, spikes))
            dis.append(np.mean(decode(quantised_forward(export_gated.task_layers(layers, g), spikes)) != fd))
        continual.set_gates(self.net, None)
        self.assertAlmostEqual(next(r for r in records if r["w_shift"] == chosen)["mean_disagreement"],
                               round(float(np.mean(dis)), 5))

    def test_ties_keep_the_plain_rule(self):
        with torch.no_grad():
            self.net.layers[1].fc.bias.fill_(-20.0)  # the output never fires: every candidate agrees
        chosen, records = self.calibrate()
        self.assertTrue(all(r["mean_disagreement"] == 0 for r in records))
        self.assertEqual(chosen, records[0]["w_shift"])


if __name__ == "__main__":
    unittest.main()
