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
  * the spec §7 quantisation of trinity_train (the same as train/train.py),
    except for the choice of each layer's weight scale w_shift, calibrated
    (below);
  * the gates are written as recorded (np.packbits of each layer's
    row-major [n_out * n_in] bits, the file's own packing).

Weight scale (w_shift), calibrated on held-out training images: §7's rule
is the finest scale that clamps no weight (choose_w_shift, "plain"). One
outlier synapse then sets the step of the whole layer, so each layer also
gets the candidate one step finer (plain - 1, if >= -8: half the step,
the few weights beyond +-127 steps clamped to +-127, the clamp of §7). Every
combination of the layers' candidates is quantised and run (the Python
integer forward pass, i.e. the golden model) on the calibration images, the
last --calib-images (default 5,000) MNIST *training* images, for every task
with its own permutation and gate (spec §6 spikes, seed 0, indices = the
images' positions in the training split), beside the float model on the same
spikes. The combination with the smallest mean, over tasks, of the fraction
of images whose float and quantised decisions differ is taken (ties: the one
listed first, plain first). Disagreement, not the accuracy gap, is the
criterion: it bounds every task's gap and is far less noisy than a gap on
5,000 images; both are recorded per candidate in the metadata
("w_shift_calibration"). The calibration images were seen in training
(continual.py trains on all 60,000), which does not matter here: they
measure float-vs-quantised agreement, not accuracy; the test images never
enter the choice. --calib-images 0 gives the plain rule.

With --limit-test N > 0 every task is also evaluated on the first N MNIST
test images, each with its own pixel permutation (spec §6 spikes, seed 0,
of the permuted image): the float model with the task's gate, and the
quantised network with the task's gated-off weights zeroed (the file's
meaning of the task, fixed-point spec §1a), both recorded in the metadata,
with the number of images whose two decisions differ and, of these, how many
only the float / only the quantised network gets right (the gap is their
difference over N; train/continual_plot.py tests it with McNemar's exact test).
Input permutation is a property of the task's data, not of the network: the
model file holds no permutation, so `trinity run --task K` must be given the
task's permuted frames (an .npy spike tensor) to reproduce these numbers.

    OMP_NUM_THREADS=1 /usr/bin/python3 train/export_gated.py --run /tmp/continual/bi_snn_s1 \\
        --out /tmp/continual/bi_snn_s1.trn --limit-test 1000
"""
import argparse
import itertools
import os
import sys
import tempfile

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import continual  # noqa: E402
from trinity_train import data, rate_coding  # noqa: E402
from trinity_train.fixed_point import W_SHIFT_MIN  # noqa: E402
from trinity_train.model_file import write_model  # noqa: E402
from trinity_train.quantize import quantize_weights  # noqa: E402
from trinity_train.runs import command_string, float_counts  # noqa: E402
from trinity_train.snn import decode, quantised_forward  # noqa: E402

MODEL_NAMES = {"bi": "bi-SNN", "tri-R": "tri-SNN(R)", "tri-G": "tri-SNN(G)"}
CALIB_IMAGES = 5000
W_SHIFT_RULE = ("per layer, §7's plain w_shift (finest without clamping) or one finer (outliers clamped to +-127), "
                "the combination with the least mean float-vs-quantised disagreement over tasks on the last %d "
                "MNIST training images (each task's permutation and gate)")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True, help="a continual.py run: <out-dir>/<name>_s<seed> (no extension)")
    p.add_argument("--out", required=True, help="model file to write (.trn, format version 2)")
    p.add_argument("--daf", default=continual.DEFAULT_DAF, help="tri-G: the calibration JSON the run used")
    p.add_argument("--limit-test", type=int, default=0,
                   help="evaluate every task on the first N MNIST test images, float and quantised (0: skip)")
    p.add_argument("--calib-images", type=int, default=None,
                   help="choose each layer's w_shift on the last N MNIST training images (0: §7's plain rule; "
                        "default %d, and 0 for a --qat run, which trained against the plain rule)" % CALIB_IMAGES)
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
    if meta.get("qat"):
        continual.set_qat_mask(net, gates)  # the fake-quantised forward it trained, with every task's gate
    return net, meta, gates, npz["perms"].astype(np.int64)


def quantised_layers(net, gates, w_shifts=None):
    """spec §7 layers of the shared weights, synapses in no task's gate set to 0.

    w_shifts: one w_shift per layer (None: §7's plain choice for each).
    """
    with torch.no_grad():
        saved = [layer.fc.weight.clone() for layer in net.layers]
        for l, layer in enumerate(net.layers):
            used = np.any([g[l] for g in gates], axis=0)
            layer.fc.weight.mul_(torch.from_numpy(used.astype(np.float32)))
        layers = net.quantize()
        if w_shifts is not None:
            for layer, q, s in zip(net.layers, layers, w_shifts):
                q["weights"], q["w_shift"] = quantize_weights(layer.fc.weight.detach().cpu().double().numpy(), s)
                q["w_shift"] = int(q["w_shift"])
        for layer, w in zip(net.layers, saved):
            layer.fc.weight.copy_(w)
    return layers


def shift_candidates(plain):
    """Every combination of per-layer w_shifts to try, plain (§7's choice) first."""
    return [list(c) for c in itertools.product(*[[s] + ([s - 1] if s - 1 >= W_SHIFT_MIN else []) for s in plain])]


def calibration_split(n, data_dir):
    """The last n MNIST training images, labels and their indices in the training split."""
    x, y = data.load_split("train", data_dir)
    lo = len(x) - n
    return x[lo:], y[lo:], np.arange(lo, len(x), dtype=np.uint64)


def calibrate_w_shifts(net, gates, perms, timesteps, images, labels, indices):
    """(chosen w_shifts, one record per candidate), by the rule of the module docstring.

    Each record: w_shift, mean_disagreement (over tasks), max_disagreement,
    max_gap_pp (largest |float - quantised| accuracy over tasks, percent).
    """
    plain = [l["w_shift"] for l in quantised_layers(net, gates)]
    cands = shift_candidates(plain)
    qlayers = [quantised_layers(net, gates, c) for c in cands]
    dis = np.zeros((len(cands), len(gates)))
    gap = np.zeros((len(cands), len(gates)))
    for k, (perm, g) in enumerate(zip(perms, gates)):
        spikes = rate_coding.encode(np.ascontiguousarray(images[:, perm]), timesteps, seed=0, indices=indices)
        continual.set_gates(net, g)
        fd = decode(float_counts(net, spikes))
        for c, layers in enumerate(qlayers):
            qd = decode(quantised_forward(task_layers(layers, g), spikes))
            dis[c, k] = np.mean(qd != fd)
            gap[c, k] = abs(np.mean(qd == labels) - np.mean(fd == labels))
    continual.set_gates(net, None)
    records = [{"w_shift": c, "mean_disagreement": round(float(dis[i].mean()), 5),
                "max_disagreement": round(float(dis[i].max()), 4), "max_gap_pp": round(100 * float(gap[i].max()), 2)}
               for i, c in enumerate(cands)]
    best = min(range(len(cands)), key=lambda i: (records[i]["mean_disagreement"], i))
    return cands[best], records


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
    if args.calib_images is None:
        args.calib_images = 0 if meta.get("qat") else CALIB_IMAGES
    elif args.calib_images and meta.get("qat"):
        raise SystemExit("export_gated.py: %s: --calib-images %d: a --qat run trained against §7's plain w_shift "
                         "rule; export it with that rule (--calib-images 0)" % (args.run, args.calib_images))
    w_shifts, calib = None, None
    if args.calib_images:
        c_x, c_y, c_idx = calibration_split(args.calib_images, args.data_dir)
        w_shifts, records = calibrate_w_shifts(net, gates, perms, meta["timesteps"], c_x, c_y, c_idx)
        for r in records:
            print("calibration: w_shift %s mean disagreement %.5f max %.4f max gap %.2f pp"
                  % (r["w_shift"], r["mean_disagreement"], r["max_disagreement"], r["max_gap_pp"]), flush=True)
        print("calibration: chose w_shift %s" % w_shifts, flush=True)
        calib = {"images": "MNIST train, last %d (indices %d-%d), each task's permutation and gate, "
                           "spec §6 seed 0, indices = position in the training split"
                           % (len(c_y), int(c_idx[0]), int(c_idx[-1])),
                 "candidates": records}
    layers = quantised_layers(net, gates, w_shifts)
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
        "w_shift": [l["w_shift"] for l in layers],
        "w_shift_rule": (W_SHIFT_RULE % args.calib_images) if args.calib_images
                        else "§7: the finest w_shift that clamps no weight, per layer",
        "float_average_accuracy": meta["average_accuracy"][-1],
    }
    if calib is not None:
        metadata["w_shift_calibration"] = calib
    if args.limit_test:
        te_x, te_y = data.load_split("t10k", args.data_dir)
        te_x, te_y = te_x[:args.limit_test], te_y[:args.limit_test]
        fl, q, dis, only_f, only_q = [], [], [], [], []
        for k, (perm, g) in enumerate(zip(perms, gates)):
            spikes = continual.test_spikes(te_x, perm, meta["timesteps"])
            continual.set_gates(net, g)
            fd = decode(float_counts(net, spikes))
            qd = decode(quantised_forward(task_layers(layers, g), spikes))
            fl.append(round(float(np.mean(fd == te_y)), 4))
            q.append(round(float(np.mean(qd == te_y)), 4))
            dis.append(int(np.sum(fd != qd)))
            only_f.append(int(np.sum((fd == te_y) & (qd != te_y))))
            only_q.append(int(np.sum((qd == te_y) & (fd != te_y))))
            print("task %d: float %.4f quantised %.4f images %d disagree %d float-only-right %d quantised-only-right %d"
                  % (k + 1, fl[-1], q[-1], len(te_y), dis[-1], only_f[-1], only_q[-1]), flush=True)
        continual.set_gates(net, None)
        metadata.update({"eval": "MNIST t10k, first %d images, each task's permutation, spec §6 seed 0" % len(te_y),
                         "float_accuracy_per_task": fl, "quantised_accuracy_per_task": q,
                         "decisions_differ_per_task": dis, "only_float_right_per_task": only_f,
                         "only_quantised_right_per_task": only_q})
    packed = [[np.packbits(g[l].reshape(-1)).tobytes() for l in range(len(layers))] for g in gates]
    crc = write_model(args.out, meta["timesteps"], layers, metadata, packed)
    print("wrote %s (%d bytes, %d tasks, crc32 %08x)" % (args.out, os.path.getsize(args.out), len(gates), crc))
    return {"layers": layers, "gates": gates, "perms": perms, "metadata": metadata}


if __name__ == "__main__":
    main()
