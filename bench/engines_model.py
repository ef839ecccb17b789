#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Cycle and resource model of the ENGINES x LANES core of issue 11 item 1:
which ENGINES, LANES and UPDATE_LANES reach >= 250 k frames/s per core and
<= 5 us batch-1 latency, counted on real spike trains, not guessed.

Spikes: the first N Fashion-MNIST test images, rate-coded by spec §6 with
seed 0 and image index = position in the test split (what rtl_cosim's
"[fashion]" FRAME case sends), run through the bit-exact integer forward
(trinity_train.snn.quantised_forward, return_all) of the model, so every
layer's input spike trains are the ones the core would see.

Assignment of a layer's inputs to engines (each engine holds the weight
columns of its own inputs; no weight is stored twice):
  contiguous   engine e owns inputs [e*ceil(n_in/E), (e+1)*ceil(n_in/E))
  interleaved  engine e owns inputs j with j mod E == e
Either way an engine's inputs sit in its own spike words (the bit
permutation is wiring), ceil(n_e/32) words of its n_e inputs.

Cycle model, per frame, per timestep t and layer l (R = ceil(n_out/LANES),
U = ceil(n_out/UPDATE_LANES), ev_e = input spikes of engine e):
  engine e     f_e = ceil(words_e/SCAN_WORDS) + 1                 if ev_e = 0
                     max(ev_e*R + PICK_FILL,
                         ceil(words_e/SCAN_WORDS) + ev_e + SCAN_FILL)   else
               (one event picked per cycle per engine, its R rows issued one
               per cycle into the engine's own LANES partial-sum lanes)
  accumulate   A = LAYER_START + max_e f_e   (engines wait for each other at
               every (t, l) boundary)
  update       P = ACC_DRAIN + U + MERGE_LAT + UPD_LAT
               MERGE_LAT = PSUM_READ + ceil(log2 ENGINES): every cycle each
               engine reads UPDATE_LANES partial sums, a registered binary
               adder tree over the engines sums them (clearing on read), and
               the sum enters the update lanes (dendrite -> dAF -> LIF, the
               current lane's pipeline)
Schedules:
  serial       A(t,l) then P(t,l), for t, for l: nothing overlaps inside a
               frame (the structure of the issue's bound)
  lookahead    the engines accumulate layer 0 of t+1 while the update runs
               layer 0 of t (a second partial-sum bank for layer 0); engine
               order A(0,0), then per t: A(0,t+1), A(1,t) .. A(L-1,t);
               A(l,t), l > 0, waits for P(l-1,t)'s last spike; updates in
               (t, l) order, one pass issuing at a time, a layer's pass
               waiting for its previous pass to finish (state); layer 0's
               output spike vector is double-buffered too (A(1,t) reads t
               while P(0,t+1) writes t+1)
Per frame (throughput): compute + RESULT, where RESULT = Ur + 2 +
log2(UPDATE_LANES) + 3 + ceil(n_out/2) + 2(Ur - 1), Ur = U of the last layer
(today's argmax pass and packet). Overlapped, so not counted: reception
(double-buffered frame buffer: frame k+1 is received and rate-coded while
frame k computes) and the per-timestep spike load (the next timestep's
words are prefetched). The frame period is max(compute + RESULT,
reception + coder); the second term is printed in the header.
Batch-1 latency: IMAGE reception 1 + 4 + 196 words + VERDICT (784 B of
pixels), then the coder (setup CODER_SETUP, then 32/CODERS cycles a spike
word, CODER_DRAIN); timestep t starts no earlier than the coder has written
it and its words have been loaded (ceil(words/SCAN_WORDS) + 2; the coder
runs ahead of the engines), + compute + RESULT.

Constants (DESIGN; the ENGINES-1 core of 2026-12-04/05 that the cross-check's
measurements come from, CURRENT, in brackets where it differs; today's core
is sim/perf/cycle_model.cpp's, exact against the RTL by ctest perf-rtl):
LAYER_START 1, PICK_FILL 6 [5] (pick pipeline fill + the cycle that sees
the scan done: cycle_model.cpp says 5, that sequencer takes 6 when the
issue binds, by sequencer_accumulate; the design keeps that pick
pipeline), SCAN_FILL 4, SCAN_WORDS 4 [1] spike words scanned a cycle per
engine, ACC_DRAIN 1, PSUM_READ 1 [0], merge tree ceil(log2 ENGINES) [0],
UPD_LAT 12 (U1..U10, one cycle to see the lanes empty, StLayerNext),
VERDICT 5, CODERS 32 [8], CODER_SETUP 97, CODER_DRAIN 17; reception and
spike loads overlapped: yes [no: 2 + T*ceil(n_in/32) + VERDICT per FRAME and
ceil(n_in/32) + 2 per timestep are counted]. CURRENT reproduces
sim/perf/cycle_model.cpp as it was then; the cross-check table printed first
compares it, and the same with that StAccumulate simulated cycle by cycle
(sequencer_accumulate), with the measured RTL.

Bound (the issue's Must-show): sum over (t, l) of ev*R/ENGINES + U. Ratio =
cycles per frame / bound. It adds the update rows to the event rows, so it
bounds the serial schedule only; lookahead hides update rows behind
accumulation and could in principle go below it. Imbalance = sum of
max_e ev_e*R over sum of ev*R/ENGINES (how much longer the accumulate phase
is than perfect sharing).

Resources per core (capacity from contract/capacity.mk, HW_* unless
--capacity cosim; MW = MAX_WEIGHT_BYTES, MN = MAX_NEURONS, ML = MAX_LAYERS):
  weight rows per engine  rows_e = ceil(MW/(E*LANES)) + ML*ceil(MN/E)
                          (today's column-padding reserve, one row a column)
  B(w, d) = fewest BRAM36 for d words of w bits in one aspect ratio
          (512x72, 1Kx36, 2Kx18, 4Kx9, 8Kx4, 16Kx2, 32Kx1): min over
          them of ceil(w/width) * ceil(d/depth)
  weights, BRAM36  E * B(8*LANES, rows_e); printed beside it the
          width-limited E*ceil(8*LANES/72) and the depth-limited
          ceil(8*E*LANES*rows_e/36864) (the count is at least their max)
  weights, URAM  (4096 x 72)  E * ceil(8*LANES/72) * ceil(rows_e/4096)
          (one 72-bit read a cycle per block; the other port writes WEIGHTS)
  gates   (protocol v3, one bit per weight and task, the task a high
          address bit) E * B(LANES, rows_e * MAX_TASKS); --max-tasks 0 drops them
  LUT copies   ceil(UPDATE_LANES/2) * B(32, ML*MAX_LUT_ENTRIES/2)
          (two lanes share a block's two read ports)
  update state 1.5 BRAM36 per update lane (bias, V_d, V_n: a RAMB18 each)
  partial sums E * MN * 24 bit (* 2 for lookahead's second bank: layer 0
          of t+1 in one, while layer 0 of t is read out and layer l > 0 of t
          then reuses it), LUTRAM at 16 bits per LUT (RAM64M: one write,
          three read ports); reading UPDATE_LANES of a LANES-wide row:
          E * UPDATE_LANES * 24 * ceil(log2(LANES/UPDATE_LANES)/2) mux LUTs
          (a LUT6 is a 4:1 mux; nothing counted when UPDATE_LANES >= LANES)
  adders  E*LANES accumulate + (E-1)*UPDATE_LANES merge-tree adders, 24 bit,
          24 LUT + 24 FF each
  update lanes  UPDATE_LANES * (780 LUT, 245 FF, 2 DSP): the current lane
          (V_d*tau_d, V_n*tau_n on DSPs, rtl/trinity_lane.sv U2), less its
          accumulate adder; from docs/rtl.md's yosys table (LANES 8 -> 32:
          +802 LUT, +245 FF, +2 DSP per lane)
  engines E * (600 LUT, 400 FF, 1 DSP): scanner, pick pipeline, row issue
          (a guess: not synthesised)
  coder   CODERS * (650 LUT, 1300 FF, 20 DSP) (docs/rtl.md); base 6000 LUT,
          3000 FF, 5 DSP (receiver, sequencer, FIFO, argmax; LANES 8 synth
          less its lanes)
  totals  LUT, FF and DSP are the sums of the lines above; BRAM36 = gates +
          LUT copies + update state + the weights of the BRAM engines
  fits    <= 70 % of an SLR: 432 k LUT, 864 k FF, 672 BRAM36, 320 URAM,
          3072 DSP; weights may go to URAM for some engines and BRAM for
          the rest (the best split is taken)

    /usr/bin/python3 bench/engines_model.py --images 200    (make bench-engines)
"""
import argparse
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "train"))
sys.path.insert(0, os.path.join(REPO, "scripts"))

# Core constants. CURRENT: the ENGINES-1 core of 2026-12-04/05 whose
# measurements cross_check holds (sim/perf/cycle_model.cpp of then, derived
# state by state from the sequencer); DESIGN: the ENGINES x LANES core.
CURRENT = dict(LAYER_START=1, PICK_FILL=5, SCAN_FILL=4, SCAN_WORDS=1, ACC_DRAIN=1, PSUM_READ=0,
               UPD_LAT=12,  # lanes' U1..U10 (10), one cycle to see them empty, StLayerNext
               VERDICT=5, PREFETCH=False, RECEPTION_OVERLAP=False, CODERS=8)
DESIGN = dict(CURRENT, PICK_FILL=6, SCAN_WORDS=4, PSUM_READ=1, PREFETCH=True, RECEPTION_OVERLAP=True, CODERS=32)
CODER_SETUP, CODER_DRAIN = 97, 17
SLR = dict(LUT=432_000, FF=864_000, BRAM=672, URAM=320, DSP=3072)
BUDGET = 0.70
GRID = dict(engines=(1, 2, 4, 8, 16, 32), lanes=(16, 32, 64, 128), update_lanes=(8, 16, 32, 64))


def cdiv(a, b):
    return -(-a // b)


def log2c(n):
    return max(0, math.ceil(math.log2(n))) if n > 1 else 0


def engine_of(n_in, engines, assignment):
    """Engine of each input j (int array [n_in])."""
    j = np.arange(n_in)
    if assignment == "contiguous":
        return j // cdiv(n_in, engines)
    if assignment == "interleaved":
        return j % engines
    raise ValueError(assignment)


def engine_events(spikes, engines, assignment):
    """uint8 [N, T, n_in] -> events per engine int64 [N, T, ENGINES], and spike words per engine [ENGINES]."""
    n_in = spikes.shape[-1]
    owner = engine_of(n_in, engines, assignment)
    onehot = np.zeros((n_in, engines), dtype=np.float32)
    onehot[np.arange(n_in), owner] = 1
    ev = np.rint(spikes.reshape(-1, n_in).astype(np.float32) @ onehot).astype(np.int64)
    sizes = np.bincount(owner, minlength=engines)
    return ev.reshape(spikes.shape[0], spikes.shape[1], engines), cdiv(sizes, 32)


def accumulate_cycles(ev, words, rows, k):
    """A = LAYER_START + max over engines of f_e; ev [..., E], words [E]."""
    scan = cdiv(words, k["SCAN_WORDS"])
    busy = np.maximum(ev * rows + k["PICK_FILL"], scan + ev + k["SCAN_FILL"])
    f = np.where(ev == 0, scan + 1, busy)
    return k["LAYER_START"] + f.max(axis=-1)


def update_cycles(n_out, engines, update_lanes, k):
    return k["ACC_DRAIN"] + cdiv(n_out, update_lanes) + k["PSUM_READ"] + log2c(engines) + k["UPD_LAT"]


def result_cycles(n_out_last, update_lanes):
    ur = cdiv(n_out_last, update_lanes)
    return ur + 2 + log2c(update_lanes) + 3 + cdiv(n_out_last, 2) + 2 * (ur - 1)


def coder_ready(T, n_in0, k):
    """Cycle (after the verdict) at which the coder has written timestep t's words, [T]."""
    per_word = 32 // k["CODERS"]
    return CODER_SETUP + (np.arange(T) + 1) * cdiv(n_in0, 32) * per_word + CODER_DRAIN


def schedule(acc, upd, schedule_kind, start=None, ready0=None, load=0, upd_issue_cycles=None):
    """End of the last update pass for acc int [N, T, L] and upd [L] cycles.

    upd_issue_cycles: [L] cycles a pass occupies the pipeline's input
    (ACC_DRAIN + U; default the whole pass); the rest is its latency.
    start: [N] cycle the computation may begin (default 0); ready0: [T]
    earliest start of layer 0's accumulation of t (the coder); load: cycles
    per timestep before layer 0 (the spike load, 0 when prefetched).
    """
    N, T, L = acc.shape
    now = np.zeros(N, dtype=np.int64) if start is None else np.asarray(start, dtype=np.int64).copy()
    r0 = np.zeros(T, dtype=np.int64) if ready0 is None else np.asarray(ready0)
    if schedule_kind == "serial":
        for t in range(T):
            now = np.maximum(now, r0[t]) + load
            for l in range(L):
                now = now + acc[:, t, l] + upd[l]
        return now
    if schedule_kind != "lookahead":
        raise ValueError(schedule_kind)
    # Engines: A(0,0), then per t: A(0,t+1), A(1,t), ..., A(L-1,t).
    eng = now.copy()
    upd_issue = now.copy()  # the update pipeline accepts the next pass's first row
    upd_end_prev = [now.copy() for _ in range(L)]  # per layer: end of its previous pass (state)
    acc_end = np.zeros((T, L, N), dtype=np.int64)
    bank_free = [now.copy(), now.copy()]  # layer 0's two partial-sum banks (read out by P(0, t-2))

    def run_acc(l, t):
        nonlocal eng
        s = eng
        if l == 0:
            s = np.maximum(np.maximum(s, r0[t]) + load, bank_free[t % 2])
        else:
            s = np.maximum(s, upd_end[l - 1][t])
        eng = s + acc[:, t, l]
        acc_end[t, l] = eng

    upd_end = [[None] * T for _ in range(L)]

    def run_upd(l, t):
        nonlocal upd_issue
        s = np.maximum(np.maximum(upd_issue, acc_end[t, l]), upd_end_prev[l])
        upd_issue = s + occupy[l]
        upd_end[l][t] = s + upd[l]
        upd_end_prev[l] = upd_end[l][t]
        if l == 0:
            bank_free[t % 2] = upd_issue

    occupy = upd if upd_issue_cycles is None else upd_issue_cycles
    run_acc(0, 0)
    for t in range(T):
        run_upd(0, t)
        if t + 1 < T:
            run_acc(0, t + 1)
        for l in range(1, L):
            run_acc(l, t)
            run_upd(l, t)
    return upd_end[L - 1][T - 1]


def frame_cycles(layers_ev, layers_words, sizes, engines, lanes, update_lanes, k, schedule_kind, T, n_in0):
    """Per-frame cycles [N] (throughput period) and batch-1 latency [N] for one configuration.

    layers_ev: per layer events per engine [N, T, E]; layers_words: per layer words per engine [E];
    sizes: [(n_in, n_out)] per layer.
    """
    L = len(sizes)
    acc = np.stack([accumulate_cycles(layers_ev[l], layers_words[l], cdiv(sizes[l][1], lanes), k)
                    for l in range(L)], axis=-1)
    upd = [update_cycles(sizes[l][1], engines, update_lanes, k) for l in range(L)]
    occupy = [k["ACC_DRAIN"] + cdiv(sizes[l][1], update_lanes) for l in range(L)]
    res = result_cycles(sizes[-1][1], update_lanes)
    w0 = cdiv(n_in0, 32)
    load = 0 if k["PREFETCH"] else w0 + 2
    compute = schedule(acc, upd, schedule_kind, load=load, upd_issue_cycles=occupy) + res
    if k["RECEPTION_OVERLAP"]:
        feed = 1 + 4 + cdiv(n_in0, 4) + k["VERDICT"] + coder_ready(T, n_in0, k)[-1]
        period = np.maximum(compute, feed)
    else:  # a FRAME packet received before the computation, as today
        period = compute + 2 + T * w0 + k["VERDICT"]
    rx = 1 + 4 + cdiv(n_in0, 4) + k["VERDICT"]
    # a timestep's spike words reach the engines' vectors SCAN_WORDS a cycle, + 2 (read, see done), once coded
    first_load = cdiv(w0, k["SCAN_WORDS"]) + 2 if k["PREFETCH"] else 0
    latency = schedule(acc, upd, schedule_kind, start=np.full(acc.shape[0], rx),
                       ready0=rx + coder_ready(T, n_in0, k) + first_load, load=load, upd_issue_cycles=occupy) + res
    return period, latency


def issue_bound(layers_ev, sizes, engines, lanes, update_lanes):
    """The issue's bound per frame [N]: sum over (t, l) of ev*R/E + U."""
    total = 0.0
    for l, (n_in, n_out) in enumerate(sizes):
        ev = layers_ev[l].sum(axis=-1)  # [N, T]
        total = total + (ev * cdiv(n_out, lanes) / engines).sum(axis=1) + ev.shape[1] * cdiv(n_out, update_lanes)
    return total


def imbalance(layers_ev, sizes, engines, lanes):
    """sum of max_e ev_e*R over sum of ev*R/E, over all (frame, t, l)."""
    mx = sum(float((layers_ev[l].max(axis=-1) * cdiv(n_out, lanes)).sum()) for l, (_, n_out) in enumerate(sizes))
    mean = sum(float((layers_ev[l].sum(axis=-1) * cdiv(n_out, lanes)).sum()) / engines
               for l, (_, n_out) in enumerate(sizes))
    return mx / mean if mean else 1.0


def docs_bound(spikes_in, sizes, lanes):
    """docs/rtl.md's bound for today's core: sum of (spikes + 1) * R, per frame [N]."""
    return sum((s.sum(axis=-1) + 1) * cdiv(n_out, lanes) for s, (_, n_out) in zip(spikes_in, sizes)).sum(axis=1)


# ------------------------------------------------------------------------------------------ resources

def read_capacity(prefix):
    """contract/capacity.mk's PREFIX_* values, PREFIX_ stripped, read by its own parser (scripts/gen_capacity.py)."""
    from gen_capacity import SOURCE, parse
    with open(os.path.join(REPO, SOURCE)) as f:
        entries = parse(f.read())
    return {name[len(prefix) + 1:]: value for name, value, _ in entries if name.startswith(prefix + "_")}


BRAM36_SHAPES = ((512, 72), (1024, 36), (2048, 18), (4096, 9), (8192, 4), (16384, 2), (32768, 1))


def bram36(width, depth):
    """Fewest BRAM36 holding depth words of width bits (any one aspect ratio, SDP up to 72 bits)."""
    return min(cdiv(width, w) * cdiv(depth, d) for d, w in BRAM36_SHAPES) if width and depth else 0


def resources(engines, lanes, update_lanes, cap, k, schedule_kind, max_tasks=None):
    E, MW, MN, ML = engines, cap["MAX_WEIGHT_BYTES"], cap["MAX_NEURONS"], cap["MAX_LAYERS"]
    tasks = cap["MAX_TASKS"] if max_tasks is None else max_tasks
    rows_e = cdiv(MW, E * lanes) + ML * cdiv(MN, E)
    w_bram = bram36(8 * lanes, rows_e)  # per engine
    w_uram = cdiv(8 * lanes, 72) * cdiv(rows_e, 4096)
    gate = bram36(lanes, rows_e * tasks)
    lut_copy = cdiv(update_lanes, 2) * bram36(32, ML * cap["MAX_LUT_ENTRIES"] // 2)
    state = 1.5 * update_lanes
    other_bram = E * gate + lut_copy + state
    banks = 2 if schedule_kind == "lookahead" else 1
    psum_bits = E * MN * 24 * banks
    adders = E * lanes + (E - 1) * update_lanes
    mux = E * update_lanes * 24 * cdiv(log2c(lanes // update_lanes), 2) if lanes > update_lanes else 0
    lut = 6000 + 650 * k["CODERS"] + 600 * E + 780 * update_lanes + 24 * adders + psum_bits // 16 + mux
    ff = 3000 + 1300 * k["CODERS"] + 400 * E + 245 * update_lanes + 24 * adders
    dsp = 5 + 20 * k["CODERS"] + E + 2 * update_lanes
    # Best split of the engines' weights between URAM (u engines) and BRAM (the rest).
    best = None
    for u in range(E + 1):
        bram, uram = other_bram + (E - u) * w_bram, u * w_uram
        ok = bram <= BUDGET * SLR["BRAM"] and uram <= BUDGET * SLR["URAM"]
        key = (not ok, max(bram / SLR["BRAM"], uram / SLR["URAM"]))
        if best is None or key < best[0]:
            best = (key, u, bram, uram)
    _, u, bram, uram = best
    fits = (not best[0][0] and lut <= BUDGET * SLR["LUT"] and ff <= BUDGET * SLR["FF"]
            and dsp <= BUDGET * SLR["DSP"])
    return dict(rows_e=rows_e, w_bram=E * w_bram, w_bram_width=E * cdiv(8 * lanes, 72),
                w_bram_depth=cdiv(8 * E * lanes * rows_e, 36864), w_uram=E * w_uram, gate_bram=E * gate,
                lut_bram=lut_copy, uram_engines=u, bram=bram, uram=uram, lut=lut, ff=ff, dsp=dsp,
                psum_bits=psum_bits, adders=adders, fits=fits)


# ------------------------------------------------------------------------------------------ data

def load_spikes(model_path, images, data_dir):
    from trinity_train import data, rate_coding
    from trinity_train.model_file import read_model
    from trinity_train.quantize import layers_from_file
    from trinity_train.snn import quantised_forward
    f = read_model(model_path)
    layers = layers_from_file(f["layers"])
    x, _ = data.load_split("test", data_dir)
    x = np.ascontiguousarray(x[:images])
    spikes = rate_coding.encode(x, f["timesteps"], seed=0, indices=np.arange(len(x), dtype=np.uint64))
    _, outs = quantised_forward(layers, spikes, return_all=True)
    inputs = [spikes] + outs[:-1]
    return inputs, [(l["n_in"], l["n_out"]) for l in layers], f["timesteps"]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=os.path.join(REPO, "models", "tri_snn_g_s1.trn"))
    p.add_argument("--check-model", default=os.path.join(REPO, "models", "tri_snn_g_quick.trn"),
                   help="model of the cross-check against the measured RTL (empty: skip)")
    p.add_argument("--images", type=int, default=200)
    p.add_argument("--data-dir", default=None)
    p.add_argument("--capacity", choices=("hw", "cosim"), default="hw")
    p.add_argument("--schedule", choices=("serial", "lookahead"), default="lookahead",
                   help="schedule of the table (the other's cycles are a column, its choice a line)")
    p.add_argument("--max-tasks", type=int, default=None, help="gate memory for this many tasks "
                   "(default: the capacity's MAX_TASKS; 0: no gate memory)")
    p.add_argument("--all", action="store_true", help="print the whole grid")
    p.add_argument("--target-fps", type=float, default=250e3)
    p.add_argument("--target-us", type=float, default=5.0)
    p.add_argument("--slices", metavar="LANESxENGINES", help="only the bounds of the core's fixed input slices "
                   "at this configuration (docs/rtl.md, 'Why the ratio stays above 1.15')")
    p.add_argument("--cycles", type=float, help="with --slices: a core's cycles per frame to set beside them")
    a = p.parse_args(argv)
    from trinity_train import data
    data_dir = a.data_dir or data.DEFAULT_DIR
    if a.slices:
        slices_report(a.model, a.images, data_dir, a.slices, a.cycles)
        return 0
    cap = read_capacity("HW" if a.capacity == "hw" else "COSIM")

    if a.check_model:
        cross_check(a.check_model, a.images, data_dir)

    inputs, sizes, T = load_spikes(a.model, a.images, data_dir)
    n_in0 = sizes[0][0]
    per_layer = [float(s.sum()) / a.images for s in inputs]
    print(f"{os.path.relpath(a.model, REPO)}: {'-'.join(str(s[0]) for s in sizes)}-{sizes[-1][1]}, T = {T}, "
          f"{a.images} test images; input spikes per frame by layer: "
          + ", ".join(f"{v:,.1f}" for v in per_layer) + f"; capacity {a.capacity.upper()}_*; the next frame's "
          f"IMAGE reception + rate code (CODERS {DESIGN['CODERS']}), overlapped: "
          f"{1 + 4 + cdiv(n_in0, 4) + DESIGN['VERDICT'] + int(coder_ready(T, n_in0, DESIGN)[-1])} cycles, "
          "the period's floor")
    print()
    rows = []
    for E in GRID["engines"]:
        ev = {asg: [engine_events(s, E, asg) for s in inputs] for asg in ("contiguous", "interleaved")}
        for lanes in GRID["lanes"]:
            imb = {asg: imbalance([e for e, _ in ev[asg]], sizes, E, lanes) for asg in ev}
            for ul in GRID["update_lanes"]:
                r = dict(E=E, lanes=lanes, ul=ul, imb_c=imb["contiguous"], imb_i=imb["interleaved"])
                evs = [e for e, _ in ev["interleaved"]]
                words = [w for _, w in ev["interleaved"]]
                for sk in ("serial", "lookahead"):
                    period, lat = frame_cycles(evs, words, sizes, E, lanes, ul, DESIGN, sk, T, n_in0)
                    r[sk] = float(period.mean())
                    r[sk + "_lat"] = float(lat.mean())
                    r[sk + "_lat_max"] = float(lat.max())
                pc, _ = frame_cycles([e for e, _ in ev["contiguous"]], [w for _, w in ev["contiguous"]], sizes,
                                     E, lanes, ul, DESIGN, a.schedule, T, n_in0)
                r["contig"] = float(pc.mean())
                r["bound"] = float(issue_bound(evs, sizes, E, lanes, ul).mean())
                other = "lookahead" if a.schedule == "serial" else "serial"
                for key, sched in (("", a.schedule), ("_other", other)):
                    r["res" + key] = resources(E, lanes, ul, cap, DESIGN, sched, a.max_tasks)
                    r["res0" + key] = resources(E, lanes, ul, cap, DESIGN, sched, 0)
                rows.append(r)
    report(rows, a)
    return 0


def meets(r, sk, target_fps, target_us, mhz=300, worst=False):
    """>= target frames/s per core and <= target µs batch-1 latency (mean, or the worst frame's) at mhz."""
    return mhz * 1e6 / r[sk] >= target_fps and r[sk + ("_lat_max" if worst else "_lat")] / mhz <= target_us


def smallest(rows, sk, a, res_key, worst=False):
    """The smallest row (fewest ENGINES x LANES, then UPDATE_LANES, then LUTs) meeting both targets and fitting."""
    ok = [r for r in rows if meets(r, sk, a.target_fps, a.target_us, worst=worst) and r[res_key]["fits"]]
    return min(ok, key=lambda r: (r["E"] * r["lanes"], r["ul"], r[res_key]["lut"])) if ok else None


def describe(r, sk, res):
    return (f"ENGINES {r['E']}, LANES {r['lanes']}, UPDATE_LANES {r['ul']}: {r[sk]:,.0f} cycles/frame, "
            f"bound {r['bound']:,.0f} (ratio {r[sk] / r['bound']:.3f}), {300e3 / r[sk]:,.1f} k frames/s per core "
            f"at 300 MHz ({250e3 / r[sk]:,.1f} k at 250 MHz), {1.2e3 / r[sk]:.3f} M per card at 300 MHz, latency "
            f"{r[sk + '_lat'] / 300:.2f} µs mean / {r[sk + '_lat_max'] / 300:.2f} µs worst frame at 300 MHz "
            f"({r[sk + '_lat'] / 250:.2f} / {r[sk + '_lat_max'] / 250:.2f} at 250 MHz); per core "
            f"{res['lut'] / 1e3:,.0f} k LUT ({100 * res['lut'] / SLR['LUT']:.0f} % of an SLR), "
            f"{res['ff'] / 1e3:,.0f} k FF ({100 * res['ff'] / SLR['FF']:.0f} %), "
            f"{res['bram']:,.1f} BRAM36 ({100 * res['bram'] / SLR['BRAM']:.0f} %: weights of "
            f"{r['E'] - res['uram_engines']} engines, gates {res['gate_bram']}, LUT copies {res['lut_bram']}), "
            f"{res['uram']} URAM ({100 * res['uram'] / SLR['URAM']:.0f} %: weights of {res['uram_engines']} engines), "
            f"{res['dsp']:,} DSP ({100 * res['dsp'] / SLR['DSP']:.0f} %)")


def report(rows, a):
    sk = a.schedule
    chosen = smallest(rows, sk, a, "res")
    chosen0 = smallest(rows, sk, a, "res0")
    if a.all:
        shown = rows
    else:  # per (E, LANES): the UPDATE_LANES with the fewest cycles, and any meeting the targets with fewer
        shown = []
        for E in GRID["engines"]:
            for lanes in GRID["lanes"]:
                if not (E == 1 or E * lanes >= 512):
                    continue
                group = [r for r in rows if r["E"] == E and r["lanes"] == lanes]
                best = min(group, key=lambda r: (round(r[sk]), r["ul"]))
                shown += [r for r in group if r is best or r is chosen or r is chosen0
                          or (meets(r, sk, a.target_fps, a.target_us) and r["ul"] < best["ul"])]
    print(f"Schedule `{sk}`, inputs interleaved over the engines (contiguous: the cycles column of its own); "
          "frames/s per core; card = 4 cores at 300 MHz; latency = batch 1 at 300 MHz, IMAGE in -> RESULT out, "
          "mean over the frames; resources per core; fits = within 70 % of an SLR with the gate memory "
          f"({a.max_tasks if a.max_tasks is not None else 'capacity MAX_TASKS'} tasks) / without it.")
    print()
    other = "lookahead" if sk == "serial" else "serial"
    print(f"| ENGINES | LANES | UPD_LANES | cycles/frame | bound | ratio | {other} cycles | imbalance contig / interl "
          "| contig cycles | k frames/s 300 / 250 MHz | M frames/s per card | latency µs mean / worst "
          "| weight BRAM36 (width-/depth-limited) or URAM | gate BRAM36 | BRAM36 / URAM used | LUT k | FF k | DSP "
          "| fits |")
    print("|" + "---:|" * 18 + ":---:|")
    for r in shown:
        res = r["res"]
        mark = (" **←**" if r is chosen else "") + (" **← (no gates)**" if r is chosen0 and r is not chosen else "")
        print(f"| {r['E']} | {r['lanes']} | {r['ul']} | {r[sk]:,.0f} | {r['bound']:,.0f} | {r[sk] / r['bound']:.3f} "
              f"| {r[other]:,.0f} | {r['imb_c']:.2f} / {r['imb_i']:.2f} | {r['contig']:,.0f} "
              f"| {300e3 / r[sk]:,.1f} / {250e3 / r[sk]:,.1f} | {4 * 300 / r[sk]:.3f} "
              f"| {r[sk + '_lat'] / 300:.2f} / {r[sk + '_lat_max'] / 300:.2f} "
              f"| {res['w_bram']} ({res['w_bram_width']}/{res['w_bram_depth']}) "
              f"or {res['w_uram']} | {res['gate_bram']} | {res['bram']:,.1f} / {res['uram']} "
              f"| {res['lut'] / 1e3:,.0f} | {res['ff'] / 1e3:,.0f} | {res['dsp']:,} "
              f"| {'yes' if res['fits'] else 'no'} / {'yes' if r['res0']['fits'] else 'no'}{mark} |")
    print()
    target = f">= {a.target_fps / 1e3:.0f} k frames/s per core at 300 MHz and <= {a.target_us:g} µs"
    if chosen:
        print(f"Smallest meeting {target} and fitting 70 % of an SLR with the gate memory: "
              + describe(chosen, sk, chosen["res"]) + ".")
    else:
        print(f"No configuration meets {target} and fits 70 % of an SLR with the gate memory.")
    if chosen0 and chosen0 is not chosen:
        print("Without the gate memory (--max-tasks 0): " + describe(chosen0, sk, chosen0["res0"]) + ".")
    for key, what in (("res", "with"), ("res0", "without")):
        w = smallest(rows, sk, a, key, worst=True)
        print(f"Meeting the latency on the worst of the {a.images} frames too, fitting {what} the gate memory: "
              + (f"ENGINES {w['E']}, LANES {w['lanes']}, UPDATE_LANES {w['ul']} ({w[sk]:,.0f} cycles/frame, "
                 f"{300e3 / w[sk]:,.1f} k frames/s, {w[sk + '_lat'] / 300:.2f} / {w[sk + '_lat_max'] / 300:.2f} µs)"
                 if w else "none") + ".")
    fast = [r for r in rows if meets(r, sk, a.target_fps, a.target_us)]
    if not fast:
        best = max(rows, key=lambda r: 1 / r[sk])
        print(f"None meets the targets at all; fastest: ENGINES {best['E']}, LANES {best['lanes']}, UPDATE_LANES "
              f"{best['ul']}: {300e3 / best[sk]:,.1f} k frames/s ({100 * (1 - 300e6 / best[sk] / a.target_fps):.0f} % "
              f"short), {best[sk + '_lat'] / 300:.2f} µs.")
    fit = [r for r in rows if r["res"]["fits"]]
    if fit and not chosen:
        bf = max(fit, key=lambda r: 1 / r[sk])
        print(f"Fastest that fits with the gate memory: ENGINES {bf['E']}, LANES {bf['lanes']}, UPDATE_LANES "
              f"{bf['ul']}: {300e3 / bf[sk]:,.1f} k frames/s ({100 * (1 - 300e6 / bf[sk] / a.target_fps):.0f} % "
              f"short of {a.target_fps / 1e3:.0f} k), {bf[sk + '_lat'] / 300:.2f} µs.")
    for key, what in (("res_other", "with the gate memory"), ("res0_other", "without the gate memory")):
        o = smallest(rows, other, a, key)
        print(f"With the `{other}` schedule, smallest meeting the targets and fitting {what}: "
              + (describe(o, other, o[key]) if o else "none") + ".")


def sequencer_accumulate(masks, rows):
    """StAccumulate cycles of the one-word scanner of rtl/trinity_sequencer.sv as measured on 2026-12-04/05
    (the cross-check's "measured (RTL)" column, ENGINES 1), simulated cycle by cycle, for one layer and
    timestep: masks = the input spike words (ints, bit i = input 32*word + i), rows = R. It is kept as
    that core's transcription, so that the cross-check compares a model with the RTL it was measured on;
    today's engine (two-word scan since 2026-12-06, rtl/trinity_engine.sv) is transcribed by
    sim/perf/cycle_model.cpp engine_accumulate_cycles, which ctest's perf-rtl holds to the RTL.

    The scanner loads a word when the held one is empty; the lowest pending spike enters a three-stage pick
    pipeline (ev0 -> ev1 -> ev2) that advances unless ev2 waits for the current event's rows; an event
    issues rows 0 .. R-1, one a cycle; the state ends the cycle after the last row with the scan done.
    The cycle model's max(issue, scan) approximates this (cross_check prints both).
    """
    nwords = len(masks)
    held, word, ev0, ev1, ev2, event, row, cycles = 0, 0, False, False, False, False, 0, 0
    while True:
        if event and row < rows - 1 and ev2 and (held or word >= nwords):
            cycles += rows - 1 - row  # pick pipeline stalled, nothing to load: only the row advances
            row = rows - 1
        cycles += 1
        held_any = held != 0
        advance = not ev2 or not (event and row != rows - 1)
        scan_done = not held_any and word >= nwords and not (ev0 or ev1 or ev2)
        held_next, ev = held, (ev0, ev1, ev2)
        if advance:
            ev = (held_any, ev0, ev1)
            held_next = held & (held - 1)  # the lowest pending spike picked
        if not held_any and word < nwords:
            held_next, word = masks[word], word + 1
        if event and row != rows - 1:
            row += 1
        elif ev2:
            event, row = True, 0
        else:
            if not event and scan_done:
                return cycles
            event, row = False, 0
        held, (ev0, ev1, ev2) = held_next, ev


def spike_words(v):
    """0/1 vector -> its 32-bit spike words as ints."""
    w = cdiv(len(v), 32)
    padded = np.zeros(w * 32, dtype=np.uint64)
    padded[:len(v)] = v
    return [int(x) for x in (padded.reshape(w, 32) << np.arange(32, dtype=np.uint64)).sum(axis=1)]


def row_split_log(rows, lanes, engines):
    """rtl/trinity_layer_config.sv's row groups (sim/perf/cycle_model.cpp row_split_log): EO = 2^s."""
    group_log = 5 - log2c(lanes) if log2c(lanes) < 5 else 0
    split = 0
    for s in range(1, min(log2c(engines), 3) + 1):
        if rows % (1 << (group_log + s)) == 0:
            split = s
    return split


def slice_class_events(spikes, n_out, lanes, engines):
    """One layer's events per slice class [N, T, EI] under the core's slices and row groups, the row
    groups EO and the rows an event issues (R/EO).

    Engine e issues the events of inputs j with (j mod E) mod EI == e mod EI, R/EO rows each (EO row
    groups, EI = E/EO), so the engines of one class have the same events.
    """
    rows = cdiv(n_out, lanes)
    groups = 1 << row_split_log(rows, lanes, engines)
    per_group = engines // groups
    owner = (np.arange(spikes.shape[-1]) % engines) % per_group
    ev = np.stack([spikes[..., owner == e].sum(axis=-1, dtype=np.int64) for e in range(per_group)], axis=-1)
    return ev, groups, rows // groups


def slice_rows(spikes, n_out, lanes, engines, barrier_per_step=True):
    """The slowest engine's event rows [N] of one layer with the core's slices and row groups.

    barrier_per_step: the engines meet at every timestep (the core, and every schedule above); else
    each runs the frame's events of its slices with no barrier.
    """
    ev, _, rows_e = slice_class_events(spikes, n_out, lanes, engines)
    if not barrier_per_step:
        ev = ev.sum(axis=1, keepdims=True)  # [N, 1, EI]
    return (ev.max(axis=-1) * rows_e).sum(axis=1)


def slices_report(model_path, images, data_dir, config, cycles=None):
    """Issue 11's bound, the fixed-slice bound and the bound without per-timestep barriers, LANESxENGINES."""
    lanes, engines = (int(v) for v in config.split("x"))
    inputs, sizes, T = load_spikes(model_path, images, data_dir)
    even = sum((s.sum(axis=(1, 2)) * cdiv(n_out, lanes) / engines) for s, (_, n_out) in zip(inputs, sizes))
    update = sum(T * cdiv(n_out, lanes) for _, n_out in sizes)
    sliced = [slice_rows(s, n_out, lanes, engines) for s, (_, n_out) in zip(inputs, sizes)]
    free = [slice_rows(s, n_out, lanes, engines, False) for s, (_, n_out) in zip(inputs, sizes)]
    b = float(even.mean()) + update
    print(f"{os.path.relpath(model_path, REPO)}, {images} Fashion-MNIST test images, LANES {lanes} x ENGINES "
          f"{engines} (the core's slices and row groups), cycles per frame:")
    print()
    print("| bound | cycles/frame | / issue 11's bound |")
    print("|---|---:|---:|")
    print(f"| issue 11's: event rows / ENGINES + update rows | {b:,.1f} | 1.000 |")
    per_layer = ", ".join(f"layer {l} +{float((sl - e_).mean()):,.1f}" for l, (sl, e_) in enumerate(
        zip(sliced, [s.sum(axis=(1, 2)) * cdiv(n_out, lanes) / engines for s, (_, n_out) in zip(inputs, sizes)])))
    fs = float(sum(sliced).mean()) + update
    print(f"| fixed slices, engines meeting every (t, l): slowest engine's rows + update rows ({per_layer}) "
          f"| {fs:,.1f} | {fs / b:.3f} |")
    ff = float(sum(free).mean()) + update
    print(f"| fixed slices, no barrier between timesteps: each engine's frame total | {ff:,.1f} | {ff / b:.3f} |")
    if cycles:
        print(f"| measured / modelled core | {cycles:,.1f} | {cycles / b:.3f} |")
    print()


def cross_check(model_path, images, data_dir):
    """Model at ENGINES 1, UPDATE_LANES = LANES with today's constants against the measured RTL."""
    measured = {8: (150_086, 149_060), 32: (38_498, 37_373)}
    inputs, sizes, T = load_spikes(model_path, images, data_dir)
    print(f"Cross-check, {os.path.relpath(model_path, REPO)}, {images} test images, ENGINES 1, UPDATE_LANES = LANES, "
          "today's constants (serial, FRAME reception and spike loads counted, SCAN_WORDS 1, no merge); "
          "'sequencer' = the same with StAccumulate simulated cycle by cycle instead of max(issue, scan):")
    print()
    print("| LANES | model cycles/frame | sequencer | measured (RTL) | measured − model | measured − sequencer "
          "| docs bound, model spikes | measured bound |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    words = [[[spike_words(s[n, t]) for t in range(T)] for n in range(images)] for s in inputs]
    for lanes, (cyc, bnd) in measured.items():
        ev = [engine_events(s, 1, "interleaved") for s in inputs]
        period, _ = frame_cycles([e for e, _ in ev], [w for _, w in ev], sizes, 1, lanes, lanes, CURRENT, "serial",
                                 T, sizes[0][0])
        m = float(period.mean())
        delta = 0
        for l, (n_in, n_out) in enumerate(sizes):
            rows = cdiv(n_out, lanes)
            formula = accumulate_cycles(ev[l][0], ev[l][1], rows, CURRENT)  # [N, T], LAYER_START included
            exact = sum(CURRENT["LAYER_START"] + sequencer_accumulate(w, rows) for frame in words[l] for w in frame)
            delta += exact - int(formula.sum())
        x = m + delta / images
        b = float(docs_bound(inputs, sizes, lanes).mean())
        print(f"| {lanes} | {m:,.1f} | {x:,.1f} | {cyc:,} | {cyc - m:+,.1f} ({100 * (cyc - m) / cyc:+.3f} %) "
              f"| {cyc - x:+,.1f} ({100 * (cyc - x) / cyc:+.3f} %) | {b:,.1f} | {bnd:,} |")
    print()


if __name__ == "__main__":
    sys.exit(main())
