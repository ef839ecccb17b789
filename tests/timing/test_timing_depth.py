# SPDX-License-Identifier: Apache-2.0
"""rtl/synth/timing_depth.py against a module whose path depths are known
(tests/timing/depth_probe.sv): synthesises it with Yosys and checks the
counts and the model's delay on each path."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(REPO, "rtl", "synth", "timing_depth.py")
sys.path.insert(0, os.path.dirname(TOOL))
import timing_depth  # noqa: E402

M = timing_depth.MODEL


class DepthProbe(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        summary = os.path.join(cls.tmp.name, "probe.summary.json")
        r = subprocess.run([sys.executable, TOOL, "--sources", os.path.join(HERE, "depth_probe.sv"),
                            "--top", "depth_probe", "--json", os.path.join(cls.tmp.name, "probe.json"),
                            "--worst", "100", "--trace", "0", "--summary-json", summary],
                           capture_output=True, text=True, cwd=REPO)
        if r.returncode != 0:
            raise AssertionError("timing_depth failed:\n" + r.stdout + r.stderr)
        cls.out = r.stdout
        with open(summary) as f:
            cls.summary = json.load(f)
        cls.rows = {row["bus"]: row for row in cls.summary["worst"]}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def row(self, bus):
        self.assertIn(bus, self.rows, "no row for %s in\n%s" % (bus, self.out))
        return self.rows[bus]

    def test_xor_of_216_bits_is_3_lut_levels(self):
        r = self.row("parity_q")
        self.assertEqual(r["lut"], 3)
        self.assertEqual((r["carry"], r["dsp"], r["bram"]), (0, 0, 0))
        self.assertEqual(r["start"].split("[")[0], "bits_q")
        self.assertAlmostEqual(r["ns"], M["ff_clk_to_q"] + 3 * M["lut"] + r["muxf"] * M["muxf"] + M["ff_setup"])

    def test_32_bit_add_is_one_lut_and_4_carry8(self):
        r = self.row("sum_q[*]")
        self.assertEqual((r["lut"], r["carry"], r["dsp"], r["bram"]), (1, 4, 0, 0))
        self.assertAlmostEqual(r["ns"], M["ff_clk_to_q"] + M["lut"] + 8 * M["carry4"] + M["ff_setup"])

    def test_multiply_between_async_reset_registers_is_one_combinational_dsp(self):
        r = self.row("prod_q[*]")
        self.assertEqual((r["lut"], r["dsp"], r["bram"]), (0, 2, 0))
        self.assertAlmostEqual(r["ns"], M["ff_clk_to_q"] + M["dsp_mult"] + M["dsp_alu"] + M["ff_setup"])

    def test_yosys_0_23_leaves_dsp48e2_registers_in_the_fabric(self):
        # Even without a reset, synth_xilinx -family xcup packs no register
        # into a DSP48E2 (Vivado would): the multiply stays combinational.
        r = self.row("mp_q[*]")
        self.assertEqual((r["lut"], r["dsp"]), (0, 2))
        self.assertEqual(self.summary["cells"].get("DSP48E2 with PREG", 0), 0)

    def test_bram_read_without_output_register_starts_a_path(self):
        r = self.row("mem_q[*]")
        self.assertEqual((r["lut"], r["bram"], r["dsp"]), (1, 1, 0))
        self.assertIn("RAMB36E2", r["start"])
        self.assertIn("no output register", r["start"])
        self.assertAlmostEqual(r["ns"], M["bram_clk_to_out"] + M["lut"] + M["ff_setup"])

    def test_summary_counts(self):
        s = self.summary
        self.assertEqual(s["deepest_lut_levels"], 3)
        self.assertEqual(s["slow_endpoints"], 0)
        self.assertEqual(s["cells"]["DSP48E2"], 2)
        self.assertEqual(s["cells"]["RAMB36E2"], 1)
        self.assertEqual(s["cells"]["FDCE"], 64)  # x_q, y_q, prod_q: the asynchronous clear kept them out of the DSP

    def test_threshold_fails_above_the_limit(self):
        netlist = os.path.join(self.tmp.name, "probe.json")
        ok = subprocess.run([sys.executable, TOOL, "--netlist", netlist, "--top", "depth_probe", "--max-levels", "3",
                             "--max-ns", "2.7"], capture_output=True, text=True)
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)
        deep = subprocess.run([sys.executable, TOOL, "--netlist", netlist, "--top", "depth_probe",
                               "--max-levels", "2"], capture_output=True, text=True)
        self.assertEqual(deep.returncode, 1)
        self.assertIn("exceed --max-levels 2", deep.stdout)


def ff(d, q):
    return {"type": "FDRE", "port_directions": {"C": "input", "CE": "input", "R": "input", "D": "input",
                                                 "Q": "output"},
            "connections": {"C": [2], "CE": ["1"], "R": ["0"], "D": [d], "Q": [q]}}


def dsp_netlist(**regs):
    """in_q -> DSP48E2 A and B -> P -> out_q, with the given internal registers."""
    params = {k: "1" if regs.get(k) else "0" for k in ("AREG", "BREG", "MREG", "PREG")}
    params["USE_MULT"] = "MULTIPLY"
    cells = {
        "in_a": ff(3, 10), "in_b": ff(4, 11), "out": ff(20, 21),
        "d": {"type": "DSP48E2", "parameters": params,
              "port_directions": {"A": "input", "B": "input", "CLK": "input", "P": "output"},
              "connections": {"A": [10], "B": [11], "CLK": [2], "P": [20]}},
    }
    nets = {"clk": [2], "a_i": [3], "b_i": [4], "a_q": [10], "b_q": [11], "p": [20], "out_q": [21]}
    return {"modules": {"t": {"attributes": {"top": "00000000000000000000000000000001"},
                              "ports": {"clk": {"direction": "input", "bits": [2]}},
                              "cells": cells,
                              "netnames": {n: {"bits": b, "hide_name": 0} for n, b in nets.items()}}}}


class DspRegisters(unittest.TestCase):
    """The DSP48E2 stage model on hand-built netlists (Yosys 0.23 never packs
    the registers, so only a written netlist exercises them)."""

    def paths(self, **regs):
        _, _, ends, _, _, _ = timing_depth.analyse(timing_depth.Netlist(dsp_netlist(**regs)))
        return {r["end"]: (round(r["ns"], 3), r["dsp"]) for r in ends.values()}

    def test_combinational_dsp(self):
        p = self.paths()
        self.assertEqual(p["out_q (D)"], (round(M["ff_clk_to_q"] + M["dsp_mult"] + M["dsp_alu"] + M["ff_setup"], 3), 2))

    def test_input_and_output_registers_cut_the_path(self):
        p = self.paths(AREG=1, BREG=1, PREG=1)
        self.assertEqual(p["DSP48E2 d.A (AREG)"], (round(M["ff_clk_to_q"] + M["dsp_setup"], 3), 0))
        self.assertEqual(p["DSP48E2 d.PREG"],
                         (round(M["dsp_clk_to_out"] + M["dsp_mult"] + M["dsp_alu"] + M["dsp_setup"], 3), 2))
        self.assertEqual(p["out_q (D)"], (round(M["dsp_clk_to_out"] + M["ff_setup"], 3), 0))

    def test_mreg_splits_multiplier_and_alu(self):
        p = self.paths(MREG=1)
        self.assertEqual(p["DSP48E2 d.MREG"], (round(M["ff_clk_to_q"] + M["dsp_mult"] + M["dsp_setup"], 3), 1))
        self.assertEqual(p["out_q (D)"], (round(M["dsp_clk_to_out"] + M["dsp_alu"] + M["ff_setup"], 3), 1))


if __name__ == "__main__":
    unittest.main()
