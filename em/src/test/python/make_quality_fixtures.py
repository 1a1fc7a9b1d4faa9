#!/usr/bin/env python3
"""Reference values for em's QualityMetrics.measure (PSNR, SSIM, VIF-P after mean/std matching).

Run from the repository root with Debian's Python (python3-skimage, python3-scipy, python3-numpy):

    /usr/bin/python3 em/src/test/python/make_quality_fixtures.py

Writes em/src/test/resources/fixtures/quality.bin.gz (CGFX, see tensor/src/test/python/cgfx.py)
deterministically. Each case stores the two float32 volumes and the expected scalars, computed in float64 on
exactly those values, following QualityMetrics' class comment step by step:
  match  t' = (t - t.mean()) / t.std() * r.std() + r.mean()   (numpy population std)
  psnr   skimage.metrics.peak_signal_noise_ratio(r, t', data_range=r.max() - r.min())
  ssim   skimage.metrics.structural_similarity(r, t', data_range=R)   (defaults: 7-voxel box, sample covariance)
  vif    v -> (v - r.min()) * 255 / R on both, each z-slice enlarged by np.kron with a k x k block of ones,
         k = ceil(81 / min(ny, nx)), then sewar's vifp terms per z-slice (fft's numpy re-implementation,
         make_metric_fixtures.py) pooled: sum of the numerators over sum of the denominators
"""

import importlib.util
import math
import os
import sys

import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "../../../../tensor/src/test/python"))
import cgfx  # noqa: E402

_spec = importlib.util.spec_from_file_location("metric_fixtures", os.path.join(HERE, "../../../../fft/src/test/python/make_metric_fixtures.py"))
_mf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mf)

OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures", "quality.bin.gz"))
RNG = np.random.default_rng(20261206)


def smooth(shape):
    z, y, x = np.meshgrid(*[np.arange(n) for n in shape], indexing="ij")
    phase = RNG.uniform(0, 2 * np.pi, 3)
    v = 0.5 + 0.4 * np.sin(0.5 * x + phase[0]) * np.cos(0.3 * y + phase[1]) * np.cos(0.2 * z + phase[2])
    return v + 0.1 * RNG.standard_normal(shape)


def expected(r, t):
    r = r.astype(np.float64)
    t = t.astype(np.float64)
    m = (t - t.mean()) / t.std() * r.std() + r.mean()
    m = m.astype(np.float32).astype(np.float64)  # the matched volume is a float32 tensor
    lo, rng = r.min(), r.max() - r.min()
    psnr = peak_signal_noise_ratio(r, m, data_range=rng)
    ssim = structural_similarity(r, m, data_range=rng)
    k = math.ceil(81 / min(r.shape[1], r.shape[2]))
    block = np.ones((k, k))
    grey = lambda v: ((v - lo) * 255.0 / rng).astype(np.float32).astype(np.float64)
    gr, gm = grey(r), grey(m)
    vif = _mf.vifp_pooled(np.stack([np.kron(gr[z], block) for z in range(r.shape[0])]),
                          np.stack([np.kron(gm[z], block) for z in range(r.shape[0])]))
    return psnr, ssim, vif, k


def main():
    cases = []
    for cid, shape, noise, gain, offset in [("small", (8, 12, 10), 0.15, 2.5, 0.3),
                                            ("flat", (7, 9, 20), 0.05, 0.5, -4.0),
                                            ("noisy", (9, 16, 14), 0.6, 3.0, 1.0),
                                            ("k1", (7, 81, 84), 0.3, 1.5, 0.0)]:
        # quantised to 1/64 (exact in float32) so the stored volumes gzip well
        r = (np.round(smooth(shape) * 64) / 64).astype(np.float32)
        t = (np.round((gain * (r + noise * RNG.standard_normal(shape)) + offset) * 64) / 64).astype(np.float32)
        psnr, ssim, vif, k = expected(r, t)
        cases.append((cid, "quality", "k=%d" % k, [("ref", r), ("test", t), ("psnr", np.float64(psnr)),
                                                      ("ssim", np.float64(ssim)), ("vif", np.float64(vif))]))
        print(cid, shape, "psnr %.6f ssim %.6f vif %.6f k %d" % (psnr, ssim, vif, k))
    cgfx.write_file(OUT, cases)


if __name__ == "__main__":
    main()
