# SPDX-License-Identifier: Apache-2.0
"""The trinity model file (`.trn`, format versions 1 and 2), docs/model-format.md.

`write_model` is what the training exporter calls; `read_model` applies the
same checks as the C++ loader (host/io/model_file.cpp), in the same order and
with the same messages, so tests can compare the two. Standard library only
(fixed_point.py is too): the exporter must not need anything the C++ side
does not. The ranges are the contract's, from fixed_point.py.
"""
import json
import operator
import struct
import zlib
from array import array

from .fixed_point import (INT8_MAX, INT8_MIN, INT16_MAX, INT16_MIN, KIND_CODES, KIND_NAMES, LUT_BITS_MAX,
                          LUT_BITS_MIN, LUT_SHIFT_MAX, LUT_SHIFT_MIN, MAX_LAYERS, MAX_NEURONS, MAX_TIMESTEPS,
                          TAU_MAX, TAU_MIN, W_SHIFT_MAX, W_SHIFT_MIN)

MAGIC = b"\x89TRN\r\n\x1a\n"
VERSION = 1
GATED_VERSION = 2  # version 1 plus per-task synapse gates; written exactly when there are gates
MAX_TASKS = 65535
TASK_COUNT_BYTES = 4
HEADER_BYTES = 32
RECORD_BYTES = 24
CRC_BYTES = 4
MAX_METADATA_BYTES = 65536
MAX_FILE_BYTES = (1 << 30) + (1 << 20)

_HEADER = struct.Struct("<8sHHIIIII")
_RECORD = struct.Struct("<BbBBIIHHhhI")

# field: (min, max), the ranges of docs/fixed-point-spec.md §1-§2
_RECORD_RANGES = {
    "kind": (min(KIND_NAMES), max(KIND_NAMES)),
    "w_shift": (W_SHIFT_MIN, W_SHIFT_MAX),
    "lut_bits": (LUT_BITS_MIN, LUT_BITS_MAX),
    "lut_shift": (LUT_SHIFT_MIN, LUT_SHIFT_MAX),
    "n_in": (1, MAX_NEURONS),
    "n_out": (1, MAX_NEURONS),
    "tau_d": (TAU_MIN, TAU_MAX),
    "tau_n": (TAU_MIN, TAU_MAX),
    "v_th": (INT16_MIN, INT16_MAX),
    "lut_lo": (INT16_MIN, INT16_MAX),
}


def _int(value, what):
    """An exact integer (Python or numpy); floats and strings are refused, not rounded."""
    try:
        return operator.index(value)
    except TypeError:
        raise ValueError("%s: %r is not an integer" % (what, value)) from None


def _flatten(values, what, rows=None, cols=None):
    """Flat list of ints from a list, nested list, numpy array, array.array or memoryview.

    bytes/bytearray are taken as raw two's-complement int8 (only meaningful
    for weights). A nested (2-D) value must be [rows][cols].
    """
    if isinstance(values, (bytes, bytearray)):
        return list(array("b", bytes(values)))
    if hasattr(values, "tolist"):  # numpy arrays, array.array, memoryview
        values = values.tolist()
    out = []
    values = list(values)
    if values and not isinstance(values[0], (int,)) and hasattr(values[0], "__len__"):
        if rows is None:
            raise ValueError("%s: expected a flat sequence" % what)
        if len(values) != rows:
            raise ValueError("%s: %d rows, expected n_out = %d" % (what, len(values), rows))
        for r, row in enumerate(values):
            row = row.tolist() if hasattr(row, "tolist") else list(row)
            if len(row) != cols:
                raise ValueError("%s: row %d has %d values, expected n_in = %d" % (what, r, len(row), cols))
            out.extend(_int(v, "%s[%d][%d]" % (what, r, c)) for c, v in enumerate(row))
        return out
    return [_int(v, "%s[%d]" % (what, k)) for k, v in enumerate(values)]


def _packed(values, typecode, lo, hi, count, what):
    if len(values) != count:
        raise ValueError("%s: %d values, expected %d" % (what, len(values), count))
    for k, v in enumerate(values):
        if not lo <= v <= hi:
            raise ValueError("%s[%d] = %d, must be %d..%d" % (what, k, v, lo, hi))
    a = array(typecode, values)
    if struct.pack("=H", 1) != struct.pack("<H", 1):
        a.byteswap()
    return a.tobytes()


def _metadata_bytes(metadata):
    if metadata is None:
        return b""
    if not isinstance(metadata, dict):
        raise ValueError("metadata must be a dict (a JSON object)")
    try:
        text = json.dumps(metadata, ensure_ascii=False, allow_nan=False)
        data = text.encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError) as e:
        raise ValueError("metadata is not JSON-serialisable as UTF-8: %s" % e) from None
    if len(data) > MAX_METADATA_BYTES:
        raise ValueError("metadata is %d bytes of JSON, at most %d allowed" % (len(data), MAX_METADATA_BYTES))
    return data


def _mask_bytes(n_out, n_in):
    return (n_out * n_in + 7) // 8


def _pack_gate(gate, n_out, n_in, what):
    """One layer's gate as the file stores it: np.packbits of the row-major
    [n_out * n_in] bits (MSB first, padding bits 0).

    bytes/bytearray are taken as already packed (np.packbits(g).tobytes());
    anything else is one 0/1 (or bool) per synapse, flat or [n_out][n_in].
    """
    nbytes = _mask_bytes(n_out, n_in)
    if isinstance(gate, (bytes, bytearray)):
        packed = bytes(gate)
        if len(packed) != nbytes:
            raise ValueError("%s: %d packed bytes, n_out %d x n_in %d needs %d" % (what, len(packed), n_out, n_in,
                                                                                   nbytes))
        used = n_out * n_in % 8
        if used and packed[-1] & (0xFF >> used):
            raise ValueError("%s: padding bits of the last byte are not 0" % what)
        return packed
    bits = _flatten(gate, what, n_out, n_in)
    if len(bits) != n_out * n_in:
        raise ValueError("%s: %d values, expected n_out %d x n_in %d" % (what, len(bits), n_out, n_in))
    out = bytearray(nbytes)
    for k, v in enumerate(bits):
        if v not in (0, 1):
            raise ValueError("%s[%d] = %d, must be 0 or 1" % (what, k, v))
        if v:
            out[k >> 3] |= 0x80 >> (k & 7)
    return bytes(out)


def serialize_model(timesteps, layers, metadata=None, gates=None):
    """The file's bytes. Every range is checked first; raises ValueError.

    gates: None or [] (version 1), or one entry per task, each a list with one
    gate per layer (see _pack_gate); task k uses weight w[i][j] only where its
    gate has bit i * n_in + j set (version 2).
    """
    timesteps = _int(timesteps, "timesteps")
    if not 1 <= timesteps <= MAX_TIMESTEPS:
        raise ValueError("timesteps = %d, must be 1..%d" % (timesteps, MAX_TIMESTEPS))
    layers = list(layers)
    if not 1 <= len(layers) <= MAX_LAYERS:
        raise ValueError("%d layers, must be 1..%d" % (len(layers), MAX_LAYERS))
    meta = _metadata_bytes(metadata)

    body = []
    prev_out = None
    for l, layer in enumerate(layers):
        where = "layer %d" % l
        f = {}
        for key, (lo, hi) in _RECORD_RANGES.items():
            if key not in layer:
                raise ValueError("%s: missing field %r" % (where, key))
            raw = layer[key]
            if key == "kind" and isinstance(raw, str):
                if raw not in KIND_CODES:
                    raise ValueError("%s: unknown kind %r" % (where, raw))
                raw = KIND_CODES[raw]
            v = _int(raw, "%s %s" % (where, key))
            if not lo <= v <= hi:
                raise ValueError("%s: %s = %d, must be %d..%d" % (where, key, v, lo, hi))
            f[key] = v
        if prev_out is not None and f["n_in"] != prev_out:
            raise ValueError("%s: n_in = %d, but layer %d has n_out = %d" % (where, f["n_in"], l - 1, prev_out))
        prev_out = f["n_out"]
        n_in, n_out = f["n_in"], f["n_out"]
        weights = _flatten(layer["weights"], where + " weights", n_out, n_in)
        bias = _flatten(layer["bias"], where + " bias")
        lut = _flatten(layer["lut"], where + " lut")
        body.append(_RECORD.pack(f["kind"], f["w_shift"], f["lut_bits"], f["lut_shift"], n_in, n_out,
                                 f["tau_d"], f["tau_n"], f["v_th"], f["lut_lo"], 0))
        body.append(_packed(weights, "b", INT8_MIN, INT8_MAX, n_out * n_in, where + " weights"))
        body.append(_packed(bias, "h", INT16_MIN, INT16_MAX, n_out, where + " bias"))
        body.append(_packed(lut, "h", INT16_MIN, INT16_MAX, 1 << f["lut_bits"], where + " lut"))

    gates = list(gates) if gates is not None else []
    if gates:
        if len(gates) > MAX_TASKS:
            raise ValueError("%d tasks, must be 1..%d" % (len(gates), MAX_TASKS))
        body.append(struct.pack("<I", len(gates)))
        for k, task in enumerate(gates):
            task = list(task)
            if len(task) != len(layers):
                raise ValueError("task %d: %d gates for %d layers" % (k + 1, len(task), len(layers)))
            for l, (gate, layer) in enumerate(zip(task, layers)):
                body.append(_pack_gate(gate, layer["n_out"], layer["n_in"], "task %d layer %d gate" % (k + 1, l)))

    total = HEADER_BYTES + len(meta) + sum(len(b) for b in body) + CRC_BYTES
    if total > MAX_FILE_BYTES:
        raise ValueError("model would be %d bytes, larger than the %d-byte limit the loader enforces"
                         % (total, MAX_FILE_BYTES))
    version = GATED_VERSION if gates else VERSION
    data = b"".join([_HEADER.pack(MAGIC, version, len(layers), timesteps, len(meta), total, 0, 0), meta] + body)
    return data + struct.pack("<I", zlib.crc32(data) & 0xFFFFFFFF)


def write_model(path, timesteps, layers, metadata=None, gates=None):
    """Write a model file. layers: dicts with kind (code or name), w_shift,
    lut_bits, lut_shift, n_in, n_out, tau_d, tau_n, v_th, lut_lo, weights
    (int8, row-major [n_out][n_in]: flat, nested or numpy; bytes = raw int8),
    bias (int16 [n_out]) and lut (int16 [2**lut_bits]). metadata: a JSON-able
    dict or None (no metadata). gates: per-task gates as serialize_model takes
    them (None: an ungated version 1 file). Returns the CRC stored in the file.

    Nothing is written unless every check passes; the file appears complete
    or not at all (written to a temporary name, then renamed).
    """
    import os

    data = serialize_model(timesteps, layers, metadata, gates)
    tmp = "%s.tmp%d" % (path, os.getpid())
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return struct.unpack("<I", data[-4:])[0]


class ModelFileError(ValueError):
    pass


def _has_surrogate(value):
    # json.loads turns an escaped lone surrogate ("\\ud800") into a str that is
    # not valid Unicode text; the C++ loader rejects such metadata.
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def _reject_constant(name):
    # Python's json accepts NaN/Infinity; JSON (and the C++ loader) does not.
    raise ValueError("%s is not JSON" % name)


def parse_model(data, name="<bytes>"):
    """Check and decode a model file's bytes (the C++ loader's rules, in order).

    Returns {"timesteps", "layers", "metadata" (dict or None), "metadata_text", "crc",
    "gates"}; layers as write_model takes them, with weights/bias/lut as lists
    of ints; gates [task][layer] as packed bytes ([] for version 1).
    Raises ModelFileError("name: byte N (what): problem").
    """
    def fail(at, what, problem):
        raise ModelFileError("%s: byte %d (%s): %s" % (name, at, what, problem))

    size = len(data)
    if size > MAX_FILE_BYTES:
        fail(0, "file", "%d bytes, larger than the %d-byte limit" % (size, MAX_FILE_BYTES))
    if size < HEADER_BYTES + CRC_BYTES:
        fail(0, "file", "%d bytes, shorter than header + CRC (%d bytes)" % (size, HEADER_BYTES + CRC_BYTES))
    magic, version, n_layers, timesteps, m, total, r0, r1 = _HEADER.unpack_from(data, 0)
    if magic != MAGIC:
        fail(0, "magic", "not a trinity model file")
    if version not in (VERSION, GATED_VERSION):
        fail(8, "version", "%d, only versions 1 and 2 are supported" % version)
    if not 1 <= n_layers <= MAX_LAYERS:
        fail(10, "layer count", "%d, must be 1..%d" % (n_layers, MAX_LAYERS))
    if not 1 <= timesteps <= MAX_TIMESTEPS:
        fail(12, "timesteps", "%d, must be 1..%d" % (timesteps, MAX_TIMESTEPS))
    if m > MAX_METADATA_BYTES:
        fail(16, "metadata size", "%d, must be 0..%d" % (m, MAX_METADATA_BYTES))
    for at, r in ((24, r0), (28, r1)):
        if r != 0:
            fail(at, "reserved", "0x%08x, must be 0" % r)
    if total != size:
        fail(20, "file size", "header says %d, file has %d bytes" % (total, size))
    end = size - CRC_BYTES
    stored = struct.unpack_from("<I", data, end)[0]
    computed = zlib.crc32(data[:end]) & 0xFFFFFFFF
    if stored != computed:
        fail(end, "crc", "stored 0x%08x, computed 0x%08x" % (stored, computed))

    at = HEADER_BYTES
    if m > end - at:
        fail(at, "metadata", "%d bytes run past the end of data at byte %d" % (m, end))
    meta_text, metadata = "", None
    if m:
        try:
            meta_text = bytes(data[at:at + m]).decode("utf-8")
            metadata = json.loads(meta_text, parse_constant=_reject_constant)
        except ValueError:
            metadata = None
        if (not isinstance(metadata, dict) or not meta_text.lstrip(" \t\r\n").startswith("{")
                or _has_surrogate(metadata)):
            fail(at, "metadata", "not a valid UTF-8 JSON object")
    at += m

    layers = []
    for l in range(n_layers):
        what = "layer %d record" % l
        if RECORD_BYTES > end - at:
            fail(at, what, "%d-byte record runs past the end of data at byte %d" % (RECORD_BYTES, end))
        (kind, w_shift, lut_bits, lut_shift, n_in, n_out, tau_d, tau_n, v_th, lut_lo,
         reserved) = _RECORD.unpack_from(data, at)
        for off, key, v in ((0, "kind", kind), (1, "w_shift", w_shift), (2, "lut_bits", lut_bits),
                            (3, "lut_shift", lut_shift), (4, "n_in", n_in), (8, "n_out", n_out),
                            (12, "tau_d", tau_d), (14, "tau_n", tau_n)):
            lo, hi = _RECORD_RANGES[key]
            if not lo <= v <= hi:
                fail(at + off, what, "%s = %d, must be %d..%d" % (key, v, lo, hi))
        if reserved:
            fail(at + 20, what, "reserved = 0x%08x, must be 0" % reserved)
        if layers and n_in != layers[-1]["n_out"]:
            fail(at + 4, what, "n_in = %d, but layer %d has n_out = %d" % (n_in, l - 1, layers[-1]["n_out"]))
        at += RECORD_BYTES
        blocks = {}
        for key, count, width, code, shape in (
                ("weights", n_out * n_in, 1, "b", "n_out %d x n_in %d" % (n_out, n_in)),
                ("bias", n_out, 2, "h", "n_out %d x 2" % n_out),
                ("lut", 1 << lut_bits, 2, "h", "2^%d entries x 2" % lut_bits)):
            nbytes = count * width
            if nbytes > end - at:
                fail(at, "layer %d %s" % (l, "LUT" if key == "lut" else key),
                     "%d bytes (%s) run past the end of data at byte %d" % (nbytes, shape, end))
            a = array(code, bytes(data[at:at + nbytes]))
            if width > 1 and struct.pack("=H", 1) != struct.pack("<H", 1):
                a.byteswap()
            blocks[key] = a.tolist()
            at += nbytes
        layers.append({"kind": kind, "w_shift": w_shift, "lut_bits": lut_bits, "lut_shift": lut_shift,
                       "n_in": n_in, "n_out": n_out, "tau_d": tau_d, "tau_n": tau_n, "v_th": v_th,
                       "lut_lo": lut_lo, **blocks})
    gates = []
    if version == GATED_VERSION:
        if TASK_COUNT_BYTES > end - at:
            fail(at, "task count", "%d-byte task count runs past the end of data at byte %d" % (TASK_COUNT_BYTES, end))
        tasks = struct.unpack_from("<I", data, at)[0]
        if not 1 <= tasks <= MAX_TASKS:
            fail(at, "task count", "%d, must be 1..%d" % (tasks, MAX_TASKS))
        at += TASK_COUNT_BYTES
        for k in range(tasks):
            task = []
            for l, layer in enumerate(layers):
                what = "task %d layer %d gate" % (k + 1, l)
                n_out, n_in = layer["n_out"], layer["n_in"]
                nbytes = _mask_bytes(n_out, n_in)
                if nbytes > end - at:
                    fail(at, what, "%d bytes (n_out %d x n_in %d bits) run past the end of data at byte %d"
                         % (nbytes, n_out, n_in, end))
                used = n_out * n_in % 8
                padding = data[at + nbytes - 1] & (0xFF >> used) if used else 0
                if padding:
                    fail(at + nbytes - 1, what, "padding bits 0x%02x of the last byte must be 0 (%d bits)"
                         % (padding, n_out * n_in))
                task.append(bytes(data[at:at + nbytes]))
                at += nbytes
            gates.append(task)
    if at != end:
        fail(at, "trailing data", "%d bytes left over after the last %s"
             % (end - at, "gate" if version == GATED_VERSION else "layer"))
    return {"timesteps": timesteps, "layers": layers, "metadata": metadata, "metadata_text": meta_text,
            "crc": stored, "gates": gates}


def read_model(path):
    """parse_model of a file; the size is checked before the file is read."""
    import os

    size = os.stat(path).st_size
    if size > MAX_FILE_BYTES:
        raise ModelFileError("%s: byte 0 (file): %d bytes, larger than the %d-byte limit" % (path, size, MAX_FILE_BYTES))
    with open(path, "rb") as f:
        return parse_model(f.read(), path)
