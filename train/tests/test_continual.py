# SPDX-License-Identifier: Apache-2.0
"""train/continual.py, task-gated continual learning, on a tiny configuration
(2 tasks, 200 MNIST training images, 100 test images, 64 hidden neurons,
1 epoch; a few seconds):

  * a finished run is skipped, one with other settings in the same place refused;
  * the draws: seeded, exact gate density, a different permutation and gate
    per task, recorded in the _gates.npz file as drawn;
  * a gated-off synapse has no effect on the output and gets zero gradient;
  * training task 2 moves only weights inside task 2's gate, never a bias,
    and weights in no learnt task's gate keep their initial values;
  * the accuracy recorded for (task learnt 2, task evaluated 1) is that of
    task 1's permutation with task 1's gate, recomputed here without the
    gating code (weights multiplied out), and task 2's gate gives task 1's
    images different outputs (so a wrong gate would be seen).
"""
import contextlib
import csv
import io
import os
import sys
import tempfile
import unittest

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)
sys.path.insert(0, TRAIN)

import continual  # noqa: E402
from trinity_train import data  # noqa: E402
from trinity_train.snn import SNN, decode  # noqa: E402

HAVE_MNIST = os.path.exists(data.idx_path(data.MNIST_DIR, "t10k-images-idx3-ubyte"))


def tiny_argv(tasks, out_dir):
    return ["--models", "bi", "--seeds", "5", "--tasks", str(tasks), "--epochs", "1", "--hidden", "64",
            "--limit-train", "200", "--limit-test", "100", "--threads", "1", "--save-weights", "--out-dir", out_dir]


class DrawTest(unittest.TestCase):
    def test_draws_are_seeded_exact_and_differ_per_task(self):
        shapes = [(64, 784), (10, 64)]
        p1, g1 = continual.task_draws(7, 1, 784, shapes, 0.03)
        p1b, g1b = continual.task_draws(7, 1, 784, shapes, 0.03)
        p2, g2 = continual.task_draws(7, 2, 784, shapes, 0.03)
        self.assertTrue(np.array_equal(p1, p1b))
        self.assertTrue(all(np.array_equal(a, b) for a, b in zip(g1, g1b)))
        self.assertEqual(sorted(p1.tolist()), list(range(784)))
        self.assertFalse(np.array_equal(p1, p2))
        for g, (n_out, n_in) in zip(g1, shapes):
            self.assertEqual(g.shape, (n_out, n_in))
            self.assertEqual(int(g.sum()), round(0.03 * n_out * n_in))
        self.assertFalse(np.array_equal(g1[0], g2[0]))


class GateTest(unittest.TestCase):
    def test_gated_off_synapses_have_no_effect_and_no_gradient(self):
        torch.manual_seed(3)
        net = SNN([784, 64, 10], kind="tri-R", v_th=0.5, surrogate=(0.5, 1.0))
        _, gates = continual.task_draws(3, 1, 784, [(64, 784), (10, 64)], 0.25)
        continual.set_gates(net, gates)
        x = (torch.rand(20, 5, 784) < 0.3).float()
        before = net(x)
        before.sum().backward()
        for layer, g in zip(net.layers, gates):
            off = torch.from_numpy(~g)
            self.assertEqual(float(layer.fc.weight.grad[off].abs().sum()), 0.0)
            self.assertGreater(float(layer.fc.weight.grad[~off].abs().sum()), 0.0)
        with torch.no_grad():
            for layer, g in zip(net.layers, gates):
                off = torch.from_numpy(~g)
                layer.fc.weight[off] += torch.randn(int(off.sum())) * 10
            self.assertTrue(torch.equal(net(x), before.detach()))


@unittest.skipUnless(HAVE_MNIST, "MNIST not installed (scripts/install-deps.sh)")
class TinyRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.results = {}
        for tasks in (1, 2):
            out = os.path.join(cls.tmp.name, "t%d" % tasks)
            with contextlib.redirect_stdout(io.StringIO()):
                continual.main(tiny_argv(tasks, out))
            paths = continual.run_paths(out, "bi", 5)
            cls.results[tasks] = {"paths": paths, "weights": torch.load(paths["weights"])["state_dict"],
                                  "npz": np.load(paths["gates"])}
        cls.args = continual.parse_args(tiny_argv(2, cls.tmp.name))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def gates(self, task):
        npz = self.results[2]["npz"]
        return [np.unpackbits(npz["gates_layer%d" % l][task - 1])[:a * b].astype(bool).reshape(a, b)
                for l, (a, b) in enumerate(npz["shapes"])]

    def test_a_finished_run_is_skipped_and_one_with_other_settings_refused(self):
        out = os.path.join(self.tmp.name, "t2")
        log = io.StringIO()
        with contextlib.redirect_stdout(log):
            continual.main(tiny_argv(2, out))
        self.assertIn("skip", log.getvalue())
        argv = tiny_argv(2, out)
        argv[argv.index("--epochs") + 1] = "3"
        with self.assertRaises(SystemExit) as e:
            continual.main(argv)
        self.assertIn("epochs_per_task 1 (asked 3)", str(e.exception))

    def test_recorded_draws_are_the_drawn_ones(self):
        npz = self.results[2]["npz"]
        for task in (1, 2):
            perm, gates = continual.task_draws(5, task, 784, [(64, 784), (10, 64)], 0.03)
            self.assertTrue(np.array_equal(npz["perms"][task - 1], perm))
            for a, b in zip(self.gates(task), gates):
                self.assertTrue(np.array_equal(a, b))

    def test_task_2_moves_only_its_gated_weights_and_no_bias(self):
        init, _, _ = continual.build_net("bi", self.args, 5)
        after1, after2 = self.results[1]["weights"], self.results[2]["weights"]
        g1, g2 = self.gates(1), self.gates(2)
        for l in range(2):
            w0 = init.layers[l].fc.weight.detach()
            w1, w2 = after1["layers.%d.fc.weight" % l], after2["layers.%d.fc.weight" % l]
            in1, in2 = torch.from_numpy(g1[l]), torch.from_numpy(g2[l])
            self.assertTrue(torch.equal(w2[~in2], w1[~in2]), "layer %d: task 2 moved a weight outside its gate" % l)
            self.assertFalse(torch.equal(w2[in2], w1[in2]), "layer %d: task 2 moved nothing" % l)
            self.assertTrue(torch.equal(w2[~(in1 | in2)], w0[~(in1 | in2)]))
            self.assertTrue(torch.equal(after2["layers.%d.fc.bias" % l], after1["layers.%d.fc.bias" % l]))
            self.assertFalse(torch.equal(after1["layers.%d.fc.bias" % l], init.layers[l].fc.bias.detach()))

    def test_each_task_is_evaluated_with_its_own_gate(self):
        with open(self.results[2]["paths"]["pairs"], newline="") as f:
            rows = {(int(r["task_learnt"]), int(r["task_evaluated"])): float(r["accuracy"]) for r in csv.DictReader(f)}
        self.assertEqual(sorted(rows), [(1, 1), (2, 1), (2, 2)])
        with open(self.results[2]["paths"]["avg"], newline="") as f:
            avg = [float(r["average_accuracy"]) for r in csv.DictReader(f)]
        self.assertAlmostEqual(avg[1], (rows[(2, 1)] + rows[(2, 2)]) / 2, places=4)
        te_x, te_y = data.load_split("t10k", data.MNIST_DIR)
        te_x, te_y = te_x[:100], te_y[:100]
        perm1 = self.results[2]["npz"]["perms"][0].astype(np.int64)
        spikes = torch.from_numpy(continual.test_spikes(te_x, perm1, 5)).float()

        def counts_with(gates):
            # no gating code: a plain network whose weights are weight * gate
            net, _, _ = continual.build_net("bi", self.args, 5)
            state = dict(self.results[2]["weights"])
            for l, g in enumerate(gates):
                state["layers.%d.fc.weight" % l] = state["layers.%d.fc.weight" % l] * torch.from_numpy(
                    g.astype(np.float32))
            net.load_state_dict(state)
            net.eval()
            with torch.no_grad():
                return net(spikes).numpy()

        own = counts_with(self.gates(1))
        self.assertAlmostEqual(float(np.mean(decode(own) == te_y)), rows[(2, 1)], places=4)
        self.assertFalse(np.array_equal(own, counts_with(self.gates(2))))


if __name__ == "__main__":
    unittest.main()
