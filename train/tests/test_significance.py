# SPDX-License-Identifier: Apache-2.0
"""train/significance.py's statistics against closed forms: Student's t with
1 and 2 degrees of freedom, F(2, 2), Welch's t and degrees of freedom by
hand, McNemar's exact test by hand; and train/continual_plot.py's golden table
from an export log (its gaps and their p). Standard library and numpy only,
well under a second."""
import math
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import continual_plot  # noqa: E402
import significance as sig  # noqa: E402


class Significance(unittest.TestCase):
    def test_t_with_one_and_two_dof(self):
        for t in (0.1, 0.7, 1.0, 2.5, 12.706, 40.0):
            self.assertAlmostEqual(sig.t_two_sided_p(t, 1), 1 - 2 / math.pi * math.atan(t), places=10)
            self.assertAlmostEqual(sig.t_two_sided_p(-t, 2), 1 - t / math.sqrt(2 + t * t), places=10)

    def test_t_table_value(self):
        self.assertAlmostEqual(sig.t_two_sided_p(2.776445, 4), 0.05, places=5)

    def test_f_two_two(self):
        for f in (0.2, 1.0, 5.0, 8000.0):
            self.assertAlmostEqual(sig.f_upper_p(f, 2, 2), 1 / (1 + f), places=10)

    def test_welch_by_hand(self):
        d, t, dof, p = sig.welch([1.0, 2.0, 3.0], [4.0, 5.0, 7.0])
        sa, sb = 1 / 3, 7 / 9
        self.assertAlmostEqual(d, -10 / 3)
        self.assertAlmostEqual(t, (-10 / 3) / math.sqrt(sa + sb))
        self.assertAlmostEqual(dof, (sa + sb) ** 2 / (sa ** 2 / 2 + sb ** 2 / 2))
        self.assertAlmostEqual(p, sig.t_two_sided_p(t, dof))
        self.assertEqual(sig.verdict(0.05), "no measurable difference")
        self.assertEqual(sig.verdict(0.049), "different")

    def test_mcnemar_by_hand(self):
        self.assertEqual(sig.mcnemar_p(0, 0), 1.0)
        self.assertEqual(sig.mcnemar_p(7, 7), 1.0)
        self.assertAlmostEqual(sig.mcnemar_p(0, 10), 2 / 2 ** 10)
        self.assertAlmostEqual(sig.mcnemar_p(9, 2), 2 * (1 + 11 + 55) / 2 ** 11)
        self.assertEqual(sig.mcnemar_p(2, 9), sig.mcnemar_p(9, 2))

    def test_golden_table_from_an_export_log(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "bi_snn_s1_export.log"), "w") as f:
                f.write("calibration: chose w_shift [0, -1]\n"
                        "task 1: float 0.7000 quantised 0.6940 images 1000 disagree 40 float-only-right 9 "
                        "quantised-only-right 3\n"
                        "task 2: float 0.5000 quantised 0.5010 images 1000 disagree 20 float-only-right 4 "
                        "quantised-only-right 5\n")
            lines = continual_plot.golden_lines(d)
        self.assertEqual(lines[-1], "| bi_snn_s1 | [0, -1] | 2 | 60.00 | 59.75 | 3.00 | 0.60 | %s | 1 (0.60, p %s) |"
                         % ((sig.fmt_p(sig.mcnemar_p(9, 3)),) * 2))


if __name__ == "__main__":
    unittest.main()
