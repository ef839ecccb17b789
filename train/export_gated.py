#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Export one continual-learning run (train/continual.py) as one quantised
model file of format version 2 (docs/model-format.md): the shared weights and
every task's gate, so `trinity run --task K` runs task K.

Inputs, from continual.py's --out-dir: <run>.pt (needs --save-weights) and
<run>_gates.npz, where <run> is e.g. tri_snn_g_s1. The network is rebuilt
from the settings recorded in the .pt, its float weights loaded, and then:

  * a synapse that no task's gate keeps is set to 0 before quantising: it
    acts in no task (its float value is still the initialisation), and left
    in it would only widen the layer's quantisation range (w_shift);
  * the spec §7 quantisation of trinity_train (the same as train/train.py);
  * the gates are written as recorded (np.packbits of each layer's
    row-major [n_out * n_in] bits, the file's own packing).

With --limit-test N > 0 every task is also evaluated on the first N MNIST
test images, each with its own pixel permutation (spec §6 spikes, seed 0,
of the permuted image): the float model with the task's gate, and the
quantised network with the task's gated-off weights zeroed (the file's
meaning of the task, fixed-point spec §1a), both recorded in the metadata.
Input permutation is a property of the task's data, not of the network: the
model file holds no permutation, so `trinity run --task K` must be given the
task's permuted frames (an .npy spike tensor) to reproduce these numbers.

    OMP_NUM_THREADS=1 /usr/bin/python3 train/export_gated.py --run /tmp/continual/bi_snn_s1 \\
        --out /tmp/continual/bi_snn_s1.trn --limit-test 1000
"""
import argparse
import os
import sys
import tempfile

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import continual  # noqa: E402
from trinity_train import data  # noqa: E402
from trinity_train.model_file import write_model  # noqa: E402
from trinity_train.runs import command_string, float_counts  # noqa: E402
from trinity_train.snn import decode, quantised_forward  # noqa: E402

MODEL_NAMES = {"bi": "bi-SNN", "tri-R": "tri-SNN(R)", "tri-G": "tri-SNN(G)"}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True, help="a continual.py run: <out-dir>/<name>_s<seed> (no extension)")
    p.add_argument("--out", required=True, help="model file to write (.trn, format version 2)")
    p.add_argument("--daf", default=continual.DEFAULT_DAF, help="tri-G: the calibration JSON the run used")
    p.add_argument("--limit-test", type=int, default=0,
                   help="evaluate every task on the first N MNIST test images, float and quantised (0: skip)")
    p.add_argument("--data-dir", default=data.MNIST_DIR)
    return p.parse_args(argv)


def load_run(run, daf_path):
    """(net with the run's float weights, meta, gates [task][layer] bool, perms [task][784])."""
    if not os.path.exists(run + ".pt"):
        raise SystemExit("export_gated.py: %s.pt: missing (run continual.py with --save-weights)" % run)
    saved = torch.load(run + ".pt")
    meta = saved["meta"]
    npz = np.load(run + "_gates.npz")
    shapes = [tuple(int(v) for v in s) for s in npz["shapes"]]
    gates = [[np.unpackbits(npz["gates_layer%d" % l][k])[:a * b].astype(bool).reshape(a, b)
              for l, (a, b) in enumerate(shapes)] for k in range(meta["tasks"])]
    # The network as continual.py built it, from its recorded settings.
    argv = ["--models", meta["kind"], "--hidden", str(meta["architecture"][1]), "--timesteps",
            str(meta["timesteps"]), "--v-th", str(meta["recipe"]["v_th"]), "--epochs", str(meta["epochs_per_task"]),
            "--density", str(meta["gate_density"]), "--daf", daf_path, "--out-dir", tempfile.gettempdir()]
    net, _, daf = continual.build_net(meta["kind"], continual.parse_args(argv), meta["seed"])
    if daf is not None and meta["daf"] != {k: daf[k] for k in ("amplitude", "center", "sigma")}:
        raise SystemExit("export_gated.py: %s: the run's dAF %s is not --daf %s's" % (run, meta["daf"], daf_path))
    net.load_state_dict(saved["state_dict"])
    return net, meta, gates, npz["perms"].astype(np.int64)


def quantised_layers(net, gates):
    """spec §7 layers of the shared weights, synapses in no task's gate set to 0."""
    with torch.no_grad():
        saved = [layer.fc.weight.clone() for layer in net.layers]
        for l, layer in enumerate(net.layers):
            used = np.any([g[l] for g in gates], axis=0)
            layer.fc.weight.mul_(torch.from_numpy(used.astype(np.float32)))
        layers = net.quantize()
        for layer, w in zip(net.layers, saved):
            layer.fc.weight.copy_(w)
    return layers


def task_layers(layers, task_gates):
    """Task k's quantised network: gated-off weights 0 (fixed-point spec §1a)."""
    out = []
    for layer, g in zip(layers, task_gates):
        w = np.asarray(layer["weights"], dtype=np.int8).reshape(layer["n_out"], layer["n_in"])
        out.append(dict(layer, weights=np.where(g, w, 0).astype(np.int8)))
    return out


def main(argv=None):
    args = parse_args(argv)
    net, meta, gates, perms = load_run(args.run, args.daf)
    layers = quantised_layers(net, gates)
    metadata = {
        "model": MODEL_NAMES[meta["kind"]],
        "command": "OMP_NUM_THREADS=1 " + command_string(__file__, argv),
        "continual_command": meta["command"],
        "seed": meta["seed"],
        "tasks": meta["tasks"],
        "gate_density": meta["gate_density"],
        "architecture": meta["architecture"],
        "timesteps": meta["timesteps"],
        "input": "task k's frames are spec §6 spikes of the MNIST image permuted by task k's permutation "
                 "(%s_gates.npz, perms[k - 1]); the file holds no permutation" % os.path.basename(args.run),
        "unused_synapses": "weights in no task's gate set to 0 before quantising",
        "float_average_accuracy": meta["average_accuracy"][-1],
    }
    if args.limit_test:
        te_x, te_y = data.load_split("t10k", args.data_dir)
        te_x, te_y = te_x[:args.limit_test], te_y[:args.limit_test]
        fl, q = [], []
        for k, (perm, g) in enumerate(zip(perms, gates)):
            spikes = continual.test_spikes(te_x, perm, meta["timesteps"])
            continual.set_gates(net, g)
            fl.append(round(float(np.mean(decode(float_counts(net, spikes)) == te_y)), 4))
            q.append(round(float(np.mean(decode(quantised_forward(task_layers(layers, g), spikes)) == te_y)), 4))
            print("task %d: float %.4f quantised %.4f" % (k + 1, fl[-1], q[-1]), flush=True)
        continual.set_gates(net, None)
        metadata.update({"eval": "MNIST t10k, first %d images, each task's permutation, spec §6 seed 0" % len(te_y),
                         "float_accuracy_per_task": fl, "quantised_accuracy_per_task": q})
    packed = [[np.packbits(g[l].reshape(-1)).tobytes() for l in range(len(layers))] for g in gates]
    crc = write_model(args.out, meta["timesteps"], layers, metadata, packed)
    print("wrote %s (%d bytes, %d tasks, crc32 %08x)" % (args.out, os.path.getsize(args.out), len(gates), crc))
    return {"layers": layers, "gates": gates, "perms": perms, "metadata": metadata}


if __name__ == "__main__":
    main()
