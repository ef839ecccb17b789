# SPDX-License-Identifier: Apache-2.0
"""train/continual_analysis.py on hand-made cases whose answer is known
(numpy only, no MNIST, no network; well under a second):

  * k-means and the silhouette rule find the two obvious groups of
    task-variance profiles (neurons variable in tasks 1-3 against neurons
    variable in tasks 4-6), k = 2 chosen, silhouette high; the shuffled
    (no task structure) reference scores far lower;
  * the silhouette of a known 1-D labelling equals its value by hand;
  * the normalisation divides each neuron by its peak and drops flat ones;
  * the weight statistics of a known array (mean, std, excess kurtosis,
    near-zero and beyond-b shares), and of a large uniform draw (kurtosis
    -1.2); the union of the gates keeps exactly the synapses some gate holds.
"""
import os
import sys
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import continual_analysis as ca  # noqa: E402


def two_groups(n=40, tasks=6, seed=3):
    rng = np.random.default_rng(seed)
    a = np.zeros((n, tasks))
    a[:, :3] = 1.0
    b = np.zeros((n, tasks))
    b[:, 3:] = 1.0
    x = np.vstack([a, b]) + rng.normal(0, 0.05, (2 * n, tasks))
    return x, np.repeat([0, 1], n)


class ClusterTest(unittest.TestCase):
    def test_two_obvious_groups(self):
        x, truth = two_groups()
        k, by_k = ca.choose_k(x, range(2, 6))
        self.assertEqual(k, 2)
        sil, labels, cents = by_k[2]
        # the same partition as the truth (labels may be swapped)
        self.assertTrue(np.array_equal(labels, truth) or np.array_equal(labels, 1 - truth))
        self.assertGreater(sil, 0.8)
        first = cents[labels[0]]
        self.assertTrue(np.allclose(first, [1, 1, 1, 0, 0, 0], atol=0.05))
        breadth, strong, peak = ca.cluster_summary(first)
        self.assertAlmostEqual(breadth, 0.5, delta=0.05)
        self.assertEqual(strong, [1, 2, 3])
        self.assertIn(peak, (1, 2, 3))
        null = ca.shuffled_profiles(x)
        self.assertLess(ca.silhouette(null, ca.kmeans(null, 2)[0]), sil - 0.3)

    def test_silhouette_by_hand(self):
        # points 0, 1 | 10: a(0) = 1, b(0) = 10 -> 0.9; a(1) = 1, b(1) = 9 -> 8/9; singleton 10 -> 0
        x = np.array([[0.0], [1.0], [10.0]])
        self.assertAlmostEqual(ca.silhouette(x, np.array([0, 0, 1])), (0.9 + 8 / 9 + 0) / 3, places=9)

    def test_normalised_task_variance(self):
        tv = np.array([[1.0, 0.0, 2.0], [4.0, 0.0, 1.0]])  # [tasks, neurons]; neuron 1 flat
        ntv, keep = ca.normalised_task_variance(tv)
        self.assertEqual(keep.tolist(), [True, False, True])
        self.assertTrue(np.allclose(ntv, [[0.25, 1.0], [1.0, 0.5]]))


class WeightTest(unittest.TestCase):
    def test_known_array(self):
        w = np.array([-2.0, -1.0, 0.0, 0.0, 1.0, 2.0])
        s = ca.weight_stats(w, b=1.5)
        self.assertEqual(s["n"], 6)
        self.assertAlmostEqual(s["mean"], 0.0)
        m2, m4 = 10 / 6, 34 / 6
        self.assertAlmostEqual(s["std"], np.sqrt(m2))
        self.assertAlmostEqual(s["excess_kurtosis"], m4 / m2 ** 2 - 3)
        self.assertAlmostEqual(s["near_zero"], 2 / 6)   # |w| < 0.15
        self.assertAlmostEqual(s["beyond_init"], 2 / 6)  # |w| > 1.5
        self.assertEqual(s["max_abs"], 2.0)

    def test_uniform_kurtosis(self):
        w = np.random.default_rng(0).uniform(-0.2, 0.2, 200000)
        s = ca.weight_stats(w, b=0.2)
        self.assertAlmostEqual(s["excess_kurtosis"], -1.2, delta=0.02)
        self.assertAlmostEqual(s["std"], 0.2 / np.sqrt(3), delta=1e-3)
        self.assertAlmostEqual(s["near_zero"], 0.1, delta=0.005)

    def test_union_of_gates(self):
        w = np.arange(6, dtype=float).reshape(2, 3)
        g1 = np.array([[1, 0, 0], [0, 0, 1]], dtype=bool)
        g2 = np.array([[1, 1, 0], [0, 0, 0]], dtype=bool)
        used, never, count = ca.hidden_output_weights(w, [g1, g2])
        self.assertEqual(used.tolist(), [0.0, 1.0, 5.0])
        self.assertEqual(never.tolist(), [2.0, 3.0, 4.0])
        self.assertEqual(count.tolist(), [2, 1, 1])


if __name__ == "__main__":
    unittest.main()
