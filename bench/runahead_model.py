#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Design model: engines that run ahead of each other (issue 11's ratio at LANES 64 x ENGINES 32).

Today's core makes its engines meet at every layer and timestep (t, l): a (t, l) costs its slowest
engine's event rows, then the update runs while the engines wait (docs/rtl.md "Why the ratio stays
above 1.15 at 64 x 32"). Here the engines keep today's fixed input slices and row groups (no weight
stored twice) but never wait for each other, only for data:

  * layer 0's inputs are known before the frame starts (rate-coded or FRAME spikes), so an engine
    accumulates layer 0 of global timestep g = frame*T + t into partial-sum bank g mod K0 as soon
    as that bank has been read out by the update of g - K0 (K0 banks per engine);
  * layer l > 0 of g needs layer l-1's spikes of g; each engine does it at a fixed place in its
    work list, after layer 0 of g + l*LAG (LAG timesteps of slack), waiting if the spikes are late;
    K1 banks per deeper layer;
  * the update pipeline (today's: UPDATE_LANES = LANES rows of LANES neurons a cycle) takes the
    passes in the engines' work-list order; a pass starts when every engine has finished that
    (t, l), and waits for the layer's previous pass (its state); argmax + RESULT occupy it after a
    frame's last pass.

Every engine has the same work list, so the schedule is a recurrence over the list, vectorised over
the engines. The last column is the same schedule with engines in lockstep (each item as long as its
slowest engine's, as today): the banks and the order without independent engines. Per engine item, from the events of its slice class (ev, rows_e = R/EO rows each):
  restart   today's engine: LAYER_START + max(ev*rows_e + PICK_FILL, words + ev + SCAN_FILL)
            (words + 1 without events) + ITEM_GAP: the pick pipeline refills for every item, and
            ITEM_GAP = 2 stands for today's joint idle and StLayerNext (pessimistic: an engine that
            switches items alone needs neither)
  streamed  an engine whose scanner runs ahead into its next item: max(ev*rows_e, words) + 1
A streamed engine that waits for a deeper layer's spikes cannot have scanned them: it starts
LAYER_START + PICK_FILL after they are written. Update pass: starts at max(pipeline free, slowest engine's end + ACC_DRAIN, the layer's previous
pass's spikes); occupies U = R cycles; its spikes are out UPD_DRAIN later (today's StUpdateDrain,
11 + merge depth) + 1. Bank free when the pass has issued. Frames stream back to back (FRAME
packets, reception overlapped as today); the period is the makespan of N frames / N. Batch-1
latency here is one frame's makespan + RESULT, compute only (no reception).

    /usr/bin/python3 bench/runahead_model.py --images 200 [--config 64x32]
"""
import argparse
import functools
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engines_model as em  # noqa: E402

LAYER_START, PICK_FILL, SCAN_FILL, ACC_DRAIN, ITEM_GAP = 1, 6, 4, 1, 2
RESULT = 17  # argmax + RESULT packet, cycles a frame (docs/rtl.md "Why the ratio stays above 1.15")


def engine_costs(spikes, n_out, lanes, engines, variant):
    """Cycles of each engine's item [N, T, E] for one layer, under the core's slices and row groups."""
    ev_cls, groups, rows_e = em.slice_class_events(spikes, n_out, lanes, engines)
    ev = ev_cls[..., np.arange(engines) % ev_cls.shape[-1]]
    words = groups * em.cdiv(em.cdiv(spikes.shape[-1], 32), engines)
    if variant == "restart":
        busy = np.maximum(ev * rows_e + PICK_FILL, words + ev + SCAN_FILL)
        return LAYER_START + np.where(ev == 0, words + 1, busy) + ITEM_GAP
    if variant == "streamed":
        return np.maximum(ev * rows_e, words) + 1
    raise ValueError(variant)


def work_list(frames, T, L, lag):
    """The engines' common order of items (frame, t, l): layer 0 of g, then layer l of g - l*lag."""
    G = frames * T
    items = []
    for g in range(G + (L - 1) * lag):
        for l in range(L):
            h = g - l * lag
            if 0 <= h < G:
                items.append((h // T, h % T, l))
    return items


def lockstep(costs):
    """Every engine's item as long as the slowest's: engines that start each item together."""
    return [np.broadcast_to(c.max(axis=-1, keepdims=True), c.shape) for c in costs]


def simulate(costs, sizes, lanes, engines, k0, k1, lag, upd_drain, spike_fill=0, ring=0, update_lanes=None):
    """Per-frame end cycles [N] (frames back to back) for costs[l] [N, T, E].

    spike_fill: cycles from a deeper layer's spikes being written to its first row when an engine
    had to wait for them (a streamed engine cannot scan ahead into spikes not yet written, so it
    pays today's fill there; a restart engine's cost has the fill already).
    ring: if > 0, k0 and k1 are ignored and every item, whatever its layer, takes bank i mod ring
    in work-list order (i its place in the list), free once the pass of item i - ring has issued.
    update_lanes: neurons a pass updates a cycle (default LANES): a pass takes ceil(n_out/update_lanes).
    """
    N, T, E = costs[0].shape
    L = len(costs)
    rows = [em.cdiv(n_out, update_lanes or lanes) for _, n_out in sizes]
    eng = np.zeros(E, dtype=np.int64)
    pipe_free = 0
    spikes_out = {}  # (f, t, l) -> cycle its output spikes are written
    layer_prev = [0] * L  # spikes of the layer's previous pass (its state written)
    bank_free = [dict() for _ in range(L)]  # l -> {g: cycle bank of g may be written again}
    frame_end = np.zeros(N, dtype=np.int64)
    ring_free = {}  # item i -> cycle its bank may be written again (ring > 0)
    for i, (f, t, l) in enumerate(work_list(N, T, L, lag)):
        g = f * T + t
        k = k0 if l == 0 else k1
        ready = ring_free.pop(i - ring, 0) if ring else bank_free[l].pop(g - k, 0)
        if l > 0:
            ready = max(ready, spikes_out.pop((f, t, l - 1)) + spike_fill)
        eng = np.maximum(eng, ready) + costs[l][f, t]
        start = max(pipe_free, int(eng.max()) + ACC_DRAIN, layer_prev[l])
        pipe_free = start + rows[l]
        if ring:
            ring_free[i] = pipe_free
        else:
            bank_free[l][g] = pipe_free
        done = start + rows[l] + upd_drain + 1
        layer_prev[l] = done
        if l < L - 1:
            spikes_out[(f, t, l)] = done
        elif t == T - 1:
            pipe_free = max(pipe_free, done) + RESULT
            frame_end[f] = pipe_free
    return frame_end


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=os.path.join(em.REPO, "models", "tri_snn_g_s1.trn"))
    p.add_argument("--images", type=int, default=200)
    p.add_argument("--data-dir", default=None)
    p.add_argument("--config", action="append", help="LANESxENGINES (default 32x4 and 64x32)")
    a = p.parse_args(argv)
    from trinity_train import data
    inputs, sizes, T = em.load_spikes(a.model, a.images, a.data_dir or data.DEFAULT_DIR)
    print(f"{os.path.relpath(a.model, em.REPO)}, {a.images} Fashion-MNIST test images streamed as FRAMEs; "
          "cycles per frame (period) and one frame's compute latency; ratio = period / issue 11's bound")
    print()
    print("| LANES × ENGINES | engine | K0 | K1 | LAG | cycles/frame | issue's bound | ratio | latency cycles "
          "(µs at 300 MHz) | lockstep: cycles/frame (ratio) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for config in a.config or ["32x4", "64x32"]:
        lanes, engines = (int(v) for v in config.split("x"))
        bound = float(em.issue_bound([em.engine_events(s, engines, "interleaved")[0] for s in inputs],
                                     sizes, engines, lanes, lanes).mean())
        upd_drain = 11 + em.log2c(engines)
        for variant in ("restart", "streamed"):
            costs = [engine_costs(s, n_out, lanes, engines, variant) for s, (_, n_out) in zip(inputs, sizes)]
            fill = LAYER_START + PICK_FILL if variant == "streamed" else 0
            for k0, k1, lag in ((1, 1, 0), (2, 1, 1), (2, 2, 1), (4, 2, 1), (4, 2, 2), (8, 2, 2), (8, 4, 3),
                                ("ring 2", "—", 1), ("ring 3", "—", 1)):
                ring = int(k0.split()[1]) if isinstance(k0, str) else 0
                run = functools.partial(simulate, sizes=sizes, lanes=lanes, engines=engines, k0=0 if ring else k0,
                                        k1=0 if ring else k1, lag=lag, upd_drain=upd_drain, spike_fill=fill,
                                        ring=ring)
                ends = run(costs)
                period = float(ends[-1]) / len(ends)
                single = np.array([run([c[n:n + 1] for c in costs])[0]
                                   for n in range(0, len(ends), max(1, len(ends) // 20))])
                locked = float(run(lockstep(costs))[-1]) / len(ends)
                print(f"| {lanes} × {engines} | {variant} | {k0} | {k1} | {lag} | {period:,.1f} | {bound:,.1f} "
                      f"| {period / bound:.3f} | {single.mean():,.0f} ({single.mean() / 300:.2f}) "
                      f"| {locked:,.1f} ({locked / bound:.3f}) |")
    update_lanes_table(inputs, sizes, a.config or ["64x32"])
    return 0


def update_lanes_table(inputs, sizes, configs):
    """Lockstep, streamed, ring 3, LAG 1 with fewer update lanes than LANES: do the updates still hide?"""
    print()
    print("Narrower update (lockstep, `streamed`, ring 3, LAG 1); the issue's bound with that UPDATE_LANES:")
    print()
    print("| LANES × ENGINES | UPDATE_LANES | cycles/frame | issue's bound | ratio |")
    print("|---|---:|---:|---:|---:|")
    for config in configs:
        lanes, engines = (int(v) for v in config.split("x"))
        costs = lockstep([engine_costs(s, n_out, lanes, engines, "streamed") for s, (_, n_out) in zip(inputs, sizes)])
        for ul in (lanes, lanes // 2, lanes // 4):
            bound = float(em.issue_bound([em.engine_events(s, engines, "interleaved")[0] for s in inputs],
                                         sizes, engines, lanes, ul).mean())
            ends = simulate(costs, sizes, lanes, engines, 0, 0, 1, 11 + em.log2c(engines),
                            spike_fill=LAYER_START + PICK_FILL, ring=3, update_lanes=ul)
            period = float(ends[-1]) / len(ends)
            print(f"| {lanes} × {engines} | {ul} | {period:,.1f} | {bound:,.1f} | {period / bound:.3f} |")


if __name__ == "__main__":
    sys.exit(main())
