# SPDX-License-Identifier: Apache-2.0
"""The fixed-point contract in Python: every limit, rounding and saturation
rule of docs/fixed-point-spec.md, written once for the training package.

It mirrors the C++ contract (contract/fixed_point.hpp, contract/network.hpp);
train/tests/test_fixed_point.py compiles those headers and fails if a value
or a primitive here differs. quantize.py, snn.py and model_file.py take their
numbers from here instead of writing literals.

Standard library only at import time (model_file.py must not need numpy);
the primitives work on Python ints and, elementwise, on numpy integer arrays
(numpy is imported only by the functions that need it).
"""

# §1 network limits
MAX_LAYERS = 16
MAX_NEURONS = 65535
MAX_TIMESTEPS = 65535

# §1 unit kinds: code <-> name
KIND_CODES = {"bi": 0, "tri-R": 1, "tri-G": 2, "tri-LUT": 3}
KIND_NAMES = {v: k for k, v in KIND_CODES.items()}

# §2 number formats
FRAC_BITS = 8                  # Q7.8 membranes, bias, threshold, LUT; Q0.8 taus
ONE = 1 << FRAC_BITS           # the integer that means 1.0
INT8_MIN, INT8_MAX = -128, 127
INT16_MIN, INT16_MAX = -32768, 32767
W_SHIFT_MIN, W_SHIFT_MAX = -8, 4
TAU_MIN, TAU_MAX = 0, 256
LUT_BITS_MIN, LUT_BITS_MAX = 1, 12
LUT_SHIFT_MIN, LUT_SHIFT_MAX = 0, 15

# §7: the exporter never writes -128, so the weight grid is symmetric
W_QUANT_MAX = 127


# ---------------------------------------------------------------- §3 primitives

def sat16(x):
    """min(max(x, -32768), 32767); a Python int or, elementwise, a numpy array."""
    if isinstance(x, int):
        return min(max(x, INT16_MIN), INT16_MAX)
    import numpy as np
    return np.clip(x, INT16_MIN, INT16_MAX)


def rshift_round(x, k):
    """floor((x + 2^(k-1)) / 2^k) for k >= 1 (ties towards +inf), x for k = 0."""
    return x if k == 0 else (x + (1 << (k - 1))) >> k


def scale(acc, w_shift):
    """acc * 2^w_shift for w_shift >= 0, rshift_round(acc, -w_shift) below."""
    return acc << w_shift if w_shift >= 0 else rshift_round(acc, -w_shift)


def decay(v, tau):
    """v * tau / 256, rounded half up (tau in Q0.8, 0..256)."""
    return rshift_round(v * tau, FRAC_BITS)


def lut_index(v, lut_lo, lut_shift, lut_bits):
    """clamp(floor((v - lut_lo) / 2^lut_shift), 0, 2^lut_bits - 1)."""
    d = (v - lut_lo) >> lut_shift
    last = (1 << lut_bits) - 1
    if isinstance(d, int):
        return min(max(d, 0), last)
    import numpy as np
    return np.clip(d, 0, last)


# ---------------------------------------------------------------- §7 quantisation rounding

def round_half_away(x):
    """Round to nearest, ties away from zero (§7), elementwise, in float64."""
    import numpy as np
    x = np.asarray(x, dtype=np.float64)
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def from_q78(x):
    """The float a Q7.8 (or Q0.8 tau) integer stands for."""
    return x / float(ONE)


def weight_value(w, w_shift):
    """The float an int8 weight stands for: w * 2^(w_shift - 8) (§2)."""
    return w * 2.0 ** (w_shift - FRAC_BITS)
