# SPDX-License-Identifier: Apache-2.0
"""Dendritic spiking network: float model (torch) and quantised forward pass (numpy).

Float semantics (the paper's), per layer l and timestep t:

    I    = W s_in + b
    V_d  = tau_d V_d + I                      (tri kinds only; never reset)
    a    = I (bi) | g(V_d) (tri)               g = ReLU, Gaussian, or a piecewise-linear LUT
    V_n  = tau_n V_n (1 - s_prev) + a
    s    = H(V_n - V_th)                       strict >, V_th = 0.75

Training uses spatio-temporal backprop through the unrolled time loop with a
rectangular surrogate gradient: dS/dV = height if |V - V_th| < half_width
(recipe.SURROGATES: "stbp" 0.5 / 1, "narrow" 0.25 / 2, the default here).

The quantised forward pass implements docs/fixed-point-spec.md §4 exactly
(integer arithmetic; dense integer matmul, which is exact, instead of events).
"""
import numpy as np
import torch
import torch.nn as nn

from . import fixed_point as fp
from .fixed_point import KIND_CODES, KIND_NAMES
from .quantize import choose_w_shift, lut_centres, quantize_layer
from .recipe import target_current

V_TH = 0.75
SURROGATE = (0.25, 2.0)  # (half_width, height): the legacy recipe's "narrow" reading of width 0.5


class RectSpike(torch.autograd.Function):
    """H(x) forward; rectangular surrogate `height` on |x| < half_width backward."""

    @staticmethod
    def forward(ctx, x, half_width, height):
        ctx.save_for_backward(x)
        ctx.half_width, ctx.height = half_width, height
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved_tensors
        # divide by 1/height (not multiply by height): the legacy recipe's 1/width form, bit for bit
        return grad_out * (x.abs() < ctx.half_width).to(grad_out.dtype) / (1.0 / ctx.height), None, None


def spike(x, surrogate=SURROGATE):
    return RectSpike.apply(x, surrogate[0], surrogate[1])


def gaussian(v, amplitude, center, sigma):
    return amplitude * torch.exp(-((v - center) ** 2) / (2.0 * sigma * sigma))


def lut_interp(v, lut_q, lut_bits, lut_shift, lut_lo):
    """Piecewise-linear curve through (x_k, lut[k]/256), x_k the bucket centres (§7); edge values outside."""
    xs = lut_centres(lut_bits, lut_shift, lut_lo)
    ys = torch.as_tensor(fp.from_q78(np.asarray(lut_q, dtype=np.float64)), dtype=v.dtype, device=v.device)
    n = len(xs)
    if n == 1:
        return ys[0].expand_as(v)
    x0, step = float(xs[0]), float(xs[1] - xs[0])
    u = (v - x0) / step
    k = torch.clamp(torch.floor(u.detach()), 0, n - 2).long()
    frac = torch.clamp(u - k.to(v.dtype), 0.0, 1.0)
    y0, y1 = ys[k], ys[k + 1]
    return y0 + frac * (y1 - y0)


def _round_half_away(x):
    return torch.sign(x) * torch.floor(x.abs() + 0.5)


def fake_quantised(weight, bias, scale_from):
    """(weight, bias) as spec §7 stores them, in float, with a straight-through
    gradient (quantisation-aware training, continual.py --qat): weights on the
    layer's 2^(w_shift-8) grid, w_shift by quantize.choose_w_shift (the
    exporter's plain rule) from max|scale_from|, clamped to +-127 steps;
    biases rounded to Q7.8 and saturated to 16 bits. Every power-of-two step
    is exact in float32, so these are the very values the file will hold."""
    m = float(scale_from.detach().abs().max()) if scale_from.numel() else 0.0
    step = 2.0 ** (choose_w_shift(m) - fp.FRAC_BITS)
    wq = torch.clamp(_round_half_away(weight / step), -fp.W_QUANT_MAX, fp.W_QUANT_MAX) * step
    bq = torch.clamp(_round_half_away(bias * float(fp.ONE)), fp.INT16_MIN, fp.INT16_MAX) / float(fp.ONE)
    return weight + (wq - weight).detach(), bias + (bq - bias).detach()


class DendriticLayer(nn.Module):
    """One fully connected layer of bi / tri-R / tri-G / tri-LUT units."""

    def __init__(self, n_in, n_out, kind="tri-G", tau_d=0.5, tau_n=0.5, v_th=V_TH, daf=None,
                 surrogate=SURROGATE):
        super().__init__()
        if kind not in KIND_CODES:
            raise ValueError(f"unknown unit kind {kind!r}")
        self.kind, self.n_in, self.n_out = kind, n_in, n_out
        self.tau_d, self.tau_n, self.v_th = float(tau_d), float(tau_n), float(v_th)
        self.surrogate = (float(surrogate[0]), float(surrogate[1]))
        self.fc = nn.Linear(n_in, n_out)
        # Task gate (train/continual.py): None, or a 0/1 float tensor shaped like
        # fc.weight; the layer then uses weight * gate, so a gated-off synapse
        # has no effect and gets exactly zero gradient. Biases are not gated.
        self.gate = None
        # Quantisation-aware training (continual.py --qat) when set: the
        # synapses the exporter keeps (every task's gate so far), whose largest
        # weight sets w_shift as export_gated.py's plain rule; the forward pass
        # then sees the weights and biases as spec §7 stores them
        # (fake_quantised).
        self.qat_mask = None
        # daf: dict with amplitude/center/sigma (tri-G float curve) and
        # lut_bits/lut_shift/lut_lo/lut (exported table; tri-LUT float curve).
        self.daf = daf
        if kind in ("tri-G", "tri-LUT") and daf is None:
            raise ValueError(f"{kind} layer needs a dAF (see quantize.gaussian_daf)")

    def activation(self, v_d):
        if self.kind == "tri-R":
            return torch.relu(v_d)
        if self.kind == "tri-G":
            d = self.daf
            return gaussian(v_d, d["amplitude"], d["center"], d["sigma"])
        d = self.daf  # tri-LUT
        return lut_interp(v_d, d["lut"], d["lut_bits"], d["lut_shift"], d["lut_lo"])

    def forward(self, s_in):
        """s_in: [T, B, n_in] spikes (0/1 floats) -> [T, B, n_out] spikes.

        The layer is feed-forward, so W s_in for all T is one matmul; only the
        elementwise membrane dynamics loop over t.
        """
        T = s_in.shape[0]
        weight = self.fc.weight if self.gate is None else self.fc.weight * self.gate
        bias = self.fc.bias
        if self.qat_mask is not None:
            weight, bias = fake_quantised(weight, bias, self.fc.weight * self.qat_mask)
        if self.gate is None and self.qat_mask is None:
            current = self.fc(s_in)  # [T, B, n_out]
        else:
            current = torch.nn.functional.linear(s_in, weight, bias)
        if not torch.is_grad_enabled():
            return self._forward_inference(current)
        v_d = torch.zeros_like(current[0])
        v_n = torch.zeros_like(current[0])
        s = torch.zeros_like(current[0])
        out = []
        for t in range(T):
            if self.kind == "bi":
                a = current[t]
            else:
                v_d = self.tau_d * v_d + current[t]
                a = self.activation(v_d)
            v_n = self.tau_n * v_n * (1.0 - s) + a
            s = spike(v_n - self.v_th, self.surrogate)
            out.append(s)
        return torch.stack(out)

    def _forward_inference(self, current):
        """Same dynamics as forward(), in place and without autograd (evaluation, benchmarks).

        Resetting V_n to 0 after a spike is the paper's tau_n V_n (1 - s_prev) term.
        """
        T = current.shape[0]
        out = torch.empty_like(current)
        v_d = torch.zeros_like(current[0])
        v_n = torch.zeros_like(current[0])
        d = self.daf
        for t in range(T):
            if self.kind == "bi":
                a = current[t]
            else:
                v_d.mul_(self.tau_d).add_(current[t])
                if self.kind == "tri-G":
                    # bit-identical to gaussian(): amplitude * exp(-((v - mu)^2) / (2 sigma^2))
                    a = torch.sub(v_d, d["center"]).square_().neg_().div_(2.0 * d["sigma"] * d["sigma"]).exp_()
                    a.mul_(d["amplitude"])
                else:
                    a = self.activation(v_d)
            v_n.mul_(self.tau_n).add_(a)
            s = v_n > self.v_th
            out[t] = s
            v_n.masked_fill_(s, 0.0)
        return out

    def quantize(self):
        d = self.daf or {}
        return quantize_layer(
            self.kind, self.fc.weight.detach().cpu().double().numpy(), self.fc.bias.detach().cpu().double().numpy(),
            self.tau_d, self.tau_n, self.v_th, lut=d.get("lut"), lut_bits=d.get("lut_bits", 1),
            lut_shift=d.get("lut_shift", 0), lut_lo=d.get("lut_lo", 0))


class SNN(nn.Module):
    """Stack of DendriticLayers; forward returns output spike counts [B, n_out]."""

    def __init__(self, sizes, kind="tri-G", tau_d=0.5, tau_n=0.5, v_th=V_TH, daf=None, surrogate=SURROGATE):
        super().__init__()
        kinds = kind if isinstance(kind, (list, tuple)) else [kind] * (len(sizes) - 1)
        self.layers = nn.ModuleList(
            DendriticLayer(sizes[i], sizes[i + 1], kinds[i], tau_d, tau_n, v_th, daf, surrogate)
            for i in range(len(sizes) - 1))

    def forward(self, spikes):
        """spikes: [B, T, n_in] (0/1) -> spike counts [B, n_out] (float)."""
        s = spikes.transpose(0, 1)
        for layer in self.layers:
            s = layer(s)
        return s.sum(0)

    def quantize(self):
        return [layer.quantize() for layer in self.layers]

    @torch.no_grad()
    def centre(self, spikes, target, layer_ids=None, only_silent=False):
        """The recipe's centring rule (trinity_train/recipe.py), the same for every kind.

        For each chosen layer, shift every neuron's bias so that its mean input
        current over `spikes` ([B, T, n_in]) and time is recipe.target_current,
        i.e. the activation of its mean steady state is `target` (a number, or
        "peak" for the maximum of a tri-G / tri-LUT curve). With only_silent,
        only neurons that fired no spike at all over `spikes` are moved (a
        silent neuron has zero surrogate gradient and would otherwise stay
        silent for good): the silent-output guard. Layers are processed in
        order, each seeing the previous layer's new spikes. Returns, per layer,
        the indices of the neurons moved.
        """
        moved = []
        s = spikes.transpose(0, 1)
        for k, layer in enumerate(self.layers):
            if layer_ids is None or k in layer_ids:
                mean_i = layer.fc(s).mean((0, 1))
                delta = target_current(layer, target) - mean_i
                if only_silent:
                    silent = layer(s).sum((0, 1)) == 0
                    delta = delta * silent.to(delta.dtype)
                    moved.append([int(i) for i in torch.nonzero(silent).flatten()])
                else:
                    moved.append(list(range(layer.n_out)))
                layer.fc.bias += delta
            else:
                moved.append([])
            s = layer(s)
        return moved

    @classmethod
    def from_quantised(cls, layers, daf_params=None):
        """Float model whose parameters are the dequantised integers of `layers` (dicts).

        tri-G layers use the Gaussian in `daf_params` if given (dict with
        amplitude/center/sigma), otherwise the layer's own table as a
        piecewise-linear curve (i.e. they run as tri-LUT in float).
        """
        sizes = [layers[0]["n_in"]] + [l["n_out"] for l in layers]
        net = cls(sizes, kind="bi")  # placeholder kinds, replaced below
        for mod, q in zip(net.layers, layers):
            kind = KIND_NAMES[q["kind"]]
            daf = {"lut": q["lut"], "lut_bits": q["lut_bits"], "lut_shift": q["lut_shift"], "lut_lo": q["lut_lo"]}
            if kind == "tri-G":
                if daf_params is not None:
                    daf.update(amplitude=daf_params["amplitude"], center=daf_params["center"],
                               sigma=daf_params["sigma"])
                else:
                    kind = "tri-LUT"
            mod.kind, mod.daf = kind, daf
            mod.tau_d, mod.tau_n, mod.v_th = fp.from_q78(q["tau_d"]), fp.from_q78(q["tau_n"]), fp.from_q78(q["v_th"])
            with torch.no_grad():
                mod.fc.weight.copy_(torch.from_numpy(fp.weight_value(q["weights"].astype(np.float64), q["w_shift"])))
                mod.fc.bias.copy_(torch.from_numpy(fp.from_q78(q["bias"].astype(np.float64))))
        return net


def decode(counts):
    """§5: index of the largest count, ties to the lowest index (np.argmax returns the first)."""
    return np.argmax(np.asarray(counts), axis=1)


# ------------------------------------------------------------ quantised forward (spec §4)

def quantised_layer_forward(layer, s_in):
    """§4 steps 1-7 for one layer over a whole frame batch.

    s_in: uint8 [B, T, n_in] -> uint8 [B, T, n_out]. Step 1 is a dense
    float32 matmul of 0/1 spikes with int8 weights: every partial sum is an
    integer of magnitude <= 65535*128 < 2^24, so it is exact in float32
    whatever order BLAS adds in.
    """
    B, T, n_in = s_in.shape
    n_out = layer["n_out"]
    w = layer["weights"].reshape(n_out, n_in)
    acc = s_in.reshape(B * T, n_in).astype(np.float32) @ w.astype(np.float32).T
    acc = np.rint(acc).astype(np.int64).reshape(B, T, n_out)                    # step 1
    current = fp.scale(acc, int(layer["w_shift"])) + layer["bias"].astype(np.int64)  # step 2
    kind = int(layer["kind"])
    tau_d, tau_n, v_th = int(layer["tau_d"]), int(layer["tau_n"]), int(layer["v_th"])
    lut = layer["lut"].astype(np.int64)
    lut_lo, lut_shift, lut_bits = int(layer["lut_lo"]), int(layer["lut_shift"]), int(layer["lut_bits"])
    v_d = np.zeros((B, n_out), dtype=np.int64)
    v_n = np.zeros((B, n_out), dtype=np.int64)
    out = np.empty((B, T, n_out), dtype=np.uint8)
    for t in range(T):
        i_t = current[:, t]
        if kind == 0:
            a = fp.sat16(i_t)                                                     # step 4, bi
        else:
            v_d = fp.sat16(fp.decay(v_d, tau_d) + i_t)                            # step 3
            if kind == 1:
                a = np.maximum(v_d, 0)                                            # step 4, tri-R
            else:
                a = lut[fp.lut_index(v_d, lut_lo, lut_shift, lut_bits)]           # step 4, LUT
        v_n = fp.sat16(fp.decay(v_n, tau_n) + a)                                  # step 5
        s = v_n > v_th                                                            # step 6
        v_n[s] = 0                                                                # step 7
        out[:, t] = s
    return out


def quantised_forward(layers, spikes, chunk=1000, return_all=False):
    """Output spike counts int64 [N, n_out] of the quantised network for uint8 [N, T, n_in] input frames.

    return_all: also return every layer's spike trains (list of uint8 [N, T, n]).
    """
    spikes = np.asarray(spikes, dtype=np.uint8)
    N = spikes.shape[0]
    counts = np.zeros((N, layers[-1]["n_out"]), dtype=np.int64)
    all_spikes = [np.empty((N, spikes.shape[1], l["n_out"]), dtype=np.uint8) for l in layers] if return_all else None
    for lo in range(0, N, chunk):
        s = spikes[lo:lo + chunk]
        for k, layer in enumerate(layers):
            s = quantised_layer_forward(layer, s)
            if return_all:
                all_spikes[k][lo:lo + chunk] = s
        counts[lo:lo + chunk] = s.sum(axis=1)
    return (counts, all_spikes) if return_all else counts
