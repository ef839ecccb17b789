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
    those spikes gives exactly these spike counts.
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

import continual  # noqa: E402
import export_gated  # noqa: E402
from trinity_train import data  # noqa: E402
from trinity_train.model_file import read_model  # noqa: E402
from trinity_train.quantize import layers_from_file  # noqa: E402
from trinity_train.snn import decode, quantised_forward  # noqa: E402

HAVE_MNIST = os.path.exists(data.idx_path(data.MNIST_DIR, "t10k-images-idx3-ubyte"))


@unittest.skipUnless(HAVE_MNIST, "MNIST not installed (scripts/install-deps.sh)")
class ExportGatedTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        out = cls.tmp.name
        cls.model = os.path.join(out, "g.trn")
        with contextlib.redirect_stdout(io.StringIO()):
            continual.main(["--models", "tri-G", "--seeds", "5", "--tasks", "2", "--epochs", "1", "--hidden", "64",
                            "--limit-train", "200", "--limit-test", "100", "--threads", "1", "--save-weights",
                            "--out-dir", out])
            cls.run_base = continual.run_paths(out, "tri-G", 5)["pairs"][:-len(".csv")]
            export_gated.main(["--run", cls.run_base, "--out", cls.model, "--limit-test", "100"])
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


if __name__ == "__main__":
    unittest.main()
