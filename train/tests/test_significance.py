# SPDX-License-Identifier: Apache-2.0
"""train/significance.py's statistics against closed forms: Student's t with
1 and 2 degrees of freedom, F(2, 2), and Welch's t and degrees of freedom by
hand. Standard library only, well under a second."""
import math
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
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


if __name__ == "__main__":
    unittest.main()
