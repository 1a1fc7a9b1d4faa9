#!/usr/bin/env python3
"""Reference values for cryograd's image-quality metrics (package org.cryograd.fft.metrics).

Run from the repository root with Debian's Python (python3-skimage, python3-scipy, python3-numpy):

    cd /work/main && /usr/bin/python3 fft/src/test/python/make_metric_fixtures.py

Writes fft/src/test/resources/metrics/metrics.bin.gz deterministically (fixed numpy seed, gzip mtime 0).

References:
  mse       skimage.metrics.mean_squared_error
  rel_mse   skimage.metrics.normalized_root_mse(normalization='euclidean') ** 2  (= ||a-b||^2 / ||a||^2)
  pearson   scipy.stats.pearsonr
  psnr      skimage.metrics.peak_signal_noise_ratio(data_range=R)
  ssim_gauss    skimage.metrics.structural_similarity(gaussian_weights=True, sigma=1.5,
                use_sample_covariance=False, data_range=R)      (Wang et al. settings)
  ssim_uniform  skimage.metrics.structural_similarity(win_size=7, data_range=R)  (skimage default:
                7-voxel uniform window, sample covariance)
  *_map     the same with full=True: the whole (uncropped) SSIM map, which exercises the reflect borders
  vifp      sewar.full_ref.vifp re-implemented below in numpy/scipy (sewar is not packaged by Debian):
            4 scales, sigma_nsq=2, 2-D Gaussian windows N = 2^(4-scale+1)+1 with sigma N/5 built exactly as
            sewar's fspecial, scipy.signal.convolve2d(..., mode='valid') with the 180-degree-rotated window,
            'valid'-filter then [::2, ::2] between scales. 3-D volumes (z, y, x): mean of the 2-D value over
            z-slices, i.e. sewar's vifp(np.moveaxis(vol, 0, -1)) (sewar loops over the last axis).
  vifp_pooled  volumes only: sewar's per-slice numerator and denominator sums, summed over all z-slices, then divided.
  filter_gauss   scipy.ndimage.gaussian_filter(x, 1.5, truncate=3.5, mode='reflect') on tiny arrays whose
                 sides are smaller than the radius (so the reflection wraps more than once)
  filter_uniform scipy.ndimage.uniform_filter(x, 7) (mode 'reflect')

All inputs are stored as float32 (most are integer-valued 0..255, like 8-bit images, which also keeps the
gzip small); every reference is computed in float64 on exactly those float32 values.

File format (gzip, big-endian):
    "CGMF" int32 version=1
    int32 narrays; per array: str name; int32 rank; rank x int32 dims; numel x float32 (C order)
    int32 ncases;  per case: str id; str metric; str ref; str test; str params; float64 expected;
                   str expected_array ("" when the expectation is the scalar)
    str = uint16 byte length + UTF-8 bytes; params = ';'-separated key=value pairs.
"""

import gzip
import io
import os
import struct
import warnings

import numpy as np
from scipy import ndimage, signal, stats
from skimage.metrics import (mean_squared_error, normalized_root_mse, peak_signal_noise_ratio,
                             structural_similarity)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "metrics", "metrics.bin.gz"))
RNG = np.random.default_rng(20240917)

ARRAYS = {}   # name -> float32 ndarray
CASES = []    # (id, metric, ref, test, params, expected, expected_array)


# --------------------------------------------------------------------------- sewar's vifp, in numpy

def _fspecial_gaussian(ws, sigma):
    # sewar.utils.fspecial(Filter.GAUSSIAN, ws, sigma=...) verbatim (ws is a float there too)
    x, y = np.mgrid[-ws // 2 + 1:ws // 2 + 1, -ws // 2 + 1:ws // 2 + 1]
    g = np.exp(-((x ** 2 + y ** 2) / (2.0 * sigma ** 2)))
    g[g < np.finfo(g.dtype).eps * g.max()] = 0
    assert g.shape == (ws, ws)
    den = g.sum()
    if den != 0:
        g /= den
    return g


def _filter2(img, win, mode):
    return signal.convolve2d(img, np.rot90(win, 2), mode=mode)


def _vifp_single(gt, p, sigma_nsq):
    num, den = _vifp_terms(gt, p, sigma_nsq)
    return num / den


def _vifp_terms(gt, p, sigma_nsq):
    """sewar's numerator and denominator sums of one 2-D image (sewar returns their ratio)."""
    eps = 1e-10
    num = 0.0
    den = 0.0
    for scale in range(1, 5):
        n = 2.0 ** (4 - scale + 1) + 1
        win = _fspecial_gaussian(n, n / 5)
        if scale > 1:
            gt = _filter2(gt, win, "valid")[::2, ::2]
            p = _filter2(p, win, "valid")[::2, ::2]
        # sewar would silently swap operands in convolve2d when the image is smaller than the window;
        # cryograd rejects such images, so the fixtures never go there
        assert gt.shape[0] >= win.shape[0] and gt.shape[1] >= win.shape[1], (scale, gt.shape)
        mu1 = _filter2(gt, win, "valid")
        mu2 = _filter2(p, win, "valid")
        s_gt = _filter2(gt * gt, win, "valid") - mu1 * mu1
        s_p = _filter2(p * p, win, "valid") - mu2 * mu2
        s_gp = _filter2(gt * p, win, "valid") - mu1 * mu2

        s_gt[s_gt < 0] = 0
        s_p[s_p < 0] = 0
        g = s_gp / (s_gt + eps)
        sv = s_p - g * s_gp
        g[s_gt < eps] = 0
        sv[s_gt < eps] = s_p[s_gt < eps]
        s_gt[s_gt < eps] = 0
        g[s_p < eps] = 0
        sv[s_p < eps] = 0
        sv[g < 0] = s_p[g < 0]
        g[g < 0] = 0
        sv[sv <= eps] = eps
        num += np.sum(np.log10(1.0 + (g ** 2.0) * s_gt / (sv + sigma_nsq)))
        den += np.sum(np.log10(1.0 + s_gt / sigma_nsq))
    return num, den


def vifp(gt, p, sigma_nsq=2.0):
    """sewar.full_ref.vifp: 2-D image, or a stack whose LAST axis is looped over and averaged."""
    gt = np.asarray(gt, np.float64)
    p = np.asarray(p, np.float64)
    if gt.ndim == 2:
        gt = gt[:, :, np.newaxis]
        p = p[:, :, np.newaxis]
    return float(np.mean([_vifp_single(gt[:, :, i], p[:, :, i], sigma_nsq) for i in range(gt.shape[2])]))


def vifp_pooled(gt, p, sigma_nsq=2.0):
    """A volume's VIF-P pooled over its z-slices: sum of sewar's numerators over sum of its denominators."""
    gt = np.asarray(gt, np.float64)
    p = np.asarray(p, np.float64)
    terms = [_vifp_terms(gt[i], p[i], sigma_nsq) for i in range(gt.shape[0])]
    return float(sum(t[0] for t in terms) / sum(t[1] for t in terms))


# --------------------------------------------------------------------------- images

def q8(x):
    """Round and clip to 0..255 (integer-valued, like an 8-bit image)."""
    return np.clip(np.rint(x), 0, 255).astype(np.float32)


def phantom(shape, nblobs):
    """Smooth blobs + one box + one ball, scaled to 0..230 + 12: a structured test image."""
    grids = np.meshgrid(*[np.arange(n, dtype=np.float64) for n in shape], indexing="ij")
    img = np.zeros(shape)
    for _ in range(nblobs):
        c = [RNG.uniform(0, n) for n in shape]
        s = RNG.uniform(1.5, 0.18 * min(shape))
        a = RNG.uniform(-0.5, 1.0)
        img += a * np.exp(-sum((g - ci) ** 2 for g, ci in zip(grids, c)) / (2 * s * s))
    box = np.ones(shape, bool)
    for g, n in zip(grids, shape):
        lo = RNG.integers(1, n // 3)
        box &= (g >= lo) & (g < lo + n // 3)
    img += 0.6 * box
    c = [RNG.uniform(0.3 * n, 0.7 * n) for n in shape]
    r = 0.2 * min(shape)
    img += 0.4 * (sum((g - ci) ** 2 for g, ci in zip(grids, c)) < r * r)
    img = (img - img.min()) / (img.max() - img.min())
    return q8(12 + 230 * img)


def variants(ref, noise_sd, blur_sigma, shift):
    noisy = q8(ref + RNG.normal(0, noise_sd, ref.shape))
    blurred = q8(ndimage.gaussian_filter(ref.astype(np.float64), blur_sigma, mode="reflect"))
    shifted = np.roll(ref, shift, axis=tuple(range(ref.ndim))).astype(np.float32)
    return {"noisy": noisy, "blurred": blurred, "shifted": shifted}


def add_array(name, a):
    a = np.ascontiguousarray(a, dtype=np.float32)
    assert name not in ARRAYS
    ARRAYS[name] = a
    return name


def add_case(cid, metric, ref, test, params, expected, expected_array=""):
    CASES.append((cid, metric, ref, test, params, float(expected), expected_array))


def ssim_gauss(a, b, r, full=False):
    return structural_similarity(a, b, data_range=r, gaussian_weights=True, sigma=1.5,
                                 use_sample_covariance=False, full=full)


def ssim_uniform(a, b, r, full=False):
    return structural_similarity(a, b, data_range=r, win_size=7, full=full)


def all_metrics(prefix, ref_name, test_name, data_range, with_vif=False, maps=(), with_ssim=True):
    a = ARRAYS[ref_name].astype(np.float64)
    b = ARRAYS[test_name].astype(np.float64)
    if a.ndim == 3:
        # skimage's gaussian() treats a trailing axis of length 3 as RGB channels; keep clear of that
        assert a.shape[-1] != 3
    cid = prefix + ":" + test_name
    pr = "data_range=%r" % data_range
    add_case(cid + ":mse", "mse", ref_name, test_name, "", mean_squared_error(a, b))
    add_case(cid + ":rel_mse", "rel_mse", ref_name, test_name, "",
             normalized_root_mse(a, b, normalization="euclidean") ** 2)
    add_case(cid + ":pearson", "pearson", ref_name, test_name, "", stats.pearsonr(a.ravel(), b.ravel())[0])
    if ref_name != test_name:  # identical images: PSNR is +inf (checked analytically in Java, not stored)
        add_case(cid + ":psnr", "psnr", ref_name, test_name, pr,
                 peak_signal_noise_ratio(a, b, data_range=data_range))
    if with_ssim:
        add_case(cid + ":ssim_gauss", "ssim_gauss", ref_name, test_name, pr, ssim_gauss(a, b, data_range))
        add_case(cid + ":ssim_uniform", "ssim_uniform", ref_name, test_name, pr, ssim_uniform(a, b, data_range))
    if with_vif:
        v = vifp(np.moveaxis(a, 0, -1), np.moveaxis(b, 0, -1)) if a.ndim == 3 else vifp(a, b)
        add_case(cid + ":vifp", "vifp", ref_name, test_name, "sigma_nsq=2.0", v)
        if a.ndim == 3:
            add_case(cid + ":vifp_pooled", "vifp_pooled", ref_name, test_name, "sigma_nsq=2.0", vifp_pooled(a, b))
    for kind in maps:
        fn = ssim_gauss if kind == "ssim_gauss" else ssim_uniform
        m, s = fn(a, b, data_range, full=True)
        name = add_array("map:%s:%s" % (kind, cid), s)
        add_case(cid + ":" + kind + "_map", kind + "_map", ref_name, test_name, pr, m, name)


def build():
    # 2-D structured 48x40: clean vs noisy / blurred / shifted
    ref = add_array("p2", phantom((48, 40), 9))
    for k, v in variants(ARRAYS[ref], 14.0, 1.2, (2, -3)).items():
        t = add_array("p2_" + k, v)
        all_metrics("p2", ref, t, 255.0, maps=("ssim_gauss", "ssim_uniform") if k == "noisy" else ())
    all_metrics("p2", ref, ref, 255.0)  # identical pair

    # 2-D random 64x64, uniform 8-bit noise, plus a correlated partner
    r = add_array("r2", q8(RNG.uniform(0, 256, (64, 64))))
    r2n = add_array("r2_mixed", q8(0.7 * ARRAYS[r] + 0.3 * RNG.uniform(0, 256, (64, 64))))
    all_metrics("r2", r, r2n, 255.0, maps=("ssim_uniform",))

    # 2-D signed floats (quantised to 1/64): data range taken from the reference, not a dtype
    s = RNG.normal(0, 1, (50, 45))
    s = ndimage.gaussian_filter(s, 1.0) * 3.0
    s_ref = add_array("s2", np.rint(s * 64) / 64)
    s_test = add_array("s2_noisy", np.rint((s + RNG.normal(0, 0.4, s.shape)) * 64) / 64)
    rng_s = float(ARRAYS[s_ref].max() - ARRAYS[s_ref].min())
    all_metrics("s2", s_ref, s_test, rng_s)

    # 3-D structured 24x20x22: clean vs noisy / blurred / shifted
    v = add_array("p3", phantom((24, 20, 22), 12))
    for k, w in variants(ARRAYS[v], 14.0, 1.0, (1, 2, -2)).items():
        t = add_array("p3_" + k, w)
        all_metrics("p3", v, t, 255.0, maps=("ssim_gauss",) if k == "noisy" else ())

    # VIF-P needs every 2-D slice to be at least 81x81 (see Vif); 2-D 96x88 and a 3-slice 3-D stack
    f = add_array("f2", phantom((96, 88), 14))
    for k, w in variants(ARRAYS[f], 10.0, 1.5, (3, 1)).items():
        if k == "shifted":
            continue
        t = add_array("f2_" + k, w)
        all_metrics("f2", f, t, 255.0, with_vif=True)
    all_metrics("f2", f, f, 255.0, with_vif=True)  # identical pair: VIF-P 1 up to its EPS
    # (3 slices is too thin for a 7- or 11-voxel SSIM window: no SSIM for this one)
    g = add_array("f3", np.stack([phantom((84, 90), 12) for _ in range(3)]))
    t = add_array("f3_noisy", q8(ARRAYS[g] + RNG.normal(0, 10.0, ARRAYS[g].shape)))
    all_metrics("f3", g, t, 255.0, with_vif=True, with_ssim=False)

    # separable reflect filters on tiny arrays (sides 1..9, below the Gaussian radius 5 and window 7)
    for shape in [(3, 4, 5), (1, 9, 2), (6, 7)]:
        x = np.rint(RNG.normal(0, 50, shape)).astype(np.float32)
        name = add_array("tiny_%s" % "x".join(map(str, shape)), x)
        xd = x.astype(np.float64)
        eg = add_array("gauss:" + name, ndimage.gaussian_filter(xd, 1.5, truncate=3.5, mode="reflect"))
        add_case(name + ":filter_gauss", "filter_gauss", name, "", "sigma=1.5;truncate=3.5", float("nan"), eg)
        eu = add_array("uniform:" + name, ndimage.uniform_filter(xd, 7, mode="reflect"))
        add_case(name + ":filter_uniform", "filter_uniform", name, "", "size=7", float("nan"), eu)

    # a volume whose middle slice is nearly empty (a flat slab of ice): the mean of per-slice VIF-P is dominated by
    # that slice's ratio of two tiny sums, the pooled VIF-P is not
    e = np.stack([phantom((84, 90), 12), np.full((84, 90), 40.0), phantom((84, 90), 12)])
    e[1] += RNG.normal(0, 0.3, (84, 90))
    ge = add_array("e3", q8(e))
    te = add_array("e3_noisy", q8(ARRAYS[ge] + RNG.normal(0, 10.0, e.shape)))
    all_metrics("e3", ge, te, 255.0, with_vif=True, with_ssim=False)


def _str(s):
    b = s.encode("utf-8")
    return struct.pack(">H", len(b)) + b


def write():
    buf = io.BytesIO()
    buf.write(b"CGMF" + struct.pack(">ii", 1, len(ARRAYS)))
    for name, a in ARRAYS.items():
        buf.write(_str(name) + struct.pack(">i", a.ndim) + struct.pack(">%di" % a.ndim, *a.shape))
        buf.write(a.astype(">f4").tobytes())
    buf.write(struct.pack(">i", len(CASES)))
    for cid, metric, ref, test, params, expected, earr in CASES:
        buf.write(_str(cid) + _str(metric) + _str(ref) + _str(test) + _str(params))
        buf.write(struct.pack(">d", expected) + _str(earr))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with open(tmp, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as gz:
            gz.write(buf.getvalue())
    os.replace(tmp, OUT)
    print("wrote %s: %d arrays, %d cases, %d bytes raw, %d bytes gzip"
          % (OUT, len(ARRAYS), len(CASES), len(buf.getvalue()), os.path.getsize(OUT)))


if __name__ == "__main__":
    warnings.simplefilter("error")
    build()
    write()
