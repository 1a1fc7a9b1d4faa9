#!/usr/bin/env python3
"""PyTorch reference-fixture generator for cryograd's `tensor` module tests.

Run from the repository root:

    cd /work/main && /usr/bin/python3 tensor/src/test/python/make_fixtures.py

Writes (deterministically: fixed torch seeds, gzip mtime 0):

    tensor/src/test/resources/fixtures/ops.bin.gz           per-op forward/backward cases
    tensor/src/test/resources/fixtures/train_conv3d.bin.gz  tiny Conv3d net trained with SGD

File format (gzip-compressed, big-endian int32 / float32):

    "CGFX"  int32 version=1  int32 ncases
    per case: str id; str op; str params; int32 ntensors;
              per tensor: str name; int32 rank; rank x int32 dims; numel x float32 (C order)
    str = uint16 byte length + UTF-8 bytes; params = ';'-separated key=value pairs,
    multi-valued values comma-separated.

Per case the tensors are: the inputs (by name), `out` (forward result), `gout`
(standard-normal upstream gradient of out's shape), and `grad_<input>` =
d sum(out * gout) / d input for every differentiable input. Inputs are drawn as
float32, the op and autograd run in float64, and everything is stored as float32.
Inspect the output with read_fixtures.py (same directory).

The ops are one table, TABLE below: a row gives the op's name, its float64 reference and its cases. Adding an op is
one row appended at the end (rows draw from one random stream in order, so the cases of the rows above keep their
numbers) and one row with the same name in TorchFixtureTest.OPS (Java), which checks value, gradients and finite
differences from these cases.
"""

import functools
import os
from collections import OrderedDict, defaultdict, namedtuple

import numpy as np
import torch
import torch.nn.functional as F

from cgfx import write_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures"))

SEED = 20240601
G = torch.Generator().manual_seed(SEED)

# ----------------------------------------------------------------------------
# random helpers (all return float32 tensors)
# ----------------------------------------------------------------------------


def shp(shape):
    return tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)


def randn(shape, scale=1.0):
    return (torch.randn(shp(shape), generator=G, dtype=torch.float32) * scale).float()


def uniform(shape, lo, hi):
    return (torch.rand(shp(shape), generator=G, dtype=torch.float32) * (hi - lo) + lo).float()


def signed(shape, lo, hi):
    """Random sign times uniform(lo, hi): |x| >= lo, so no kink at 0."""
    s = torch.where(torch.rand(shp(shape), generator=G) < 0.5, -1.0, 1.0)
    return (s * uniform(shape, lo, hi)).float()


def distinct(shape, scale=2.0):
    """Pairwise-distinct values in about [-scale, scale] (no ties for max-like ops)."""
    shape = shp(shape)
    n = int(np.prod(shape)) if shape else 1
    perm = torch.randperm(n, generator=G).float()
    step = 2.0 * scale / max(n, 1)
    jitter = torch.rand(n, generator=G) * 0.4 * step  # keeps spacing >= 0.6*step
    return ((perm - (n - 1) / 2.0) * step + jitter).reshape(shape).float()


def randint(shape, high):
    return torch.randint(0, high, shp(shape), generator=G)


def away_from(x, bounds, margin=0.02):
    """Move values that lie within `margin` of any bound to bound +- 2*margin."""
    x = x.clone()
    for b in bounds:
        close = (x - b).abs() < margin
        x = torch.where(close, torch.where(x >= b, b + 2 * margin, b - 2 * margin), x)
    return x.float()


# ----------------------------------------------------------------------------
# case collection
# ----------------------------------------------------------------------------

CASES = []
COUNTER = defaultdict(int)


def fmt_params(params):
    parts = []
    for k, v in params.items():
        if isinstance(v, bool):
            v = int(v)
        if isinstance(v, (tuple, list)):
            v = ",".join(str(int(e)) for e in v)
        parts.append("%s=%s" % (k, v))
    return ";".join(parts)


def add_case(op, params, inputs, fn, diff=None):
    """inputs: list of (name, float32 tensor); fn(**float64 tensors) -> output.

    diff: names of differentiable inputs (default: all inputs).
    """
    if diff is None:
        diff = [n for n, _ in inputs]
    d64 = OrderedDict()
    for name, t in inputs:
        assert t.dtype == torch.float32, (op, name, t.dtype)
        d = t.detach().double()
        if name in diff:
            d.requires_grad_(True)
        d64[name] = d
    out = fn(**d64)
    gout = randn(out.shape)
    tensors = [(n, t) for n, t in inputs]
    tensors.append(("out", out.detach()))
    tensors.append(("gout", gout))
    if diff:
        srcs = [d64[n] for n in diff]
        grads = torch.autograd.grad((out * gout.double()).sum(), srcs, allow_unused=True)
        for n, g in zip(diff, grads):
            if g is None:
                g = torch.zeros_like(d64[n])
            assert g.shape == d64[n].shape, (op, n, g.shape, d64[n].shape)
            tensors.append(("grad_" + n, g.detach()))
    for n, t in tensors:
        assert torch.isfinite(t).all(), (op, n)
    cid = "%s/%d" % (op, COUNTER[op])
    COUNTER[op] += 1
    CASES.append((cid, op, fmt_params(params), tensors))


# ----------------------------------------------------------------------------
# helpers of the table's references and case makers
# ----------------------------------------------------------------------------


def no_ties(xs, ys):
    """Resample y until |x - y| > 0.02 everywhere after broadcasting."""
    x, y = randn(xs), randn(ys)
    while (torch.broadcast_tensors(x, y)[0] - torch.broadcast_tensors(x, y)[1]).abs().min() <= 0.02:
        y = randn(ys)
    return x, y


def tup(v, nd):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * nd


def circ_pads(padding):
    pads = []
    for p in reversed(padding):
        pads += [p, p]
    return pads


def conv_nd(nd, x, w, b, stride, padding, groups, mode):
    f = [F.conv1d, F.conv2d, F.conv3d][nd - 1]
    if mode == "circular":
        x = F.pad(x, circ_pads(padding), mode="circular")
        padding = (0,) * nd
    return f(x, w, b, stride=stride, padding=padding, groups=groups)


def idx_with_repeats(shape, high, dim):
    """Random indices in [0, high) with at least one repeat along `dim` (a collision)."""
    idx = randint(shape, high)
    if shape[dim] >= 2:
        idx.select(dim, 1).copy_(idx.select(dim, 0))
    return idx


def scatter_add_ref(x, index, src, dim):
    # torch ignores src elements outside index's extent; slicing src to index's shape first gives
    # the same forward and a zero gradient there (torch 1.13's own backward rejects src larger
    # than index).
    src_used = src[tuple(slice(0, n) for n in index.shape)]
    return x.scatter_add(dim, index.long(), src_used)


def random_csr(rows, cols, density, empty_rows):
    mask = torch.rand((rows, cols), generator=G) < density
    for r in empty_rows:
        mask[r] = False
    for r in range(rows):  # keep non-empty rows non-empty
        if r not in empty_rows and not mask[r].any():
            mask[r, randint((), cols).item()] = True
    vals = randn((rows, cols))
    rowptr, colidx, values = [0], [], []
    for r in range(rows):
        for c in range(cols):
            if mask[r, c]:
                colidx.append(c)
                values.append(vals[r, c].item())
        rowptr.append(len(colidx))
    return (torch.tensor(rowptr, dtype=torch.float32), torch.tensor(colidx, dtype=torch.float32),
            torch.tensor(values, dtype=torch.float32))


def csr_dense(rowptr, colidx, values, rows, cols):
    a = torch.zeros((rows, cols), dtype=values.dtype)
    rp, ci = rowptr.long().tolist(), colidx.long().tolist()
    for r in range(rows):
        for j in range(rp[r], rp[r + 1]):
            a[r, ci[j]] = values[j]
    return a


# ----------------------------------------------------------------------------
# case lists: each is a generator of (params, [(input name, float32 tensor), ...]); its inputs are drawn only when
# the generator reaches them, and add_case draws `gout` right after, so the table order fixes every random number
# ----------------------------------------------------------------------------

UNARY_SHAPES = [(), (7,), (3, 1, 5), (2, 13), (2, 3, 4)]
BINARY_SHAPES = [((3, 4), (3, 4)), ((2, 3, 4), (4,)), ((2, 1, 4), (3, 1)), ((5,), ()),
                 ((1,), (2, 3)), ((2, 3, 1, 5), (3, 4, 1))]
# (shape, dims or None, keepdim)
REDUCE_SPECS = [((3, 5), None, 0), ((4, 5), (0,), 0), ((3, 5, 2), (1,), 1),
                ((3, 4, 5), (0, 2), 0), ((2, 3, 7), (-1,), 0), ((2, 1, 5), (0, 2), 1)]


def unary(make):
    return lambda: (({}, [("x", make(s))]) for s in UNARY_SHAPES)


def binary(make):
    return lambda: (({}, list(zip(("x", "y"), make(xs, ys)))) for xs, ys in BINARY_SHAPES)


def one_input(specs, make):
    """Cases of one input x: specs are (params, shape); make(shape) draws x."""
    return lambda: ((p, [("x", make(s))]) for p, s in specs)


def clamp_cases():
    for params, s in [({"min": -0.5, "max": 0.7}, (4, 5)),
                      ({"min": -0.5, "max": 0.7}, (2, 1, 7)),
                      ({"min": -0.3}, (13,)),
                      ({"max": 0.4}, (3, 4))]:
        bounds = [params[k] for k in ("min", "max") if k in params]
        yield params, [("x", away_from(randn(s), bounds))]


def pow_scalar_cases():
    xs = [uniform((3, 5), 0.3, 2), uniform((2, 1, 7), 0.3, 2), randn((4, 3)), uniform((), 0.3, 2)]  # drawn together
    for e, x in zip([2.5, -1.5, 3, 2.5], xs):
        yield {"exponent": e}, [("x", x)]


def reduce_cases(make, correction=False):
    specs = [(s, d, k, 1) for s, d, k in REDUCE_SPECS]
    if correction:
        specs += [((4, 5), (1,), 0, 0), ((3, 4), None, 0, 0)]
    for s, d, k, c in specs:
        p = OrderedDict()
        if d is not None:
            p["dims"] = d
        p["keepdim"] = k
        if correction:
            p["correction"] = c
        yield p, [("x", make(s))]


def reduce_dims(x, p):
    return tuple(range(x.dim())) if "dims" not in p else p["dims"]


def matmul_cases():
    for xs, ys in [((3, 5), (5, 4)), ((2, 3, 5), (2, 5, 4)), ((2, 3, 5), (5, 4)), ((5,), (5, 4)),
                   ((3, 5), (5,)), ((2, 1, 3, 5), (4, 5, 2)), ((7, 13), (13, 9)), ((5,), (5,)),
                   ((4, 3), (2, 3, 1))]:
        yield {}, [("x", randn(xs)), ("y", randn(ys))]


def slice_ref(p, x):
    idx = [slice(None)] * x.dim()
    idx[p["dim"]] = slice(p["start"], p["end"], p["step"])
    return x[tuple(idx)]


PAD_SPECS = [((2, 3, 5), (1, 2), "zeros"),
             ((2, 3, 5), (2, 1), "circular"),
             ((1, 2, 4, 5), (1, 2, 0, 1), "zeros"),
             ((1, 2, 4, 5), (1, 1, 2, 2), "circular"),
             ((1, 2, 4, 5, 6), (1, 0, 2, 1, 0, 1), "zeros"),
             ((1, 2, 4, 5, 6), (1, 1, 1, 1, 1, 1), "circular"),
             ((1, 2, 3), (3, 3), "circular"),
             ((1, 1, 3, 4), (4, 0, 3, 1), "circular"),
             ((2, 1, 3, 2, 4), (0, 2, 1, 0, 2, 2), "circular")]


def many_cases(specs):
    """Cases of inputs x0, x1, ...: specs are (list of shapes, dim)."""
    return lambda: (({"dim": dim}, [("x%d" % i, randn(s)) for i, s in enumerate(shapes)]) for shapes, dim in specs)


def join_ref(f):
    return lambda p, **kw: f([kw[k] for k in sorted(kw)], p["dim"])


# per nd: (N, Cin, Cout, spatial, kernel, stride, padding, groups, mode, bias)
CONV_SPECS = {
    1: [(2, 3, 4, 5, 3, 1, 1, 1, "zeros", True),
        (1, 2, 3, 7, 3, 2, 1, 1, "zeros", True),
        (2, 4, 6, 5, 3, 1, 1, 2, "zeros", False),
        (1, 2, 3, 6, 2, 1, 0, 1, "zeros", True),
        (1, 2, 3, 5, 3, 1, 1, 1, "circular", True),
        (2, 3, 2, 7, 3, 3, 2, 1, "zeros", True),
        (1, 4, 2, 7, 3, 2, 1, 2, "circular", False)],
    2: [(2, 3, 4, 5, 3, 1, 1, 1, "zeros", True),
        (1, 2, 3, 7, 3, 2, 1, 1, "zeros", True),
        (2, 4, 6, 5, 3, 1, 1, 2, "zeros", False),
        (1, 2, 3, (5, 4), (3, 1), 1, (1, 0), 1, "zeros", True),
        (1, 2, 3, (5, 6), 3, 1, 1, 1, "circular", True),
        (2, 3, 2, (7, 5), 3, (2, 1), (1, 0), 1, "zeros", True),
        (1, 4, 2, (5, 6), 3, 2, (1, 0), 2, "circular", False)],
    3: [(2, 3, 4, 5, 3, 1, 1, 1, "zeros", True),
        (1, 2, 3, 7, 3, 2, 1, 1, "zeros", True),
        (2, 4, 6, 4, 3, 1, 1, 2, "zeros", False),
        (1, 2, 3, (5, 4, 6), (3, 1, 2), 1, (1, 0, 1), 1, "zeros", True),
        (1, 2, 3, (4, 5, 6), 3, 1, 1, 1, "circular", True),
        (2, 3, 2, (7, 5, 4), 3, (2, 1, 1), (1, 1, 0), 1, "zeros", True),
        (1, 4, 2, (5, 6, 5), 3, 2, (1, 0, 1), 2, "circular", False)],
}


def conv_cases(nd):
    def cases():
        for n, cin, cout, sp, k, st, pd, g, mode, bias in CONV_SPECS[nd]:
            sp, k, st, pd = tup(sp, nd), tup(k, nd), tup(st, nd), tup(pd, nd)
            ins = [("x", randn((n, cin) + sp)), ("w", randn((cout, cin // g) + k, 0.3))]
            if bias:
                ins.append(("b", randn((cout,), 0.5)))
            yield OrderedDict([("stride", st), ("padding", pd), ("groups", g), ("mode", mode)]), ins
    return cases


def conv_ref(nd):
    return lambda p, x, w, b=None: conv_nd(nd, x, w, b, p["stride"], p["padding"], p["groups"], p["mode"])


# per nd: (N, Cin, Cout, spatial, kernel, stride, padding, output_padding, groups, bias)
CONV_TRANSPOSE_SPECS = {
    1: [(2, 3, 2, 3, 2, 2, 0, 0, 1, True),
        (1, 2, 3, 4, 3, 2, 1, 1, 1, True),
        (2, 4, 6, 3, 3, 2, 1, 0, 2, False),
        (1, 3, 2, 5, 3, 1, 1, 0, 1, True),
        (1, 2, 3, 4, 4, 3, 1, 2, 1, True)],
    2: [(2, 3, 2, (3, 4), 2, 2, 0, 0, 1, True),
        (1, 2, 3, (4, 3), 3, 2, 1, 1, 1, True),
        (2, 4, 6, 3, 3, 2, 1, 0, 2, False),
        (1, 3, 2, 5, 3, 1, 1, 0, 1, True),
        (1, 2, 3, (4, 3), (3, 2), (2, 1), (1, 0), (1, 0), 1, True)],
    3: [(2, 3, 2, (3, 3, 2), 2, 2, 0, 0, 1, True),
        (1, 2, 3, (3, 2, 3), 3, 2, 1, 1, 1, True),
        (1, 4, 6, 3, 3, 2, 1, 0, 2, False),
        (1, 3, 2, 4, 3, 1, 1, 0, 1, True),
        (1, 2, 3, (3, 4, 2), (3, 2, 1), (2, 1, 2), (1, 0, 0), (1, 0, 1), 1, True)],
}


def conv_transpose_cases(nd):
    def cases():
        for n, cin, cout, sp, k, st, pd, op_, g, bias in CONV_TRANSPOSE_SPECS[nd]:
            sp, k, st, pd, op_ = tup(sp, nd), tup(k, nd), tup(st, nd), tup(pd, nd), tup(op_, nd)
            ins = [("x", randn((n, cin) + sp)), ("w", randn((cin, cout // g) + k, 0.3))]
            if bias:
                ins.append(("b", randn((cout,), 0.5)))
            yield OrderedDict([("stride", st), ("padding", pd), ("output_padding", op_), ("groups", g)]), ins
    return cases


def conv_transpose_ref(nd):
    f = [F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d][nd - 1]
    return lambda p, x, w, b=None: f(x, w, b, stride=p["stride"], padding=p["padding"],
                                     output_padding=p["output_padding"], groups=p["groups"])


# per nd: (shape, kernel, stride, padding)
POOL_SPECS = {
    1: [((2, 3, 6), 2, 2, 0), ((1, 2, 7), 3, 2, 1), ((2, 2, 5), 3, 1, 1), ((1, 2, 9), 4, 3, 2),
        ((1, 3, 5), 2, 1, 0)],
    2: [((2, 3, 6, 4), 2, 2, 0), ((1, 2, 7, 5), 3, 2, 1), ((2, 2, 5, 4), 3, 1, 1),
        ((1, 2, 5, 7), (3, 2), (1, 2), (1, 0)), ((1, 3, 1, 5), (1, 2), 1, 0)],
    3: [((2, 2, 4, 6, 4), 2, 2, 0), ((1, 2, 5, 7, 5), 3, 2, 1), ((1, 2, 4, 5, 3), 3, 1, 1),
        ((1, 2, 5, 4, 3), (2, 3, 1), (2, 1, 1), (0, 1, 0)), ((1, 3, 1, 4, 5), (1, 2, 2), 1, 0)],
}


def pool_cases(nd, make):
    return lambda: ((OrderedDict([("kernel", tup(k, nd)), ("stride", tup(st, nd)), ("padding", tup(pd, nd))]),
                     [("x", make(s))]) for s, k, st, pd in POOL_SPECS[nd])


def max_pool_ref(nd):
    f = [F.max_pool1d, F.max_pool2d, F.max_pool3d][nd - 1]
    return lambda p, x: f(x, p["kernel"], p["stride"], p["padding"])


def avg_pool_ref(nd):
    f = [F.avg_pool1d, F.avg_pool2d, F.avg_pool3d][nd - 1]
    return lambda p, x: f(x, p["kernel"], p["stride"], p["padding"], ceil_mode=False, count_include_pad=True)


def upsample_cases():
    # (shape, mode, size, align_corners or None)
    specs = [((1, 2, 5), "nearest", (10,), None),
             ((2, 1, 5), "nearest", (7,), None),
             ((2, 1, 5), "linear", (7,), 0),
             ((1, 2, 6), "linear", (4,), 1),
             ((1, 2, 4), "linear", (8,), 1),
             ((1, 2, 3, 4), "nearest", (6, 8), None),
             ((1, 1, 5, 6), "nearest", (7, 4), None),
             ((2, 1, 4, 5), "linear", (8, 10), 0),
             ((1, 2, 5, 6), "linear", (7, 4), 1),
             ((1, 2, 6, 4), "linear", (4, 7), 0),
             ((1, 1, 1, 4), "linear", (3, 6), 1),
             ((1, 2, 3, 4, 5), "nearest", (6, 8, 3), None),
             ((1, 1, 3, 4, 5), "linear", (5, 7, 4), 0),
             ((1, 1, 3, 4, 5), "linear", (6, 8, 10), 1),
             ((1, 2, 4, 3, 2), "linear", (3, 5, 4), 1)]
    for s, mode, size, ac in specs:
        p = OrderedDict([("mode", mode), ("size", size)])
        if mode == "linear":
            p["align_corners"] = ac
        yield p, [("x", randn(s))]


def upsample_ref(p, x):
    if p["mode"] == "nearest":
        return F.interpolate(x, size=p["size"], mode="nearest")
    m = {3: "linear", 4: "bilinear", 5: "trilinear"}[x.dim()]
    return F.interpolate(x, size=p["size"], mode=m, align_corners=bool(p["align_corners"]))


SOFTMAX_SPECS = [((3, 5), -1, 1.0), ((2, 4, 3), 1, 1.0), ((4, 3), 0, 1.0), ((2, 7), -1, 50.0),
                 ((5,), 0, 1.0), ((2, 3, 4), -1, 50.0)]


def softmax_cases():
    return (({"dim": dim}, [("x", randn(s, scale))]) for s, dim, scale in SOFTMAX_SPECS)


def gather_cases():
    for xs, dim, ishape in [((3, 5), 1, (3, 4)), ((4, 5), 0, (6, 3)), ((2, 3, 4), 2, (2, 2, 6)),
                            ((2, 3, 4), 1, (1, 5, 2)), ((6,), 0, (8,))]:
        idx = idx_with_repeats(ishape, xs[dim], dim)
        yield {"dim": dim}, [("x", randn(xs)), ("index", idx.float())]


def scatter_add_cases():
    for xs, dim, ishape, sshape in [((5, 3), 0, (4, 3), (4, 3)), ((3, 6), 1, (3, 8), (3, 8)),
                                    ((2, 4, 3), 1, (2, 5, 2), (2, 6, 3)), ((4,), 0, (7,), (7,)),
                                    ((3, 4), 0, (6, 2), (6, 3))]:
        idx = idx_with_repeats(ishape, xs[dim], dim)
        yield {"dim": dim}, [("x", randn(xs)), ("index", idx.float()), ("src", randn(sshape))]


def spmm_cases(transposed):
    for rows, cols, k, empty in [(5, 7, 3, [2]), (8, 4, 2, [7]), (1, 6, 5, []), (6, 6, 1, [0, 3]), (9, 5, 4, [4])]:
        rowptr, colidx, values = random_csr(rows, cols, 0.3, empty)
        x = randn((rows if transposed else cols, k))
        yield {"rows": rows, "cols": cols}, [("rowptr", rowptr), ("colidx", colidx), ("values", values), ("x", x)]


def spmm_ref(transposed):
    def ref(p, rowptr, colidx, values, x):
        a = csr_dense(rowptr, colidx, values, p["rows"], p["cols"])
        return a.t() @ x if transposed else a @ x
    return ref


def standardize_cases():
    # (shape, from_axis, eps, scale, offset)
    for s, axis, eps, scale, offset in [((2, 3, 4, 5), 2, 1e-5, 1.0, 0.0), ((2, 2, 3, 3, 3), 2, 1e-5, 1.0, 0.0),
                                        ((3, 7), 1, 1e-5, 1.0, 0.0), ((4, 6), 0, 1e-3, 1.0, 0.0),
                                        ((2, 3, 8), 2, 1e-5, 0.1, 50.0), ((3, 4), 1, 1e-2, 0.01, 0.0)]:
        yield OrderedDict([("from_axis", axis), ("eps", eps)]), [("x", (randn(s, scale) + offset).float())]


# ----------------------------------------------------------------------------
# THE TABLE: one row per op. name = the op's key in TorchFixtureTest's table; ref(params, **inputs) computes it in
# float64 torch; cases() yields (params, inputs); diff = the differentiable inputs (None: all). Rows run in order and
# draw from one random stream, so append new ops at the end: the cases above them keep their numbers.
# ----------------------------------------------------------------------------

Op = namedtuple("Op", "name ref cases diff", defaults=(None,))

TABLE = [
    Op("neg", lambda p, x: -x, unary(randn)),
    Op("exp", lambda p, x: torch.exp(x), unary(lambda s: uniform(s, -3, 3))),
    Op("log", lambda p, x: torch.log(x), unary(lambda s: uniform(s, 0.2, 3))),
    Op("sqrt", lambda p, x: torch.sqrt(x), unary(lambda s: uniform(s, 0.2, 3))),
    Op("abs", lambda p, x: torch.abs(x), unary(lambda s: signed(s, 0.05, 2))),
    Op("sin", lambda p, x: torch.sin(x), unary(lambda s: randn(s, 2))),
    Op("cos", lambda p, x: torch.cos(x), unary(lambda s: randn(s, 2))),
    Op("tanh", lambda p, x: torch.tanh(x), unary(lambda s: randn(s, 1.5))),
    Op("sigmoid", lambda p, x: torch.sigmoid(x), unary(lambda s: randn(s, 2))),
    Op("relu", lambda p, x: torch.relu(x), unary(lambda s: signed(s, 0.05, 2))),
    Op("square", lambda p, x: torch.square(x), unary(randn)),
    Op("sine30", lambda p, x: torch.sin(30 * x), unary(lambda s: uniform(s, -1, 1))),
    Op("sin_wide", lambda p, x: torch.sin(x), unary(lambda s: uniform(s, -3000, 3000))),
    Op("cos_wide", lambda p, x: torch.cos(x), unary(lambda s: uniform(s, -3000, 3000))),
    Op("leaky_relu", lambda p, x: F.leaky_relu(x, p["slope"]),
       one_input([({"slope": 0.2}, (3, 1, 5)), ({"slope": 0.2}, (2, 13)), ({"slope": 0.01}, (7,)),
                  ({"slope": 0.01}, (2, 3, 4))], lambda s: signed(s, 0.05, 2))),
    Op("clamp", lambda p, x: torch.clamp(x, min=p.get("min"), max=p.get("max")), clamp_cases),
    Op("pow_scalar", lambda p, x: torch.pow(x, p["exponent"]), pow_scalar_cases),
    Op("add", lambda p, x, y: torch.add(x, y), binary(lambda xs, ys: (randn(xs), randn(ys)))),
    Op("sub", lambda p, x, y: torch.sub(x, y), binary(lambda xs, ys: (randn(xs), randn(ys)))),
    Op("mul", lambda p, x, y: torch.mul(x, y), binary(lambda xs, ys: (randn(xs), randn(ys)))),
    Op("div", lambda p, x, y: torch.div(x, y), binary(lambda xs, ys: (randn(xs), signed(ys, 0.5, 2)))),
    Op("pow", lambda p, x, y: torch.pow(x, y), binary(lambda xs, ys: (uniform(xs, 0.5, 2), uniform(ys, -1.5, 1.5)))),
    Op("maximum", lambda p, x, y: torch.maximum(x, y), binary(no_ties)),
    Op("minimum", lambda p, x, y: torch.minimum(x, y), binary(no_ties)),
    Op("sum", lambda p, x: x.sum() if "dims" not in p else x.sum(dim=p["dims"], keepdim=bool(p["keepdim"])),
       lambda: reduce_cases(randn)),
    Op("mean", lambda p, x: x.mean() if "dims" not in p else x.mean(dim=p["dims"], keepdim=bool(p["keepdim"])),
       lambda: reduce_cases(randn)),
    Op("max", lambda p, x: torch.amax(x, dim=reduce_dims(x, p), keepdim=bool(p["keepdim"])),
       lambda: reduce_cases(distinct)),
    Op("var", lambda p, x: torch.var(x, dim=p.get("dims"), correction=p["correction"], keepdim=bool(p["keepdim"])),
       lambda: reduce_cases(randn, correction=True)),
    Op("matmul", lambda p, x, y: torch.matmul(x, y), matmul_cases),
    Op("reshape", lambda p, x: x.reshape(p["shape"]),
       one_input([({"shape": shape}, s) for s, shape in [((4, 6), (2, -1, 3)), ((2, 3, 4), (24,)), ((5, 1, 3), (3, 5)),
                                                         ((6,), (1, 6, 1)), ((2, 3, 4), (-1, 4))]], randn)),
    Op("permute", lambda p, x: x.permute(p["dims"]),
       one_input([({"dims": dims}, s) for s, dims in [((2, 3, 4), (2, 0, 1)), ((3, 1, 5, 2), (3, 1, 0, 2)),
                                                      ((4, 5), (1, 0)), ((2, 3, 4), (0, 1, 2))]], randn)),
    Op("transpose", lambda p, x: x.transpose(p["dim0"], p["dim1"]),
       one_input([({"dim0": d0, "dim1": d1}, s) for s, d0, d1 in [((2, 3, 4), 0, 2), ((3, 5), 0, 1),
                                                                  ((2, 3, 4, 5), 1, 3), ((2, 1, 4), 2, 1)]], randn)),
    Op("slice", slice_ref,
       one_input([({"dim": dim, "start": st, "end": en, "step": sp}, s) for s, dim, st, en, sp in
                  [((3, 5, 4), 1, 1, 4, 2), ((5, 6), 0, 0, 5, 1), ((2, 3, 7), 2, 2, 7, 3),
                   ((4, 6), 1, 2, 3, 1), ((2, 7, 3), 2, 0, 3, 1), ((13,), 0, 3, 12, 4)]], randn)),
    Op("pad", lambda p, x: F.pad(x, p["pad"], mode="constant" if p["mode"] == "zeros" else "circular"),
       one_input([({"pad": pad, "mode": mode}, s) for s, pad, mode in PAD_SPECS], randn)),
    Op("cat", join_ref(torch.cat),
       many_cases([([(2, 3), (4, 3)], 0), ([(2, 3, 4), (2, 1, 4), (2, 5, 4)], 1), ([(3, 2), (3, 5)], -1),
                   ([(2, 3, 1), (2, 3, 2), (2, 3, 3)], -1), ([(5,), (2,)], 0), ([(2, 2, 3), (2, 2, 3)], 2)])),
    Op("stack", join_ref(torch.stack),
       many_cases([([s] * 3, dim) for s, dim in [((3, 4), 0), ((2, 3), 1), ((2, 3), 2), ((5,), -1), ((2, 1, 3), 1)]])),
    Op("flip", lambda p, x: torch.flip(x, p["dims"]),
       one_input([({"dims": dims}, s) for s, dims in [((3, 4, 5), (0, 2)), ((5,), (0,)), ((2, 3, 4), (1,)),
                                                      ((2, 3), (0, 1))]], randn)),
    Op("roll", lambda p, x: torch.roll(x, p["shifts"], p["dims"]),
       one_input([({"shifts": shifts, "dims": dims}, s) for s, shifts, dims in
                  [((3, 4, 5), (1, -2), (0, 2)), ((5, 3), (7,), (0,)), ((4, 6), (-3,), (1,)),
                   ((2, 5), (-7, 2), (1, 0)), ((2, 3, 4), (2,), (2,))]], randn)),
    Op("conv1d", conv_ref(1), conv_cases(1)),
    Op("conv2d", conv_ref(2), conv_cases(2)),
    Op("conv3d", conv_ref(3), conv_cases(3)),
    Op("conv_transpose1d", conv_transpose_ref(1), conv_transpose_cases(1)),
    Op("conv_transpose2d", conv_transpose_ref(2), conv_transpose_cases(2)),
    Op("conv_transpose3d", conv_transpose_ref(3), conv_transpose_cases(3)),
    Op("max_pool1d", max_pool_ref(1), pool_cases(1, distinct)),
    Op("max_pool2d", max_pool_ref(2), pool_cases(2, distinct)),
    Op("max_pool3d", max_pool_ref(3), pool_cases(3, distinct)),
    Op("avg_pool1d", avg_pool_ref(1), pool_cases(1, randn)),
    Op("avg_pool2d", avg_pool_ref(2), pool_cases(2, randn)),
    Op("avg_pool3d", avg_pool_ref(3), pool_cases(3, randn)),
    Op("upsample", upsample_ref, upsample_cases),
    Op("softmax", lambda p, x: F.softmax(x, dim=p["dim"]), softmax_cases),
    Op("log_softmax", lambda p, x: F.log_softmax(x, dim=p["dim"]), softmax_cases),
    Op("gather", lambda p, x, index: torch.gather(x, p["dim"], index.long()), gather_cases, diff=["x"]),
    Op("scatter_add", lambda p, x, index, src: scatter_add_ref(x, index, src, p["dim"]), scatter_add_cases,
       diff=["x", "src"]),
    Op("spmm", spmm_ref(False), lambda: spmm_cases(False), diff=["x"]),
    Op("spmm_t", spmm_ref(True), lambda: spmm_cases(True), diff=["x"]),
    Op("standardize", lambda p, x: F.layer_norm(x, x.shape[p["from_axis"]:], eps=p["eps"]), standardize_cases),
    Op("expand", lambda p, x: x.expand(p["shape"]),
       one_input([({"shape": shape}, s) for s, shape in [((3, 1), (2, 3, 4)), ((1,), (5,)), ((2, 1, 3), (2, 4, 3)),
                                                         ((), (2, 3)), ((4, 1), (4, 1))]], randn)),
    Op("std", lambda p, x: torch.std(x, dim=p.get("dims"), correction=p["correction"], keepdim=bool(p["keepdim"])),
       lambda: reduce_cases(randn, correction=True)),
]


def generate(table):
    names = [op.name for op in table]
    assert len(set(names)) == len(names), "duplicate op names in TABLE"
    for op in table:
        for params, inputs in op.cases():
            add_case(op.name, params, inputs, functools.partial(op.ref, params), op.diff)


# ----------------------------------------------------------------------------
# train_conv3d
# ----------------------------------------------------------------------------


def make_train_conv3d():
    torch.manual_seed(SEED + 1)
    lr, steps = 0.05, 20
    x = torch.randn(2, 1, 6, 6, 6)
    noise = torch.randn(2, 2, 6, 6, 6)
    base = 0.5 * torch.roll(x, shifts=(1, -1), dims=(2, 4))  # (2,1,6,6,6)
    target = (base.expand(2, 2, 6, 6, 6) * torch.tensor([1.0, -0.8]).view(1, 2, 1, 1, 1)
              + 0.1 * noise).float()
    conv1 = torch.nn.Conv3d(1, 4, 3, padding=1, padding_mode="zeros")
    conv2 = torch.nn.Conv3d(4, 2, 3, padding=1)
    conv1, conv2 = conv1.double(), conv2.double()  # float32 init -> exact in float64
    init = [("conv1.weight", conv1.weight.detach().clone()), ("conv1.bias", conv1.bias.detach().clone()),
            ("conv2.weight", conv2.weight.detach().clone()), ("conv2.bias", conv2.bias.detach().clone())]
    x64, t64 = x.double(), target.double()
    params = list(conv1.parameters()) + list(conv2.parameters())
    opt = torch.optim.SGD(params, lr=lr, momentum=0, weight_decay=0)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.mse_loss(conv2(torch.tanh(conv1(x64))), t64)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    tensors = [("x", x), ("target", target)] + init
    tensors.append(("losses", torch.tensor(losses, dtype=torch.float64)))
    tensors += [("final.conv1.weight", conv1.weight.detach()), ("final.conv1.bias", conv1.bias.detach()),
                ("final.conv2.weight", conv2.weight.detach()), ("final.conv2.bias", conv2.bias.detach())]
    return [("train_conv3d/0", "train_conv3d", "lr=%g;steps=%d" % (lr, steps), tensors)]


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    generate(TABLE)
    write_file(os.path.join(OUT_DIR, "ops.bin.gz"), CASES)
    write_file(os.path.join(OUT_DIR, "train_conv3d.bin.gz"), make_train_conv3d())


if __name__ == "__main__":
    main()
