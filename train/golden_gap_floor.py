#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""How far apart must the float and the quantised continual models be? A diagnostic.

For an exported continual run (train/export_gated.py: <run>.pt, <run>_gates.npz
and the model file <run>.trn) and some of its tasks, on the calibration images
export_gated.py uses (the last N MNIST training images, each task's
permutation and gate, spec §6 spikes seed 0), prints the fraction of images
whose decision differs from the float model's when the float model is given

  * biases: only its biases rounded to Q7.8 (spec §7), weights float;
  * weights: only the weights of the file (int8 * 2^(w_shift - 8)), biases float;
  * both: every parameter of the file, still float arithmetic;
  * golden: the file's integer network itself (Python integer forward pass).

and both accuracies on those images, so that a task's test-set gap can be
checked on images the test never saw. The first number is a floor no choice
of w_shift can lower: the Q7.8 rounding of the biases is fixed by the
spec. A task's float - golden accuracy gap on n images has a sampling spread
of about sqrt(b + c) / n, b and c the images only one of the two gets right.

    OMP_NUM_THREADS=1 /usr/bin/python3 train/golden_gap_floor.py \\
        --run train/runs/continual-t20e1/tri_snn_r_s1 --tasks 3,5
"""
import argparse
import os
import sys

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import continual  # noqa: E402
import export_gated  # noqa: E402
from trinity_train import data, rate_coding  # noqa: E402
from trinity_train.fixed_point import from_q78, weight_value  # noqa: E402
from trinity_train.model_file import read_model  # noqa: E402
from trinity_train.quantize import layers_from_file, quantize_q78  # noqa: E402
from trinity_train.runs import float_counts  # noqa: E402
from trinity_train.snn import decode, quantised_forward  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True, help="<out-dir>/<name>_s<seed>, with .pt, _gates.npz and .trn")
    p.add_argument("--tasks", default="1", help="comma-separated 1-based tasks")
    p.add_argument("--calib-images", type=int, default=export_gated.CALIB_IMAGES)
    p.add_argument("--daf", default=continual.DEFAULT_DAF)
    p.add_argument("--data-dir", default=data.MNIST_DIR)
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    net, meta, gates, perms = export_gated.load_run(args.run, args.daf)
    layers = layers_from_file(read_model(args.run + ".trn")["layers"])
    x, y, idx = export_gated.calibration_split(args.calib_images, args.data_dir)
    original = [(l.fc.weight.detach().clone(), l.fc.bias.detach().clone()) for l in net.layers]
    variants = {
        "biases": [(w, torch.from_numpy(from_q78(quantize_q78(b.double().numpy()).astype(np.float64))).float())
                   for w, b in original],
        "weights": [(torch.from_numpy(weight_value(q["weights"].astype(np.float64), q["w_shift"])).float(), b)
                    for q, (_, b) in zip(layers, original)],
    }
    variants["both"] = [(w, b) for (w, _), (_, b) in zip(variants["weights"], variants["biases"])]
    print("%s, w_shift %s, last %d training images: fraction of decisions that differ from the float model's"
          % (os.path.basename(args.run), [q["w_shift"] for q in layers], len(x)))
    for k in (int(t) for t in args.tasks.split(",")):
        g, perm = gates[k - 1], perms[k - 1]
        spikes = rate_coding.encode(np.ascontiguousarray(x[:, perm]), meta["timesteps"], seed=0, indices=idx)
        continual.set_gates(net, g)
        fd = decode(float_counts(net, spikes))
        row = []
        for name, params in variants.items():
            with torch.no_grad():
                for layer, (w, b) in zip(net.layers, params):
                    layer.fc.weight.copy_(w)
                    layer.fc.bias.copy_(b)
            row.append("%s %.4f" % (name, np.mean(decode(float_counts(net, spikes)) != fd)))
        with torch.no_grad():
            for layer, (w, b) in zip(net.layers, original):
                layer.fc.weight.copy_(w)
                layer.fc.bias.copy_(b)
        golden = decode(quantised_forward(export_gated.task_layers(layers, g), spikes))
        row.append("golden %.4f; accuracy float %.4f golden %.4f, gap %+.2f pp (only float right %d, only golden "
                   "right %d)" % (np.mean(golden != fd), np.mean(fd == y), np.mean(golden == y),
                                  100 * (np.mean(fd == y) - np.mean(golden == y)),
                                  np.sum((fd == y) & (golden != y)), np.sum((golden == y) & (fd != y))))
        print("task %d: %s" % (k, ", ".join(row)), flush=True)


if __name__ == "__main__":
    main()
