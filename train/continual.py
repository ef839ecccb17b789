#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Task-gated continual learning on permuted MNIST (issue 12; the paper's figure 4c).

The paper's protocol (Methods), and the choices it leaves open, made here:

  network    [784-FC1024-FC10], T = 5, V_th = 0.5, the same unit kind in both
             layers (bi, tri-R, tri-G); everything else from the fair recipe
             (trinity_train/recipe.py: Adam lr 5e-4, batch 100, MSE between
             output spike rate and one-hot label, surrogate "stbp",
             tau_d = tau_n = 0.5, PyTorch's default initialisation, no guard),
             with two overrides recorded in the output: v_th 0.5 and the
             epochs per task (paper 10). The recipe's cosine decay restarts
             with every task (one cosine over each task's batches). The
             default init's +-1/sqrt(fan_in) uses the gated fan-in
             (density * n_in): weights and biases scaled by 1/sqrt(density).
  tasks      MNIST digits with the pixels permuted by a fixed random
             permutation per task. Every task is permuted, task 1 included
             (no task is special). A task's frame is the spec §6 rate coding
             of the permuted image (permute first, then encode), so a
             permuted test set is just another image set to the C++ side.
  gates      per task a fixed random set of exactly round(0.03 n) of the n
             synaptic connections of EACH layer (784 x 1024 and 1024 x 10)
             is active; during task k, and when task k is evaluated, the
             layers use weight * gate_k. Biases are not gated: they are
             shared by all tasks, trained during task 1 only and frozen
             from task 2 on, so a later task changes an earlier task's
             network only through synapses both gates contain (about 3 %
             of each gate). A gated-off synapse has no effect on the output
             and gets exactly zero gradient.
  optimiser  a fresh Adam for each task: with its moments at zero, a
             parameter whose gradient is zero (gated off, or a bias after
             task 1) is not moved at all (Adam's carried-over momentum
             would otherwise move weights the new task does not use).
  draws      task k's permutation, then its gates (layer 1, layer 2), come
             from numpy's PCG64 seeded with [seed, k]; training order and
             training spikes from torch.Generator seeded with the seed;
             the weights' initialisation from torch.manual_seed(seed). All
             permutations and gates are written to the _gates.npz file.
  evaluation after task k, every task j <= k on the first --limit-test
             MNIST test images (default all 10,000), each with its own
             permutation and gate, spec §6 spikes with seed 0; float model.

Outputs, in --out-dir for each model and seed (<name>_s<seed>):
  .csv        task_learnt, task_evaluated, accuracy (every pair j <= k)
  _avg.csv    task_learnt, average accuracy over tasks 1..k, seconds
  .json       the command, resolved recipe, protocol settings, per-task times
  _gates.npz  perms [K, 784] and each layer's gates [K, n_out, n_in], packed
              with np.packbits over the flattened [n_out * n_in] row-major
  .pt         the final float weights (torch.save), with --save-weights

    OMP_NUM_THREADS=1 /usr/bin/python3 train/continual.py --models bi,tri-R,tri-G --seeds 1 \\
        --tasks 2 --epochs 1 --limit-train 6000 --limit-test 1000 --out-dir /tmp/continual
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
sys.path.insert(0, HERE)

from trinity_train import data, rate_coding  # noqa: E402
from trinity_train.quantize import gaussian_daf, load_daf_json  # noqa: E402
from trinity_train.recipe import resolve, set_lr  # noqa: E402
from trinity_train.runs import command_string, float_counts, train_step  # noqa: E402
from trinity_train.snn import SNN, decode  # noqa: E402

RUN_NAMES = {"bi": "bi_snn", "tri-R": "tri_snn_r", "tri-G": "tri_snn_g"}
DEFAULT_DAF = os.path.join(HERE, "daf", "aab_forward_vds1V_gaussian.json")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default="bi,tri-R,tri-G", help="comma-separated unit kinds: bi, tri-R, tri-G")
    p.add_argument("--seeds", default="1", help="comma-separated seeds (one run per model and seed)")
    p.add_argument("--tasks", type=int, default=50, help="permuted-MNIST tasks learnt one after another")
    p.add_argument("--epochs", type=int, default=10, help="epochs per task (paper 10)")
    p.add_argument("--density", type=float, default=0.03, help="fraction of each layer's synapses a gate keeps")
    p.add_argument("--hidden", type=int, default=1024)
    p.add_argument("--timesteps", type=int, default=5)
    p.add_argument("--v-th", type=float, default=0.5)
    p.add_argument("--recipe", default="fair", help="trinity_train/recipe.py recipe the training settings come from")
    p.add_argument("--daf", default=DEFAULT_DAF, help="tri-G: calibration JSON of the Gaussian dAF")
    p.add_argument("--limit-train", type=int, default=0, help="train on the first N training images (0: all 60,000)")
    p.add_argument("--limit-test", type=int, default=0, help="evaluate on the first N test images (0: all 10,000)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--data-dir", default=data.MNIST_DIR)
    p.add_argument("--out-dir", required=True)
    p.add_argument("--qat", action="store_true",
                   help="quantisation-aware training: every forward pass sees the weights and biases spec §7 will store "
                        "(snn.fake_quantised, straight-through gradients)")
    p.add_argument("--save-weights", action="store_true", help="also torch.save the final float weights (.pt)")
    p.add_argument("--force", action="store_true", help="run even when the run's _avg.csv is already complete")
    args = p.parse_args(argv)
    args.models = [m for m in args.models.split(",") if m]
    for m in args.models:
        if m not in RUN_NAMES:
            p.error("--models: unknown kind %r (bi, tri-R, tri-G)" % m)
    try:
        args.seeds = [int(s) for s in args.seeds.split(",") if s]
    except ValueError:
        p.error("--seeds: comma-separated integers")
    if args.tasks < 1 or args.epochs < 1:
        p.error("--tasks and --epochs must be >= 1")
    if not 0 < args.density <= 1:
        p.error("--density must be in (0, 1]")
    return args


# ------------------------------------------------------------------ the tasks

def task_draws(seed, task, n_pixels, layer_shapes, density):
    """Task `task`'s (1-based) pixel permutation and one boolean gate per layer.

    From numpy's PCG64 seeded with [seed, task]: the permutation first, then
    each layer's gate, exactly round(density * n_out * n_in) synapses on.
    """
    rng = np.random.default_rng([seed, task])
    perm = rng.permutation(n_pixels)
    gates = []
    for n_out, n_in in layer_shapes:
        n = n_out * n_in
        on = rng.choice(n, size=int(round(density * n)), replace=False)
        g = np.zeros(n, dtype=bool)
        g[on] = True
        gates.append(g.reshape(n_out, n_in))
    return perm, gates


def set_gates(net, gates):
    """Make every layer use weight * gate (gates: boolean arrays, or None to ungate)."""
    for layer, g in zip(net.layers, gates if gates is not None else [None] * len(net.layers)):
        layer.gate = None if g is None else torch.from_numpy(g.astype(np.float32))


def set_qat_mask(net, gates):
    """--qat: every layer's forward pass fake-quantised (snn.fake_quantised), its
    w_shift from the synapses some task so far keeps."""
    for l, layer in enumerate(net.layers):
        union = np.logical_or.reduce([g[l] for g in gates])
        layer.qat_mask = torch.from_numpy(union.astype(np.float32))


def test_spikes(images, perm, timesteps):
    """Spec §6 spikes (seed 0, indices = position in the test split) of the permuted images."""
    return rate_coding.encode(np.ascontiguousarray(images[:, perm]), timesteps, seed=0,
                              indices=np.arange(len(images), dtype=np.uint64))


def evaluate_task(net, task_spikes, task_gates, labels):
    """Accuracy of task j: its own test spikes (its permutation) and its own gates."""
    set_gates(net, task_gates)
    return float(np.mean(decode(float_counts(net, task_spikes)) == labels))


# ------------------------------------------------------------------ one run

def build_net(kind, args, seed):
    recipe = resolve(args.recipe, kind, {"epochs": args.epochs, "v_th": args.v_th})
    if recipe["init"]["rule"] != "default" or recipe["guard"]["every"]:
        raise SystemExit("continual.py: recipe %s centres or guards; only PyTorch's default init without a guard "
                         "is defined for gated training" % args.recipe)
    daf = None
    if kind == "tri-G":
        daf = load_daf_json(args.daf) if args.daf else gaussian_daf()
    torch.manual_seed(seed)
    surrogate = (recipe["surrogate"]["half_width"], recipe["surrogate"]["height"])
    net = SNN([784, args.hidden, 10], kind=kind, tau_d=recipe["tau_d"], tau_n=recipe["tau_n"],
              v_th=recipe["v_th"], daf=daf, surrogate=surrogate)
    # PyTorch's default init draws from +-1/sqrt(fan_in); a gated neuron's
    # fan-in is density * n_in, so the draws are scaled by 1/sqrt(density):
    # the input current then has the spread it has ungated (at 3 % without
    # this the network starts silent and does not learn in a short run).
    with torch.no_grad():
        for layer in net.layers:
            layer.fc.weight.mul_(1.0 / math.sqrt(args.density))
            layer.fc.bias.mul_(1.0 / math.sqrt(args.density))
    return net, recipe, daf


def train_task(net, recipe, prob, target, labels, perm, gen, timesteps, train_biases, log=print):
    """One task: recipe["epochs"] epochs of Adam (fresh) on MSE, cosine over the task.

    Returns (wall seconds, CPU seconds) per epoch: on the shared machine the
    wall time depends on the load, the process's CPU time much less.
    """
    for layer in net.layers:
        layer.fc.bias.requires_grad_(train_biases)
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=recipe["lr"])
    batch, epochs = recipe["batch"], recipe["epochs"]
    n_batches = len(prob) // batch
    total, step = n_batches * epochs, 0
    perm_t = torch.from_numpy(perm)
    times, cpu = [], []
    for epoch in range(epochs):
        net.train()
        t0, c0 = time.perf_counter(), time.process_time()
        order = torch.randperm(len(prob), generator=gen)
        tot_loss, correct = 0.0, 0
        for b in range(n_batches):
            set_lr(opt, recipe, step, total)
            idx = order[b * batch:(b + 1) * batch]
            p = prob[idx][:, perm_t]
            x = (torch.rand((len(idx), timesteps, p.shape[1]), generator=gen) < p[:, None, :]).float()
            loss, counts = train_step(net, opt, x, target[idx], timesteps)
            step += 1
            tot_loss += float(loss) * len(idx)
            correct += int((counts.argmax(1) == labels[idx]).sum())
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        seen = n_batches * batch
        log("    epoch %d: loss %.4f train acc %.4f (%.1f s, CPU %.1f s)"
            % (epoch + 1, tot_loss / seen, correct / seen, times[-1], cpu[-1]))
    for layer in net.layers:
        layer.fc.bias.requires_grad_(True)
    return times, cpu


def run_paths(out_dir, kind, seed):
    base = os.path.join(out_dir, "%s_s%d" % (RUN_NAMES[kind], seed))
    return {k: base + ext for k, ext in
            (("pairs", ".csv"), ("avg", "_avg.csv"), ("meta", ".json"), ("gates", "_gates.npz"), ("weights", ".pt"))}


def run_settings(args, n_train, n_test):
    """What a finished run's .json must match for the run to be skipped."""
    return {"tasks": args.tasks, "epochs_per_task": args.epochs, "gate_density": args.density,
            "architecture": [784, args.hidden, 10], "timesteps": args.timesteps, "v_th": args.v_th,
            "train_images": n_train, "test_images": n_test}


def recorded_settings(meta):
    return {"tasks": meta["tasks"], "epochs_per_task": meta["epochs_per_task"], "gate_density": meta["gate_density"],
            "architecture": meta["architecture"], "timesteps": meta["timesteps"], "v_th": meta["recipe"]["v_th"],
            "train_images": meta["data"]["train_images"], "test_images": meta["data"]["test_images"]}


def run_complete(paths, settings):
    """True when this run is already there with these settings; refuses
    (SystemExit) a finished run with other settings in the same place, so
    one directory never mixes protocols."""
    if not os.path.exists(paths["meta"]):
        return False
    with open(paths["meta"]) as f:
        recorded = recorded_settings(json.load(f))
    if recorded != settings:
        differ = ", ".join("%s %s (asked %s)" % (k, recorded[k], settings[k]) for k in settings
                           if recorded[k] != settings[k])
        raise SystemExit("continual.py: %s: a run with other settings is there: %s; use another --out-dir or "
                         "--force" % (paths["meta"], differ))
    return True


def run_one(kind, seed, args, train_set, test_set, command, log=print):
    """Learn args.tasks tasks one after another; write the outputs; return the averages per task learnt."""
    torch.set_num_threads(args.threads)
    tr_x, tr_y = train_set
    te_x, te_y = test_set
    net, recipe, daf = build_net(kind, args, seed)
    shapes = [(l.n_out, l.n_in) for l in net.layers]
    gen = torch.Generator().manual_seed(seed)
    prob = torch.from_numpy(tr_x.astype(np.float32)) / 255.0
    labels = torch.from_numpy(tr_y.astype(np.int64))
    target = torch.nn.functional.one_hot(labels, 10).float()
    paths = run_paths(args.out_dir, kind, seed)
    os.makedirs(args.out_dir, exist_ok=True)

    perms, gates, pairs, avgs, task_log = [], [], [], [], []
    # each task's test spikes, bit-packed (about 5 MB a task for 10,000
    # images at T = 5): encoding is a fifth of an evaluation's time, and
    # task j is evaluated after every task from j on
    packed_spikes = []
    t_run = time.perf_counter()
    for k in range(1, args.tasks + 1):
        perm, g = task_draws(seed, k, 784, shapes, args.density)
        perms.append(perm)
        gates.append(g)
        if args.qat:
            set_qat_mask(net, gates)
        packed_spikes.append(np.packbits(test_spikes(te_x, perm, args.timesteps), axis=-1))
        log("  %s seed %d task %d/%d" % (kind, seed, k, args.tasks))
        set_gates(net, g)
        epoch_times, epoch_cpu = train_task(net, recipe, prob, target, labels, perm, gen, args.timesteps,
                                            train_biases=(k == 1), log=log)
        t0, c0 = time.perf_counter(), time.process_time()
        accs = [evaluate_task(net, np.unpackbits(packed_spikes[j], axis=-1, count=784), gates[j], te_y)
                for j in range(k)]
        t_eval, c_eval = time.perf_counter() - t0, time.process_time() - c0
        set_gates(net, None)
        pairs += [(k, j + 1, a) for j, a in enumerate(accs)]
        avgs.append(float(np.mean(accs)))
        task_log.append({"task": k, "epoch_seconds": [round(t, 2) for t in epoch_times],
                         "epoch_cpu_seconds": [round(t, 2) for t in epoch_cpu],
                         "eval_seconds": round(t_eval, 2), "eval_cpu_seconds": round(c_eval, 2)})
        log("  after task %d: accuracy on tasks 1..%d %s, average %.4f (eval %.1f s, CPU %.1f s)"
            % (k, k, " ".join("%.3f" % a for a in accs), avgs[-1], t_eval, c_eval))
        # written after every task, so an interrupted run leaves what it learnt
        with open(paths["pairs"], "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["task_learnt", "task_evaluated", "accuracy"])
            w.writerows([(a, b, "%.4f" % c) for a, b, c in pairs])
        with open(paths["avg"], "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["task_learnt", "average_accuracy", "train_seconds", "train_cpu_seconds", "eval_seconds",
                        "eval_cpu_seconds"])
            for t, a in zip(task_log, avgs):
                w.writerow([t["task"], "%.4f" % a, "%.1f" % sum(t["epoch_seconds"]),
                            "%.1f" % sum(t["epoch_cpu_seconds"]), "%.1f" % t["eval_seconds"],
                            "%.1f" % t["eval_cpu_seconds"]])

    np.savez_compressed(paths["gates"], perms=np.stack(perms).astype(np.uint16),
                        **{"gates_layer%d" % l: np.stack([np.packbits(g[l].reshape(-1)) for g in gates])
                           for l in range(len(shapes))},
                        shapes=np.array(shapes, dtype=np.int64))
    meta = {
        "experiment": "task-gated continual learning on permuted MNIST (issue 12)",
        "command": command,
        "kind": kind,
        "seed": seed,
        "architecture": [784, args.hidden, 10],
        "timesteps": args.timesteps,
        "tasks": args.tasks,
        "epochs_per_task": args.epochs,
        "gate_density": args.density,
        "qat": bool(args.qat),
        "gated_synapses_per_layer": [int(round(args.density * a * b)) for a, b in shapes],
        "biases": "not gated; trained during task 1 only, frozen from task 2 on",
        "task_1": "permuted like every other task",
        "draws": "task k: numpy PCG64 seeded with [seed, k] draws the permutation, then each layer's gate; "
                 "torch.Generator(seed) the training order and spikes; torch.manual_seed(seed) the init",
        "optimiser": "a fresh Adam per task; cosine lr decay restarted per task",
        "init": "PyTorch default, weights and biases scaled by 1/sqrt(gate density) (the gated fan-in)",
        "recipe": recipe,
        "daf": None if daf is None else {k: daf[k] for k in ("amplitude", "center", "sigma")},
        "data": {"dir": args.data_dir, "train_images": len(tr_x), "test_images": len(te_x),
                 "test_spikes": "spec §6 rate coding, seed 0, of the permuted image"},
        "average_accuracy": [round(a, 4) for a in avgs],
        "per_task": task_log,
        "total_seconds": round(time.perf_counter() - t_run, 1),
        "threads": args.threads,
    }
    with open(paths["meta"], "w") as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)
    if args.save_weights:
        torch.save({"state_dict": net.state_dict(), "meta": meta}, paths["weights"])
    log("  wrote %s, %s, %s, %s" % (paths["pairs"], paths["avg"], paths["meta"], paths["gates"]))
    return avgs


def main(argv=None):
    args = parse_args(argv)
    command = "OMP_NUM_THREADS=1 " + command_string(__file__, argv)
    tr_x, tr_y = data.load_split("train", args.data_dir)
    te_x, te_y = data.load_split("t10k", args.data_dir)
    if tr_x.shape[1] != 784:
        raise SystemExit("continual.py: %s: images have %d pixels, MNIST's have 784" % (args.data_dir, tr_x.shape[1]))
    if args.limit_train:
        tr_x, tr_y = tr_x[:args.limit_train], tr_y[:args.limit_train]
    if args.limit_test:
        te_x, te_y = te_x[:args.limit_test], te_y[:args.limit_test]
    for seed in args.seeds:
        for kind in args.models:
            paths = run_paths(args.out_dir, kind, seed)
            if not args.force and run_complete(paths, run_settings(args, len(tr_x), len(te_x))):
                print("skip %s (complete)" % paths["avg"], flush=True)
                continue
            print("== %s %s seed %d: %d tasks x %d epochs" % (time.strftime("%H:%M:%S"), kind, seed, args.tasks,
                                                                args.epochs), flush=True)
            run_one(kind, seed, args, (tr_x, tr_y), (te_x, te_y), command,
                    log=lambda s: print(s, flush=True))


if __name__ == "__main__":
    main()
