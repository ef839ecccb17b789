# SPDX-License-Identifier: Apache-2.0
"""Quantisation-aware continual training (continual.py --qat) and its export:

  * snn.fake_quantised gives, in float, exactly the weights and biases spec §7
    stores (quantize.quantize_weights with the plain w_shift of the masked
    weights, quantize_q78 for biases), and passes gradients straight through;
  * a tiny --qat run (tri-G, 2 tasks, 64 hidden neurons, 200 training and 100
    test images, 1 epoch; a few seconds) records "qat": true; export_gated.py
    exports it with the plain rule by default and refuses --calib-images for
    it; every weight and bias the file holds is, decoded, the very value the
    run's float forward pass used; and the float accuracy the export records
    for each task is continual.py's own, so the exporter evaluates the float
    model the way it was trained.
"""
import csv
import os
import sys
import tempfile
import unittest

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN = os.path.dirname(HERE)
sys.path.insert(0, TRAIN)
sys.path.insert(0, HERE)

import continual  # noqa: E402
import export_gated  # noqa: E402
from trinity_train import data  # noqa: E402
from trinity_train.model_file import read_model  # noqa: E402
from trinity_train.quantize import quantize_q78, quantize_weights  # noqa: E402
from trinity_train.snn import fake_quantised  # noqa: E402
from test_export_gated import tiny_exported_run  # noqa: E402

HAVE_MNIST = os.path.exists(data.idx_path(data.MNIST_DIR, "t10k-images-idx3-ubyte"))


class FakeQuantisedTest(unittest.TestCase):
    def test_values_are_the_files_and_gradients_pass_straight_through(self):
        torch.manual_seed(1)
        w = (torch.randn(12, 20) * 0.2).requires_grad_()
        b = (torch.randn(12) * 0.3).requires_grad_()
        keep = torch.rand(12, 20) < 0.4
        w.data[0, 0] = 0.3 + 1 / 1024  # a value between two grid points of w_shift 0
        keep[0, 0] = True
        wq, bq = fake_quantised(w, b, w * keep)
        ints, shift = quantize_weights((w * keep).detach().numpy())
        self.assertTrue(np.array_equal(wq.detach().numpy()[keep.numpy()],
                                       (ints.astype(np.float64) * 2.0 ** (shift - 8))[keep.numpy()]))
        self.assertTrue(np.array_equal(bq.detach().numpy(), quantize_q78(b.detach().numpy()) / 256.0))
        r = torch.randn(12, 20)
        (wq * r).sum().backward()
        self.assertTrue(torch.equal(w.grad, r))
        bq2 = fake_quantised(w, b, w * keep)[1]
        (bq2 * 3).sum().backward()
        self.assertTrue(torch.equal(b.grad, torch.full_like(b, 3.0)))

    def test_scale_comes_from_the_kept_synapses_only(self):
        w = torch.tensor([[0.1, 0.9], [-0.2, 0.05]])
        keep = torch.tensor([[1.0, 0.0], [1.0, 1.0]])  # 0.9 in no gate: it does not set the scale
        wq, _ = fake_quantised(w * keep, torch.zeros(2), w * keep)
        _, shift = quantize_weights(np.array([0.1, -0.2, 0.05]))
        self.assertEqual(shift, -1)
        self.assertEqual(float(wq[0, 0]), round(0.1 * 512) / 512)


@unittest.skipUnless(HAVE_MNIST, "MNIST not installed (scripts/install-deps.sh)")
class QatRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        out = cls.tmp.name
        cls.model = os.path.join(out, "q.trn")
        cls.run_base = tiny_exported_run(out, cls.model, train_args=["--qat"])
        cls.file = read_model(cls.model)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_run_records_qat_and_export_uses_the_plain_rule(self):
        self.assertTrue(torch.load(self.run_base + ".pt")["meta"]["qat"])
        self.assertIn("finest w_shift that clamps no weight", self.file["metadata"]["w_shift_rule"])
        self.assertNotIn("w_shift_calibration", self.file["metadata"])
        with self.assertRaises(SystemExit) as e:
            export_gated.main(["--run", self.run_base, "--out", self.model + ".x", "--calib-images", "200"])
        self.assertIn("--calib-images 200", str(e.exception))
        self.assertFalse(os.path.exists(self.model + ".x"))

    def test_file_holds_the_values_the_float_forward_used(self):
        net, _, gates, _ = export_gated.load_run(self.run_base, continual.DEFAULT_DAF)
        for l, layer in enumerate(net.layers):
            union = np.logical_or.reduce([g[l] for g in gates])
            wq, bq = fake_quantised(layer.fc.weight * layer.qat_mask, layer.fc.bias, layer.fc.weight * layer.qat_mask)
            f = self.file["layers"][l]
            w_file = np.array(f["weights"], dtype=np.float64).reshape(union.shape) * 2.0 ** (f["w_shift"] - 8)
            self.assertTrue(np.array_equal(w_file[union], wq.detach().numpy().astype(np.float64)[union]))
            self.assertTrue(np.all(w_file[~union] == 0))
            self.assertTrue(np.array_equal(np.array(f["bias"], dtype=np.float64) / 256,
                                           bq.detach().numpy().astype(np.float64)))

    def test_float_accuracy_is_continual_pys(self):
        with open(self.run_base + ".csv", newline="") as f:
            rows = {(int(r["task_learnt"]), int(r["task_evaluated"])): float(r["accuracy"]) for r in csv.DictReader(f)}
        self.assertEqual(self.file["metadata"]["float_accuracy_per_task"], [rows[(2, 1)], rows[(2, 2)]])


if __name__ == "__main__":
    unittest.main()
