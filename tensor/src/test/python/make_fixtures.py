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
"""

import os
from collections import OrderedDict, defaultdict

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
# serialisation
# ----------------------------------------------------------------------------




# ----------------------------------------------------------------------------
# op catalogue
# ----------------------------------------------------------------------------

UNARY_SHAPES = [(), (7,), (3, 1, 5), (2, 13), (2, 3, 4)]


def gen_unary():
    def gen(op, make, fn):
        for s in UNARY_SHAPES:
            add_case(op, {}, [("x", make(s))], lambda x: fn(x))

    gen("neg", lambda s: randn(s), lambda x: -x)
    gen("exp", lambda s: uniform(s, -3, 3), torch.exp)
    gen("log", lambda s: uniform(s, 0.2, 3), torch.log)
    gen("sqrt", lambda s: uniform(s, 0.2, 3), torch.sqrt)
    gen("abs", lambda s: signed(s, 0.05, 2), torch.abs)
    gen("sin", lambda s: randn(s, 2), torch.sin)
    gen("cos", lambda s: randn(s, 2), torch.cos)
    gen("tanh", lambda s: randn(s, 1.5), torch.tanh)
    gen("sigmoid", lambda s: randn(s, 2), torch.sigmoid)
    gen("relu", lambda s: signed(s, 0.05, 2), torch.relu)
    gen("square", lambda s: randn(s), torch.square)
    gen("sine30", lambda s: uniform(s, -1, 1), lambda x: torch.sin(30 * x))
    gen("sin_wide", lambda s: uniform(s, -3000, 3000), torch.sin)
    gen("cos_wide", lambda s: uniform(s, -3000, 3000), torch.cos)

    for slope, s in [(0.2, (3, 1, 5)), (0.2, (2, 13)), (0.01, (7,)), (0.01, (2, 3, 4))]:
        add_case("leaky_relu", {"slope": slope}, [("x", signed(s, 0.05, 2))],
                 lambda x, slope=slope: F.leaky_relu(x, slope))

    for params, s in [({"min": -0.5, "max": 0.7}, (4, 5)),
                      ({"min": -0.5, "max": 0.7}, (2, 1, 7)),
                      ({"min": -0.3}, (13,)),
                      ({"max": 0.4}, (3, 4))]:
        lo, hi = params.get("min"), params.get("max")
        x = away_from(randn(s), [b for b in (lo, hi) if b is not None])
        add_case("clamp", params, [("x", x)], lambda x, lo=lo, hi=hi: torch.clamp(x, min=lo, max=hi))

    for e, x in [(2.5, uniform((3, 5), 0.3, 2)),
                 (-1.5, uniform((2, 1, 7), 0.3, 2)),
                 (3, randn((4, 3))),
                 (2.5, uniform((), 0.3, 2))]:
        add_case("pow_scalar", {"exponent": e}, [("x", x)], lambda x, e=e: torch.pow(x, e))


BINARY_SHAPES = [((3, 4), (3, 4)), ((2, 3, 4), (4,)), ((2, 1, 4), (3, 1)), ((5,), ()),
                 ((1,), (2, 3)), ((2, 3, 1, 5), (3, 4, 1))]


def no_ties(xs, ys):
    """Resample y until |x - y| > 0.02 everywhere after broadcasting."""
    x, y = randn(xs), randn(ys)
    while (torch.broadcast_tensors(x, y)[0] - torch.broadcast_tensors(x, y)[1]).abs().min() <= 0.02:
        y = randn(ys)
    return x, y


def gen_binary():
    ops = [
        ("add", lambda xs, ys: (randn(xs), randn(ys)), torch.add),
        ("sub", lambda xs, ys: (randn(xs), randn(ys)), torch.sub),
        ("mul", lambda xs, ys: (randn(xs), randn(ys)), torch.mul),
        ("div", lambda xs, ys: (randn(xs), signed(ys, 0.5, 2)), torch.div),
        ("pow", lambda xs, ys: (uniform(xs, 0.5, 2), uniform(ys, -1.5, 1.5)), torch.pow),
        ("maximum", no_ties, torch.maximum),
        ("minimum", no_ties, torch.minimum),
    ]
    for op, make, fn in ops:
        for xs, ys in BINARY_SHAPES:
            x, y = make(xs, ys)
            add_case(op, {}, [("x", x), ("y", y)], lambda x, y, fn=fn: fn(x, y))


def gen_reduce():
    # (shape, dims or None, keepdim)
    specs = [((3, 5), None, 0), ((4, 5), (0,), 0), ((3, 5, 2), (1,), 1),
             ((3, 4, 5), (0, 2), 0), ((2, 3, 7), (-1,), 0), ((2, 1, 5), (0, 2), 1)]
    fns = {
        "sum": lambda x, d, k: x.sum() if d is None else x.sum(dim=d, keepdim=k),
        "mean": lambda x, d, k: x.mean() if d is None else x.mean(dim=d, keepdim=k),
        "max": lambda x, d, k: torch.amax(x, dim=tuple(range(x.dim())) if d is None else d, keepdim=k),
    }
    for op in ["sum", "mean", "max"]:
        for s, d, k in specs:
            p = OrderedDict()
            if d is not None:
                p["dims"] = d
            p["keepdim"] = k
            x = distinct(s) if op == "max" else randn(s)
            add_case(op, p, [("x", x)], lambda x, d=d, k=k, f=fns[op]: f(x, d, bool(k)))
    var_specs = [(s, d, k, 1) for s, d, k in specs] + [((4, 5), (1,), 0, 0), ((3, 4), None, 0, 0)]
    for s, d, k, c in var_specs:
        p = OrderedDict()
        if d is not None:
            p["dims"] = d
        p["keepdim"] = k
        p["correction"] = c
        add_case("var", p, [("x", randn(s))],
                 lambda x, d=d, k=k, c=c: torch.var(x, dim=d, correction=c, keepdim=bool(k)))


def gen_matmul():
    for xs, ys in [((3, 5), (5, 4)), ((2, 3, 5), (2, 5, 4)), ((2, 3, 5), (5, 4)), ((5,), (5, 4)),
                   ((3, 5), (5,)), ((2, 1, 3, 5), (4, 5, 2)), ((7, 13), (13, 9)), ((5,), (5,)),
                   ((4, 3), (2, 3, 1))]:
        add_case("matmul", {}, [("x", randn(xs)), ("y", randn(ys))],
                 lambda x, y: torch.matmul(x, y))


def gen_shape_ops():
    for s, shape in [((4, 6), (2, -1, 3)), ((2, 3, 4), (24,)), ((5, 1, 3), (3, 5)),
                     ((6,), (1, 6, 1)), ((2, 3, 4), (-1, 4))]:
        add_case("reshape", {"shape": shape}, [("x", randn(s))], lambda x, shape=shape: x.reshape(shape))
    for s, dims in [((2, 3, 4), (2, 0, 1)), ((3, 1, 5, 2), (3, 1, 0, 2)), ((4, 5), (1, 0)),
                    ((2, 3, 4), (0, 1, 2))]:
        add_case("permute", {"dims": dims}, [("x", randn(s))], lambda x, dims=dims: x.permute(dims))
    for s, d0, d1 in [((2, 3, 4), 0, 2), ((3, 5), 0, 1), ((2, 3, 4, 5), 1, 3), ((2, 1, 4), 2, 1)]:
        add_case("transpose", {"dim0": d0, "dim1": d1}, [("x", randn(s))],
                 lambda x, d0=d0, d1=d1: x.transpose(d0, d1))
    for s, dim, st, en, sp in [((3, 5, 4), 1, 1, 4, 2), ((5, 6), 0, 0, 5, 1), ((2, 3, 7), 2, 2, 7, 3),
                               ((4, 6), 1, 2, 3, 1), ((2, 7, 3), 2, 0, 3, 1), ((13,), 0, 3, 12, 4)]:
        def sl(x, dim=dim, st=st, en=en, sp=sp):
            idx = [slice(None)] * x.dim()
            idx[dim] = slice(st, en, sp)
            return x[tuple(idx)]
        add_case("slice", {"dim": dim, "start": st, "end": en, "step": sp}, [("x", randn(s))], sl)
    for s, pad, mode in [((2, 3, 5), (1, 2), "zeros"),
                         ((2, 3, 5), (2, 1), "circular"),
                         ((1, 2, 4, 5), (1, 2, 0, 1), "zeros"),
                         ((1, 2, 4, 5), (1, 1, 2, 2), "circular"),
                         ((1, 2, 4, 5, 6), (1, 0, 2, 1, 0, 1), "zeros"),
                         ((1, 2, 4, 5, 6), (1, 1, 1, 1, 1, 1), "circular"),
                         ((1, 2, 3), (3, 3), "circular"),
                         ((1, 1, 3, 4), (4, 0, 3, 1), "circular"),
                         ((2, 1, 3, 2, 4), (0, 2, 1, 0, 2, 2), "circular")]:
        add_case("pad", {"pad": pad, "mode": mode}, [("x", randn(s))],
                 lambda x, pad=pad, mode=mode: F.pad(x, pad, mode="constant" if mode == "zeros" else "circular"))
    for shapes, dim in [([(2, 3), (4, 3)], 0), ([(2, 3, 4), (2, 1, 4), (2, 5, 4)], 1),
                        ([(3, 2), (3, 5)], -1), ([(2, 3, 1), (2, 3, 2), (2, 3, 3)], -1),
                        ([(5,), (2,)], 0), ([(2, 2, 3), (2, 2, 3)], 2)]:
        ins = [("x%d" % i, randn(s)) for i, s in enumerate(shapes)]
        add_case("cat", {"dim": dim}, ins, lambda dim=dim, **kw: torch.cat([kw[k] for k in sorted(kw)], dim))
    for s, dim in [((3, 4), 0), ((2, 3), 1), ((2, 3), 2), ((5,), -1), ((2, 1, 3), 1)]:
        ins = [("x%d" % i, randn(s)) for i in range(3)]
        add_case("stack", {"dim": dim}, ins, lambda dim=dim, **kw: torch.stack([kw[k] for k in sorted(kw)], dim))
    for s, dims in [((3, 4, 5), (0, 2)), ((5,), (0,)), ((2, 3, 4), (1,)), ((2, 3), (0, 1))]:
        add_case("flip", {"dims": dims}, [("x", randn(s))], lambda x, dims=dims: torch.flip(x, dims))
    for s, shifts, dims in [((3, 4, 5), (1, -2), (0, 2)), ((5, 3), (7,), (0,)), ((4, 6), (-3,), (1,)),
                            ((2, 5), (-7, 2), (1, 0)), ((2, 3, 4), (2,), (2,))]:
        add_case("roll", {"shifts": shifts, "dims": dims}, [("x", randn(s))],
                 lambda x, shifts=shifts, dims=dims: torch.roll(x, shifts, dims))


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


def gen_conv():
    # per nd: (N, Cin, Cout, spatial, kernel, stride, padding, groups, mode, bias)
    specs = {
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
    for nd in (1, 2, 3):
        op = "conv%dd" % nd
        for n, cin, cout, sp, k, st, pd, g, mode, bias in specs[nd]:
            sp, k, st, pd = tup(sp, nd), tup(k, nd), tup(st, nd), tup(pd, nd)
            ins = [("x", randn((n, cin) + sp)), ("w", randn((cout, cin // g) + k, 0.3))]
            if bias:
                ins.append(("b", randn((cout,), 0.5)))
            p = OrderedDict([("stride", st), ("padding", pd), ("groups", g), ("mode", mode)])
            add_case(op, p, ins, lambda x, w, b=None, nd=nd, st=st, pd=pd, g=g, mode=mode:
                     conv_nd(nd, x, w, b, st, pd, g, mode))


def gen_conv_transpose():
    # per nd: (N, Cin, Cout, spatial, kernel, stride, padding, output_padding, groups, bias)
    specs = {
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
    fs = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
    for nd in (1, 2, 3):
        op = "conv_transpose%dd" % nd
        for n, cin, cout, sp, k, st, pd, op_, g, bias in specs[nd]:
            sp, k, st, pd, op_ = tup(sp, nd), tup(k, nd), tup(st, nd), tup(pd, nd), tup(op_, nd)
            ins = [("x", randn((n, cin) + sp)), ("w", randn((cin, cout // g) + k, 0.3))]
            if bias:
                ins.append(("b", randn((cout,), 0.5)))
            p = OrderedDict([("stride", st), ("padding", pd), ("output_padding", op_), ("groups", g)])
            add_case(op, p, ins, lambda x, w, b=None, f=fs[nd], st=st, pd=pd, op_=op_, g=g:
                     f(x, w, b, stride=st, padding=pd, output_padding=op_, groups=g))


def gen_pool():
    # per nd: (shape, kernel, stride, padding)
    specs = {
        1: [((2, 3, 6), 2, 2, 0), ((1, 2, 7), 3, 2, 1), ((2, 2, 5), 3, 1, 1), ((1, 2, 9), 4, 3, 2),
            ((1, 3, 5), 2, 1, 0)],
        2: [((2, 3, 6, 4), 2, 2, 0), ((1, 2, 7, 5), 3, 2, 1), ((2, 2, 5, 4), 3, 1, 1),
            ((1, 2, 5, 7), (3, 2), (1, 2), (1, 0)), ((1, 3, 1, 5), (1, 2), 1, 0)],
        3: [((2, 2, 4, 6, 4), 2, 2, 0), ((1, 2, 5, 7, 5), 3, 2, 1), ((1, 2, 4, 5, 3), 3, 1, 1),
            ((1, 2, 5, 4, 3), (2, 3, 1), (2, 1, 1), (0, 1, 0)), ((1, 3, 1, 4, 5), (1, 2, 2), 1, 0)],
    }
    for kind in ("max", "avg"):
        for nd in (1, 2, 3):
            op = "%s_pool%dd" % (kind, nd)
            f = getattr(F, op)
            for s, k, st, pd in specs[nd]:
                k, st, pd = tup(k, nd), tup(st, nd), tup(pd, nd)
                x = distinct(s) if kind == "max" else randn(s)
                p = OrderedDict([("kernel", k), ("stride", st), ("padding", pd)])
                if kind == "max":
                    fn = lambda x, f=f, k=k, st=st, pd=pd: f(x, k, st, pd)
                else:
                    fn = lambda x, f=f, k=k, st=st, pd=pd: f(x, k, st, pd, ceil_mode=False, count_include_pad=True)
                add_case(op, p, [("x", x)], fn)


def gen_upsample():
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
    lin = {3: "linear", 4: "bilinear", 5: "trilinear"}
    for s, mode, size, ac in specs:
        p = OrderedDict([("mode", mode), ("size", size)])
        if mode == "linear":
            p["align_corners"] = ac
            fn = lambda x, size=size, ac=ac, m=lin[len(s)]: F.interpolate(x, size=size, mode=m, align_corners=bool(ac))
        else:
            fn = lambda x, size=size: F.interpolate(x, size=size, mode="nearest")
        add_case("upsample", p, [("x", randn(s))], fn)


def gen_softmax():
    specs = [((3, 5), -1, 1.0), ((2, 4, 3), 1, 1.0), ((4, 3), 0, 1.0), ((2, 7), -1, 50.0),
             ((5,), 0, 1.0), ((2, 3, 4), -1, 50.0)]
    for op, f in [("softmax", F.softmax), ("log_softmax", F.log_softmax)]:
        for s, dim, scale in specs:
            add_case(op, {"dim": dim}, [("x", randn(s, scale))], lambda x, f=f, dim=dim: f(x, dim=dim))


def gen_standardize():
    # (x - mean) / sqrt(biased var + eps) over the trailing axes: F.layer_norm over x.shape[from_axis:], no affine
    specs = [((2, 3, 4, 5), 2, 1e-5, 1.0, 0.0), ((2, 2, 3, 3, 3), 2, 1e-5, 1.0, 0.0), ((3, 7), 1, 1e-5, 1.0, 0.0),
             ((4, 6), 0, 1e-3, 1.0, 0.0), ((2, 3, 8), 2, 1e-5, 0.1, 50.0), ((3, 4), 1, 1e-2, 0.01, 0.0)]
    for s, axis, eps, scale, offset in specs:
        x = (randn(s, scale) + offset).float()
        add_case("standardize", OrderedDict([("from_axis", axis), ("eps", eps)]), [("x", x)],
                 lambda x, axis=axis, eps=eps: F.layer_norm(x, x.shape[axis:], eps=eps))


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


def gen_gather_scatter():
    for xs, dim, ishape in [((3, 5), 1, (3, 4)), ((4, 5), 0, (6, 3)), ((2, 3, 4), 2, (2, 2, 6)),
                            ((2, 3, 4), 1, (1, 5, 2)), ((6,), 0, (8,))]:
        idx = idx_with_repeats(ishape, xs[dim], dim)
        add_case("gather", {"dim": dim}, [("x", randn(xs)), ("index", idx.float())],
                 lambda x, index, dim=dim: torch.gather(x, dim, index.long()), diff=["x"])
    for xs, dim, ishape, sshape in [((5, 3), 0, (4, 3), (4, 3)), ((3, 6), 1, (3, 8), (3, 8)),
                                    ((2, 4, 3), 1, (2, 5, 2), (2, 6, 3)), ((4,), 0, (7,), (7,)),
                                    ((3, 4), 0, (6, 2), (6, 3))]:
        idx = idx_with_repeats(ishape, xs[dim], dim)
        add_case("scatter_add", {"dim": dim},
                 [("x", randn(xs)), ("index", idx.float()), ("src", randn(sshape))],
                 lambda x, index, src, dim=dim: scatter_add_ref(x, index, src, dim),
                 diff=["x", "src"])


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


def gen_spmm():
    specs = [(5, 7, 3, [2]), (8, 4, 2, [7]), (1, 6, 5, []), (6, 6, 1, [0, 3]), (9, 5, 4, [4])]
    for op in ("spmm", "spmm_t"):
        for rows, cols, k, empty in specs:
            rowptr, colidx, values = random_csr(rows, cols, 0.3, empty)
            x = randn((cols if op == "spmm" else rows, k))

            def fn(rowptr, colidx, values, x, rows=rows, cols=cols, op=op):
                a = csr_dense(rowptr, colidx, values, rows, cols)
                return a @ x if op == "spmm" else a.t() @ x
            add_case(op, {"rows": rows, "cols": cols},
                     [("rowptr", rowptr), ("colidx", colidx), ("values", values), ("x", x)],
                     fn, diff=["x"])


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
    gen_unary()
    gen_binary()
    gen_reduce()
    gen_matmul()
    gen_shape_ops()
    gen_conv()
    gen_conv_transpose()
    gen_pool()
    gen_upsample()
    gen_softmax()
    gen_gather_scatter()
    gen_spmm()
    gen_standardize()  # last, so the cases before it keep their random draws
    write_file(os.path.join(OUT_DIR, "ops.bin.gz"), CASES)
    write_file(os.path.join(OUT_DIR, "train_conv3d.bin.gz"), make_train_conv3d())


if __name__ == "__main__":
    main()
