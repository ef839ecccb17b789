#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Float PyTorch inference throughput of a tri-SNN on the Fashion-MNIST test set.

    OMP_WAIT_POLICY=passive /usr/bin/python3 bench/torch_float_bench.py --model models/tri_snn_g_quick.trn

Loads a .trn model (weights dequantised: w * 2^(w_shift-8), Q7.8 -> float;
tri-G layers use the Gaussian recorded in the file's metadata "daf", or the
table as a piecewise-linear curve if there is none), or builds a random
[784-512-10] T=10 tri-SNN(G) when no model is given. Input spikes are the
spec §6 rate code (seed 0), generated before timing and held as float32.

Timed region: the float forward pass (torch.no_grad, 2 threads) and the
argmax over output counts for every test frame, batch by batch. One untimed
warm-up pass, then --reps timed passes; throughput is frames / median pass
time. Prints one summary line first:

    torch_float frames_per_s=<x> batch=<b> threads=<n>
"""
import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np
import torch

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "train"))

from trinity_train import data, rate_coding  # noqa: E402
from trinity_train.quantize import gaussian_daf, layers_from_file  # noqa: E402
from trinity_train.snn import SNN  # noqa: E402


def load_net(path):
    from trinity_train.model_file import read_model
    m = read_model(path)
    layers = layers_from_file(m["layers"])
    meta = m["metadata"] or {}
    daf = meta.get("daf") if isinstance(meta.get("daf"), dict) else None
    if daf is not None and not all(k in daf for k in ("amplitude", "center", "sigma")):
        daf = None
    net = SNN.from_quantised(layers, daf)
    desc = "%s (%s, T=%d)" % (os.path.relpath(path), meta.get("model", "?"), m["timesteps"])
    return net, m["timesteps"], desc


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", help=".trn file (default: random [784-512-10] tri-SNN(G))")
    p.add_argument("--timesteps", type=int, default=10, help="T for the random network")
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--limit", type=int, default=0, help="first N test images (default all 10,000)")
    p.add_argument("--data-dir", default=data.DEFAULT_DIR)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.model:
        net, T, desc = load_net(args.model)
    else:
        T = args.timesteps
        net = SNN([784, 512, 10], kind="tri-G", daf=gaussian_daf())
        desc = "random [784-512-10] tri-SNN(G), T=%d" % T
    net.eval()

    images, labels = data.load_split("t10k", args.data_dir)
    if args.limit:
        images, labels = images[:args.limit], labels[:args.limit]
    n = len(images)
    if images.shape[1] != net.layers[0].n_in:
        sys.exit("model has %d inputs, the data set %d" % (net.layers[0].n_in, images.shape[1]))
    spikes = torch.from_numpy(rate_coding.encode(images, T, seed=0)).float()  # [N, T, n_in], untimed
    batches = [spikes[lo:lo + args.batch] for lo in range(0, n, args.batch)]

    def one_pass():
        preds = []
        t0 = time.perf_counter()
        with torch.no_grad():
            for x in batches:
                preds.append(torch.argmax(net(x), dim=1))  # first maximum on ties (spec §5)
        return time.perf_counter() - t0, torch.cat(preds).numpy()

    one_pass()  # warm-up
    times = []
    for _ in range(args.reps):
        dt, preds = one_pass()
        times.append(dt)
    med = statistics.median(times)
    fps = n / med
    acc = float(np.mean(preds == labels))

    print("torch_float frames_per_s=%.1f batch=%d threads=%d" % (fps, args.batch, args.threads))
    kinds = "-".join(l.kind for l in net.layers)
    rows = [
        ("network", desc),
        ("layers", "%s, kinds %s" % ("-".join(str(s) for s in [net.layers[0].n_in] + [l.n_out for l in net.layers]),
                                     kinds)),
        ("frames", "%d (Fashion-MNIST t10k, spec §6 spikes seed 0)" % n),
        ("torch", "%s, %d threads, OMP_WAIT_POLICY=%s" % (torch.__version__, torch.get_num_threads(),
                                                          os.environ.get("OMP_WAIT_POLICY", ""))),
        ("pass time s", "median %.3f  min %.3f  max %.3f  (%d reps)" % (med, min(times), max(times), len(times))),
        ("us per frame", "%.1f" % (1e6 * med / n)),
        ("accuracy", "%.4f" % acc),
    ]
    w = max(len(k) for k, _ in rows)
    for k, v in rows:
        print("  %-*s  %s" % (w, k, v))


if __name__ == "__main__":
    main()
