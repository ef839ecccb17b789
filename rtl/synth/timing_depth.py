#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Register-to-register logic depth of a Yosys xcup netlist, with an estimated delay.

    rtl/synth/timing_depth.py --sources rtl/a.sv rtl/b.sv --top trinity_core \\
        --chparam "-set LANES 8 ..." --json build/timing/lanes_8.json --worst 20

synthesises the sources with Yosys (`synth_xilinx -family xcup`, as `make synth`
does, then `flatten` so the walk sees one netlist; the flatten only merges the
already-mapped modules), writes the netlist as JSON, and walks it from every
start point to every end point. `--netlist FILE.json` walks an existing
netlist instead. No Vivado: the delay is a rough model, stated below, meant to
find the deep paths and to rank them, not to sign off a clock.

Start and end points (everything else is combinational):
  FDRE/FDSE/FDCE/FDPE   Q starts; D, CE, R/S end (CLR/PRE are asynchronous: not timed)
  RAMB18E2/RAMB36E2     outputs start (clock-to-out with or without DOA_REG/DOB_REG);
                        every data/address/enable input ends
  URAM288(_BASE)        the same, with OREG_A/OREG_B
  DSP48E2               split into its stages: A/B/D (AREG/BREG/DREG) -> multiplier
                        -> MREG -> ALU (C/CREG, PCIN, OPMODE...) -> PREG -> P. Each
                        register present ends the path before it and starts the next;
                        a stage without its register is combinational
  LUTRAM (RAM32M, RAM32M16, RAM64M, RAM64M8, RAM*X1S, RAM*X1D)
                        write side (data, write address, WE) ends; read address ->
                        output is combinational (one LUT level); the output also starts
                        a path at the write clock (the contents change)
  SRL16E/SRLC16E/SRLC32E D and CE end; Q starts; address -> Q is one LUT level
  top-level ports       inputs start at 0 ns, outputs end (the core's ports are
                        registered on both sides in the kernel)

Delay model (UltraScale+ -2, rough; every value includes the routing into the element):
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time

# ---- the per-element delay model (ns); docs/rtl.md "Logic depth" repeats it ----
MODEL = {
    "lut": 0.40,             # one LUT level (LUT1..LUT6, INV, LUTRAM read), incl. routing
    "carry8": 0.10,          # one CARRY8 block in a chain
    "carry4": 0.05,          # Yosys 0.23 maps xcup carries to CARRY4: half a CARRY8
    "muxf": 0.10,            # MUXF7 / MUXF8 / MUXF9
    "ff_clk_to_q": 0.10,     # FF clock-to-Q ...
    "ff_setup": 0.10,        # ... plus FF setup: 0.2 ns per register-to-register path
    "bram_clk_to_out": 1.25,  # RAMB18E2/36E2 without output register
    "bram_clk_to_out_reg": 0.40,  # with DOA_REG/DOB_REG = 1
    "bram_setup": 0.30,      # address, data and enable inputs
    "uram_clk_to_out": 1.60,  # URAM288 without OREG
    "uram_clk_to_out_reg": 0.50,
    "uram_setup": 0.40,
    "dsp_mult": 1.60,        # DSP48E2 pre-adder/multiplier stage, combinational ...
    "dsp_alu": 0.80,         # ... and ALU stage: 2.4 ns through a DSP without registers
    "dsp_clk_to_out": 0.40,  # from an internal DSP register (AREG/BREG/MREG/PREG...)
    "dsp_setup": 0.30,       # into an internal DSP register
    "lutram_clk_to_out": 0.90,  # LUTRAM output after a write
    "lutram_setup": 0.30,
    "srl_clk_to_out": 1.00,
    "srl_setup": 0.10,
}
TARGET_NS = 3.33  # 300 MHz
__doc__ += "".join("  %-20s %.2f\n" % kv for kv in MODEL.items())

FF_TYPES = {"FDRE", "FDSE", "FDCE", "FDPE"}
LUT_TYPES = {"LUT1", "LUT2", "LUT3", "LUT4", "LUT5", "LUT6", "LUT6_2", "INV"}
MUXF_TYPES = {"MUXF7", "MUXF8", "MUXF9"}
BUF_TYPES = {"IBUF", "OBUF", "BUF", "IBUFG", "BUFG", "BUFGCE", "BUFG_GT", "BUFCE_ROW", "OBUFT", "IOBUF"}
IGNORED_TYPES = {"GND", "VCC", "$scopeinfo"}
LUTRAM_M = {"RAM32M", "RAM32M16", "RAM64M", "RAM64M8"}
LUTRAM_1 = {"RAM32X1S", "RAM64X1S", "RAM128X1S", "RAM256X1S", "RAM512X1S",
            "RAM32X1D", "RAM64X1D", "RAM128X1D", "RAM256X1D"}
SRL_TYPES = {"SRL16E", "SRLC16E", "SRLC32E"}
BRAM_TYPES = {"RAMB18E2", "RAMB36E2"}
URAM_TYPES = {"URAM288", "URAM288_BASE"}
CLOCK_PINS = {"C", "CLK", "WCLK", "CLKARDCLK", "CLKBWRCLK"}
COUNTS = ("lut", "carry", "muxf", "dsp", "bram")
# Carry blocks are counted in CARRY8s: a CARRY4 (which Yosys 0.23 emits for
# xcup, and Vivado packs two to a CARRY8) counts one half.
WEIGHT = {"carry4": 0.5}


def param_int(cell, name, default=0):
    v = cell.get("parameters", {}).get(name)
    if v is None:
        return default
    if isinstance(v, int):
        return v
    v = v.strip()
    if v and set(v) <= {"0", "1", "x", "z"}:  # Yosys writes parameters as bit strings
        return int(v.replace("x", "0").replace("z", "0"), 2)
    try:
        return int(v)
    except ValueError:
        return default


def param_str(cell, name, default=""):
    v = cell.get("parameters", {}).get(name)
    if v is None:
        return default
    v = str(v).strip()
    if v and set(v) <= {"0", "1"} and len(v) % 8 == 0:  # a string parameter as bits
        try:
            return bytes(int(v[i:i + 8], 2) for i in range(0, len(v), 8)).decode().strip("\0 ")
        except (ValueError, UnicodeDecodeError):
            return v
    return v


class Graph:
    """Nodes are net bits (int) or virtual nodes inside a DSP (tuples)."""

    def __init__(self):
        self.edges = collections.defaultdict(list)  # from -> [(to, delay, counter or None, cell)]
        self.sources = {}                            # node -> (t0, start name, counter or None)
        self.sinks = []                              # (node, setup, end name, group, cell)

    def arc(self, a, b, delay, counter, cell):
        self.edges[a].append((b, delay, counter, cell))

    def source(self, node, t0, name, counter=None):
        old = self.sources.get(node)
        if old is None or t0 > old[0]:
            self.sources[node] = (t0, name, counter)

    def sink(self, node, setup, name, group, cell):
        self.sinks.append((node, setup, name, group, cell))


class Netlist:
    def __init__(self, doc, top=None):
        mods = doc["modules"]
        if top is None:
            tops = [n for n, m in mods.items() if str(m.get("attributes", {}).get("top", "0")).strip("0") != ""]
            top = tops[0] if tops else next(iter(mods))
        self.top = top
        self.mod = mods[top]
        self.names = {}
        rank = {}
        for name, nn in self.mod.get("netnames", {}).items():
            hidden = nn.get("hide_name", 0) or name.startswith("$")
            bits = nn["bits"]
            offset = nn.get("offset", 0)
            upto = nn.get("upto", 0)
            for i, b in enumerate(bits):
                if not isinstance(b, int):
                    continue
                idx = (offset + len(bits) - 1 - i) if upto else (offset + i)
                label = name if len(bits) == 1 else "%s[%d]" % (name, idx)
                key = (hidden, len(name))
                if b not in rank or key < rank[b]:
                    rank[b] = key
                    self.names[b] = label.lstrip("\\")

    def net_name(self, bit, width=70):
        name = self.names.get(bit, "net%s" % bit)
        if len(name) > width:  # ABC's generated names: keep the informative end
            name = "..." + name[-(width - 3):]
        return name


def build_graph(nl):
    g = Graph()
    unknown = collections.Counter()
    stats = collections.Counter()
    M = MODEL

    for pname, port in nl.mod.get("ports", {}).items():
        for b in port["bits"]:
            if not isinstance(b, int):
                continue
            if port["direction"] == "input":
                g.source(b, 0.0, "port %s" % nl.net_name(b))
            else:
                g.sink(b, 0.0, "port %s" % nl.net_name(b), "port " + pname, None)

    for cname, cell in nl.mod.get("cells", {}).items():
        t = cell["type"]
        conn = cell.get("connections", {})
        dirs = cell.get("port_directions", {})
        src = cell.get("attributes", {}).get("src", "")
        cref = (cname, t, src)
        ins = {p: [b for b in bits if isinstance(b, int)] for p, bits in conn.items() if dirs.get(p) == "input"}
        outs = {p: [b for b in bits if isinstance(b, int)] for p, bits in conn.items() if dirs.get(p) == "output"}
        stats[t] += 1

        def comb(in_ports, out_ports, delay, counter):
            for op in out_ports:
                for ob in outs.get(op, []):
                    for ip in in_ports:
                        for ib in ins.get(ip, []):
                            g.arc(ib, ob, delay, counter, cref)

        def all_in(exclude=CLOCK_PINS):
            return [p for p in ins if p not in exclude]

        if t in IGNORED_TYPES:
            continue
        if t in LUT_TYPES:
            comb(all_in(), list(outs), M["lut"], "lut")
        elif t in ("CARRY8", "CARRY4"):
            comb(all_in(), list(outs), M[t.lower()], t.lower())
        elif t in MUXF_TYPES:
            comb(all_in(), list(outs), M["muxf"], "muxf")
        elif t in BUF_TYPES:
            comb(all_in(), list(outs), 0.0, None)
        elif t in FF_TYPES:
            q = outs.get("Q", [])
            reg = nl.net_name(q[0]) if q else cname
            for b in q:
                g.source(b, M["ff_clk_to_q"], reg)
            for p in ("D", "CE", "R", "S"):
                for b in ins.get(p, []):
                    g.sink(b, M["ff_setup"], "%s (%s)" % (reg, p), reg, cref)
        elif t in BRAM_TYPES or t in URAM_TYPES:
            bram = t in BRAM_TYPES
            if any(param_int(cell, k) for k in ("DOA_REG", "DOB_REG", "OREG_A", "OREG_B")):
                stats["memory with output register"] += 1
            for p, bits in outs.items():
                side = "A" if (p.startswith("DOUTA") or p.endswith("_A")) else "B"
                reg = param_int(cell, ("DO%s_REG" % side) if bram else ("OREG_%s" % side))
                key = ("bram_clk_to_out" if bram else "uram_clk_to_out") + ("_reg" if reg else "")
                for b in bits:
                    g.source(b, M[key], "%s %s.%s%s" % (t, cname, p, "" if reg else " (no output register)"),
                             "bram")
            for p, bits in ins.items():
                if p in CLOCK_PINS or p.startswith("CLK"):
                    continue
                for b in bits:
                    g.sink(b, M["bram_setup" if bram else "uram_setup"], "%s %s.%s" % (t, cname, p),
                           "%s %s" % (t, cname), cref)
        elif t == "DSP48E2":
            for reg in ("AREG", "BREG", "MREG", "PREG"):
                if param_int(cell, reg):
                    stats["DSP48E2 with " + reg] += 1
            build_dsp(g, nl, cname, cell, ins, outs, cref)
        elif t in LUTRAM_M or t in LUTRAM_1:
            build_lutram(g, cname, t, ins, outs, cref)
        elif t in SRL_TYPES:
            for p in ("D", "CE"):
                for b in ins.get(p, []):
                    g.sink(b, M["srl_setup"], "%s %s.%s" % (t, cname, p), "%s %s" % (t, cname), cref)
            for p, bits in outs.items():
                for b in bits:
                    g.source(b, M["srl_clk_to_out"], "%s %s.%s" % (t, cname, p))
            comb(["A", "A0", "A1", "A2", "A3"], list(outs), M["lut"], "lut")
        else:
            unknown[t] += 1
            # Unknown cell: treat as one LUT level so nothing is silently cut.
            comb(all_in(), list(outs), M["lut"], "lut")
    return g, stats, unknown


DSP_MULT_IN = {"A": "AREG", "ACIN": "AREG", "B": "BREG", "BCIN": "BREG", "D": "DREG", "INMODE": "INMODEREG"}
DSP_ALU_IN = {"C": "CREG", "PCIN": None, "CARRYIN": "CARRYINREG", "CARRYINSEL": "CARRYINSELREG",
              "OPMODE": "OPMODEREG", "ALUMODE": "ALUMODEREG", "CARRYCASCIN": None, "MULTSIGNIN": None}


def build_dsp(g, nl, cname, cell, ins, outs, cref):
    M = MODEL
    use_mult = param_str(cell, "USE_MULT", "MULTIPLY").upper()
    mult_in, mult_out, alu_out = ("dsp_mult_in", cname), ("dsp_mult_out", cname), ("dsp_alu_out", cname)
    # Into the multiplier stage (or straight to the ALU when USE_MULT = NONE: A:B).
    for p, reg in DSP_MULT_IN.items():
        bits = ins.get(p, [])
        if not bits:
            continue
        target = mult_in if use_mult != "NONE" or p in ("D", "INMODE") else ("dsp_alu_in", cname)
        if param_int(cell, reg, 0):
            for b in bits:
                g.sink(b, M["dsp_setup"], "DSP48E2 %s.%s (%s)" % (cname, p, reg), "DSP48E2 %s" % cname, cref)
            g.source(target, M["dsp_clk_to_out"], "DSP48E2 %s.%s" % (cname, reg))
        else:
            for b in bits:
                g.arc(b, target, 0.0, None, cref)
    if use_mult != "NONE":
        g.arc(mult_in, mult_out, M["dsp_mult"], "dsp", cref)
        if param_int(cell, "MREG", 0):
            g.sink(mult_out, M["dsp_setup"], "DSP48E2 %s.MREG" % cname, "DSP48E2 %s" % cname, cref)
            g.source(("dsp_alu_in", cname), M["dsp_clk_to_out"], "DSP48E2 %s.MREG" % cname)
        else:
            g.arc(mult_out, ("dsp_alu_in", cname), 0.0, None, cref)
    for p, reg in DSP_ALU_IN.items():
        bits = ins.get(p, [])
        if reg and param_int(cell, reg, 0):
            for b in bits:
                g.sink(b, M["dsp_setup"], "DSP48E2 %s.%s (%s)" % (cname, p, reg), "DSP48E2 %s" % cname, cref)
            g.source(("dsp_alu_in", cname), M["dsp_clk_to_out"], "DSP48E2 %s.%s" % (cname, reg))
        else:
            for b in bits:
                g.arc(b, ("dsp_alu_in", cname), 0.0, None, cref)
    # "DSP stages" on a path: multiplier and ALU stages crossed without a
    # register between them (a fully combinational DSP is 2).
    g.arc(("dsp_alu_in", cname), alu_out, M["dsp_alu"], "dsp", cref)
    preg = param_int(cell, "PREG", 0)
    if preg:
        g.sink(alu_out, M["dsp_setup"], "DSP48E2 %s.PREG" % cname, "DSP48E2 %s" % cname, cref)
    for p, bits in outs.items():
        for b in bits:
            if p in ("ACOUT", "BCOUT"):
                reg = "AREG" if p == "ACOUT" else "BREG"
                if param_int(cell, reg, 0):
                    g.source(b, M["dsp_clk_to_out"], "DSP48E2 %s.%s" % (cname, reg))
                else:
                    for q in ins.get(p[0], []):
                        g.arc(q, b, 0.0, None, cref)
            elif preg:
                g.source(b, M["dsp_clk_to_out"], "DSP48E2 %s.PREG" % cname)
            else:
                g.arc(alu_out, b, 0.0, None, cref)


def build_lutram(g, cname, t, ins, outs, cref):
    M = MODEL
    group = "%s %s" % (t, cname)
    write = ["WE", "D"] + [p for p in ins if p.startswith("DI")]
    if t in LUTRAM_M:
        last = max(p for p in ins if p.startswith("ADDR"))  # ADDRD / ADDRH: the write address
        write.append(last)
        for p, bits in outs.items():
            addr = "ADDR" + p[2:]
            for ob in bits:
                for ib in ins.get(addr, []):
                    g.arc(ib, ob, M["lut"], "lut", cref)
    else:
        a_pins = [p for p in ins if re.fullmatch(r"A\d?", p)]
        write += a_pins
        dpra = [p for p in ins if p.startswith("DPRA")]
        for p, bits in outs.items():
            for ob in bits:
                for ip in (dpra if p == "DPO" else a_pins):
                    for ib in ins.get(ip, []):
                        g.arc(ib, ob, M["lut"], "lut", cref)
    for p in write:
        for b in ins.get(p, []):
            g.sink(b, M["lutram_setup"], "%s %s.%s" % (t, cname, p), group, cref)
    for p, bits in outs.items():
        for b in bits:
            g.source(b, M["lutram_clk_to_out"], "%s %s.%s" % (t, cname, p))


def longest_paths(g):
    """Arrival time, element counts and predecessor of every node (DAG longest path)."""
    indeg = collections.Counter()
    nodes = set(g.sources)
    for a, es in g.edges.items():
        nodes.add(a)
        for b, _, _, _ in es:
            indeg[b] += 1
            nodes.add(b)
    best = {}    # node -> (t, counts tuple, pred node, cell of the arc, start name)
    levels = {}  # node -> max LUT levels from any start point
    for n, (t0, name, counter) in g.sources.items():
        c = [0] * len(COUNTS)
        if counter:
            c[COUNTS.index(counter)] += 1
        best[n] = (t0, tuple(c), None, None, name)
        levels[n] = 0
    queue = collections.deque(n for n in nodes if indeg[n] == 0)
    seen = 0
    while queue:
        a = queue.popleft()
        seen += 1
        if a not in best:  # undriven, not a port: a constant
            best[a] = (0.0, (0,) * len(COUNTS), None, None, "constant %s" % (a,))
            levels[a] = 0
        ta, ca, _, _, _ = best[a]
        for b, d, counter, cell in g.edges.get(a, ()):
            c = list(ca)
            if counter:
                c[COUNTS.index(counter[:5])] += WEIGHT.get(counter, 1)
            t = ta + d
            if b not in best or t > best[b][0]:
                best[b] = (t, tuple(c), a, cell, best[a][4])
            levels[b] = max(levels.get(b, 0), levels[a] + (1 if counter == "lut" else 0))
            indeg[b] -= 1
            if indeg[b] == 0:
                queue.append(b)
    loops = len(nodes) - seen
    return best, levels, loops


def trace(best, node):
    """The cells a path crosses, first to last, each with the node it drives."""
    steps = []
    while node is not None:
        t, c, pred, cell, start = best[node]
        if cell is not None and (not steps or steps[-1][0][0] != cell[0]):
            steps.append((cell, node, t))
        node = pred
    return list(reversed(steps))


def rtl_source(src):
    """The design's own file:line from a Yosys src attribute (not the techmap library's)."""
    mine = []
    for p in src.split("|"):
        if p and not p.startswith("/usr/") and p not in mine:
            mine.append(p)
    return " | ".join(mine)


def analyse(nl):
    g, stats, unknown = build_graph(nl)
    best, levels, loops = longest_paths(g)
    # One endpoint per register (FF cell) or per memory/DSP input bit.
    ends = {}
    for node, setup, name, group, cell in g.sinks:
        if node not in best:
            continue
        t, c, _, _, start = best[node]
        total = t + setup
        key = name.split(" (")[0] if cell and cell[1] in FF_TYPES else name
        rec = {"end": name, "group": group, "start": start, "ns": round(total, 3),
               "lut": c[0], "carry": c[1], "muxf": c[2], "dsp": c[3], "bram": c[4],
               "max_lut_levels": levels.get(node, 0), "node": node, "bus": bus_of(key)}
        if key not in ends or total > ends[key]["ns"]:
            ends[key] = rec
    return g, best, ends, stats, unknown, loops


def bus_of(name):
    """One name for all bits of a register vector and all tiles of a memory."""
    name = re.sub(r"\[\d+\]", "[*]", name)
    name = re.sub(r"\.(DI|ADDR|DO)[A-H]\b", r".\1*", name)  # the ports of one LUTRAM
    return re.sub(r"(\.\d+)+(?=\.[A-Z]|$| )", ".*", name)


def report(nl, ends, best, stats, unknown, loops, target, worst, out, trace_paths, elapsed):
    recs = sorted(ends.values(), key=lambda r: -r["ns"])
    slow = [r for r in recs if r["ns"] > target]
    ffs = sum(stats[t] for t in FF_TYPES)
    async_ff = stats["FDCE"] + stats["FDPE"]
    w = out.write
    w("timing-depth: %d cells, %d FFs (%d with asynchronous clear/preset), %d LUTs, %s CARRY8, "
      "%d DSP48E2, %d RAMB36E2, %d RAMB18E2, %d URAM288, %d LUTRAM\n"
      % (sum(v for k, v in stats.items() if " " not in k), ffs, async_ff, sum(stats[t] for t in LUT_TYPES),
         "%g" % (stats["CARRY8"] + stats["CARRY4"] / 2),
         stats["DSP48E2"], stats["RAMB36E2"], stats["RAMB18E2"], stats["URAM288"] + stats["URAM288_BASE"],
         sum(stats[t] for t in LUTRAM_M | LUTRAM_1)))
    w("  BRAM/URAM with an output register: %d of %d; DSP48E2 with AREG/BREG/MREG/PREG: %d/%d/%d/%d of %d\n"
      % (stats["memory with output register"], stats["RAMB36E2"] + stats["RAMB18E2"] + stats["URAM288"]
         + stats["URAM288_BASE"], stats["DSP48E2 with AREG"], stats["DSP48E2 with BREG"], stats["DSP48E2 with MREG"],
         stats["DSP48E2 with PREG"], stats["DSP48E2"]))
    if unknown:
        w("  cells treated as one LUT level (not in the model): %s\n" % dict(unknown))
    if loops:
        w("  WARNING: %d nodes on combinational loops were not walked\n" % loops)
    if elapsed is not None:
        w("  synthesis %.0f s\n" % elapsed)
    if recs:
        worst_rec = recs[0]
        w("worst path: %.2f ns, %d LUT levels, %g CARRY8, %d MUXF, %d DSP stages, %d BRAM; "
          "deepest endpoint: %d LUT levels\n"
          % (worst_rec["ns"], worst_rec["lut"], worst_rec["carry"], worst_rec["muxf"], worst_rec["dsp"],
             worst_rec["bram"], max(r["max_lut_levels"] for r in recs)))
    w("endpoints: %d, slower than %.2f ns: %d (%.0f%%)\n"
      % (len(recs), target, len(slow), 100.0 * len(slow) / max(1, len(recs))))
    # The N worst, one line per bus (the worst bit of each register vector).
    shown, rows = set(), []
    for r in recs:
        b = r["bus"]
        if b in shown:
            continue
        shown.add(b)
        rows.append(r)
        if len(rows) >= worst:
            break
    w("\n| # | est. ns | LUT levels | CARRY8 | MUXF | DSP stages | BRAM | start | end |\n")
    w("|---|---|---|---|---|---|---|---|---|\n")
    for i, r in enumerate(rows, 1):
        w("| %d | %.2f | %d | %g | %d | %d | %d | `%s` | `%s` |\n"
          % (i, r["ns"], r["lut"], r["carry"], r["muxf"], r["dsp"], r["bram"], r["start"], r["end"]))
    for i, r in enumerate(rows[:trace_paths], 1):
        w("\npath %d: %s -> %s (cell, the net it drives, arrival ns, RTL source)\n" % (i, r["start"], r["end"]))
        for (cname, t, src), node, arrival in trace(best, r["node"]):
            net = nl.net_name(node) if isinstance(node, int) else "%s %s" % node
            w("  %-9s %-60s %6.2f  %s\n" % (t, net, arrival, rtl_source(src)))
    return recs, slow, rows


def synthesise(args):
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    script = "read_verilog -sv %s; " % " ".join(args.sources)
    if args.chparam:
        script += "chparam %s %s; " % (args.chparam, args.top)
    script += "synth_xilinx -family xcup -top %s; flatten; write_json %s" % (args.top, args.json)
    log = args.json[:-5] + ".log" if args.json.endswith(".json") else args.json + ".log"
    start = time.time()
    r = subprocess.run([args.yosys, "-q", "-l", log, "-p", script], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        print("timing_depth: yosys failed (exit %d), see %s" % (r.returncode, log), file=sys.stderr)
        sys.exit(3)
    return time.time() - start


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sources", nargs="+", default=[], help="SystemVerilog files to synthesise")
    p.add_argument("--file-list", help="read the sources from this file list too (one path per line, // comments)")
    p.add_argument("--top", default="trinity_core")
    p.add_argument("--chparam", default="", help='parameters for chparam, e.g. "-set LANES 8"')
    p.add_argument("--json", help="where to write the Yosys JSON netlist")
    p.add_argument("--netlist", help="walk this existing JSON netlist instead of synthesising")
    p.add_argument("--yosys", default="yosys")
    p.add_argument("--worst", type=int, default=20, help="paths to list (the worst bit of each register)")
    p.add_argument("--trace", type=int, default=1, help="print the cells of the first N listed paths")
    p.add_argument("--target-ns", type=float, default=TARGET_NS)
    p.add_argument("--max-ns", type=float, help="exit 1 if the worst path is slower than this")
    p.add_argument("--max-levels", type=int, help="exit 1 if an endpoint is deeper than this many LUT levels")
    p.add_argument("--summary-json", help="write the counts and the worst paths as JSON here")
    args = p.parse_args()

    elapsed = None
    if args.netlist:
        path = args.netlist
    else:
        if args.file_list:
            try:
                with open(args.file_list) as f:
                    args.sources += [l.strip() for l in f if l.strip() and not l.startswith("//")]
            except OSError as e:
                print("timing_depth: %s: %s" % (args.file_list, e), file=sys.stderr)
                sys.exit(2)
        if not args.sources or not args.json:
            p.error("--sources and --json are required unless --netlist is given")
        for s in args.sources:
            if not os.path.isfile(s):
                print("timing_depth: %s: no such file" % s, file=sys.stderr)
                sys.exit(2)
        elapsed = synthesise(args)
        path = args.json
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("timing_depth: %s: %s" % (path, e), file=sys.stderr)
        sys.exit(2)
    nl = Netlist(doc, args.top if args.top in doc.get("modules", {}) else None)
    g, best, ends, stats, unknown, loops = analyse(nl)
    recs, slow, rows = report(nl, ends, best, stats, unknown, loops, args.target_ns, args.worst, sys.stdout,
                              args.trace, elapsed)
    worst_ns = recs[0]["ns"] if recs else 0.0
    deepest = max((r["max_lut_levels"] for r in recs), default=0)
    if args.summary_json:
        with open(args.summary_json, "w") as f:
            json.dump({"worst_ns": worst_ns, "deepest_lut_levels": deepest, "endpoints": len(recs),
                       "slow_endpoints": len(slow), "target_ns": args.target_ns,
                       "cells": dict(stats), "synthesis_s": elapsed,
                       "worst": [{k: v for k, v in r.items() if k != "node"} for r in rows]},
                      f, indent=1)
    failed = False
    if args.max_ns is not None and worst_ns > args.max_ns:
        print("timing_depth: worst path %.2f ns exceeds --max-ns %.2f" % (worst_ns, args.max_ns))
        failed = True
    if args.max_levels is not None and deepest > args.max_levels:
        print("timing_depth: %d LUT levels exceed --max-levels %d" % (deepest, args.max_levels))
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
