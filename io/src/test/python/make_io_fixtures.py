#!/usr/bin/python3
"""Reference fixtures for cryograd-io, made with mrcfile and numpy (Debian: python3-mrcfile, python3-numpy).

Run from the repository root:

    /usr/bin/python3 io/src/test/python/make_io_fixtures.py            # 1. fixtures written by mrcfile / numpy
    mvn -B -o -q -pl io test -Dtest=MrcJavaWrittenTest -Dcryograd.io.writeFixtures=true   # 2. Java writes its files
    /usr/bin/python3 io/src/test/python/make_io_fixtures.py            # 3. validates the Java-written files

Outputs under io/src/test/resources/:
  mrc/from_mrcfile/*.mrc, *.f32, manifest.properties
      small MRC files written by mrcfile in every mode x both byte orders, with voxel size, origin, labels,
      extended headers, image stack / volume stack / 2-D image, unusual axis maps, zeroed machine stamps and IMOD
      unsigned-byte flags; the expected data as raw little-endian float32 and the expected header fields.
  mrc/half_in.u32, mrc/half_out.u16
      float32 bit patterns and numpy's float16 conversion of each (round to nearest even, overflow, subnormals).
  mrc/java_written/validation.properties
      for every .mrc the Java test wrote: mrcfile.validate's verdict, whether mrcfile reads back the intended data
      (recomputed here from the same formula), and numpy's statistics of that data.
  png/*.f32, *.u8, cases.properties
      inputs and expected 8-bit pictures (percentile contrast, orthogonal views, montages), computed with numpy's
      np.percentile (method "linear") and the mapping floor(clip((v-lo)/(hi-lo), 0, 1) * 255 + 0.5).
"""
import io
import math
import os
import sys

import mrcfile
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.normpath(os.path.join(HERE, "..", "resources"))
MRC_DIR = os.path.join(RES, "mrc", "from_mrcfile")
JAVA_DIR = os.path.join(RES, "mrc", "java_written")
PNG_DIR = os.path.join(RES, "png")

SHAPE = (5, 6, 7)  # nz, ny, nx
IMOD_STAMP = 1146047817


def f2s(x):
    """Shortest decimal of a float32 value (read back exactly as float32 or double)."""
    return repr(float(np.float32(x)))


# --------------------------------------------------------------------------------------------- mrcfile fixtures

def sample(mode, rng, shape=SHAPE):
    if mode == 0:
        return rng.integers(-128, 128, size=shape).astype(np.int8)
    if mode == 1:
        return rng.integers(-32768, 32768, size=shape).astype(np.int16)
    if mode == 6:
        return rng.integers(0, 65536, size=shape).astype(np.uint16)
    if mode == 2:
        return (rng.standard_normal(shape) * 100).astype(np.float32)
    if mode == 4:
        return (rng.standard_normal(shape) * 10 + 1j * rng.standard_normal(shape) * 5).astype(np.complex64)
    if mode == 12:
        d = (rng.standard_normal(shape) * 10).astype(np.float16)
        d.flat[3] = np.float16(65504)       # largest half
        d.flat[5] = np.float16(6e-8)        # subnormal half
        d.flat[8] = np.float16(-0.0)
        return d
    raise ValueError(mode)


def as_f32_bytes(data):
    """Expected tensor values: float32, complex interleaved (re, im), little-endian."""
    if np.iscomplexobj(data):
        out = np.empty(data.shape + (2,), np.float32)
        out[..., 0] = data.real
        out[..., 1] = data.imag
        return out.astype("<f4").tobytes()
    return data.astype("<f4").tobytes()


def write_mrc(path, data, order, voxel=(1.5, 2.0, 2.5), origin=(10.5, -3.25, 7.0), nstart=(-3, 2, 1),
              labels=("cryograd io fixture", "written by mrcfile"), ext=None, exttyp=b"MRCO", kind="volume",
              axes=None):
    data = np.asarray(data)
    data = data.astype(data.dtype.newbyteorder(order))
    with mrcfile.new(path, overwrite=True) as m:
        if kind == "stack":
            m.set_data(data)
            m.set_image_stack()
        else:
            m.set_data(data)
        m.voxel_size = voxel
        m.header.origin = origin
        m.header.nxstart, m.header.nystart, m.header.nzstart = nstart
        for i in range(10):
            m.header.label[i] = b""
        for i, l in enumerate(labels):
            m.header.label[i] = l.encode()
        m.header.nlabl = len(labels)
        if ext is not None:
            m.set_extended_header(np.frombuffer(ext, dtype="V1"))
            m.header.exttyp = exttyp
        if axes is not None:
            m.header.mapc, m.header.mapr, m.header.maps = axes


def header_to_big_endian(path):
    """mrcfile keeps a native (little-endian) header for 1-byte data; rewrite it big-endian by hand."""
    with open(path, "r+b") as f:
        raw = f.read(1024)
        le = np.frombuffer(raw, dtype=np.dtype(mrcfile.dtypes.HEADER_DTYPE).newbyteorder("<"))
        be = le.astype(np.dtype(mrcfile.dtypes.HEADER_DTYPE).newbyteorder(">"))
        be["machst"] = [0x11, 0x11, 0, 0]
        f.seek(0)
        f.write(be.tobytes())


def patch(path, offset, raw):
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(raw)


def xyz_order(data, axes):
    """The data as cryograd presents them, [z, y, x]: mrcfile gives [sections, rows, columns], whose axes are
    (maps, mapr, mapc) in x=1, y=2, z=3 terms, so transpose to put the axes mapped to z, y, x first to last."""
    mapc, mapr, maps = axes
    return np.transpose(data, [(maps, mapr, mapc).index(t) for t in (3, 2, 1)])


def describe(path, name, expected_data, order, expected_signed=True, ext=b""):
    """Manifest lines: the header fields as mrcfile reads them (with the byte order we expect). For a file whose
    axis map is not 1, 2, 3, sizes and start are given along x, y, z, as cryograd presents them after reordering."""
    with mrcfile.open(path, permissive=True) as m:
        h = m.header
        raw = open(path, "rb").read(1024)
    # For files whose machine stamp we zeroed, mrcfile's view is unreliable: decode the header ourselves.
    dt = np.dtype(mrcfile.dtypes.HEADER_DTYPE).newbyteorder("<" if order == "LE" else ">")
    h = np.frombuffer(raw, dtype=dt)[0]
    shape = expected_data.shape + ((2,) if np.iscomplexobj(expected_data) else ())
    axes = (int(h["mapc"]), int(h["mapr"]), int(h["maps"]))
    fixed = axes != (1, 2, 3) and int(h["ispg"]) == 1  # single volumes are reordered to x, y, z
    xyz, start = [int(h["nx"]), int(h["ny"]), int(h["nz"])], [int(h["nxstart"]), int(h["nystart"]), int(h["nzstart"])]
    if fixed:
        crs, cstart = list(xyz), list(start)
        for i in range(3):
            xyz[axes[i] - 1], start[axes[i] - 1] = crs[i], cstart[i]
    lines = {
        "shape": ",".join(str(s) for s in shape),
        "byteOrder": order,
        "mode": int(h["mode"]),
        "nx": xyz[0], "ny": xyz[1], "nz": xyz[2],
        "nstart": "%d,%d,%d" % tuple(start),
        "grid": "%d,%d,%d" % (h["mx"], h["my"], h["mz"]),
        "cella": ",".join(f2s(h["cella"][k]) for k in ("x", "y", "z")),
        "cellb": ",".join(f2s(h["cellb"][k]) for k in ("alpha", "beta", "gamma")),
        "origin": ",".join(f2s(h["origin"][k]) for k in ("x", "y", "z")),
        "axisMap": "1,2,3" if fixed else "%d,%d,%d" % axes,
        "fileAxisMap": "%d,%d,%d" % axes,
        "ispg": int(h["ispg"]),
        "nsymbt": int(h["nsymbt"]),
        "exttyp": h["exttyp"].decode("ascii"),
        "nversion": int(h["nversion"]),
        "dmin": f2s(h["dmin"]), "dmax": f2s(h["dmax"]), "dmean": f2s(h["dmean"]), "rms": f2s(h["rms"]),
        "labels": "|".join(h["label"][i].decode("ascii").rstrip() for i in range(int(h["nlabl"]))),
        "extHex": ext.hex(),
        "signed": "true" if expected_signed else "false",
    }
    with open(os.path.join(MRC_DIR, name + ".f32"), "wb") as f:
        f.write(as_f32_bytes(expected_data))
    return {name + "." + k: v for k, v in lines.items()}


def make_mrc_fixtures():
    os.makedirs(MRC_DIR, exist_ok=True)
    rng = np.random.default_rng(20240601)
    manifest = {}
    names = []

    def add(name, data, order, **kw):
        path = os.path.join(MRC_DIR, name + ".mrc")
        signed = kw.pop("expected_signed", True)
        expected = kw.pop("expected", data)
        post = kw.pop("post", None)
        write_mrc(path, data, "<" if order == "LE" else ">", **kw)
        if order == "BE" and np.asarray(data).dtype.itemsize == 1:
            header_to_big_endian(path)
        if post:
            post(path)
        manifest.update(describe(path, name, expected, order, signed, kw.get("ext") or b""))
        names.append(name)

    mode_names = {0: "int8", 1: "int16", 2: "float32", 4: "complex64", 6: "uint16", 12: "float16"}
    for mode in (0, 1, 2, 4, 6, 12):
        for order in ("LE", "BE"):
            add("m%d_%s_%s" % (mode, mode_names[mode], order.lower()), sample(mode, rng), order)
    ext1 = bytes((7 * i + 3) % 256 for i in range(96))
    add("ext_f32_le", sample(2, rng), "LE", ext=ext1)
    add("ext_i16_be", sample(1, rng), "BE", ext=bytes(range(40)), exttyp=b"SERI")
    add("stack_i16_le", sample(1, rng), "LE", kind="stack")
    vs = sample(2, rng, (2, 3, 6, 7))
    add("volstack_f32_be", vs, "BE", expected=vs.reshape(6, 6, 7))
    img = sample(6, rng, (6, 7))
    add("image2d_u16_le", img, "LE", expected=img.reshape(1, 6, 7))
    a = sample(2, rng)
    add("axes_f32_le", a, "LE", axes=(3, 1, 2), expected=xyz_order(a, (3, 1, 2)))
    add("nostamp_f32_le", sample(2, rng), "LE", post=lambda p: patch(p, 212, b"\0\0\0\0"))
    add("nostamp_i16_be", sample(1, rng), "BE", post=lambda p: patch(p, 212, b"\0\0\0\0"))
    add("wrongstamp_f32_be", sample(2, rng), "BE", post=lambda p: patch(p, 212, b"\x44\x44\0\0"))

    def imod(flags, order):
        fmt = "<i4" if order == "LE" else ">i4"
        return lambda p: patch(p, 152, np.array([IMOD_STAMP, flags], dtype=fmt).tobytes())

    b = sample(0, rng)
    add("imod_unsigned_i8_le", b, "LE", post=imod(0, "LE"), expected=b.view(np.uint8), expected_signed=False)
    b2 = sample(0, rng)
    add("imod_signed_i8_be", b2, "BE", post=imod(1, "BE"))

    with open(os.path.join(MRC_DIR, "manifest.properties"), "w") as f:
        f.write("# Written by make_io_fixtures.py: header fields and expected data (<name>.f32) of each <name>.mrc\n")
        f.write("names=" + ",".join(names) + "\n")
        for k in sorted(manifest):
            f.write("%s=%s\n" % (k, manifest[k]))
    print("wrote %d mrcfile fixtures to %s" % (len(names), MRC_DIR))


# --------------------------------------------------------------------------------------------- float16 table

def make_half_table():
    rng = np.random.default_rng(7)
    vals = []
    # random magnitudes over and beyond the half range
    vals += list((rng.choice([-1, 1], 2000) * np.exp2(rng.uniform(-30, 17.5, 2000))).astype(np.float32))
    # exact ties halfway between adjacent halves (normal and subnormal), both parities
    h = rng.integers(0, 0x7bff, 600).astype(np.uint16)
    lo = h.view(np.float16).astype(np.float64)
    hi = (h + 1).view(np.float16).astype(np.float64)
    vals += list(((lo + hi) / 2).astype(np.float32))
    # one float32 ulp either side of those ties
    t = ((lo + hi) / 2).astype(np.float32)
    vals += list(np.nextafter(t, np.float32(np.inf)))
    vals += list(np.nextafter(t, np.float32(-np.inf)))
    specials = [0.0, -0.0, np.inf, -np.inf, 65504.0, 65519.0, 65519.996, 65520.0, 65536.0, 1e9,
                2.0 ** -24, 2.0 ** -25, 2.0 ** -25 * 1.0001, 1.5 * 2.0 ** -24, 2.5 * 2.0 ** -24, 2.0 ** -26,
                2.0 ** -14, 2.0 ** -14 * (1 - 2.0 ** -11), 1e-45, 1.0, -1.0, 0.1, 1.0 / 3]
    vals += [np.float32(v) for v in specials] + [np.float32(-v) for v in specials]
    a = np.array(vals, dtype=np.float32)
    # NaNs with various payloads (quiet, signalling, negative): numpy keeps the top payload bits, never makes Inf
    nans = np.array([0x7fc00000, 0x7f800001, 0xffc00123, 0x7fa00000, 0x7f802000], dtype=np.uint32).view(np.float32)
    a = np.concatenate([a, nans])
    with np.errstate(over="ignore"):
        out = a.astype(np.float16)
    a.view("<u4").astype("<u4").tofile(os.path.join(RES, "mrc", "half_in.u32"))
    out.view("<u2").astype("<u2").tofile(os.path.join(RES, "mrc", "half_out.u16"))
    print("wrote %d float16 conversions" % len(a))


# --------------------------------------------------------------------------------------------- Java-written files

def java_pattern(shape, mode):
    """The data MrcJavaWrittenTest.pattern() writes (same float32 arithmetic), as numpy values before storing."""
    n = int(np.prod(shape))
    i = np.arange(n)
    base = ((i * 37) % 101 - 50).astype(np.float32)
    frac = ((i % 4) * 0.25).astype(np.float32)
    if mode == 0:
        return (base + frac).reshape(shape)
    if mode == 1:
        return (base * np.float32(300) + frac).reshape(shape)
    if mode == 6:
        return ((base + np.float32(50)) * np.float32(600) + frac).reshape(shape)
    if mode in (2, 12):
        return ((base + frac) * np.float32(0.1)).reshape(shape)
    if mode == 4:
        re = (base + frac) * np.float32(0.1)
        im = (base - frac) * np.float32(0.5)
        return (re + 1j * im).astype(np.complex64).reshape(shape)
    raise ValueError(mode)


def stored(values, mode):
    """What the MRC2014 file should hold for these values: integers rounded half to even, float16 nearest even."""
    if mode == 0:
        return np.rint(values).astype(np.int8)
    if mode == 1:
        return np.rint(values).astype(np.int16)
    if mode == 6:
        return np.rint(values).astype(np.uint16)
    if mode == 12:
        return values.astype(np.float16)
    return values


JAVA_CASES = {
    # name: (mode, byte order, data shape as mrcfile returns it, extra expectations)
}
for _m, _n in ((0, "int8"), (1, "int16"), (6, "uint16"), (2, "float32"), (12, "float16"), (4, "complex64")):
    for _o in ("le", "be"):
        JAVA_CASES["w_%s_%s" % (_n, _o)] = dict(mode=_m, order=_o, shape=SHAPE, ispg=1,
                                                 voxel=(1.25, 1.5, 1.75), origin=(1.0, 2.0, 3.0),
                                                 labels=["cryograd io test", "mode %d %s" % (_m, _n)])
JAVA_CASES["w_stack_le"] = dict(mode=2, order="le", shape=SHAPE, ispg=0, voxel=(3.0, 3.0, 3.0), labels=["image stack"])
JAVA_CASES["w_volstack_be"] = dict(mode=1, order="be", shape=(2, 3, 6, 7), ispg=401, voxel=(2.0, 2.0, 2.0), labels=["volume stack"])
JAVA_CASES["w_image2d_le"] = dict(mode=2, order="le", shape=(6, 7), ispg=0, voxel=(2.0, 2.0, 2.0), labels=[])
JAVA_CASES["w_ext_le"] = dict(mode=2, order="le", shape=SHAPE, ispg=1, voxel=(1.0, 1.0, 1.0), labels=["extended header"],
                              ext=bytes((3 * i) % 256 for i in range(64)), exttyp="MRCO")
JAVA_CASES["w_axes_le"] = dict(mode=2, order="le", shape=SHAPE, ispg=1, voxel=(1.0, 1.0, 1.0), labels=["axis map 3 1 2"],
                               axes=(3, 1, 2))
JAVA_CASES["w_nan_le"] = dict(mode=2, order="le", shape=SHAPE, ispg=1, voxel=(1.0, 1.0, 1.0), labels=["contains NaN"], nan=True)


def validate_java_files():
    names = sorted(f[:-4] for f in os.listdir(JAVA_DIR) if f.endswith(".mrc")) if os.path.isdir(JAVA_DIR) else []
    if not names:
        print("no Java-written files yet in %s (run the Java test with -Dcryograd.io.writeFixtures=true)" % JAVA_DIR)
        return
    out = {}
    all_ok = True
    for name in names:
        path = os.path.join(JAVA_DIR, name + ".mrc")
        buf = io.StringIO()
        valid = mrcfile.validate(path, print_file=buf)
        case = JAVA_CASES.get(name)
        problems = [] if valid else [buf.getvalue().strip().replace("\n", " / ")]
        match = False
        if case is None:
            problems.append("no expectation for this file in JAVA_CASES")
        else:
            with mrcfile.open(path) as m:
                d = m.data
                exp = stored(java_pattern(case["shape"], case["mode"]), case["mode"])
                if case.get("nan"):
                    exp = exp.copy()
                    exp.flat[10] = np.nan
                byteorder = "<" if case["order"] == "le" else ">"
                checks = {
                    "data": d.shape == exp.shape and d.dtype == exp.dtype.newbyteorder(byteorder)
                    and np.array_equal(d, exp, equal_nan=True),
                    "byteorder": d.dtype.byteorder == byteorder or (d.dtype.itemsize == 1),
                    "ispg": int(m.header.ispg) == case["ispg"],
                    "voxel": np.allclose([m.voxel_size.x, m.voxel_size.y, m.voxel_size.z], case["voxel"], rtol=1e-6),
                    "labels": [l.rstrip() for l in m.get_labels()] == case["labels"],
                    "origin": case.get("origin") is None
                    or (float(m.header.origin.x), float(m.header.origin.y), float(m.header.origin.z)) == case["origin"],
                    "ext": bytes(m.extended_header.tobytes()) == case.get("ext", b""),
                    "exttyp": m.header.exttyp.item().decode() == case.get("exttyp", ""),
                    "axes": (int(m.header.mapc), int(m.header.mapr), int(m.header.maps)) == case.get("axes", (1, 2, 3)),
                }
                for k, ok in checks.items():
                    if not ok:
                        problems.append("mismatch in " + k)
                match = all(checks.values())
                if np.iscomplexobj(d) or np.isnan(d).any():
                    out[name + ".stats"] = "undetermined"
                    if np.iscomplexobj(d):
                        out[name + ".std"] = repr(float(np.std(d.astype(np.complex128))))
                else:
                    x = d.astype(np.float64)
                    out[name + ".stats"] = "numpy"
                    out[name + ".min"] = repr(float(x.min()))
                    out[name + ".max"] = repr(float(x.max()))
                    out[name + ".mean"] = repr(float(x.mean()))
                    out[name + ".std"] = repr(float(x.std()))
        out[name + ".valid"] = "true" if valid else "false"
        out[name + ".dataMatch"] = "true" if match else "false"
        if problems:
            out[name + ".problems"] = " ; ".join(problems)
            all_ok = False
        print("%-22s valid=%s data=%s %s" % (name, valid, match, " ; ".join(problems)))
    with open(os.path.join(JAVA_DIR, "validation.properties"), "w") as f:
        f.write("# mrcfile %s validate() of the files MrcJavaWrittenTest writes; written by make_io_fixtures.py\n"
                % mrcfile.__version__)
        f.write("names=" + ",".join(names) + "\n")
        for k in sorted(out):
            f.write("%s=%s\n" % (k, out[k]))
    print("validated %d Java-written files: %s" % (len(names), "all valid" if all_ok else "PROBLEMS"))


# --------------------------------------------------------------------------------------------- PNG expectations

def grey(values, lo, hi):
    if not hi > lo:
        return np.zeros(values.shape, np.uint8)
    t = (values.astype(np.float64) - lo) / (hi - lo)
    t = np.clip(t, 0.0, 1.0)
    return np.floor(t * 255 + 0.5).astype(np.uint8)


def limits(shown, plo, phi):
    x = shown.astype(np.float64).ravel()
    x = x[~np.isnan(x)]
    lo, hi = np.percentile(x, [plo, phi])   # numpy's default method="linear"
    return float(lo), float(hi)


def ortho_expected(v, z, y, x, gap, plo, phi):
    nz, ny, nx = v.shape
    w, h = nx + gap + nz, ny + gap + nz
    canvas = np.zeros((h, w), np.float32)
    used = np.zeros((h, w), bool)
    canvas[:ny, :nx] = v[z]
    used[:ny, :nx] = True
    canvas[:ny, nx + gap:] = v[:, :, x].T
    used[:ny, nx + gap:] = True
    canvas[ny + gap:, :nx] = v[:, y, :]
    used[ny + gap:, :nx] = True
    lo, hi = limits(canvas[used], plo, phi)
    out = np.zeros((h, w), np.uint8)
    out[used] = grey(canvas[used], lo, hi)
    return out


def montage_expected(v, zs, columns, gap, plo, phi):
    nz, ny, nx = v.shape
    cols = min(columns, len(zs))
    rows = -(-len(zs) // cols)
    w, h = cols * nx + (cols - 1) * gap, rows * ny + (rows - 1) * gap
    canvas = np.zeros((h, w), np.float32)
    used = np.zeros((h, w), bool)
    for i, z in enumerate(zs):
        r0, c0 = (i // cols) * (ny + gap), (i % cols) * (nx + gap)
        canvas[r0:r0 + ny, c0:c0 + nx] = v[z]
        used[r0:r0 + ny, c0:c0 + nx] = True
    lo, hi = limits(canvas[used], plo, phi)
    out = np.zeros((h, w), np.uint8)
    out[used] = grey(canvas[used], lo, hi)
    return out


def make_png_fixtures():
    os.makedirs(PNG_DIR, exist_ok=True)
    rng = np.random.default_rng(99)
    props = {}

    def save(case, inp, expected, **params):
        inp.astype("<f4").tofile(os.path.join(PNG_DIR, case + ".f32"))
        expected.tofile(os.path.join(PNG_DIR, case + ".u8"))
        props[case + ".shape"] = ",".join(map(str, inp.shape))
        props[case + ".out"] = "%d,%d" % expected.shape  # height, width
        for k, v in params.items():
            props[case + "." + k] = v

    # 2-D image with outliers: default 0.5..99.5 and 2..98 percentiles
    img = (rng.standard_normal((40, 50)) * 3 + 10).astype(np.float32)
    img[3, 4], img[20, 30], img[39, 0] = 1000, -1000, 500
    for plo, phi, case in ((0.5, 99.5, "image_default"), (2.0, 98.0, "image_2_98"), (0.0, 100.0, "image_minmax")):
        lo, hi = limits(img, plo, phi)
        save(case, img, grey(img, lo, hi), low=repr(plo), high=repr(phi), lo=repr(lo), hi=repr(hi))
    # a ramp 0..1199 over 30 x 40: known percentiles (linear interpolation of ranks)
    ramp = np.arange(1200, dtype=np.float32).reshape(30, 40)
    lo, hi = limits(ramp, 0.5, 99.5)
    save("ramp", ramp, grey(ramp, lo, hi), low="0.5", high="99.5", lo=repr(lo), hi=repr(hi))
    # a section of a volume
    vol = rng.standard_normal((9, 10, 11)).astype(np.float32)
    vol[4, 2, 3] = 50.0
    lo, hi = limits(vol[6], 1.0, 99.0)
    save("slice_z6", vol, grey(vol[6], lo, hi), z="6", low="1.0", high="99.0")
    # orthogonal views: default centre and gap 4; a chosen point with gap 0
    save("ortho_centre", vol, ortho_expected(vol, 4, 5, 5, 4, 0.5, 99.5), point="4,5,5", gap="4")
    save("ortho_point", vol, ortho_expected(vol, 2, 7, 3, 0, 0.5, 99.5), point="2,7,3", gap="0")
    # montages: every 2nd section from 1 (3 tiles, 2 columns, one empty tile) and an explicit list
    vol2 = (rng.standard_normal((7, 8, 9)) + np.arange(7)[:, None, None]).astype(np.float32)
    save("montage_step2", vol2, montage_expected(vol2, [1, 3, 5], 2, 3, 0.5, 99.5), step="2", first="1", gap="3")
    save("montage_list", vol2, montage_expected(vol2, [6, 0, 2, 4, 5], 3, 1, 0.5, 99.5), zs="6,0,2,4,5", columns="3", gap="1")
    with open(os.path.join(PNG_DIR, "cases.properties"), "w") as f:
        f.write("# Written by make_io_fixtures.py: inputs <case>.f32 (little-endian float32) and expected pictures <case>.u8\n")
        f.write("names=" + ",".join(sorted({k.split(".")[0] for k in props})) + "\n")
        for k in sorted(props):
            f.write("%s=%s\n" % (k, props[k]))
    print("wrote %d PNG cases" % len({k.split('.')[0] for k in props}))


if __name__ == "__main__":
    np.seterr(all="ignore")
    make_mrc_fixtures()
    make_half_table()
    make_png_fixtures()
    validate_java_files()
