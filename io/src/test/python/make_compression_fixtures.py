#!/usr/bin/python3
"""Reference fixtures for cryograd-io's gzip/bzip2 reading and MRC axis reordering (python3 bz2, gzip, mrcfile, numpy).

Run from the repository root:

    /usr/bin/python3 io/src/test/python/make_compression_fixtures.py

Deterministic: the same files every run (fixed seeds; gzip mtime 0). Outputs under io/src/test/resources/:
  compressed/<case>.bin                 the original bytes
  compressed/<case>.bin.bz2-<level>     bz2.compress(data, level) for levels 1 and 9
  compressed/<case>.bin.gz              gzip.compress(data, 9, mtime=0)
  compressed/multi.bin.bz2 / .gz        two streams / members concatenated (their .bin is the concatenation)
  compressed/small.mrc (+ .bz2-1, .bz2-9, .gz)   a small mrcfile-written volume
  compressed/small.mrc.xz, small.mrc.zip   formats that are recognised and refused
  compressed/cases.properties           the case names
  mrc/axes/<name>.mrc, <name>.f32, axes.properties
                                        small volumes written by mrcfile with every axis map (and a complex and an
                                        int16 one, and an image stack whose map is not applied), the expected data
                                        transposed with numpy to [z, y, x] (raw little-endian float32, complex as
                                        re, im pairs) and the expected presented sizes
  mrc/interop/iota_yzx.properties       ../shared/interop/data/mrc/gemmi_iota_yzx.ccp4 as mrcfile reads it, transposed
                                        with numpy to [z, y, x]: shape, values, header sizes (skipped if absent)
"""
import bz2
import gzip
import lzma
import os
import random
import zipfile

import mrcfile
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.normpath(os.path.join(HERE, "..", "resources"))
OUT = os.path.join(RES, "compressed")
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
SHARED_MRC = os.path.normpath(os.path.join(REPO, "..", "shared", "interop", "data", "mrc"))


def runs(r):
    """Runs of every length that matters to bzip2's run-length stages: 1..6 (RLE1 starts at 4), 255..260
    (one count byte holds at most 255 extra), long runs (several RLE1 runs, long RUNA/RUNB numbers)."""
    out = bytearray()
    for n in list(range(1, 7)) + list(range(250, 262)) + [1000, 5000, 40000]:
        out += bytes([r.randrange(256)]) * n
        out += bytes([r.randrange(256)])
    return bytes(out)


def text_like(r, n):
    """Low-entropy bytes from a small vocabulary: compresses well, needs several Huffman tables."""
    words = [bytes(r.randrange(97, 123) for _ in range(r.randrange(1, 9))) for _ in range(300)]
    out = bytearray()
    while len(out) < n:
        out += r.choice(words) + b" "
    return bytes(out[:n])


def make_cases():
    r = random.Random(20261206)
    return {
        "empty": b"",
        "one": b"x",
        "random": bytes(r.randrange(256) for _ in range(3000)),  # every byte value: full 16 x 16 symbol map
        "runs": runs(r),
        # > 100k bytes: several blocks at level 1 (block size 100k), one at level 9
        "multiblock": text_like(r, 205_000),
    }


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def small_mrc():
    rng = np.random.default_rng(11)
    path = os.path.join(OUT, "small.mrc")
    with mrcfile.new(path, overwrite=True) as m:
        d = (rng.standard_normal((6, 5, 7)) * 10).astype(np.float32)
        d[2, 1, :] = 0  # a run of zero bytes
        m.set_data(d)
        m.voxel_size = 1.25
        m.header.label[0] = b"cryograd compression fixture"
        m.header.nlabl = 1
    with open(path, "rb") as f:
        return f.read()


def iota_reference():
    src = os.path.join(SHARED_MRC, "gemmi_iota_yzx.ccp4")
    if not os.path.exists(src):
        print("skipped iota_yzx.properties: %s absent" % src)
        return
    with mrcfile.open(src, permissive=True) as m:
        h = m.header
        axes = (int(h.mapc), int(h.mapr), int(h.maps))
        data = np.asarray(m.data)  # [sections, rows, columns]
        # [sections, rows, columns] are the axes (maps, mapr, mapc); put the z, y, x ones first to last.
        zyx = np.transpose(data, [(axes[2], axes[1], axes[0]).index(t) for t in (3, 2, 1)])
        crs = (int(h.nx), int(h.ny), int(h.nz))
        start_crs = (int(h.nxstart), int(h.nystart), int(h.nzstart))
        size, start = [0, 0, 0], [0, 0, 0]
        for i in range(3):
            size[axes[i] - 1], start[axes[i] - 1] = crs[i], start_crs[i]
        props = {
            "fileAxisMap": "%d,%d,%d" % axes,
            "fileSize": "%d,%d,%d" % crs,
            "shape": ",".join(str(s) for s in zyx.shape),
            "size": "%d,%d,%d" % tuple(size),
            "nstart": "%d,%d,%d" % tuple(start),
            "grid": "%d,%d,%d" % (h.mx, h.my, h.mz),
            "cella": ",".join(repr(float(h.cella[k])) for k in ("x", "y", "z")),
            "values": ",".join(repr(float(v)) for v in zyx.ravel()),
        }
    d = os.path.join(RES, "mrc", "interop")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "iota_yzx.properties"), "w") as f:
        f.write("# Written by make_compression_fixtures.py: gemmi_iota_yzx.ccp4 read by mrcfile, transposed to [z, y, x]\n")
        for k in sorted(props):
            f.write("%s=%s\n" % (k, props[k]))
    print("wrote iota_yzx.properties (file axes %s, [z,y,x] shape %s)" % (axes, zyx.shape))


def xyz_order(data, axes):
    """mrcfile's [sections, rows, columns] has axes (maps, mapr, mapc) (1 = x, 2 = y, 3 = z): put z, y, x first to last."""
    mapc, mapr, maps = axes
    return np.transpose(data, [(maps, mapr, mapc).index(t) for t in (3, 2, 1)])


def axes_fixtures():
    d = os.path.join(RES, "mrc", "axes")
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(5)
    props, names = {}, []
    perms = [(1, 2, 3), (1, 3, 2), (2, 1, 3), (2, 3, 1), (3, 1, 2), (3, 2, 1)]
    cases = [("f32_%d%d%d" % p, p, (rng.standard_normal((4, 3, 5)) * 10).astype(np.float32), "volume") for p in perms]
    cases.append(("c64_231", (2, 3, 1), (rng.standard_normal((3, 2, 4)) + 1j * rng.standard_normal((3, 2, 4))).astype(np.complex64), "volume"))
    cases.append(("i16_312", (3, 1, 2), rng.integers(-3000, 3000, (5, 4, 3)).astype(np.int16), "volume"))
    cases.append(("stack_213", (2, 1, 3), (rng.standard_normal((3, 4, 5))).astype(np.float32), "stack"))
    for name, axes, data, kind in cases:
        path = os.path.join(d, name + ".mrc")
        with mrcfile.new(path, overwrite=True) as m:
            m.set_data(data)
            if kind == "stack":
                m.set_image_stack()
            m.header.mapc, m.header.mapr, m.header.maps = axes
            m.header.nxstart, m.header.nystart, m.header.nzstart = 11, 22, 33
        with mrcfile.open(path, permissive=True) as m:
            read = np.array(m.data)
            stack = int(m.header.ispg) == 0
        expected = read if stack else xyz_order(read, axes)  # stacks are not reordered
        if np.iscomplexobj(expected):
            out = np.empty(expected.shape + (2,), np.float32)
            out[..., 0], out[..., 1] = expected.real, expected.imag
        else:
            out = expected.astype(np.float32)
        out.astype("<f4").tofile(os.path.join(d, name + ".f32"))
        props[name + ".shape"] = ",".join(str(s) for s in out.shape)
        props[name + ".reordered"] = "false" if stack or axes == (1, 2, 3) else "true"
        crs, size = read.shape[::-1], list(read.shape[::-1])
        if not stack:
            for i in range(3):
                size[axes[i] - 1] = crs[i]
        props[name + ".size"] = "%d,%d,%d" % tuple(size)
        props[name + ".fileAxisMap"] = "%d,%d,%d" % axes
        names.append(name)
    with open(os.path.join(d, "axes.properties"), "w") as f:
        f.write("# Written by make_compression_fixtures.py: expected [z, y, x] data (<name>.f32) of each <name>.mrc\n")
        f.write("names=" + ",".join(names) + "\n")
        for k in sorted(props):
            f.write("%s=%s\n" % (k, props[k]))
    print("wrote %d axis-order fixtures to %s" % (len(names), d))


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = make_cases()
    cases["small.mrc"] = small_mrc()
    names = []
    for name, data in cases.items():
        base = name if name.endswith(".mrc") else name + ".bin"
        write(base, data)
        for level in (1, 9):
            c = bz2.compress(data, level)
            assert bz2.decompress(c) == data
            write("%s.bz2-%d" % (base, level), c)
        write(base + ".gz", gzip.compress(data, 9, mtime=0))
        names.append(base)
    a, b = cases["runs"], cases["random"]
    write("multi.bin", a + b)
    write("multi.bin.bz2-9", bz2.compress(a, 9) + bz2.compress(b, 1))
    write("multi.bin.gz", gzip.compress(a, 9, mtime=0) + gzip.compress(b, 1, mtime=0))
    assert bz2.decompress(bz2.compress(a, 9) + bz2.compress(b, 1)) == a + b
    write("small.mrc.xz", lzma.compress(cases["small.mrc"], format=lzma.FORMAT_XZ))
    zi = zipfile.ZipInfo("small.mrc", date_time=(2026, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(os.path.join(OUT, "small.mrc.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zi, cases["small.mrc"])
    names.append("multi.bin")
    with open(os.path.join(OUT, "cases.properties"), "w") as f:
        f.write("# Written by make_compression_fixtures.py: <name>, <name>.bz2-1, <name>.bz2-9, <name>.gz"
                " (multi.bin: .bz2-9 and .gz only)\n")
        f.write("names=" + ",".join(names) + "\n")
    print("wrote %d compression cases to %s" % (len(names), OUT))
    iota_reference()
    axes_fixtures()


if __name__ == "__main__":
    main()
