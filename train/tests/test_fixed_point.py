# SPDX-License-Identifier: Apache-2.0
"""trinity_train.fixed_point against the C++ contract (contract/fixed_point.hpp,
contract/network.hpp, contract/network.cpp), compiled here with g++.

  * every limit and code: the C++ program prints the values, Python compares
    them with its own; every constexpr constant of fixed_point.hpp must have
    a Python counterpart (a new C++ constant without one fails the test);
  * the primitives (sat16, rshift_round, scale, decay, lut_index) on a grid
    of inputs that covers the edges: the C++ and Python results are equal.

    OMP_WAIT_POLICY=passive /usr/bin/python3 -m unittest discover -s train/tests
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from trinity_train import fixed_point as fp  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONTRACT = os.path.join(REPO, "contract")

# C++ name -> the Python value it must equal
CONSTANTS = {
    "kFracBits": fp.FRAC_BITS,
    "kInt16Min": fp.INT16_MIN,
    "kInt16Max": fp.INT16_MAX,
    "kMinWShift": fp.W_SHIFT_MIN,
    "kMaxWShift": fp.W_SHIFT_MAX,
    "kMaxTau": fp.TAU_MAX,
    "kMaxLutBits": fp.LUT_BITS_MAX,
    "kMaxLutShift": fp.LUT_SHIFT_MAX,
    "kMaxLayers": fp.MAX_LAYERS,
    "kMaxNeurons": fp.MAX_NEURONS,
    "kMaxTimesteps": fp.MAX_TIMESTEPS,
}
KINDS = {"kBi": "bi", "kTriRelu": "tri-R", "kTriGauss": "tri-G", "kTriLut": "tri-LUT"}

PROGRAM = r"""
#include <cstdio>
#include <iostream>
#include "fixed_point.hpp"
#include "network.hpp"
using namespace trinity;
int main() {
%(constants)s
%(kinds)s
  // primitives: one query per line, "op a b c d"
  std::string op;
  long long a, b, c, d;
  while (std::cin >> op >> a >> b >> c >> d) {
    long long r = 0;
    if (op == "sat16") r = sat16(a);
    else if (op == "rshift_round") r = rshift_round(a, int(b));
    else if (op == "scale") r = scale(a, int(b));
    else if (op == "decay") r = decay(int16_t(a), uint16_t(b));
    else if (op == "lut_index") r = lut_index(int16_t(a), int16_t(b), int(c), int(d));
    std::printf("%%lld\n", r);
  }
}
"""


def cpp_constant_names(header):
    with open(header, encoding="utf-8") as f:
        return re.findall(r"constexpr\s+(?:u?int\d*_t|int|unsigned)\s+(k\w+)\s*=", f.read())


def queries():
    """(op, a, b, c, d) covering the edges of each primitive's domain."""
    q = []
    for x in (-2**40, -32769, -32768, -32767, -1, 0, 1, 32766, 32767, 32768, 2**40):
        q.append(("sat16", x, 0, 0, 0))
    for x in (-2**30 - 1, -385, -384, -383, -129, -128, -127, -2, -1, 0, 1, 2, 127, 128, 129, 383, 384, 2**30 + 1):
        for k in range(0, 12):
            q.append(("rshift_round", x, k, 0, 0))
    for acc in (-65535 * 128, -65535 * 127, -300, -129, -128, -1, 0, 1, 128, 129, 300, 65535 * 127):
        for s in range(fp.W_SHIFT_MIN, fp.W_SHIFT_MAX + 1):
            q.append(("scale", acc, s, 0, 0))
    for v in (-32768, -32767, -257, -256, -255, -129, -128, -127, -1, 0, 1, 127, 128, 129, 255, 256, 32767):
        for tau in (0, 1, 2, 127, 128, 129, 255, 256):
            q.append(("decay", v, tau, 0, 0))
    for v in (-32768, -300, -257, -256, -255, -1, 0, 1, 255, 256, 767, 768, 32767):
        for lo in (-32768, -256, 0, 255):
            for shift in (0, 2, 15):
                for bits in (1, 8, 12):
                    q.append(("lut_index", v, lo, shift, bits))
    return q


def python_result(op, a, b, c, d):
    if op == "sat16":
        return fp.sat16(a)
    if op == "rshift_round":
        return fp.rshift_round(a, b)
    if op == "scale":
        return fp.scale(a, b)
    if op == "decay":
        return fp.decay(a, b)
    return fp.lut_index(a, b, c, d)


@unittest.skipIf(shutil.which("g++") is None, "no g++")
class AgainstCppContract(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        src, cls.exe = os.path.join(cls.tmp.name, "fp.cpp"), os.path.join(cls.tmp.name, "fp")
        constants = "\n".join('  std::printf("%s %%lld\\n", (long long)%s);' % (n, n) for n in CONSTANTS)
        kinds = "\n".join('  std::printf("%s %%d %%s\\n", int(UnitKind::%s), unit_kind_name(UnitKind::%s));'
                          % (n, n, n) for n in KINDS)
        with open(src, "w") as f:
            f.write(PROGRAM % {"constants": constants, "kinds": kinds})
        subprocess.run(["g++", "-std=c++17", "-O1", "-I", CONTRACT, src, os.path.join(CONTRACT, "network.cpp"),
                        "-o", cls.exe], check=True)
        lines = "\n".join(" ".join(map(str, x)) for x in queries()) + "\n"
        out = subprocess.run([cls.exe], input=lines, capture_output=True, text=True, check=True).stdout.split("\n")
        n_const = len(CONSTANTS) + len(KINDS)
        cls.header_lines, cls.results = out[:n_const], [int(v) for v in out[n_const:] if v]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_limits_equal(self):
        got = dict(line.split()[:2] for line in self.header_lines[:len(CONSTANTS)])
        for name, value in CONSTANTS.items():
            self.assertEqual(int(got[name]), value, "C++ %s = %s, Python has %d" % (name, got[name], value))

    def test_unit_kind_codes_and_names(self):
        py = {}
        for line in self.header_lines[len(CONSTANTS):]:
            _, code, name = line.split()
            py[name] = int(code)
        self.assertEqual(py, fp.KIND_CODES)
        self.assertEqual({KINDS[n] for n in KINDS}, set(fp.KIND_CODES))

    def test_every_fixed_point_constant_has_a_python_value(self):
        names = cpp_constant_names(os.path.join(CONTRACT, "fixed_point.hpp"))
        self.assertTrue(names, "no constants found in contract/fixed_point.hpp")
        missing = [n for n in names if n not in CONSTANTS]
        self.assertEqual(missing, [], "constants of contract/fixed_point.hpp with no Python counterpart in "
                                      "train/trinity_train/fixed_point.py (add them there and to CONSTANTS here)")

    def test_primitives_equal(self):
        q = queries()
        self.assertEqual(len(self.results), len(q))
        for query, cpp in zip(q, self.results):
            self.assertEqual(python_result(*query), cpp, query)

    def test_primitives_on_numpy_arrays(self):
        # the numpy path (what quantised_forward uses) gives the Python-int answers too
        by_op = {}
        for query, cpp in zip(queries(), self.results):
            by_op.setdefault((query[0],) + tuple(query[2:]), []).append((query[1], cpp))
        for (op, b, c, d), pairs in by_op.items():
            a = np.array([p[0] for p in pairs], dtype=np.int64)
            want = np.array([p[1] for p in pairs], dtype=np.int64)
            np.testing.assert_array_equal(np.asarray(python_result(op, a, b, c, d)), want, err_msg=op)


class QuantisationRounding(unittest.TestCase):
    def test_round_half_away_from_zero(self):
        self.assertEqual(fp.round_half_away([0.5, 1.5, 2.5, -0.5, -1.5, 0.49999, -2.5000001]).tolist(),
                         [1, 2, 3, -1, -2, 0, -3])

    def test_values(self):
        self.assertEqual(fp.from_q78(192), 0.75)
        self.assertEqual(fp.weight_value(77, 0), 77 / 256)
        self.assertEqual(fp.weight_value(-3, 4), -3 * 16 / 256)


if __name__ == "__main__":
    unittest.main()
