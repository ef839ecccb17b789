#!/usr/bin/python3
"""Quick tri-SNN(G) [784-512-10], T=10, on Fashion-MNIST; exports a .trn model.

A stop-gap model for the demo (the full training run is separate). Float
training is spatio-temporal backprop with a rectangular surrogate gradient
(width 0.5), Adam lr 5e-4, batch 100, MSE between output spike rate and the
one-hot label; training inputs are Bernoulli rate-coded with torch.rand.
Evaluation uses the exact spec §6 spikes (seed 0) for both the float model
and the quantised integer forward pass (spec §4), on all 10,000 test images.

    OMP_WAIT_POLICY=passive /usr/bin/python3 train/train_quick.py --seed 1 --epochs 15
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from trinity_train import data, rate_coding  # noqa: E402
from trinity_train.quantize import gaussian_daf, layer_summary, load_daf_json  # noqa: E402
from trinity_train.runs import command_string, describe_daf, evaluate_float  # noqa: E402
from trinity_train.snn import SNN, decode, quantised_forward  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, required=True, help="seed for init, shuffling and training spikes")
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--timesteps", type=int, default=10)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--tau-d", type=float, default=0.5)
    p.add_argument("--tau-n", type=float, default=0.5)
    p.add_argument("--daf", help="calibration JSON (model_domain.{amplitude,center,sigma}, lut.{...})")
    p.add_argument("--centre-init", type=int, default=1,
                   help="1: data-dependent bias init putting each tri-G neuron's mean V_d at mu (see snn.SNN.recentre)")
    p.add_argument("--revive-every", type=int, default=100,
                   help="every N batches re-centre output neurons silent on the whole batch (0: never)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit-train", type=int, default=0, help="use only the first N training images (timing)")
    p.add_argument("--limit-test", type=int, default=0, help="evaluate only the first N test images")
    p.add_argument("--data-dir", default=data.DEFAULT_DIR)
    p.add_argument("--out", default=os.path.join(REPO, "models", "tri_snn_g_quick.trn"),
                   help="model file to write ('' to skip export)")
    p.add_argument("--save-float", default="", metavar="PATH",
                   help="also save the trained float state_dict and hyper-parameters here (torch.save); "
                        "for train/ablate_fixed_point.py. Default: not saved")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    t_start = time.perf_counter()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    T = args.timesteps

    daf = load_daf_json(args.daf) if args.daf else gaussian_daf()
    print(describe_daf(daf), flush=True)

    tr_x, tr_y = data.load_split("train", args.data_dir)
    te_x, te_y = data.load_split("t10k", args.data_dir)
    if args.limit_train:
        tr_x, tr_y = tr_x[:args.limit_train], tr_y[:args.limit_train]
    if args.limit_test:
        te_x, te_y = te_x[:args.limit_test], te_y[:args.limit_test]
    n_in, n_cls = tr_x.shape[1], 10

    net = SNN([n_in, args.hidden, n_cls], kind="tri-G", tau_d=args.tau_d, tau_n=args.tau_n, daf=daf)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    loss_fn = torch.nn.MSELoss()
    prob = torch.from_numpy(np.array(tr_x, dtype=np.float32)) / 255.0
    target_all = torch.nn.functional.one_hot(torch.from_numpy(tr_y.astype(np.int64)), n_cls).float()
    gen = torch.Generator().manual_seed(args.seed)

    def bernoulli(idx):
        return (torch.rand((len(idx), T, n_in), generator=gen) < prob[idx][:, None, :]).float()

    if args.centre_init:
        moved = net.recentre(bernoulli(torch.randperm(len(tr_x), generator=gen)[:500]))
        print("centre init: biases of %s neurons moved so mean V_d = mu" % moved, flush=True)
    revived = 0

    epoch_times = []
    for epoch in range(args.epochs):
        net.train()
        t0 = time.perf_counter()
        perm = torch.randperm(len(tr_x), generator=gen)
        tot_loss, correct, seen = 0.0, 0, 0
        n_batches = len(perm) // args.batch
        for b in range(n_batches):
            idx = perm[b * args.batch:(b + 1) * args.batch]
            x = bernoulli(idx)
            counts = net(x)
            loss = loss_fn(counts / T, target_all[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            tot_loss += float(loss) * len(idx)
            correct += int((counts.argmax(1) == torch.from_numpy(tr_y[idx.numpy()].astype(np.int64))).sum())
            seen += len(idx)
            if args.revive_every and (b + 1) % args.revive_every == 0:
                n = net.recentre(x, layer_ids=[len(net.layers) - 1], only_silent=True)[-1]
                if n:
                    revived += n
                    print("  epoch %d batch %d: re-centred %d silent output neuron(s)" % (epoch + 1, b + 1, n),
                          flush=True)
            if (b + 1) % 100 == 0:
                print("  epoch %d batch %d/%d loss %.4f train acc %.4f (%.1f s)" % (
                    epoch + 1, b + 1, n_batches, tot_loss / seen, correct / seen, time.perf_counter() - t0),
                    flush=True)
        dt = time.perf_counter() - t0
        epoch_times.append(dt)
        print("epoch %d: loss %.4f train acc %.4f time %.1f s" % (epoch + 1, tot_loss / seen, correct / seen, dt),
              flush=True)

    # ---- evaluation on exact spec §6 spikes, seed 0, indices = position in the test split
    t0 = time.perf_counter()
    spikes = rate_coding.encode(te_x, T, seed=0, indices=np.arange(len(te_x), dtype=np.uint64))
    t_enc = time.perf_counter() - t0
    float_acc, float_pred = evaluate_float(net, spikes, te_y)
    layers = net.quantize()
    for k, l in enumerate(layers):
        print("layer %d: %s" % (k, layer_summary(l)))
    t0 = time.perf_counter()
    q_counts = quantised_forward(layers, spikes)
    t_q = time.perf_counter() - t0
    q_pred = decode(q_counts)
    q_acc = float(np.mean(q_pred == te_y))
    agree = float(np.mean(q_pred == float_pred))
    print("test images %d (spec §6 spikes, seed 0; encode %.1f s, integer forward %.1f s)" % (len(te_y), t_enc, t_q))
    print("float_test_accuracy=%.4f quantised_test_accuracy=%.4f loss_pp=%.2f float/quantised agreement=%.4f" % (
        float_acc, q_acc, 100 * (float_acc - q_acc), agree), flush=True)
    print("epoch times (s): " + ", ".join("%.1f" % t for t in epoch_times))
    print("training %.1f s, total so far %.1f s" % (sum(epoch_times), time.perf_counter() - t_start), flush=True)

    if args.save_float:
        # Read-only use of the trained net: does not touch any RNG, so the export below is unchanged.
        os.makedirs(os.path.dirname(os.path.abspath(args.save_float)), exist_ok=True)
        torch.save({
            "state_dict": {k: v.detach().cpu().clone() for k, v in net.state_dict().items()},
            "sizes": [n_in, args.hidden, n_cls],
            "kind": "tri-G",
            "timesteps": T,
            "tau_d": args.tau_d,
            "tau_n": args.tau_n,
            "v_th": net.layers[0].v_th,
            "surrogate_width": net.layers[0].surrogate_width,
            "daf": {"amplitude": daf["amplitude"], "center": daf["center"], "sigma": daf["sigma"],
                    "lut_bits": daf["lut_bits"], "lut_shift": daf["lut_shift"], "lut_lo": daf["lut_lo"],
                    "lut": [int(v) for v in daf["lut"]], "source": daf["source"]},
            "seed": args.seed,
            "epochs": args.epochs,
            "command": command_string(__file__),
            "float_test_accuracy": float_acc,
            "quantised_test_accuracy": q_acc,
        }, args.save_float)
        print("wrote float checkpoint %s" % args.save_float, flush=True)

    if args.out:
        from trinity_train.model_file import write_model  # written by someone else; imported late on purpose
        metadata = {
            "model": "tri-SNN(G)",
            "command": command_string(__file__),
            "seed": args.seed,
            "float_test_accuracy": round(float_acc, 4),
            "quantised_test_accuracy": round(q_acc, 4),
            "epochs": args.epochs,
            "centre_init": bool(args.centre_init),
            "revive_every": args.revive_every,
            "revived_output_neurons": revived,
            "architecture": [n_in, args.hidden, n_cls],
            "timesteps": T,
            "tau_d": args.tau_d,
            "tau_n": args.tau_n,
            "v_th": 0.75,
            "daf": {"amplitude": daf["amplitude"], "center": daf["center"], "sigma": daf["sigma"],
                    "lut_bits": daf["lut_bits"], "lut_shift": daf["lut_shift"], "lut_lo": daf["lut_lo"],
                    "source": daf["source"]},
            "eval": "Fashion-MNIST t10k, %d images, spec §6 rate coding seed 0" % len(te_y),
            "epoch_seconds": [round(t, 1) for t in epoch_times],
        }
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        write_model(args.out, T, layers, metadata)
        print("wrote %s (%d bytes)" % (args.out, os.path.getsize(args.out)))
        print(json.dumps(metadata, ensure_ascii=False))


if __name__ == "__main__":
    main()
