#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Train bi-SNN, tri-SNN(R) or tri-SNN(G) [784-512-10], T=10, on Fashion-MNIST; export a .trn model.

The paper's recipe: spatio-temporal backprop with a rectangular surrogate
gradient (width 0.5), V_th = 0.75, Adam lr 5e-4, batch 100, MSE between the
output spike rate and the one-hot label; training inputs Bernoulli
rate-coded with torch.rand. Optional: a cosine learning-rate decay
(--lr-schedule cosine, lr 5e-4 -> 0 over the run; documented in
docs/results.md). tri-G: centre initialisation of the biases; every model:
the silent-output guard (--revive-every, see revive_silent_outputs and
SNN.recentre). Evaluation (after every epoch for the float model, at the
end for the integer forward pass, spec §4, bit-exact with the C++ golden
model) uses the exact spec §6 spikes (seed 0) on all 10,000 test images.

    OMP_WAIT_POLICY=passive /usr/bin/python3 train/train.py --model tri-G \\
        --daf train/daf/aab_forward_vds1V_gaussian.json --seed 1 --epochs 20 \\
        --lr-schedule cosine --out models/tri_snn_g_s1.trn

train/train_quick.py is this script with `--model tri-G --lr-schedule none
--eval-every 0` and models/tri_snn_g_quick.trn as the default --out
(train/tests/test_train_quick.py checks both give the same file).
"""
import argparse
import csv
import json
import math
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

MODEL_NAMES = {"bi": "bi-SNN", "tri-R": "tri-SNN(R)", "tri-G": "tri-SNN(G)", "tri-LUT": "tri-SNN(LUT)"}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, choices=sorted(MODEL_NAMES), help="unit kind of both layers")
    p.add_argument("--seed", type=int, required=True, help="seed for init, shuffling and training spikes")
    p.add_argument("--epochs", type=int, default=15)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--lr-schedule", choices=["none", "cosine"], default="none",
                   help="cosine: lr * (1 + cos(pi * step / total_steps)) / 2, per batch")
    p.add_argument("--timesteps", type=int, default=10)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--tau-d", type=float, default=0.5)
    p.add_argument("--tau-n", type=float, default=0.5)
    p.add_argument("--daf", help="calibration JSON (model_domain.{amplitude,center,sigma}, lut.{...}); "
                                 "tri-G / tri-LUT only")
    p.add_argument("--centre-init", type=int, default=1,
                   help="1: data-dependent bias init putting each tri-G neuron's mean V_d at mu (snn.SNN.recentre)")
    p.add_argument("--revive-every", type=int, default=100,
                   help="every N batches move the bias of output neurons silent on the whole batch (0: never); "
                        "tri-G: SNN.recentre, bi / tri-R: revive_silent_outputs")
    p.add_argument("--eval-every", type=int, default=1, help="float test accuracy every N epochs (0: only at end)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit-train", type=int, default=0, help="use only the first N training images")
    p.add_argument("--limit-test", type=int, default=0, help="evaluate only the first N test images")
    p.add_argument("--data-dir", default=data.DEFAULT_DIR)
    p.add_argument("--out", required=True, help="model file to write ('' to skip export)")
    p.add_argument("--log", default="", help="per-epoch CSV (default: train/runs/<out basename>.csv)")
    p.add_argument("--save-float", default="", metavar="PATH",
                   help="also save the trained float state_dict and hyper-parameters here (torch.save); "
                        "for train/ablate_fixed_point.py. Default: not saved")
    return p.parse_args(argv)


@torch.no_grad()
def revive_silent_outputs(net, spikes, target_activation=0.5):
    """The silent-output guard for bi / tri-R output layers (tri-G uses SNN.recentre).

    An output neuron that fired no spike on the whole batch `spikes` ([B, T, n_in])
    gets its bias shifted so that its mean activation a over the batch would be
    target_activation (1.0 = the Gaussian's peak A, what SNN.recentre gives a tri-G
    neuron): bi a = I, so mean I = 1; tri-R a = ReLU(V_d) with steady state
    V_d = I / (1 - tau_d), so mean I = (1 - tau_d). Touches no RNG. Returns the
    number of neurons moved.
    """
    s = spikes.transpose(0, 1)
    for layer in net.layers[:-1]:
        s = layer(s)
    out = net.layers[-1]
    if out.kind not in ("bi", "tri-R"):
        return 0
    mean_i = out.fc(s).mean((0, 1))
    target = target_activation if out.kind == "bi" else (1.0 - out.tau_d) * target_activation
    silent = (out(s).sum((0, 1)) == 0).to(mean_i.dtype)
    out.fc.bias += (target - mean_i) * silent
    return int(silent.sum())


def save_float(path, net, args, daf, sizes, float_acc, q_acc, command):
    """The float checkpoint train/ablate_fixed_point.py reads. Read-only use of
    the trained net: touches no RNG, so the export is unchanged by it."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    ck = {
        "state_dict": {k: v.detach().cpu().clone() for k, v in net.state_dict().items()},
        "sizes": sizes,
        "kind": args.model,
        "timesteps": args.timesteps,
        "tau_d": args.tau_d,
        "tau_n": args.tau_n,
        "v_th": net.layers[0].v_th,
        "surrogate_width": net.layers[0].surrogate_width,
        "seed": args.seed,
        "epochs": args.epochs,
        "command": command,
        "float_test_accuracy": float_acc,
        "quantised_test_accuracy": q_acc,
    }
    if daf is not None:
        ck["daf"] = {"amplitude": daf["amplitude"], "center": daf["center"], "sigma": daf["sigma"],
                     "lut_bits": daf["lut_bits"], "lut_shift": daf["lut_shift"], "lut_lo": daf["lut_lo"],
                     "lut": [int(v) for v in daf["lut"]], "source": daf["source"]}
    torch.save(ck, path)
    print("wrote float checkpoint %s" % path, flush=True)


def main(argv=None, command=None):
    """argv: train.py's arguments (None: sys.argv). command: the command line to
    record in the model's metadata (default: this script with argv)."""
    args = parse_args(argv)
    command = command or command_string(__file__, argv)
    t_start = time.perf_counter()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    T = args.timesteps

    daf = None
    if args.model in ("tri-G", "tri-LUT"):
        daf = load_daf_json(args.daf) if args.daf else gaussian_daf()
        print(describe_daf(daf), flush=True)

    tr_x, tr_y = data.load_split("train", args.data_dir)
    te_x, te_y = data.load_split("t10k", args.data_dir)
    if args.limit_train:
        tr_x, tr_y = tr_x[:args.limit_train], tr_y[:args.limit_train]
    if args.limit_test:
        te_x, te_y = te_x[:args.limit_test], te_y[:args.limit_test]
    n_in, n_cls = tr_x.shape[1], 10
    # exact spec §6 spikes, seed 0, indices = position in the test split (no torch RNG involved)
    test_spikes = rate_coding.encode(te_x, T, seed=0, indices=np.arange(len(te_x), dtype=np.uint64))

    net = SNN([n_in, args.hidden, n_cls], kind=args.model, tau_d=args.tau_d, tau_n=args.tau_n, daf=daf)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    loss_fn = torch.nn.MSELoss()
    prob = torch.from_numpy(np.array(tr_x, dtype=np.float32)) / 255.0
    target_all = torch.nn.functional.one_hot(torch.from_numpy(tr_y.astype(np.int64)), n_cls).float()
    gen = torch.Generator().manual_seed(args.seed)

    def bernoulli(idx):
        return (torch.rand((len(idx), T, n_in), generator=gen) < prob[idx][:, None, :]).float()

    if args.centre_init and args.model == "tri-G":
        moved = net.recentre(bernoulli(torch.randperm(len(tr_x), generator=gen)[:500]))
        print("centre init: biases of %s neurons moved so mean V_d = mu" % moved, flush=True)
    revived = 0

    n_batches = len(tr_x) // args.batch
    total_steps = n_batches * args.epochs
    step = 0
    log_rows = []
    batch_losses = []
    epoch_times = []
    for epoch in range(args.epochs):
        net.train()
        t0 = time.perf_counter()
        perm = torch.randperm(len(tr_x), generator=gen)
        tot_loss, correct, seen = 0.0, 0, 0
        for b in range(n_batches):
            if args.lr_schedule == "cosine":
                for g in opt.param_groups:
                    g["lr"] = args.lr * 0.5 * (1.0 + math.cos(math.pi * step / total_steps))
            idx = perm[b * args.batch:(b + 1) * args.batch]
            x = bernoulli(idx)
            counts = net(x)
            loss = loss_fn(counts / T, target_all[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            batch_losses.append(float(loss))
            tot_loss += float(loss) * len(idx)
            correct += int((counts.argmax(1) == torch.from_numpy(tr_y[idx.numpy()].astype(np.int64))).sum())
            seen += len(idx)
            if args.revive_every and (b + 1) % args.revive_every == 0:
                if args.model == "tri-G":
                    n = net.recentre(x, layer_ids=[len(net.layers) - 1], only_silent=True)[-1]
                else:
                    n = revive_silent_outputs(net, x)
                if n:
                    revived += n
                    print("  epoch %d batch %d: re-centred %d silent output neuron(s)" % (epoch + 1, b + 1, n),
                          flush=True)
            if (b + 1) % 200 == 0:
                print("  epoch %d batch %d/%d loss %.4f train acc %.4f (%.1f s)" % (
                    epoch + 1, b + 1, n_batches, tot_loss / seen, correct / seen, time.perf_counter() - t0),
                    flush=True)
        dt = time.perf_counter() - t0
        epoch_times.append(dt)
        row = {"epoch": epoch + 1, "train_loss": round(tot_loss / seen, 6), "train_acc": round(correct / seen, 4),
               "lr_end": opt.param_groups[0]["lr"], "seconds": round(dt, 1), "float_test_acc": ""}
        last = epoch + 1 == args.epochs
        if (args.eval_every and (epoch + 1) % args.eval_every == 0) or last:
            row["float_test_acc"] = round(evaluate_float(net, test_spikes, te_y)[0], 4)
        log_rows.append(row)
        print("epoch %d: loss %.4f train acc %.4f test acc (float) %s lr %.3g time %.1f s" % (
            epoch + 1, row["train_loss"], row["train_acc"], row["float_test_acc"], row["lr_end"], dt), flush=True)

    float_acc, float_pred = evaluate_float(net, test_spikes, te_y)
    layers = net.quantize()
    for k, l in enumerate(layers):
        print("layer %d: %s" % (k, layer_summary(l)))
    t0 = time.perf_counter()
    q_counts = quantised_forward(layers, test_spikes)
    t_q = time.perf_counter() - t0
    q_pred = decode(q_counts)
    q_acc = float(np.mean(q_pred == te_y))
    agree = float(np.mean(q_pred == float_pred))
    log_rows[-1]["golden_test_acc"] = round(q_acc, 4)
    print("test images %d (spec §6 spikes, seed 0; integer forward %.1f s)" % (len(te_y), t_q))
    print("float_test_accuracy=%.4f quantised_test_accuracy=%.4f loss_pp=%.2f float/quantised agreement=%.4f" % (
        float_acc, q_acc, 100 * (float_acc - q_acc), agree), flush=True)
    total = time.perf_counter() - t_start
    print("training %.1f s, total %.1f s" % (sum(epoch_times), total), flush=True)

    if args.save_float:
        save_float(args.save_float, net, args, daf, [n_in, args.hidden, n_cls], float_acc, q_acc, command)

    if args.out:
        log_path = args.log or os.path.join(HERE, "runs", os.path.splitext(os.path.basename(args.out))[0] + ".csv")
        os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
        with open(log_path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["epoch", "train_loss", "train_acc", "float_test_acc",
                                              "golden_test_acc", "lr_end", "seconds"])
            w.writeheader()
            for r in log_rows:
                w.writerow(r)
        print("wrote %s" % log_path)

        from trinity_train.model_file import write_model
        metadata = {
            "model": MODEL_NAMES[args.model],
            "command": command,
            "seed": args.seed,
            "float_test_accuracy": round(float_acc, 4),
            "quantised_test_accuracy": round(q_acc, 4),
            "float_quantised_agreement": round(agree, 4),
            "epochs": args.epochs,
            "lr": args.lr,
            "lr_schedule": args.lr_schedule,
            "batch": args.batch,
            "float_test_accuracy_per_epoch": [r["float_test_acc"] for r in log_rows],
            "train_loss_per_epoch": [r["train_loss"] for r in log_rows],
            "centre_init": bool(args.centre_init and args.model == "tri-G"),
            "revive_every": args.revive_every,
            "revived_output_neurons": revived,
            "architecture": [n_in, args.hidden, n_cls],
            "timesteps": T,
            "tau_d": args.tau_d,
            "tau_n": args.tau_n,
            "v_th": 0.75,
            "surrogate_width": 0.5,
            "eval": "Fashion-MNIST t10k, %d images, spec §6 rate coding seed 0" % len(te_y),
            "train_images": len(tr_x),
            "epoch_seconds": [round(t, 1) for t in epoch_times],
            "total_seconds": round(total, 1),
        }
        if daf is not None:
            metadata["daf"] = {"amplitude": daf["amplitude"], "center": daf["center"], "sigma": daf["sigma"],
                               "lut_bits": daf["lut_bits"], "lut_shift": daf["lut_shift"], "lut_lo": daf["lut_lo"],
                               "source": os.path.relpath(daf["source"], REPO) if os.path.exists(daf["source"])
                               else daf["source"]}
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        write_model(args.out, T, layers, metadata)
        print("wrote %s (%d bytes)" % (args.out, os.path.getsize(args.out)))
        print(json.dumps(metadata, ensure_ascii=False))
    return {"float_acc": float_acc, "quantised_acc": q_acc, "layers": layers, "log": log_rows, "net": net,
            "batch_losses": batch_losses, "test_spikes": test_spikes, "test_labels": te_y, "q_counts": q_counts}


if __name__ == "__main__":
    main()
