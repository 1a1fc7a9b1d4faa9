#!/usr/bin/env python3
"""Print a summary of cryograd fixture files (format: see make_fixtures.py).

    /usr/bin/python3 tensor/src/test/python/read_fixtures.py [-v] [FILE.bin.gz ...]

Without files, summarises tensor/src/test/resources/fixtures/*.bin.gz.
-v also prints min/max/first values of every tensor.
"""

import glob
import gzip
import os
import struct
import sys

import numpy as np


def read_fixtures(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    pos = 0

    def take(n):
        nonlocal pos
        b = data[pos:pos + n]
        if len(b) != n:
            raise ValueError("truncated file at byte %d" % pos)
        pos += n
        return b

    def i32():
        return struct.unpack(">i", take(4))[0]

    def rstr():
        (n,) = struct.unpack(">H", take(2))
        return take(n).decode("utf-8")

    if take(4) != b"CGFX":
        raise ValueError("bad magic")
    version = i32()
    if version != 1:
        raise ValueError("unsupported version %d" % version)
    cases = []
    for _ in range(i32()):
        cid, op, params = rstr(), rstr(), rstr()
        tensors = []
        for _ in range(i32()):
            name = rstr()
            rank = i32()
            dims = tuple(i32() for _ in range(rank))
            n = int(np.prod(dims)) if dims else 1
            arr = np.frombuffer(take(4 * n), dtype=">f4").astype(np.float32).reshape(dims)
            tensors.append((name, arr))
        cases.append((cid, op, params, tensors))
    if pos != len(data):
        raise ValueError("%d trailing bytes" % (len(data) - pos))
    return cases


def main(argv):
    verbose = "-v" in argv
    files = [a for a in argv if a != "-v"]
    if not files:
        here = os.path.dirname(os.path.abspath(__file__))
        files = sorted(glob.glob(os.path.join(here, "..", "resources", "fixtures", "*.bin.gz")))
    for path in files:
        cases = read_fixtures(path)
        print("== %s: %d cases, %d bytes" % (os.path.normpath(path), len(cases), os.path.getsize(path)))
        for cid, op, params, tensors in cases:
            desc = " ".join("%s%s" % (n, list(a.shape)) for n, a in tensors)
            print("%-22s %-18s %-55s %s" % (cid, op, params or "-", desc))
            if verbose:
                for n, a in tensors:
                    flat = a.reshape(-1)
                    print("    %-20s min=%.6g max=%.6g first=%s" % (
                        n, flat.min(), flat.max(), np.array2string(flat[:4], precision=5)))
        counts = {}
        for _, op, _, _ in cases:
            counts[op] = counts.get(op, 0) + 1
        print("-- cases per op: " + ", ".join("%s=%d" % kv for kv in counts.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
