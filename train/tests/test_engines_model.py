# SPDX-License-Identifier: Apache-2.0
"""bench/engines_model.py's cycle model on hand-made spikes whose answer is worked out by hand.

    /usr/bin/python3 -m unittest train/tests/test_engines_model.py
"""
import os
import sys
import unittest

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "bench"))
import engines_model as em  # noqa: E402


def one_layer_frame(spiking, n_in=64):
    s = np.zeros((1, 1, n_in), dtype=np.uint8)  # one frame, T = 1
    s[0, 0, spiking] = 1
    return s


class HandMade(unittest.TestCase):
    # One layer 64 -> 64, T = 1, inputs 0, 1, 2 spike; ENGINES 2, LANES 16 (R = 4), UPDATE_LANES 32 (U = 2).
    def setUp(self):
        self.spikes = one_layer_frame([0, 1, 2])
        self.sizes = [(64, 64)]

    def test_events_per_engine(self):
        ev, words = em.engine_events(self.spikes, 2, "interleaved")
        self.assertEqual(ev[0, 0].tolist(), [2, 1])  # inputs 0, 2 -> engine 0; 1 -> engine 1
        self.assertEqual(words.tolist(), [1, 1])  # 32 inputs each
        ev, _ = em.engine_events(self.spikes, 2, "contiguous")
        self.assertEqual(ev[0, 0].tolist(), [3, 0])  # engine 0 owns 0 .. 31

    def test_design_cycles(self):
        k = em.DESIGN  # LAYER_START 1, PICK_FILL 6, SCAN_FILL 4, SCAN_WORDS 4, ACC_DRAIN 1, PSUM_READ 1, UPD_LAT 12
        ev, words = em.engine_events(self.spikes, 2, "interleaved")
        # engine 0: max(2*4 + 6, ceil(1/4) + 2 + 4) = 14; engine 1: max(4 + 6, 1 + 1 + 4) = 10; + LAYER_START
        self.assertEqual(int(em.accumulate_cycles(ev, words, 4, k)[0, 0]), 15)
        # ACC_DRAIN 1 + U 2 + PSUM_READ 1 + log2(2) + UPD_LAT 12
        self.assertEqual(em.update_cycles(64, 2, 32, k), 17)
        # U_last 2 + 2 + log2(32) + 3 + 64/2 + 2*(2 - 1)
        self.assertEqual(em.result_cycles(64, 32), 46)
        period, latency = em.frame_cycles([ev], [words], self.sizes, 2, 16, 32, k, "serial", 1, 64)
        # compute 15 + 17 + 46 = 78; the next frame's IMAGE (1 + 4 + 16 words + verdict 5 = 26) and the
        # coder (97 + 2 words * 32/32 + 17 = 116) take 142 > 78, so they set the period
        self.assertEqual(int(period[0]), 142)
        # latency: 26 + 116 before timestep 0 is coded, its 2 words loaded in ceil(2/4) + 2 = 3, then 15 + 17 + 46
        self.assertEqual(int(latency[0]), 223)
        # contiguous: engine 0 max(3*4 + 6, 1 + 3 + 4) = 18, engine 1 scans its empty word: 1 + 1
        evc, wc = em.engine_events(self.spikes, 2, "contiguous")
        self.assertEqual(int(em.accumulate_cycles(evc, wc, 4, k)[0, 0]), 19)

    def test_bound_and_imbalance(self):
        ev, _ = em.engine_events(self.spikes, 2, "interleaved")
        self.assertEqual(float(em.issue_bound([ev], self.sizes, 2, 16, 32)[0]), 3 * 4 / 2 + 2)
        self.assertAlmostEqual(em.imbalance([ev], self.sizes, 2, 16), 8 / 6)

    def test_current_core_matches_cycle_model(self):
        # sim/perf/cycle_model.cpp per layer and timestep: 1 + max(spikes*R + 5, words + spikes + 4), R + 13
        ev, words = em.engine_events(self.spikes, 1, "interleaved")
        self.assertEqual(int(em.accumulate_cycles(ev, words, 4, em.CURRENT)[0, 0]), 1 + max(3 * 4 + 5, 2 + 3 + 4))
        self.assertEqual(em.update_cycles(64, 1, 16, em.CURRENT), 4 + 13)

    def test_sequencer_accumulate(self):
        # Traced by hand through rtl/trinity_sequencer.sv's StAccumulate:
        # no spikes, 2 words: load, load, see the scan done -> 3 (the cycle model's words + 1)
        self.assertEqual(em.sequencer_accumulate([0, 0], 4), 3)
        # one spike, R = 4: load (1), pick (2), ev0 -> ev1 -> ev2 (3, 4), take (5), rows 1..3 (6-8), last row
        # ends the event (9), scan done (10); the cycle model says max(4 + 5, 1 + 1 + 4) = 9
        self.assertEqual(em.sequencer_accumulate([1], 4), 10)
        # two spikes in one word, R = 1: load, two picks, the pipeline, two one-row events, done -> 8 (model: 7)
        self.assertEqual(em.sequencer_accumulate([0b11], 1), 8)
        self.assertEqual(em.spike_words(np.array([1, 1] + [0] * 31 + [1])), [3, 2])

    def test_schedules(self):
        acc = np.array([[[10, 3], [10, 3]]])  # [N=1, T=2, L=2]
        upd, occupy = [5, 4], [2, 1]
        self.assertEqual(int(em.schedule(acc, upd, "serial", upd_issue_cycles=occupy)[0]), 2 * (10 + 5 + 3 + 4))
        # A(0,0) 0-10; P(0,0) 10-15 (issue to 12); A(0,1) 10-20; A(1,0) 20-23; P(1,0) 23-27;
        # P(0,1) 24-29; A(1,1) 29-32; P(1,1) 32-36
        self.assertEqual(int(em.schedule(acc, upd, "lookahead", upd_issue_cycles=occupy)[0]), 36)


if __name__ == "__main__":
    unittest.main()
