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
        self.assertEqual(s["cells"]["DSP48E2"], 1)
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


if __name__ == "__main__":
    unittest.main()
