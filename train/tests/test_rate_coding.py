# SPDX-License-Identifier: Apache-2.0
"""Spec §6 rate coding: known values worked out from the formula, and agreement with the C++ header.

    OMP_WAIT_POLICY=passive /usr/bin/python3 -m unittest discover -s train/tests
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from trinity_train import rate_coding as rc  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = 0x9E3779B97F4A7C15


class KnownValues(unittest.TestCase):
    def test_mix64_is_splitmix64(self):
        # SplitMix64 seeded with 0 outputs mix64(k * golden) for k = 1, 2, 3; these are
        # the published first outputs of Vigna's splitmix64.c (and Java's SplittableRandom).
        z = np.array([(k * GOLDEN) % 2**64 for k in (1, 2, 3)], dtype=np.uint64)
        self.assertEqual([int(v) for v in rc.mix64(z)],
                         [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F])

    def test_mix64_zero(self):
        # Every step maps 0 to 0.
        self.assertEqual(int(rc.mix64(np.uint64(0))), 0)

    def test_first_key_by_hand(self):
        # seed 0, n = 0, t = 0, i = 0: key = 1, r = 0xE220A839 = 3793791033,
        # (r * 255) >> 32 = floor(967416713415 / 4294967296) = floor(225.244...) = 225.
        self.assertEqual(int(rc.random_bits(np.uint64(1), seed=0)), 0xE220A839)
        self.assertEqual(int(rc.spike_threshold(np.uint64(0xE220A839))), 225)
        for p, want in ((0, 0), (225, 0), (226, 1), (255, 1)):
            img = np.array([[p]], dtype=np.uint8)
            self.assertEqual(int(rc.encode(img, 1, seed=0)[0, 0, 0]), want, p)

    def test_key_layout_by_hand(self):
        # key = ((n*T + t)*n_in + i) + 1. With T = 1, n_in = 1 image n has key n + 1,
        # so images 0, 1, 2 use r = the SplitMix64 outputs above (high 32 bits):
        # 0xE220A839 -> 225, 0x6E789E6A = 1853398634 -> floor(1853398634*255/2^32) = 110,
        # 0x06C45D18 = 113532184 -> floor(113532184*255/2^32) = 6.
        thr = [225, 110, 6]
        for n, th in enumerate(thr):
            img = np.array([[th]], dtype=np.uint8)
            self.assertEqual(int(rc.encode(img, 1, indices=[n])[0, 0, 0]), 0)
            img = np.array([[th + 1]], dtype=np.uint8)
            self.assertEqual(int(rc.encode(img, 1, indices=[n])[0, 0, 0]), 1)
        # The same keys reached through (n, t, i) with T = 2, n_in = 3: key 3 = (0*2 + 0)*3 + 2 + 1,
        # i.e. image 0, t = 0, pixel 2; key 2 is pixel 1.
        img = np.array([[0, 111, 7]], dtype=np.uint8)
        self.assertEqual(rc.encode(img, 2)[0, 0].tolist(), [0, 1, 1])
        img = np.array([[0, 110, 6]], dtype=np.uint8)
        self.assertEqual(rc.encode(img, 2)[0, 0].tolist(), [0, 0, 0])

    def test_seed_is_added_before_mixing(self):
        # seed s, key k: r = mix64(s + k*golden) >> 32. seed = golden and key 1 is mix64(2*golden),
        # the second SplitMix64 output.
        self.assertEqual(int(rc.random_bits(np.uint64(1), seed=GOLDEN)), 0x6E789E6A)

    def test_matches_python_integers(self):
        rng = np.random.default_rng(5)
        n_in, T = 37, 4
        img = rng.integers(0, 256, size=(3, n_in), dtype=np.uint8)
        idx = np.array([0, 9999, 2**40 + 3], dtype=np.uint64)
        for seed in (0, 1, 2**63 + 12345):
            got = rc.encode(img, T, seed=seed, indices=idx)
            for a in range(3):
                for t in range(T):
                    for i in range(n_in):
                        want = rc.spike_reference(seed, int(idx[a]), t, T, i, n_in, int(img[a, i]))
                        self.assertEqual(bool(got[a, t, i]), want)

    def test_extremes_and_rate(self):
        img = np.array([[0] * 100 + [255] * 100 + [128] * 800], dtype=np.uint8)
        s = rc.encode(img, 50)
        self.assertEqual(int(s[0, :, :100].sum()), 0)
        self.assertEqual(int(s[0, :, 100:200].sum()), 50 * 100)
        self.assertAlmostEqual(float(s[0, :, 200:].mean()), 128 / 255, delta=0.01)

    def test_batch_position_does_not_matter(self):
        rng = np.random.default_rng(1)
        img = rng.integers(0, 256, size=(5, 20), dtype=np.uint8)
        idx = np.array([7, 3, 100, 0, 42], dtype=np.uint64)
        whole = rc.encode(img, 3, indices=idx)
        for a in range(5):
            np.testing.assert_array_equal(rc.encode(img[a:a + 1], 3, indices=idx[a:a + 1])[0], whole[a])


@unittest.skipIf(shutil.which("g++") is None, "no g++")
class AgainstCppHeader(unittest.TestCase):
    def test_same_bits_as_sim_golden(self):
        src = r"""
#include <cstdio>
#include <cstdlib>
#include "rate_coding.hpp"
int main(int argc, char** argv) {
  unsigned long long seed = strtoull(argv[1], nullptr, 10);
  unsigned n0 = 9990, T = 3, n_in = 784;
  for (unsigned n = n0; n < n0 + 4; ++n)
    for (unsigned t = 0; t < T; ++t)
      for (unsigned i = 0; i < n_in; ++i)
        putchar('0' + trinity::rate_spike(seed, n, t, T, i, n_in, (unsigned char)((i * 37 + n) % 256)));
  return 0;
}
"""
        with tempfile.TemporaryDirectory() as d:
            cpp, exe = os.path.join(d, "rc.cpp"), os.path.join(d, "rc")
            with open(cpp, "w") as f:
                f.write(src)
            subprocess.run(["g++", "-std=c++17", "-O1", "-I", os.path.join(REPO, "sim", "golden"), "-I",
                            os.path.join(REPO, "contract"), cpp, "-o", exe], check=True)
            img = np.array([[(i * 37 + n) % 256 for i in range(784)] for n in range(9990, 9994)], dtype=np.uint8)
            for seed in (0, 12345678901234567890):
                out = subprocess.run([exe, str(seed)], check=True, capture_output=True, text=True).stdout
                want = np.frombuffer(out.encode(), dtype=np.uint8) - ord("0")
                got = rc.encode(img, 3, seed=seed, indices=np.arange(9990, 9994, dtype=np.uint64))
                np.testing.assert_array_equal(got.reshape(-1), want)


if __name__ == "__main__":
    unittest.main()
