#!/usr/bin/env python3
"""PyTorch reference fixtures for cryograd's `nn` layers, losses and the orthogonal initializer.

Run from the repository root with Debian's torch:

    cd /work/main && /usr/bin/python3 nn/src/test/python/make_layer_fixtures.py

Writes (deterministic: fixed torch seed, gzip mtime 0):

    nn/src/test/resources/fixtures/layers.bin.gz   layer and loss cases
    nn/src/test/resources/fixtures/init.bin.gz     orthogonal_ cases

Same container as tensor/src/test/python/make_fixtures.py (gzip, big-endian):

    "CGFX"  int32 version=1  int32 ncases
    per case: str id; str op; str params; int32 ntensors;
              per tensor: str name; int32 rank; rank x int32 dims; numel x float32 (C order)
    str = uint16 byte length + UTF-8 bytes; params = ';'-separated key=value pairs.

Layer case tensors, in this order:
    sd.<key>     the module's state dict (PyTorch names and order) loaded before anything runs
    pre<i>       inputs forwarded first without gradient (to advance running statistics)
    x            the input of the checked forward pass
    out, gout    its output and a standard-normal upstream gradient
    grad_x       d sum(out * gout) / dx
    grad.<name>  the same for every parameter (named_parameters order)
    after.<key>  the state dict after all forward passes (running statistics)
Params: the layer's configuration and train=0/1.

Loss case tensors: the inputs (a, b), out (a scalar or a vector), gout, grad_a, grad_b.
Init case tensors: gauss (the [rows, cols] standard-normal draw orthogonal_ made), w (its result).

Parameters are drawn as float32 and stored; modules run in float64 so the references carry no float32 error.
"""

import os
import sys
from collections import defaultdict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../tensor/src/test/python"))
from cgfx import write_file  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures"))

torch.manual_seed(20240611)
G = torch.Generator().manual_seed(1234)


def randn(*shape, scale=1.0):
    return (torch.randn(shape, generator=G, dtype=torch.float32) * scale).float()


def uniform(lo, hi, *shape):
    return (torch.rand(shape, generator=G, dtype=torch.float32) * (hi - lo) + lo).float()


CASES = []
COUNTER = defaultdict(int)


def fmt(params):
    parts = []
    for k, v in params.items():
        if isinstance(v, bool):
            v = int(v)
        if isinstance(v, (tuple, list)):
            v = ",".join(str(int(e)) for e in v)
        parts.append("%s=%s" % (k, v))
    return ";".join(parts)


def add(op, params, tensors):
    for n, t in tensors:
        assert torch.isfinite(t.double()).all(), (op, n)
    cid = "%s/%d" % (op, COUNTER[op])
    COUNTER[op] += 1
    CASES.append((cid, op, fmt(params), tensors))


# ----------------------------------------------------------------------------
# layers
# ----------------------------------------------------------------------------


def randomize_norm(m):
    """Norm layers start at weight 1, bias 0, mean 0, var 1: draw other values so every term is exercised."""
    with torch.no_grad():
        for name, p in m.named_parameters(recurse=False):
            if name == "weight":
                p.copy_(uniform(0.5, 1.5, *p.shape))
            else:
                p.copy_(randn(*p.shape, scale=0.5))
        if getattr(m, "running_mean", None) is not None:
            m.running_mean.copy_(randn(*m.running_mean.shape, scale=0.3))
            m.running_var.copy_(uniform(0.5, 2.0, *m.running_var.shape))
            m.num_batches_tracked.fill_(3)


def layer_case(op, params, module, x_shape, train=True, pres=0, x_scale=1.0, x_offset=0.0):
    module = module.float()
    for m in module.modules():
        if isinstance(m, (nn.GroupNorm, nn.InstanceNorm3d, nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
            randomize_norm(m)
    sd32 = [(k, v.detach().clone().float()) for k, v in module.state_dict().items()]
    module = module.double()
    module.load_state_dict({k: v.double() if v.is_floating_point() else v for k, v in sd32})
    module.train(train)
    tensors = [("sd." + k, v) for k, v in sd32]
    for i in range(pres):
        p = randn(*x_shape, scale=x_scale) + x_offset
        tensors.append(("pre%d" % i, p))
        with torch.no_grad():
            module(p.double())
    x = randn(*x_shape, scale=x_scale) + x_offset
    xd = x.double().requires_grad_(True)
    out = module(xd)
    gout = randn(*out.shape)
    named = list(module.named_parameters())
    grads = torch.autograd.grad((out * gout.double()).sum(), [xd] + [p for _, p in named])
    tensors += [("x", x), ("out", out.detach()), ("gout", gout), ("grad_x", grads[0])]
    tensors += [("grad." + n, g) for (n, _), g in zip(named, grads[1:])]
    tensors += [("after." + k, v.detach()) for k, v in module.state_dict().items()]
    params = dict(params)
    params["train"] = train
    add(op, params, tensors)


def gen_layers():
    # Linear
    layer_case("Linear", dict(inF=5, outF=3, bias=1), nn.Linear(5, 3), (4, 5))
    layer_case("Linear", dict(inF=6, outF=4, bias=0), nn.Linear(6, 4, bias=False), (2, 3, 6))
    layer_case("Linear", dict(inF=3, outF=7, bias=1), nn.Linear(3, 7), (3,))

    # Conv1d / Conv2d / Conv3d
    convs = [
        (1, dict(cin=4, cout=6, k=[3], s=[1], p=[1], g=1, bias=1, circ=0), (2, 4, 9)),
        (1, dict(cin=4, cout=6, k=[3], s=[2], p=[1], g=2, bias=1, circ=1), (2, 4, 10)),
        (1, dict(cin=3, cout=2, k=[2], s=[1], p=[0], g=1, bias=0, circ=0), (3, 3, 7)),
        (2, dict(cin=3, cout=4, k=[3, 3], s=[1, 1], p=[1, 1], g=1, bias=1, circ=0), (2, 3, 6, 5)),
        (2, dict(cin=4, cout=6, k=[3, 3], s=[2, 2], p=[1, 1], g=2, bias=1, circ=1), (2, 4, 7, 8)),
        (2, dict(cin=2, cout=3, k=[3, 2], s=[1, 2], p=[1, 0], g=1, bias=0, circ=0), (1, 2, 6, 6)),
        (3, dict(cin=2, cout=3, k=[3, 3, 3], s=[1, 1, 1], p=[1, 1, 1], g=1, bias=1, circ=0), (2, 2, 5, 4, 6)),
        (3, dict(cin=4, cout=4, k=[3, 3, 3], s=[2, 2, 2], p=[1, 1, 1], g=4, bias=1, circ=1), (1, 4, 6, 5, 6)),
        (3, dict(cin=2, cout=4, k=[2, 2, 2], s=[2, 2, 2], p=[0, 0, 0], g=1, bias=0, circ=0), (2, 2, 4, 6, 4)),
        (3, dict(cin=2, cout=2, k=[3, 3, 3], s=[1, 1, 1], p=[1, 1, 1], g=1, bias=1, circ=1), (1, 2, 4, 4, 5)),
        (3, dict(cin=4, cout=6, k=[3, 1, 3], s=[1, 2, 1], p=[1, 0, 2], g=2, bias=1, circ=0), (2, 4, 4, 5, 3)),
    ]
    cls = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}
    for d, c, shape in convs:
        m = cls[d](c["cin"], c["cout"], tuple(c["k"]), stride=tuple(c["s"]), padding=tuple(c["p"]), groups=c["g"],
                   bias=bool(c["bias"]), padding_mode="circular" if c["circ"] else "zeros")
        layer_case("Conv%dd" % d, c, m, shape)

    # ConvTranspose3d
    cts = [
        (dict(cin=4, cout=2, k=[2, 2, 2], s=[2, 2, 2], p=[0, 0, 0], op=[0, 0, 0], g=1, bias=1), (2, 4, 3, 2, 3)),
        (dict(cin=3, cout=4, k=[3, 3, 3], s=[2, 2, 2], p=[1, 1, 1], op=[1, 1, 1], g=1, bias=1), (1, 3, 3, 3, 2)),
        (dict(cin=4, cout=6, k=[3, 2, 3], s=[1, 2, 2], p=[1, 0, 1], op=[0, 1, 0], g=2, bias=0), (2, 4, 3, 2, 3)),
    ]
    for c, shape in cts:
        m = nn.ConvTranspose3d(c["cin"], c["cout"], tuple(c["k"]), stride=tuple(c["s"]), padding=tuple(c["p"]),
                               output_padding=tuple(c["op"]), groups=c["g"], bias=bool(c["bias"]))
        layer_case("ConvTranspose3d", c, m, shape)

    # GroupNorm
    layer_case("GroupNorm", dict(groups=2, ch=4, affine=1), nn.GroupNorm(2, 4), (2, 4, 3, 4, 3), x_scale=2.0, x_offset=0.5)
    layer_case("GroupNorm", dict(groups=1, ch=6, affine=1), nn.GroupNorm(1, 6), (3, 6, 5, 4))
    layer_case("GroupNorm", dict(groups=3, ch=6, affine=0), nn.GroupNorm(3, 6, affine=False), (2, 6, 7))
    layer_case("GroupNorm", dict(groups=4, ch=4, affine=1), nn.GroupNorm(4, 4), (2, 4, 3, 3, 3), train=False)

    # InstanceNorm3d
    layer_case("InstanceNorm3d", dict(ch=3, affine=0, track=0), nn.InstanceNorm3d(3), (2, 3, 4, 3, 5), x_scale=1.5, x_offset=-0.3)
    layer_case("InstanceNorm3d", dict(ch=4, affine=1, track=0), nn.InstanceNorm3d(4, affine=True), (2, 4, 3, 3, 4))
    layer_case("InstanceNorm3d", dict(ch=2, affine=1, track=0), nn.InstanceNorm3d(2, affine=True), (1, 2, 4, 4, 4), train=False)
    layer_case("InstanceNorm3d", dict(ch=3, affine=1, track=1), nn.InstanceNorm3d(3, affine=True, track_running_stats=True),
               (2, 3, 3, 4, 3), pres=1, x_offset=0.7)
    layer_case("InstanceNorm3d", dict(ch=3, affine=0, track=1), nn.InstanceNorm3d(3, track_running_stats=True),
               (2, 3, 3, 4, 3), train=False)

    # BatchNorm (momentum: m<=0 encodes None, the cumulative average)
    bns = [
        (1, dict(ch=5, affine=1, track=1, mom=0.1), nn.BatchNorm1d(5), (6, 5), True),
        (1, dict(ch=3, affine=1, track=1, mom=0.1), nn.BatchNorm1d(3), (4, 3, 5), True),
        (2, dict(ch=4, affine=1, track=1, mom=0.1), nn.BatchNorm2d(4), (3, 4, 3, 5), True),
        (2, dict(ch=4, affine=1, track=1, mom=0.1), nn.BatchNorm2d(4), (3, 4, 3, 5), False),
        (3, dict(ch=3, affine=1, track=1, mom=0.1), nn.BatchNorm3d(3), (2, 3, 3, 4, 3), True),
        (3, dict(ch=3, affine=1, track=1, mom=0.1), nn.BatchNorm3d(3), (2, 3, 3, 4, 3), False),
        (3, dict(ch=2, affine=0, track=1, mom=0.3), nn.BatchNorm3d(2, affine=False, momentum=0.3), (3, 2, 2, 3, 2), True),
        (2, dict(ch=3, affine=1, track=1, mom=-1), nn.BatchNorm2d(3, momentum=None), (2, 3, 4, 4), True),
        (2, dict(ch=3, affine=1, track=0, mom=0.1), nn.BatchNorm2d(3, track_running_stats=False), (2, 3, 4, 4), False),
    ]
    for d, c, m, shape, train in bns:
        c = dict(c)
        c["dims"] = d
        layer_case("BatchNorm", c, m, shape, train=train, pres=1 if train else 0, x_scale=1.3, x_offset=0.4)

    # activations
    layer_case("ReLU", {}, nn.ReLU(), (3, 4, 5))
    layer_case("LeakyReLU", dict(slope=0.2), nn.LeakyReLU(0.2), (2, 3, 4))
    layer_case("LeakyReLU", dict(slope=0.01), nn.LeakyReLU(), (7, 3))
    layer_case("Tanh", {}, nn.Tanh(), (4, 6))
    layer_case("Sigmoid", {}, nn.Sigmoid(), (4, 6), x_scale=3.0)

    class SineT(nn.Module):
        def __init__(self, w0):
            super().__init__()
            self.w0 = w0

        def forward(self, x):
            return torch.sin(self.w0 * x)

    layer_case("Sine", dict(w0=30.0), SineT(30.0), (3, 8), x_scale=0.1)
    layer_case("Sine", dict(w0=1.0), SineT(1.0), (2, 5), x_scale=2.0)

    # containers: PyTorch's names must load strictly into the Java equivalents
    seq = nn.Sequential(nn.Conv3d(2, 4, 3, padding=1), nn.GroupNorm(2, 4), nn.LeakyReLU(0.2), nn.Conv3d(4, 2, 3, padding=1))
    layer_case("SeqConvGnLreluConv", {}, seq, (2, 2, 4, 4, 4))

    class Block(nn.Module):
        def __init__(self, cin, cout):
            super().__init__()
            self.conv = nn.Conv3d(cin, cout, 3, padding=1)
            self.norm = nn.InstanceNorm3d(cout, affine=True)
            self.act = nn.LeakyReLU(0.2)

        def forward(self, x):
            return self.act(self.norm(self.conv(x)))

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.down = nn.Sequential(Block(1, 2), Block(2, 3))
            self.bn = nn.BatchNorm3d(3)
            self.head = nn.Conv3d(3, 1, 1)

        def forward(self, x):
            return self.head(self.bn(self.down(x)))

    layer_case("NestedNet", {}, Net(), (2, 1, 4, 3, 4), pres=1)


# ----------------------------------------------------------------------------
# losses (inputs float32, computed in float64)
# ----------------------------------------------------------------------------


def corr(a, b):
    """Pearson's r via torch.corrcoef (an implementation independent of cryograd's formula)."""
    return torch.corrcoef(torch.stack([a.reshape(-1), b.reshape(-1)]))[0, 1]


def loss_case(op, params, a, b, fn):
    ad = a.double().requires_grad_(True)
    bd = b.double().requires_grad_(True)
    out = fn(ad, bd)
    gout = randn(*out.shape)
    ga, gb = torch.autograd.grad((out * gout.double()).sum(), [ad, bd])
    add(op, params, [("a", a), ("b", b), ("out", out.detach()), ("gout", gout), ("grad_a", ga), ("grad_b", gb)])


def per_sample_corr(a, b, axes):
    """Pearson over `axes`: move them last, flatten, corrcoef per remaining index."""
    keep = [i for i in range(a.dim()) if i not in axes]
    order = keep + list(axes)
    ap = a.permute(order).reshape(-1, int(np.prod([a.shape[i] for i in axes])))
    bp = b.permute(order).reshape(ap.shape)
    rs = torch.stack([corr(ap[i], bp[i]) for i in range(ap.shape[0])])
    return rs.reshape([a.shape[i] for i in keep])


def gen_losses():
    for shape in [(7,), (2, 3, 4)]:
        loss_case("mse", {}, randn(*shape), randn(*shape), F.mse_loss)
        a = randn(*shape)
        loss_case("l1", {}, a, a + uniform(0.1, 1.0, *shape) * torch.where(torch.rand(shape, generator=G) < 0.5, -1.0, 1.0),
                  F.l1_loss)
    loss_case("bce", {}, randn(3, 5, scale=3.0), torch.rand(3, 5, generator=G), F.binary_cross_entropy_with_logits)
    x = torch.tensor([-40.0, -15.0, -3.0, -0.5, 0.5, 3.0, 15.0, 40.0])
    loss_case("bce", {}, x, torch.tensor([0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0]), F.binary_cross_entropy_with_logits)
    loss_case("bce", {}, torch.tensor([0.0, 0.0, 2.0]), torch.tensor([0.0, 1.0, 0.3]), F.binary_cross_entropy_with_logits)

    a = randn(2, 3, 4)
    loss_case("pearson", {}, a, 0.6 * a + 0.8 * randn(2, 3, 4), corr)
    a = randn(3, 4, 5)
    loss_case("pearson", dict(axes=[1, 2]), a, a * 0.3 + randn(3, 4, 5), lambda x, y: per_sample_corr(x, y, [1, 2]))
    a = randn(5, 3)
    loss_case("pearson", dict(axes=[0]), a, -0.5 * a + randn(5, 3), lambda x, y: per_sample_corr(x, y, [0]))
    a = randn(2, 1, 3, 3, 3)
    loss_case("pearsonPerSample", {}, a, a + randn(2, 1, 3, 3, 3), lambda x, y: per_sample_corr(x, y, [1, 2, 3, 4]))

    def dual(x, y):
        return torch.log(F.mse_loss(y, x)) + torch.log(1 - corr(x, y))

    for shape in [(2, 1, 4, 4, 4), (3, 10)]:
        a = randn(*shape)
        loss_case("dual", {}, a, a + 0.5 * randn(*shape) + 0.1, dual)

    eps = 1e-3

    def dual_eps(x, y):
        # the guarded variant written out directly
        dx, dy = x - x.mean(), y - y.mean()
        r = (dx * dy).sum() / torch.sqrt((dx * dx).sum() * (dy * dy).sum() + eps)
        return torch.log(((x - y) ** 2).mean() + eps) + torch.log(1 - r + eps)

    a = randn(2, 1, 3, 3, 3)
    loss_case("dual", dict(eps=eps), a, a + 0.3 * randn(2, 1, 3, 3, 3), dual_eps)

    def dual_per_sample(x, y):
        n = x.shape[0]
        losses = [torch.log(F.mse_loss(y[i], x[i])) + torch.log(1 - corr(x[i], y[i])) for i in range(n)]
        return torch.stack(losses).mean()

    a = randn(3, 1, 3, 4, 3)
    loss_case("dualPerSample", {}, a, 0.7 * a + 0.5 * randn(3, 1, 3, 4, 3), dual_per_sample)


# ----------------------------------------------------------------------------
# orthogonal_: torch's own function, and the Gaussian draw it made (same seed, same call)
# ----------------------------------------------------------------------------

INIT_CASES = []


def gen_init():
    for i, (shape, gain) in enumerate([((4, 6), 1.0), ((6, 4), 1.0), ((5, 5), 2.0), ((8, 2, 3, 3), 1.0), ((3, 2, 2, 2, 2), 0.5),
                                       ((2, 17), 1.0)]):
        seed = 777 + i
        rows = shape[0]
        cols = int(np.prod(shape)) // rows
        torch.manual_seed(seed)
        w = torch.empty(shape)
        nn.init.orthogonal_(w, gain=gain)
        torch.manual_seed(seed)
        gauss = torch.empty(rows, cols).normal_(0, 1)  # the draw orthogonal_ makes first
        INIT_CASES.append(("orthogonal/%d" % i, "orthogonal", fmt(dict(gain=gain)), [("gauss", gauss), ("w", w)]))


def main():
    torch.set_default_dtype(torch.float32)
    gen_layers()
    gen_losses()
    gen_init()
    write_file(os.path.join(OUT_DIR, "layers.bin.gz"), CASES)
    write_file(os.path.join(OUT_DIR, "init.bin.gz"), INIT_CASES)


if __name__ == "__main__":
    main()
