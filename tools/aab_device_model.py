#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Compact model of an anti-ambipolar (AAB) WSe2/MoS2 p-n heterojunction transistor.

The files this writes are MODEL-GENERATED stand-ins for measured transfer
curves: the project has no measured data of its own, and the dAF calibration
(`trinity calibrate`) needs curves with the features of the real device to be
exercised end to end. Every file says so in its metadata lines.

Model (one gate Vg drives both channels; Vds across the whole stack):

  softplus(z) = ln(1 + e^z)

  p-type WSe2 channel, on for Vg below its threshold:
      G_p(Vg) = G0_p * softplus((Vth_p - Vg) / Vs_p)^2
  n-type MoS2 channel, on for Vg above its threshold:
      G_n(Vg) = G0_n * softplus((Vg - Vth_n) / Vs_n)^2

  softplus^2 is the EKV interpolation: e^(2z) (exponential sub-threshold, a
  swing of SS = Vs*ln(10)/2 volts per decade) well below threshold and z^2
  (square law) well above it, with one smooth expression in between.

  The two channels are in series, so their conductances add harmonically:
      G_ch = 1 / (1/G_p + 1/G_n),           I_ch = G_ch * Vds
  The current is only large where both channels conduct, which is the bell
  (Vth_n < Vg < Vth_p region). Outside it one channel is sub-threshold and
  the current falls exponentially on both sides.

  The p-n junction at the overlap rectifies. It is a diode
      I_j(Vds) = I_s * (exp(Vds / (eta * U_T)) - 1)
  in series with the channels, combined the same way:
      1/|I| = 1/|I_ch| + 1/|I_j|,           sign(I) = sign(Vds)
  This is NOT the series circuit. It evaluates each element as if the whole
  Vds were across it and takes a smooth minimum of the two currents; the
  exact circuit shares Vds, I = G_ch*(Vds - V_j) = I_j(V_j). At Vds = +1 V
  the junction alone would pass ~5e-4 A, so the harmonic form lets the full
  channel current through, while in the exact circuit the junction (eta = 2,
  I_s = 2 pA) takes 0.35 V of the 1 V at the peak. tools/aab_series_exact.py
  solves the circuit exactly: peak 1.83 nA exact against 2.83 nA here (this
  model is 1.55x too high, at the same Vg), FWHM 3.04 V against 2.92 V, and
  the two peak-normalised bells differ by at most 2.7 % of the peak. The
  current is within 5 % of the exact one only in the tails (|Id| of a few
  pA). The calibration normalises the amplitude, so the dAF sees only the
  shape difference. At Vds = -1 V the junction passes at most I_s, so the
  device shows no turn-on (|I| <= I_s, pA, flat-topped); there both forms
  give a 2.0 pA peak (0.1 % apart).
  The files in data/aab are generated with this harmonic form; it is kept so
  they (and the dAF calibrated from them) stay reproducible byte for byte.

  Hysteresis: charge trapped while the gate sweeps up screens the gate on
  the way back, which shifts both thresholds by the same dVth. The backward
  sweep (Vg from +10 V down to -10 V) uses Vth + dVth.

  Measurement noise (optional, seeded, on by default): each sample gets
  Gaussian noise with standard deviation noise_rel*|I| + noise_abs, as a
  source-measure unit's gain error plus its current floor.

Default parameters (see PARAMS) put the forward peak at Vg = -4.8 V with
~2.8 nA at Vds = +1 V (harmonic form; 1.8 nA in the exact series circuit), FWHM 2.9 V, and the backward peak at +0.5 V.

Usage:
  python3 tools/aab_device_model.py --out data/aab
  python3 tools/aab_device_model.py --out /tmp/aab --noise-rel 0 --noise-abs 0

Python 3 standard library only.
"""

import argparse
import math
import os
import random
import sys

U_T = 0.025852  # thermal voltage at 300 K, volts

# Every number here is written into each CSV's metadata and into
# data/aab/README.md; change them together.
PARAMS = {
    "Vth_n": -6.78,  # V, MoS2 (n) threshold, forward sweep
    "Vs_n": 1.0,  # V, n slope voltage (SS = 1.15 V/dec)
    "G0_n": 1.5e-9,  # S, n conductance scale
    "Vth_p": -1.93,  # V, WSe2 (p) threshold, forward sweep
    "Vs_p": 1.2,  # V, p slope voltage (SS = 1.38 V/dec)
    "G0_p": 0.8e-9,  # S, p conductance scale
    "I_s": 2.0e-12,  # A, junction reverse saturation current
    "eta": 2.0,  # junction ideality factor
    "dVth_backward": 5.3,  # V, threshold shift on the backward sweep (hysteresis)
}

SWEEP_START = -10.0
SWEEP_STOP = 10.0
SWEEP_POINTS = 201  # 0.1 V steps


def softplus(z):
    # Written to stay finite for any z: exp never sees a large positive value.
    if z > 0:
        return z + math.log1p(math.exp(-z))
    return math.log1p(math.exp(z))


def drain_current(vg, vds, backward=False, p=PARAMS):
    """Drain current in amperes at gate voltage vg and drain voltage vds."""
    shift = p["dVth_backward"] if backward else 0.0
    g_p = p["G0_p"] * softplus((p["Vth_p"] + shift - vg) / p["Vs_p"]) ** 2
    g_n = p["G0_n"] * softplus((vg - p["Vth_n"] - shift) / p["Vs_n"]) ** 2
    if vds == 0.0 or g_p == 0.0 or g_n == 0.0:
        return 0.0
    i_ch = abs(vds) / (1.0 / g_p + 1.0 / g_n)
    # Clamp the exponent: beyond it the junction is a short anyway.
    i_j = abs(p["I_s"] * math.expm1(min(vds / (p["eta"] * U_T), 300.0)))
    magnitude = 1.0 / (1.0 / i_ch + 1.0 / i_j)
    return math.copysign(magnitude, vds)


def sweep_voltages(backward):
    step = (SWEEP_STOP - SWEEP_START) / (SWEEP_POINTS - 1)
    vgs = [round(SWEEP_START + k * step, 6) for k in range(SWEEP_POINTS)]
    return list(reversed(vgs)) if backward else vgs


def peak(vgs, ids):
    k = max(range(len(ids)), key=lambda i: abs(ids[i]))
    return vgs[k], abs(ids[k])


def write_csv(path, title, vds, backward, rng, noise_rel, noise_abs, seed, command):
    vgs = sweep_voltages(backward)
    clean = [drain_current(v, vds, backward) for v in vgs]
    noisy = [i + rng.gauss(0.0, noise_rel * abs(i) + noise_abs) if (noise_rel or noise_abs) else i for i in clean]
    params = "; ".join("%s=%g" % kv for kv in PARAMS.items())
    lines = [
        "SetupTitle, %s" % title,
        "PrimitiveTest, I/V Sweep",
        "Note, MODEL-GENERATED data: compact model tools/aab_device_model.py; NOT a measurement",
        "Note, generated by: %s" % command,
        "TestParameter, Vds, %g" % vds,
        "TestParameter, Sweep, %s, %g, %g, %d" % (
            "backward" if backward else "forward",
            vgs[0],
            vgs[-1],
            len(vgs),
        ),
        "TestParameter, ModelParameters, %s" % params,
        "TestParameter, Noise, rel=%g; abs=%g A; seed=%d" % (noise_rel, noise_abs, seed),
        "Dimension1, %d" % len(vgs),
        "DataName, Vg, Id",
    ]
    lines += ["DataValue, %.2f, %.6e" % (v, i) for v, i in zip(vgs, noisy)]
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return peak(vgs, clean)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--noise-rel", type=float, default=0.01, help="relative noise sigma (default 0.01)")
    ap.add_argument("--noise-abs", type=float, default=2e-12, help="absolute noise sigma in A (default 2e-12)")
    ap.add_argument("--seed", type=int, default=1, help="noise seed (default 1)")
    args = ap.parse_args(argv)
    if args.noise_rel < 0 or args.noise_abs < 0:
        ap.error("noise sigmas must be >= 0")
    os.makedirs(args.out, exist_ok=True)
    command = "python3 tools/aab_device_model.py " + " ".join(argv)

    files = [
        ("aab_forward_vds1V.csv", "AAB WSe2/MoS2 transfer curve, forward sweep, Vds=+1V (MODEL-GENERATED)", 1.0, False),
        ("aab_backward_vds1V.csv", "AAB WSe2/MoS2 transfer curve, backward sweep, Vds=+1V (MODEL-GENERATED)", 1.0, True),
        ("aab_forward_vdsneg1V.csv", "AAB WSe2/MoS2 transfer curve, forward sweep, Vds=-1V (MODEL-GENERATED)", -1.0, False),
    ]
    for n, (name, title, vds, backward) in enumerate(files):
        # One stream per file, so regenerating one file leaves the others' noise alone.
        rng = random.Random(args.seed * 1000 + n)
        path = os.path.join(args.out, name)
        vpk, ipk = write_csv(path, title, vds, backward, rng, args.noise_rel, args.noise_abs, args.seed, command)
        print("%s: noiseless peak |Id| %.3e A at Vg = %+.2f V" % (path, ipk, vpk))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
