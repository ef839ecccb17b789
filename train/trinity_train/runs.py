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


def float_counts(net, spikes, batch=1000):
    """Float-model output spike counts [N, n_out] on spike frames [N, T, n_in] (uint8 0/1)."""
    net.eval()
    out = []
    with torch.no_grad():
        for lo in range(0, len(spikes), batch):
            out.append(net(torch.from_numpy(spikes[lo:lo + batch]).float()).numpy())
    return np.concatenate(out)


def evaluate_float(net, spikes, labels, batch=1000):
    """Float-model accuracy and predictions on spike frames [N, T, n_in]."""
    preds = decode(float_counts(net, spikes, batch))
    return float(np.mean(preds == labels)), preds


def train_step(net, opt, x, target, timesteps):
    """One optimiser step on the paper's objective, the MSE between the output
    spike rate (counts / T) and the one-hot target. Returns (loss, counts)."""
    counts = net(x)
    loss = torch.nn.functional.mse_loss(counts / timesteps, target)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss, counts


def describe_daf(daf):
    return "dAF: A=%g mu=%g sigma=%g, LUT bits=%d shift=%d lo=%d (%s)" % (
        daf["amplitude"], daf["center"], daf["sigma"], daf["lut_bits"], daf["lut_shift"], daf["lut_lo"],
        daf["source"])
