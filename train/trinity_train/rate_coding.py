# SPDX-License-Identifier: Apache-2.0
"""Counter-based rate coding, docs/fixed-point-spec.md §6, in numpy uint64.

    mix64(z):  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
               z = (z ^ (z >> 27)) * 0x94D049BB133111EB
               return z ^ (z >> 31)                        (mod 2^64)
    key   = ((n*T + t)*n_in + i) + 1                       (mod 2^64)
    r     = mix64(seed + key * 0x9E3779B97F4A7C15) >> 32
    spike = ((r * 255) >> 32) < p

Bit-identical to sim/golden/rate_coding.hpp. numpy uint64 array arithmetic
wraps mod 2^64, which is exactly what the formula needs; every operand is
kept a uint64 array (never a Python int mixed with a signed dtype) so no
promotion to float64 can happen.
"""
import numpy as np

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_S27, _S30, _S31, _S32 = (np.uint64(k) for k in (27, 30, 31, 32))


def mix64(z):
    """SplitMix64 finaliser on a uint64 array (or scalar); returns uint64."""
    z = np.asarray(z, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = (z ^ (z >> _S30)) * _M1
        z = (z ^ (z >> _S27)) * _M2
        return z ^ (z >> _S31)


def random_bits(keys, seed=0):
    """r = mix64(seed + key * golden) >> 32 for a uint64 array of keys."""
    keys = np.asarray(keys, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return mix64(np.uint64(seed % 2**64) + keys * _GOLDEN) >> _S32


def spike_threshold(r):
    """(r * 255) >> 32 : uniform on 0 .. 254 for 32-bit r."""
    return (np.asarray(r, dtype=np.uint64) * np.uint64(255)) >> _S32


def encode(images, timesteps, seed=0, indices=None, chunk=512):
    """Spikes for a batch of images.

    images:  uint8 [N, n_in] (row-major pixels)
    indices: the images' indices n in their data-set split (default 0..N-1);
             they, not the batch position, define the spikes (§6).
    returns: uint8 [N, T, n_in] of 0/1.
    """
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim != 2:
        raise ValueError("images must be uint8 [N, n_in]")
    n_img, n_in = images.shape
    if indices is None:
        indices = np.arange(n_img, dtype=np.uint64)
    indices = np.asarray(indices, dtype=np.uint64)
    if indices.shape != (n_img,):
        raise ValueError("indices must have one entry per image")
    T = np.uint64(timesteps)
    out = np.empty((n_img, timesteps, n_in), dtype=np.uint8)
    t_i = (np.arange(timesteps, dtype=np.uint64)[:, None] * np.uint64(n_in)
           + np.arange(n_in, dtype=np.uint64)[None, :] + np.uint64(1))  # t*n_in + i + 1
    for lo in range(0, n_img, chunk):
        hi = min(lo + chunk, n_img)
        with np.errstate(over="ignore"):
            base = indices[lo:hi] * T * np.uint64(n_in)  # n*T*n_in
            keys = base[:, None, None] + t_i[None, :, :]
        thr = spike_threshold(random_bits(keys, seed))
        out[lo:hi] = thr < images[lo:hi, None, :].astype(np.uint64)
    return out


def spike_reference(seed, n, t, timesteps, i, n_in, pixel):
    """One spike computed with Python integers (independent of numpy); for tests."""
    mask = 2**64 - 1

    def _mix(z):
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)

    key = ((n * timesteps + t) * n_in + i + 1) & mask
    r = _mix((seed + key * 0x9E3779B97F4A7C15) & mask) >> 32
    return ((r * 255) >> 32) < pixel
