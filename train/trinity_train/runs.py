# SPDX-License-Identifier: Apache-2.0
"""What the training scripts (train.py and the tools around it) share around a run:
the reproducing command line, float evaluation, and the dAF they report."""
import os
import shlex
import sys

import numpy as np
import torch

from .snn import decode

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def command_string(script, argv=None):
    """The command line that reproduces this run: `script` with `argv`, or, when
    argv is None, this process's own script and arguments (sys.argv)."""
    if argv is None:
        script, argv = sys.argv[0], sys.argv[1:]
    rel = os.path.relpath(os.path.abspath(script), REPO)
    return "OMP_WAIT_POLICY=passive " + shlex.join([sys.executable, rel] + list(argv))


def evaluate_float(net, spikes, labels, batch=1000):
    """Float-model accuracy and predictions on spike frames [N, T, n_in]."""
    net.eval()
    preds = []
    with torch.no_grad():
        for lo in range(0, len(spikes), batch):
            x = torch.from_numpy(spikes[lo:lo + batch]).float()
            preds.append(decode(net(x).numpy()))
    preds = np.concatenate(preds)
    return float(np.mean(preds == labels)), preds


def describe_daf(daf):
    return "dAF: A=%g mu=%g sigma=%g, LUT bits=%d shift=%d lo=%d (%s)" % (
        daf["amplitude"], daf["center"], daf["sigma"], daf["lut_bits"], daf["lut_shift"], daf["lut_lo"],
        daf["source"])
