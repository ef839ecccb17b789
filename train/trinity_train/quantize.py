# SPDX-License-Identifier: Apache-2.0
"""Quantising a float network, docs/fixed-point-spec.md §7.

Produces one dict per layer with the fields of the model file's layer
record (docs/model-format.md) plus numpy arrays:

    kind (0 bi, 1 tri-R, 2 tri-G, 3 tri-LUT), w_shift, lut_bits, lut_shift,
    n_in, n_out, tau_d, tau_n, v_th, lut_lo,
    weights  int8  [n_out, n_in]  (row-major, w[i][j])
    bias     int16 [n_out]
    lut      int16 [2**lut_bits]

`quantised_forward` in snn.py runs these dicts; `write_model` stores them.
"""
import json

import numpy as np

from .fixed_point import (FRAC_BITS, INT16_MAX, INT16_MIN, KIND_CODES, KIND_NAMES,  # noqa: F401 (re-exported)
                          LUT_BITS_MAX, LUT_BITS_MIN, LUT_SHIFT_MAX, LUT_SHIFT_MIN, ONE, TAU_MAX, TAU_MIN,
                          W_QUANT_MAX, W_SHIFT_MAX, W_SHIFT_MIN, from_q78, round_half_away, sat16, weight_value)


def choose_w_shift(max_abs_w):
    """The smallest w_shift in -8..4 with max|w| * 2^(8 - w_shift) <= 127.

    If even w_shift = 4 does not fit (max|w| > 127/16), 4 is returned and the
    weights are clamped to +-127 (that is what the clamp in §7 is for).
    """
    m = float(max_abs_w)
    for s in range(W_SHIFT_MIN, W_SHIFT_MAX + 1):
        if m * 2.0 ** (FRAC_BITS - s) <= W_QUANT_MAX:
            return s
    return W_SHIFT_MAX


def quantize_weights(w_float, w_shift=None):
    """(int8 weights, w_shift) for one layer, §7.

    w_shift None: choose_w_shift's (the finest scale that clamps nothing).
    A given w_shift (in -8..4) is used as it is: weights beyond +-127 steps
    are clamped to +-127, the clamp of §7 (train/export_gated.py chooses
    such a finer scale when calibration says it tracks the float model better).
    """
    w_float = np.asarray(w_float, dtype=np.float64)
    if w_shift is None:
        s = choose_w_shift(np.max(np.abs(w_float)) if w_float.size else 0.0)
    elif W_SHIFT_MIN <= int(w_shift) <= W_SHIFT_MAX:
        s = int(w_shift)
    else:
        raise ValueError("w_shift %r outside %d..%d" % (w_shift, W_SHIFT_MIN, W_SHIFT_MAX))
    w = np.clip(round_half_away(w_float * 2.0 ** (FRAC_BITS - s)), -W_QUANT_MAX, W_QUANT_MAX).astype(np.int8)
    return w, s


def quantize_q78(x):
    """sat16(round(x * 256)) -> int16 (bias, v_th, lut_lo, LUT entries)."""
    return sat16(round_half_away(np.asarray(x, dtype=np.float64) * ONE)).astype(np.int16)


def quantize_tau(tau_float):
    return int(np.clip(round_half_away(tau_float * ONE), TAU_MIN, TAU_MAX))


# ---------------------------------------------------------------- LUT tables

def lut_centres(lut_bits, lut_shift, lut_lo):
    """x_k = (lut_lo + k*2^lut_shift + 2^(lut_shift-1)) / 256 (for shift 0: (lut_lo + k)/256), §7."""
    k = np.arange(2 ** lut_bits, dtype=np.float64)
    half = 2.0 ** (lut_shift - 1) if lut_shift > 0 else 0.0
    return from_q78(lut_lo + k * 2.0 ** lut_shift + half)


def gaussian_np(x, amplitude, center, sigma):
    return amplitude * np.exp(-((x - center) ** 2) / (2.0 * sigma ** 2))


def gaussian_lut_geometry(center, sigma, lut_bits=8, n_sigma=4.0):
    """(lut_shift, lut_lo) for a table of 2^lut_bits entries covering centre +- n_sigma*sigma.

    lut_shift is the smallest shift whose span 2^(lut_bits+lut_shift) Q7.8
    LSBs covers the 2*n_sigma*sigma interval; the table is centred on `center`.
    """
    span = 2.0 * n_sigma * sigma * ONE
    shift = LUT_SHIFT_MIN
    while 2 ** (lut_bits + shift) < span and shift < LUT_SHIFT_MAX:
        shift += 1
    lo = int(round_half_away(center * ONE)) - 2 ** (lut_bits + shift - 1)
    lo = int(np.clip(lo, INT16_MIN, INT16_MAX))
    return shift, lo


def build_lut(g, lut_bits, lut_shift, lut_lo):
    """Entry k = sat16(round(256 * g(x_k))) at the bucket centre x_k (§7); int16 array."""
    return quantize_q78(g(lut_centres(lut_bits, lut_shift, lut_lo)))


def gaussian_daf(amplitude=1.0, center=1.0, sigma=0.4, lut_bits=8):
    """Default Gaussian dAF: parameters and its §7 LUT (covering centre +- 4 sigma)."""
    shift, lo = gaussian_lut_geometry(center, sigma, lut_bits)
    lut = build_lut(lambda x: gaussian_np(x, amplitude, center, sigma), lut_bits, shift, lo)
    return {
        "amplitude": float(amplitude), "center": float(center), "sigma": float(sigma),
        "lut_bits": int(lut_bits), "lut_shift": int(shift), "lut_lo": int(lo),
        "lut": lut, "source": "default (A=%g, mu=%g, sigma=%g), LUT built per spec §7" % (amplitude, center, sigma),
    }


def load_daf_json(path):
    """A calibration JSON: model_domain.{amplitude,center,sigma} and lut.{lut_bits,lut_shift,lut_lo,entries}.

    The float model uses the Gaussian parameters; the exported table is the
    JSON's LUT verbatim (it is what calibration measured/fitted).
    """
    with open(path, "r", encoding="utf-8") as f:
        doc = json.load(f)
    md, lut = doc["model_domain"], doc["lut"]
    bits, shift, lo = int(lut["lut_bits"]), int(lut["lut_shift"]), int(lut["lut_lo"])
    entries = np.asarray(lut["entries"], dtype=np.int64)
    if not (LUT_BITS_MIN <= bits <= LUT_BITS_MAX and LUT_SHIFT_MIN <= shift <= LUT_SHIFT_MAX
            and INT16_MIN <= lo <= INT16_MAX):
        raise ValueError(f"{path}: LUT geometry out of range (bits {bits}, shift {shift}, lo {lo})")
    if entries.shape != (2 ** bits,) or entries.min() < INT16_MIN or entries.max() > INT16_MAX:
        raise ValueError(f"{path}: lut.entries must be {2 ** bits} int16 values")
    return {
        "amplitude": float(md["amplitude"]), "center": float(md["center"]), "sigma": float(md["sigma"]),
        "lut_bits": bits, "lut_shift": shift, "lut_lo": lo, "lut": entries.astype(np.int16),
        "source": str(path),
    }


# ---------------------------------------------------------------- layers

def quantize_layer(kind, weight, bias, tau_d, tau_n, v_th, lut=None, lut_bits=1, lut_shift=0, lut_lo=0):
    """One layer dict. weight: float [n_out, n_in]; bias: float [n_out]; taus, v_th floats.

    For kinds without a table (bi, tri-R) lut is None and the record gets
    lut_bits = 1 and two zeros, as the model format asks.
    """
    code = KIND_CODES[kind] if isinstance(kind, str) else int(kind)
    weight = np.asarray(weight, dtype=np.float64)
    n_out, n_in = weight.shape
    w, s = quantize_weights(weight)
    if code in (2, 3):
        if lut is None:
            raise ValueError("tri-G / tri-LUT layers need a LUT")
        lut = np.asarray(lut, dtype=np.int16)
        if lut.shape != (2 ** lut_bits,):
            raise ValueError("LUT size does not match lut_bits")
    else:
        lut, lut_bits, lut_shift, lut_lo = np.zeros(2, dtype=np.int16), 1, 0, 0
    return {
        "kind": code, "w_shift": int(s), "lut_bits": int(lut_bits), "lut_shift": int(lut_shift),
        "n_in": int(n_in), "n_out": int(n_out),
        "tau_d": quantize_tau(tau_d) if code != 0 else 0,
        "tau_n": quantize_tau(tau_n),
        "v_th": int(quantize_q78(v_th)), "lut_lo": int(lut_lo),
        "weights": np.ascontiguousarray(w), "bias": quantize_q78(np.asarray(bias, dtype=np.float64)),
        "lut": np.ascontiguousarray(lut),
    }


def layers_from_file(layers):
    """Layer dicts as model_file.read_model returns them (lists) -> the numpy form used here."""
    out = []
    for l in layers:
        d = {k: int(l[k]) for k in ("kind", "w_shift", "lut_bits", "lut_shift", "n_in", "n_out", "tau_d", "tau_n",
                                    "v_th", "lut_lo")}
        d["weights"] = np.asarray(l["weights"], dtype=np.int8).reshape(d["n_out"], d["n_in"])
        d["bias"] = np.asarray(l["bias"], dtype=np.int16)
        d["lut"] = np.asarray(l["lut"], dtype=np.int16)
        out.append(d)
    return out


def dequantize_layer(layer):
    """Float view of a quantised layer dict (weights * 2^(w_shift-8), Q7.8 -> float)."""
    d = dict(layer)
    d["weight_float"] = weight_value(layer["weights"].astype(np.float64), layer["w_shift"])
    d["bias_float"] = from_q78(layer["bias"].astype(np.float64))
    d["tau_d_float"] = from_q78(layer["tau_d"])
    d["tau_n_float"] = from_q78(layer["tau_n"])
    d["v_th_float"] = from_q78(layer["v_th"])
    return d


def layer_summary(layer):
    w = layer["weights"]
    return ("%s %dx%d w_shift=%d |w|max=%d tau_d=%d tau_n=%d v_th=%d lut_bits=%d lut_shift=%d lut_lo=%d"
            % (KIND_NAMES[layer["kind"]], layer["n_out"], layer["n_in"], layer["w_shift"],
               int(np.abs(w.astype(np.int16)).max()), layer["tau_d"], layer["tau_n"], layer["v_th"],
               layer["lut_bits"], layer["lut_shift"], layer["lut_lo"]))
