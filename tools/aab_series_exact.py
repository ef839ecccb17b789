#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""How far the AAB device model's harmonic channel/junction combination is
from the exact series circuit.

tools/aab_device_model.py combines the channel current and the junction
current as 1/|I| = 1/|I_ch(Vds)| + 1/|I_j(Vds)|: each element evaluated with
the whole Vds across it. The exact series circuit shares Vds between them:

    I = G_ch(Vg) * (Vds - V_j) = I_s * (exp(V_j / (eta * U_T)) - 1)

which this script solves for V_j by bisection (the left side falls and the
right side rises in V_j, so the root in [min(0, Vds), max(0, Vds)] is
unique), with the model's own parameters and conductances. It prints, per
sweep, both peaks, the junction drop at the exact peak, the half-maximum
widths and the largest difference between the two peak-normalised curves
(the calibration normalises the amplitude, so that is what a dAF sees).
The numbers are quoted in tools/aab_device_model.py and data/aab/README.md.

Usage: python3 tools/aab_series_exact.py      (standard library only, ~2 s)
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aab_device_model as model  # noqa: E402

STEP = 0.001  # V, a finer grid than the files' 0.1 V so peaks and widths are not quantised


def channel_conductance(vg, backward, p=model.PARAMS):
    shift = p["dVth_backward"] if backward else 0.0
    g_p = p["G0_p"] * model.softplus((p["Vth_p"] + shift - vg) / p["Vs_p"]) ** 2
    g_n = p["G0_n"] * model.softplus((vg - p["Vth_n"] - shift) / p["Vs_n"]) ** 2
    return 1.0 / (1.0 / g_p + 1.0 / g_n)


def exact_current(vg, vds, backward=False, p=model.PARAMS):
    """(I, V_j) of the series circuit channel + junction, solved exactly."""
    g = channel_conductance(vg, backward, p)
    n_ut = p["eta"] * model.U_T
    lo, hi = min(0.0, vds), max(0.0, vds)
    for _ in range(100):  # 2 V / 2^100: far below double precision
        vj = 0.5 * (lo + hi)
        if g * (vds - vj) > p["I_s"] * math.expm1(vj / n_ut):
            lo = vj
        else:
            hi = vj
    vj = 0.5 * (lo + hi)
    return g * (vds - vj), vj


def half_max_width(vgs, ids):
    peak = max(abs(i) for i in ids)
    above = [v for v, i in zip(vgs, ids) if abs(i) >= peak / 2]
    return max(above) - min(above)


def main():
    n = int(round((model.SWEEP_STOP - model.SWEEP_START) / STEP)) + 1
    vgs = [model.SWEEP_START + k * STEP for k in range(n)]
    print("| sweep | Vds | harmonic peak | exact peak | harmonic / exact | V_j at exact peak "
          "| FWHM harmonic / exact | max diff of peak-normalised curves |")
    print("|---|---|---|---|---|---|---|---|")
    for vds, backward in ((1.0, False), (1.0, True), (-1.0, False)):
        harm = [model.drain_current(v, vds, backward) for v in vgs]
        exact = [exact_current(v, vds, backward)[0] for v in vgs]
        kh = max(range(n), key=lambda k: abs(harm[k]))
        ke = max(range(n), key=lambda k: abs(exact[k]))
        shape = max(abs(h / harm[kh] - e / exact[ke]) for h, e in zip(harm, exact))
        print("| %s | %+g V | %.3g A at %+.2f V | %.3g A at %+.2f V | %.3f | %+.3f V | %.2f / %.2f V | %.1f %% |" % (
            "backward" if backward else "forward", vds, abs(harm[kh]), vgs[kh], abs(exact[ke]), vgs[ke],
            abs(harm[kh]) / abs(exact[ke]), exact_current(vgs[ke], vds, backward)[1],
            half_max_width(vgs, harm), half_max_width(vgs, exact), 100 * shape))
    return 0


if __name__ == "__main__":
    sys.exit(main())
