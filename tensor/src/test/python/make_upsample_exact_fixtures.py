#!/usr/bin/env python3
"""Bit-exact float32 references of linear upsampling (torch's CPU kernels in float32, not float64).

Run from the repository root with Debian's python3-torch:

    /usr/bin/python3 tensor/src/test/python/make_upsample_exact_fixtures.py

Writes tensor/src/test/resources/fixtures/upsample_f32.bin.gz (CGFX, see cgfx.py) deterministically: for each
(in, out) size pair of CpuUpsampleTest and align_corners false/true, 2 planes of float32 input x and output
gradient gout, and torch's float32 results out = F.interpolate(x, size, mode=linear/bilinear/trilinear) and
grad_x of out.backward(gout), with one thread. CpuUpsample promises torch's float arithmetic and summation order,
so its results must equal these bit for bit.
"""

import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cgfx import write_file  # noqa: E402

OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures", "upsample_f32.bin.gz"))

# (in [d, h, w], out [d, h, w]): CpuUpsampleTest.CASES, with its large 2-D case made smaller but still above
# torch's product-weight limit (out h + w > 128 takes the separable path)
CASES = [((1, 1, 5), (1, 1, 7)), ((1, 1, 6), (1, 1, 4)), ((1, 1, 3), (1, 1, 8)), ((1, 1, 4), (1, 1, 1)),
         ((1, 1, 1), (1, 1, 5)), ((1, 1, 7), (1, 1, 7)), ((1, 5, 6), (1, 7, 4)), ((1, 3, 6), (1, 8, 6)),
         ((1, 6, 3), (1, 4, 8)), ((1, 9, 8), (1, 64, 70)), ((3, 5, 6), (5, 7, 4)), ((2, 3, 3), (4, 8, 3)),
         ((4, 1, 3), (2, 1, 5)), ((6, 4, 5), (4, 6, 5))]


def main():
    torch.set_num_threads(1)
    rng = np.random.default_rng(20261206)
    cases = []
    for ins, outs in CASES:
        nd = 3 if not (ins[0] == 1 and outs[0] == 1) else (1 if ins[1] == 1 and outs[1] == 1 else 2)
        mode = {1: "linear", 2: "bilinear", 3: "trilinear"}[nd]
        for ac in (False, True):
            # multiples of 1/64 (exact in float32; they keep the file small), the results are arbitrary floats
            x = (np.round(rng.standard_normal((1, 2) + ins[3 - nd:]) * 64) / 64).astype(np.float32)
            g = (np.round(rng.standard_normal((1, 2) + outs[3 - nd:]) * 64) / 64).astype(np.float32)
            xt = torch.from_numpy(x).requires_grad_(True)
            y = F.interpolate(xt, size=outs[3 - nd:], mode=mode, align_corners=ac)
            y.backward(torch.from_numpy(g))
            assert y.dtype == torch.float32 and xt.grad.dtype == torch.float32
            params = "in=%s;out=%s;align_corners=%d" % (",".join(map(str, ins)), ",".join(map(str, outs)), int(ac))
            # float32 values go through cgfx's float64 -> float32 cast unchanged
            cases.append(("%s:%s" % (mode, params), "upsample_f32", params,
                          [("x", x), ("gout", g), ("out", y.detach().numpy()), ("grad_x", xt.grad.numpy())]))
    write_file(OUT, cases)


if __name__ == "__main__":
    main()
