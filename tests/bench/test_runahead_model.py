# SPDX-License-Identifier: Apache-2.0
"""bench/runahead_model.py on cases counted by hand (docs/rtl.md "Engines that run ahead")."""
import os
import sys
import unittest

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "bench"))
import runahead_model as rm  # noqa: E402


class EngineCosts(unittest.TestCase):
    # LANES 4, ENGINES 2, 4 outputs: one row, no row groups; inputs 0, 1, 3 spike, so
    # class 0 (inputs 0, 2) has 1 event, class 1 (inputs 1, 3) 2; one slice word each.
    spikes = np.array([[[1, 1, 0, 1], [0, 0, 0, 0]]], dtype=np.uint8)

    def test_streamed(self):
        c = rm.engine_costs(self.spikes, 4, 4, 2, "streamed")
        np.testing.assert_array_equal(c, [[[2, 3], [2, 2]]])  # max(events, 1 word) + 1

    def test_restart(self):
        c = rm.engine_costs(self.spikes, 4, 4, 2, "restart")
        # LAYER_START 1 + max(ev + PICK_FILL 6, 1 + ev + SCAN_FILL 4) + ITEM_GAP 2; no event: 1 + (1 + 1) + 2
        np.testing.assert_array_equal(c, [[[10, 11], [5, 5]]])


class Schedule(unittest.TestCase):
    # One frame, T 2, two layers of one row each, two engines, update drain 3 (ACC_DRAIN 1, RESULT 17).
    costs = [np.array([[[5, 3], [2, 6]]]), np.array([[[1, 1], [1, 2]]])]
    sizes = [(8, 4), (4, 4)]

    def test_lockstep_like(self):
        # K0 1, LAG 0: L0(0) ends 5, pass 6..7, spikes 11; L1(0) 12, pass 13; L0(1) 14 / 18,
        # pass 19, spikes 24; L1(1) 25 / 26, pass 27, done 32, + RESULT 17 = 49.
        ends = rm.simulate(self.costs, self.sizes, 4, 2, 1, 1, 0, 3)
        self.assertEqual(ends.tolist(), [49])

    def test_two_banks_lag_one(self):
        # K0 2, LAG 1: L0(1) runs at once (7 / 9), its pass waits for L0(0)'s spikes (11);
        # L1(0) from 11 (12), pass 13; L1(1) waits for L0(1)'s spikes (16): 17 / 18, pass 19,
        # done 24, + 17 = 41.
        ends = rm.simulate(self.costs, self.sizes, 4, 2, 2, 1, 1, 3)
        self.assertEqual(ends.tolist(), [41])

    def test_lockstep(self):
        # K0 2, LAG 1, every item as long as its slowest engine's (5, 6; 1, 2): L0(0) 5, pass 6,
        # spikes 11; L0(1) 11, pass 12, spikes 17; L1(0) 12, pass 13; L1(1) waits for 17: 19,
        # pass 20, done 25, + 17 = 42 (one more than the free engines' 41).
        ends = rm.simulate(rm.lockstep(self.costs), self.sizes, 4, 2, 2, 1, 1, 3)
        self.assertEqual(ends.tolist(), [42])

    def test_spike_fill(self):
        # As test_two_banks_lag_one, but an engine waiting for spikes starts 7 cycles after them:
        # L1(0) from 11 + 7 (19), pass 20, done 25; L1(1) from max(bank 21, 16 + 7) = 23: 24 / 25,
        # pass 26 (after the engines), done 31, + 17 = 48.
        ends = rm.simulate(self.costs, self.sizes, 4, 2, 2, 1, 1, 3, spike_fill=7)
        self.assertEqual(ends.tolist(), [48])

    def test_ring(self):
        # One bank for every item in list order (ring 1, LAG 1): each item waits for the previous
        # one's pass. L0(1) from 7 (9 / 13), pass 14, spikes 19; L1(0) from 15 (16), pass 17;
        # L1(1) from max(18, 19): 20 / 21, pass 22, done 27, + 17 = 44.
        ends = rm.simulate(self.costs, self.sizes, 4, 2, 0, 0, 1, 3, ring=1)
        self.assertEqual(ends.tolist(), [44])

    def test_update_lanes(self):
        # As test_lockstep_like with 2 update lanes: every pass takes 2 rows. L0(0) pass 6..8, spikes
        # 12; L1(0) 13, pass 14..16; L0(1) 15 / 19, pass 20, spikes 26; L1(1) 27 / 28, pass 29, done
        # 35, + 17 = 52.
        ends = rm.simulate(self.costs, self.sizes, 4, 2, 1, 1, 0, 3, update_lanes=2)
        self.assertEqual(ends.tolist(), [52])

    def test_work_list(self):
        self.assertEqual(rm.work_list(1, 2, 2, 1), [(0, 0, 0), (0, 1, 0), (0, 0, 1), (0, 1, 1)])


if __name__ == "__main__":
    unittest.main()
