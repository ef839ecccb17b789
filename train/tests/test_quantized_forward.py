# SPDX-License-Identifier: Apache-2.0
"""The numpy quantised forward pass (snn.quantised_forward) against spec §4.

Three checks:
  * a scalar Python-integer transcription of §4 (one neuron at a time),
  * the C++ golden model itself (sim/golden/golden_model.cpp, compiled here
    with a tiny text harness; skipped without g++),
  * the §7 quantisation rules on values worked out by hand, and the model
    file round trip.

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
from trinity_train import quantize as qz  # noqa: E402
from trinity_train.snn import decode, quantised_forward  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def random_network(rng, sizes, kinds, extreme=False):
    """Random integer layer dicts. extreme: large weights/biases so that saturation and clamping happen."""
    layers = []
    for n_in, n_out, kind in zip(sizes[:-1], sizes[1:], kinds):
        bits = int(rng.integers(1, 7))
        layer = {
            "kind": kind, "w_shift": int(rng.integers(-8, 5)), "lut_bits": bits, "lut_shift": int(rng.integers(0, 6)),
            "n_in": n_in, "n_out": n_out,
            "tau_d": int(rng.choice([0, 1, 77, 128, 200, 255, 256])), "tau_n": int(rng.choice([0, 128, 230, 256])),
            "v_th": int(rng.integers(-50, 400)), "lut_lo": int(rng.integers(-600, 200)),
            "weights": rng.integers(-128 if extreme else -40, 128 if extreme else 41, size=(n_out, n_in)).astype(np.int8),
            "bias": rng.integers(-32768 if extreme else -300, 32768 if extreme else 300, size=n_out).astype(np.int16),
            "lut": rng.integers(-32768 if extreme else -100, 32768 if extreme else 400, size=2 ** bits).astype(np.int16),
        }
        layers.append(layer)
    return layers


def scalar_reference(layers, frame):
    """§4 step by step with Python ints, one neuron at a time. frame: [T][n_in] -> per-layer [T][n] spikes."""
    def sat16(x):
        return max(-32768, min(32767, x))

    def rshift_round(x, k):
        return x if k == 0 else (x + (1 << (k - 1))) >> k  # Python >> is floor division by 2^k

    def scale(acc, s):
        return acc * 2 ** s if s >= 0 else rshift_round(acc, -s)

    def decay(v, tau):
        return rshift_round(v * tau, 8)

    T = len(frame)
    state = [([0] * l["n_out"], [0] * l["n_out"]) for l in layers]
    out = [[[0] * l["n_out"] for _ in range(T)] for l in layers]
    for t in range(T):
        s_in = [int(v) for v in frame[t]]
        for k, l in enumerate(layers):
            v_d, v_n = state[k]
            s_out = [0] * l["n_out"]
            for i in range(l["n_out"]):
                acc = sum(int(l["weights"][i][j]) for j in range(l["n_in"]) if s_in[j])
                current = scale(acc, l["w_shift"]) + int(l["bias"][i])
                if l["kind"] == 0:
                    a = sat16(current)
                else:
                    v_d[i] = sat16(decay(v_d[i], l["tau_d"]) + current)
                    if l["kind"] == 1:
                        a = max(v_d[i], 0)
                    else:
                        d = (v_d[i] - l["lut_lo"]) // 2 ** l["lut_shift"]
                        a = int(l["lut"][min(max(d, 0), 2 ** l["lut_bits"] - 1)])
                v_n[i] = sat16(decay(v_n[i], l["tau_n"]) + a)
                if v_n[i] > l["v_th"]:
                    s_out[i] = 1
                    v_n[i] = 0
            out[k][t] = s_out
            s_in = s_out
    return out


CASES = [  # (sizes, kinds, extreme)
    ([13, 9, 5], [2, 3], False),
    ([13, 9, 5], [0, 1], False),
    ([20, 7, 6, 4], [1, 2, 0], True),
    ([9, 11, 3], [3, 2], True),
    ([30, 4], [0], True),
]


def frames(rng, n, T, n_in, density):
    return (rng.random((n, T, n_in)) < density).astype(np.uint8)


class AgainstScalarReference(unittest.TestCase):
    def test_random_networks(self):
        rng = np.random.default_rng(11)
        for c, (sizes, kinds, extreme) in enumerate(CASES):
            for rep in range(3):
                layers = random_network(rng, sizes, kinds, extreme)
                x = frames(rng, 6, 7, sizes[0], float(rng.choice([0.1, 0.5, 0.9])))
                counts, spikes = quantised_forward(layers, x, chunk=4, return_all=True)
                for n in range(len(x)):
                    want = scalar_reference(layers, x[n])
                    for k in range(len(layers)):
                        np.testing.assert_array_equal(spikes[k][n], np.array(want[k]), err_msg="case %d rep %d" % (c, rep))
                np.testing.assert_array_equal(counts, spikes[-1].sum(axis=1))


HARNESS = r"""
#include <iostream>
#include "golden_model.hpp"
using namespace trinity;
int main() {
  Network net; unsigned L; std::cin >> net.timesteps >> L;
  for (unsigned l = 0; l < L; ++l) {
    Layer y; int kind, v;
    std::cin >> kind >> y.w_shift >> y.lut_bits >> y.lut_shift >> y.n_in >> y.n_out >> y.tau_d >> y.tau_n >> y.v_th >> y.lut_lo;
    y.kind = static_cast<UnitKind>(kind);
    y.weights.resize(size_t{y.n_out} * y.n_in); y.bias.resize(y.n_out); y.lut.resize(size_t{1} << y.lut_bits);
    for (auto& w : y.weights) { std::cin >> v; w = static_cast<int8_t>(v); }
    for (auto& b : y.bias) { std::cin >> v; b = static_cast<int16_t>(v); }
    for (auto& e : y.lut) { std::cin >> v; e = static_cast<int16_t>(v); }
    net.layers.push_back(y);
  }
  std::string err = validate(net);
  if (!err.empty()) { std::cerr << err << "\n"; return 2; }
  unsigned n; std::cin >> n;
  for (unsigned f = 0; f < n; ++f) {
    SpikeFrame in(net.timesteps, net.inputs());
    for (auto& b : in.bits) { int v; std::cin >> v; b = static_cast<uint8_t>(v); }
    FrameTrace tr; FrameResult r = run_reference(net, in, &tr);
    std::cout << r.prediction;
    for (auto& s : tr.spikes) { std::cout << ' '; for (auto b : s.bits) std::cout << int(b); }
    std::cout << '\n';
  }
}
"""


def harness_input(layers, T, x):
    parts = ["%d %d" % (T, len(layers))]
    for l in layers:
        parts.append(" ".join(str(int(l[k])) for k in ("kind", "w_shift", "lut_bits", "lut_shift", "n_in", "n_out",
                                                        "tau_d", "tau_n", "v_th", "lut_lo")))
        for key in ("weights", "bias", "lut"):
            parts.append(" ".join(map(str, np.asarray(l[key]).reshape(-1).tolist())))
    parts.append(str(len(x)))
    for f in x:
        parts.append(" ".join(map(str, f.reshape(-1).tolist())))
    return "\n".join(parts) + "\n"


@unittest.skipIf(shutil.which("g++") is None, "no g++")
class AgainstGoldenModel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        src = os.path.join(cls.tmp.name, "h.cpp")
        cls.exe = os.path.join(cls.tmp.name, "h")
        with open(src, "w") as f:
            f.write(HARNESS)
        g = os.path.join(REPO, "sim", "golden")
        c = os.path.join(REPO, "contract")
        subprocess.run(["g++", "-std=c++17", "-O2", "-I", g, "-I", c, src, os.path.join(g, "golden_model.cpp"),
                        os.path.join(c, "network.cpp"), os.path.join(c, "spike_frame.cpp"), "-o", cls.exe],
                       check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_golden(self, layers, x):
        out = subprocess.run([self.exe], input=harness_input(layers, x.shape[1], x), capture_output=True, text=True,
                             check=True).stdout.split("\n")
        preds, spikes = [], [[] for _ in layers]
        for line in out[:len(x)]:
            fields = line.split()
            preds.append(int(fields[0]))
            for k, bits in enumerate(fields[1:]):
                spikes[k].append(np.frombuffer(bits.encode(), dtype=np.uint8) - ord("0"))
        return np.array(preds), [np.stack(s).reshape(len(x), x.shape[1], -1) for s in spikes]

    def test_random_networks(self):
        rng = np.random.default_rng(23)
        for c, (sizes, kinds, extreme) in enumerate(CASES):
            for rep in range(4):
                layers = random_network(rng, sizes, kinds, extreme)
                x = frames(rng, 20, 9, sizes[0], float(rng.choice([0.05, 0.3, 0.8])))
                counts, spikes = quantised_forward(layers, x, chunk=7, return_all=True)
                preds, golden = self.run_golden(layers, x)
                for k in range(len(layers)):
                    np.testing.assert_array_equal(spikes[k], golden[k], err_msg="case %d rep %d layer %d" % (c, rep, k))
                np.testing.assert_array_equal(decode(counts), preds)

    def test_wide_layer_matmul_is_exact(self):
        # n_in large and all weights +-127 with dense input: accumulators near the float32 limit of §4's bound.
        rng = np.random.default_rng(3)
        layers = random_network(rng, [3000, 8], [0], True)
        layers[0]["weights"][:] = 127
        layers[0]["weights"][::2] = -127
        layers[0]["w_shift"] = -8
        x = frames(rng, 5, 4, 3000, 0.95)
        _, spikes = quantised_forward(layers, x, return_all=True)
        _, golden = self.run_golden(layers, x)
        np.testing.assert_array_equal(spikes[0], golden[0])


class QuantisationRules(unittest.TestCase):
    def test_round_half_away_from_zero(self):
        self.assertEqual(qz.round_half_away([0.5, 1.5, 2.5, -0.5, -1.5, 0.49999, -2.5000001]).tolist(),
                         [1, 2, 3, -1, -2, 0, -3])

    def test_w_shift(self):
        # max|w| * 2^(8 - s) <= 127, smallest s in -8..4:
        # 0.3: s=0 gives 76.8, s=-1 gives 153.6 -> 0.  127/256 exactly fits s=0.  0.01: s=-4 gives 40.96,
        # s=-5 gives 81.92, s=-6 gives 163.84 -> -5.  Tiny -> -8.  5.0: s=3 gives 160, s=4 gives 80 -> 4.
        # 100 does not fit anywhere -> 4 (and the weights clamp).
        for m, s in ((0.3, 0), (127 / 256, 0), (127 / 256 + 1e-9, 1), (0.01, -5), (1e-9, -8), (5.0, 4), (100.0, 4)):
            self.assertEqual(qz.choose_w_shift(m), s, m)
        w, s = qz.quantize_weights(np.array([[0.3, -0.3, 0.1, -0.00195312]]))
        self.assertEqual(s, 0)
        # 0.3*256 = 76.8 -> 77; 0.1*256 = 25.6 -> 26; -0.00195312*256 = -0.49999.. -> 0
        self.assertEqual(w.tolist(), [[77, -77, 26, 0]])
        w, s = qz.quantize_weights(np.array([100.0, -3.0]))
        self.assertEqual((s, w.tolist()), (4, [127, -48]))

    def test_q78_and_tau(self):
        self.assertEqual(qz.quantize_q78([0.75, -1 / 512, 1 / 512, 200.0, -200.0]).tolist(), [192, -1, 1, 32767, -32768])
        self.assertEqual([qz.quantize_tau(t) for t in (0.5, 0.9, 1.2, -0.1, 1 / 512)], [128, 230, 256, 0, 1])

    def test_default_gaussian_lut(self):
        d = qz.gaussian_daf()  # A=1, mu=1, sigma=0.4, 8 bits covering mu +- 4 sigma = [-0.6, 2.6]
        # span 3.2 * 256 = 819.2 LSB: 2^(8+1) = 512 < 819.2 <= 2^(8+2) = 1024 -> lut_shift 2;
        # centred on mu: lut_lo = 256 - 512 = -256, the table covers [-1, 3).
        self.assertEqual((d["lut_bits"], d["lut_shift"], d["lut_lo"]), (8, 2, -256))
        # bucket k centre: (-256 + 4k + 2)/256. k = 128 -> 258/256: exp(-(2/256)^2/0.32) * 256 = 255.95 -> 256.
        # k = 64 -> x = 2/256: exp(-(254/256)^2/0.32) * 256 -> 12 (by hand: (254/256)^2 = 0.98444,
        # /0.32 = 3.07637, e^-3.07637 = 0.046144, *256 = 11.81 -> 12). k = 0 -> x = -254/256, far tail -> 0.
        self.assertEqual(int(d["lut"][128]), 256)
        self.assertEqual(int(d["lut"][64]), 12)
        self.assertEqual(int(d["lut"][0]), 0)
        self.assertEqual(int(d["lut"][127]), 256)  # x = 254/256: exp(-(2/256)^2/0.32)*256 = 255.95 -> 256
        self.assertEqual(len(d["lut"]), 256)

    def test_lut_centres_shift_zero(self):
        self.assertEqual(qz.lut_centres(2, 0, -3).tolist(), [-3 / 256, -2 / 256, -1 / 256, 0.0])
        self.assertEqual(qz.lut_centres(1, 3, 8).tolist(), [12 / 256, 20 / 256])

    def test_model_file_round_trip(self):
        try:
            from trinity_train.model_file import read_model, write_model
        except ImportError:
            self.skipTest("model_file.py not there")
        rng = np.random.default_rng(4)
        layers = random_network(rng, [12, 6, 3], [2, 1], True)
        for l in layers[1:]:  # what the exporter writes for kinds without a table
            l.update(lut_bits=1, lut_shift=0, lut_lo=0, lut=np.zeros(2, dtype=np.int16))
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "m.trn")
            write_model(p, 5, layers, {"model": "test"})
            back = qz.layers_from_file(read_model(p)["layers"])
        for a, b in zip(layers, back):
            for k in a:
                np.testing.assert_array_equal(np.asarray(a[k]), np.asarray(b[k]), err_msg=k)


if __name__ == "__main__":
    unittest.main()
