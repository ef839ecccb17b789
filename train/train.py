#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Train bi-SNN, tri-SNN(R) or tri-SNN(G) [784-512-10], T=10, on Fashion-MNIST; export a .trn model.

The paper's method: spatio-temporal backprop with a rectangular surrogate
gradient, V_th = 0.75, Adam lr 5e-4, batch 100, MSE between the output spike
rate and the one-hot label; training inputs Bernoulli rate-coded with
torch.rand. Everything else (surrogate window, initialisation, silent-output
guard, tau, epochs, lr schedule) comes from a named recipe,
trinity_train/recipe.py: `--recipe legacy` (the default, what the committed
models were trained with, so their recorded commands still reproduce them)
or `--recipe fair` (issue 13: one rule for every kind). Options given here
override single fields; the resolved recipe, with the overridden fields
named, is stored in the model's metadata ("recipe"), and so is every firing
of the guard ("guard": events, neurons). Evaluation (after every epoch for
the float model, at the end for the integer forward pass, spec §4,
bit-exact with the C++ golden model) uses the exact spec §6 spikes (seed 0)
on all 10,000 test images.

    OMP_WAIT_POLICY=passive /usr/bin/python3 train/train.py --model tri-G \\
        --daf train/daf/aab_forward_vds1V_gaussian.json --seed 1 --epochs 20 \\
        --lr-schedule cosine --out models/tri_snn_g_s1.trn
    OMP_WAIT_POLICY=passive /usr/bin/python3 train/train.py --recipe fair --model bi --seed 4 \\
        --out models/fair/bi_snn_s4.trn --log train/runs/fair/bi_snn_s4.csv

train/train_quick.py is this script with `--model tri-G --lr-schedule none
--eval-every 0` and models/tri_snn_g_quick.trn as the default --out
(train/tests/test_train_quick.py checks both give the same file).
"""
import argparse
import csv
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
from trinity_train.recipe import RECIPES, SURROGATES, resolve, set_lr  # noqa: E402
from trinity_train.runs import command_string, describe_daf, evaluate_float, train_step  # noqa: E402
from trinity_train.snn import SNN, decode, quantised_forward  # noqa: E402

MODEL_NAMES = {"bi": "bi-SNN", "tri-R": "tri-SNN(R)", "tri-G": "tri-SNN(G)", "tri-LUT": "tri-SNN(LUT)"}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, choices=sorted(MODEL_NAMES), help="unit kind of both layers")
    p.add_argument("--seed", type=int, required=True, help="seed for init, shuffling and training spikes")
    p.add_argument("--recipe", choices=sorted(RECIPES), default="legacy",
                   help="named recipe (trinity_train/recipe.py); the options below override single fields")
    p.add_argument("--epochs", type=int, help="recipe: legacy 15, fair 20")
    p.add_argument("--batch", type=int, help="recipe: 100")
    p.add_argument("--lr", type=float, help="recipe: 5e-4")
    p.add_argument("--lr-schedule", choices=["none", "cosine"],
                   help="cosine: lr * (1 + cos(pi * step / total_steps)) / 2, per batch (recipe: legacy none, "
                        "fair cosine)")
    p.add_argument("--timesteps", type=int, default=10)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--tau-d", type=float, help="recipe: 0.5")
    p.add_argument("--tau-n", type=float, help="recipe: 0.5")
    p.add_argument("--daf", help="calibration JSON (model_domain.{amplitude,center,sigma}, lut.{...}); "
                                 "tri-G / tri-LUT only")
    p.add_argument("--surrogate", choices=sorted(SURROGATES),
                   help="stbp: dS/dV = 1 on |V - V_th| < 0.5 (the STBP reference code); narrow: 2 on "
                        "|V - V_th| < 0.25 (recipe: legacy narrow, fair stbp)")
    p.add_argument("--init", choices=["default", "centre"],
                   help="default: PyTorch's init; centre: biases moved so each neuron's mean steady-state "
                        "activation is --init-target (recipe: legacy centre for tri-G only, fair centre)")
    p.add_argument("--init-target", type=target_value, help="activation a* for --init centre, or 'peak'")
    p.add_argument("--centre-init", type=int, choices=[0, 1],
                   help="legacy spelling: 0 = --init default, 1 = the recipe's init")
    p.add_argument("--revive-every", type=int,
                   help="silent-output guard: every N batches re-centre output neurons silent on the whole "
                        "batch (0: never; recipe: legacy 100, fair 0)")
    p.add_argument("--guard-target", type=target_value, help="activation a* the guard re-centres to, or 'peak'")
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


def target_value(text):
    return text if text == "peak" else float(text)


def recipe_for(args):
    """The resolved recipe of this run: --recipe with the options given on the command line."""
    overrides = {"epochs": args.epochs, "batch": args.batch, "lr": args.lr, "lr_schedule": args.lr_schedule,
                 "tau_d": args.tau_d, "tau_n": args.tau_n, "surrogate": args.surrogate,
                 "init.rule": "default" if args.centre_init == 0 else args.init, "init.target": args.init_target,
                 "guard.every": args.revive_every, "guard.target": args.guard_target}
    try:
        return resolve(args.recipe, args.model, overrides)
    except ValueError as e:
        raise SystemExit("train.py: %s" % e)


def save_float(path, net, args, recipe, daf, sizes, float_acc, q_acc, command):
    """The float checkpoint train/ablate_fixed_point.py reads. Read-only use of
    the trained net: touches no RNG, so the export is unchanged by it."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    ck = {
        "state_dict": {k: v.detach().cpu().clone() for k, v in net.state_dict().items()},
        "sizes": sizes,
        "kind": args.model,
        "timesteps": args.timesteps,
        "tau_d": recipe["tau_d"],
        "tau_n": recipe["tau_n"],
        "v_th": net.layers[0].v_th,
        "surrogate": list(net.layers[0].surrogate),
        "seed": args.seed,
        "epochs": recipe["epochs"],
        "recipe": recipe,
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
    recipe = recipe_for(args)
    epochs, batch = recipe["epochs"], recipe["batch"]
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

    surrogate = (recipe["surrogate"]["half_width"], recipe["surrogate"]["height"])
    net = SNN([n_in, args.hidden, n_cls], kind=args.model, tau_d=recipe["tau_d"], tau_n=recipe["tau_n"],
              v_th=recipe["v_th"], daf=daf, surrogate=surrogate)
    opt = torch.optim.Adam(net.parameters(), lr=recipe["lr"])
    prob = torch.from_numpy(np.array(tr_x, dtype=np.float32)) / 255.0
    target_all = torch.nn.functional.one_hot(torch.from_numpy(tr_y.astype(np.int64)), n_cls).float()
    gen = torch.Generator().manual_seed(args.seed)

    def bernoulli(idx):
        return (torch.rand((len(idx), T, n_in), generator=gen) < prob[idx][:, None, :]).float()

    print("recipe: %s" % json.dumps(recipe), flush=True)
    init, guard = recipe["init"], recipe["guard"]
    init_moved = [0] * len(net.layers)
    if init["rule"] == "centre":
        # the sample is drawn from the training stream, so every kind that centres draws it alike
        moved = net.centre(bernoulli(torch.randperm(len(tr_x), generator=gen)[:init["images"]]), init["target"])
        init_moved = [len(m) for m in moved]
        print("centre init: biases of %s neurons moved so the mean steady-state activation is %s"
              % (init_moved, init["target"]), flush=True)
    guard_log = []  # [epoch, batch, [output neurons moved]] per firing of the guard

    n_batches = len(tr_x) // batch
    total_steps = n_batches * epochs
    step = 0
    log_rows = []
    batch_losses = []
    epoch_times = []
    for epoch in range(epochs):
        net.train()
        t0 = time.perf_counter()
        perm = torch.randperm(len(tr_x), generator=gen)
        tot_loss, correct, seen = 0.0, 0, 0
        for b in range(n_batches):
            set_lr(opt, recipe, step, total_steps)
            idx = perm[b * batch:(b + 1) * batch]
            x = bernoulli(idx)
            loss, counts = train_step(net, opt, x, target_all[idx], T)
            step += 1
            batch_losses.append(float(loss))
            tot_loss += float(loss) * len(idx)
            correct += int((counts.argmax(1) == torch.from_numpy(tr_y[idx.numpy()].astype(np.int64))).sum())
            seen += len(idx)
            if guard["every"] and (b + 1) % guard["every"] == 0:
                n = net.centre(x, guard["target"], layer_ids=[len(net.layers) - 1], only_silent=True)[-1]
                if n:
                    guard_log.append([epoch + 1, b + 1, n])
                    print("  epoch %d batch %d: re-centred %d silent output neuron(s) %s"
                          % (epoch + 1, b + 1, len(n), n), flush=True)
            if (b + 1) % 200 == 0:
                print("  epoch %d batch %d/%d loss %.4f train acc %.4f (%.1f s)" % (
                    epoch + 1, b + 1, n_batches, tot_loss / seen, correct / seen, time.perf_counter() - t0),
                    flush=True)
        dt = time.perf_counter() - t0
        epoch_times.append(dt)
        row = {"epoch": epoch + 1, "train_loss": round(tot_loss / seen, 6), "train_acc": round(correct / seen, 4),
               "lr_end": opt.param_groups[0]["lr"], "seconds": round(dt, 1), "float_test_acc": ""}
        last = epoch + 1 == epochs
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
        save_float(args.save_float, net, args, recipe, daf, [n_in, args.hidden, n_cls], float_acc, q_acc, command)

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
            "epochs": epochs,
            "lr": recipe["lr"],
            "lr_schedule": recipe["lr_schedule"],
            "batch": batch,
            "float_test_accuracy_per_epoch": [r["float_test_acc"] for r in log_rows],
            "train_loss_per_epoch": [r["train_loss"] for r in log_rows],
            "recipe": recipe,
            "guard": {"events": len(guard_log), "neurons": sum(len(e[2]) for e in guard_log),
                      "distinct_neurons": len({i for e in guard_log for i in e[2]}), "log": guard_log},
            "centre_init": init["rule"] == "centre",
            "init_moved_neurons": init_moved,
            "revive_every": guard["every"],
            "revived_output_neurons": sum(len(e[2]) for e in guard_log),
            "architecture": [n_in, args.hidden, n_cls],
            "timesteps": T,
            "tau_d": recipe["tau_d"],
            "tau_n": recipe["tau_n"],
            "v_th": recipe["v_th"],
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
