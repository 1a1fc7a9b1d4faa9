"""Writer of the CGFX fixture format, shared by the fixture scripts of tensor, nn and fft
(reader: tensor's test-jar class org.cryograd.tensor.testing.Cgfx; summary: read_fixtures.py).

Format (gzip, mtime 0, big-endian int32 / float32):
    "CGFX"  int32 version=1  int32 ncases
    per case: str id; str op; str params; int32 ntensors;
              per tensor: str name; int32 rank; rank x int32 dims; numel x float32 (C order)
    str = uint16 byte length + UTF-8 bytes.

Other modules' scripts import it with
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../tensor/src/test/python"))
"""

import gzip
import os
import struct

import numpy as np


def _str(buf, s):
    b = s.encode("utf-8")
    assert len(b) < 65536
    buf.append(struct.pack(">H", len(b)))
    buf.append(b)


def _float32(t):
    """A torch tensor (via float64) or anything numpy takes, as big-endian float32 in C order."""
    if hasattr(t, "detach"):
        t = t.detach().cpu().double().numpy()
    return np.asarray(t).astype(">f4")  # keeps rank 0 (ascontiguousarray would make it rank 1)


def write_file(path, cases):
    """Writes cases [(id, op, params, [(name, array), ...]), ...] to path atomically (temp file, then rename)."""
    buf = [b"CGFX", struct.pack(">ii", 1, len(cases))]
    for cid, op, params, tensors in cases:
        _str(buf, cid)
        _str(buf, op)
        _str(buf, params)
        buf.append(struct.pack(">i", len(tensors)))
        for name, t in tensors:
            a = _float32(t)
            _str(buf, name)
            buf.append(struct.pack(">i", a.ndim))
            buf.append(struct.pack(">%di" % a.ndim, *a.shape))
            buf.append(a.tobytes(order="C"))
    data = b"".join(buf)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz:
            gz.write(data)
    os.replace(tmp, path)
    print("wrote %s: %d cases, %d bytes raw, %d bytes gzip" % (path, len(cases), len(data), os.path.getsize(path)))
