#!/usr/bin/python3
"""Reference values for the em tests of the denoise-and-pick benchmark side (baselines, picking, evaluation).

Run: /usr/bin/python3 em/src/test/python/make_dualaux_fixtures.py   (numpy 1.24, scipy 1.10, skimage 0.19)
Writes em/src/test/resources/em/aux_fixtures.bin: a sequence of named float64 arrays, each stored as
  int32 name length, name (UTF-8), int32 ndim, int32 dims..., float64 data (C order), all little-endian.
Inputs are float32 values (stored widened), so Java gets bit-identical inputs.
"""
import os
import struct

import numpy as np
from scipy import ndimage, stats
from scipy.spatial import distance as spdist
from skimage.restoration import denoise_nl_means

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "em", "aux_fixtures.bin")
arrays = []


def put(name, a):
    arrays.append((name, np.asarray(a, dtype=np.float64)))


def blobs(rng, shape, n, noise):
    """Gaussian blobs plus white noise, float32."""
    z, y, x = np.indices(shape)
    v = np.zeros(shape)
    for _ in range(n):
        c = rng.uniform(0, 1, 3) * np.array(shape)
        s = rng.uniform(1.0, 2.0)
        v += np.exp(-((z - c[0]) ** 2 + (y - c[1]) ** 2 + (x - c[2]) ** 2) / (2 * s * s))
    return (v + noise * rng.standard_normal(shape)).astype(np.float32)


# ---- Gaussian smoothing: scipy.ndimage.gaussian_filter, reflect, truncate 4 ----
rng = np.random.default_rng(7)
g_in = blobs(rng, (9, 11, 13), 6, 0.3)
put("gauss/input", g_in)
for s in (0.7, 1.5, 2.5):
    put(f"gauss/sigma{s}", ndimage.gaussian_filter(g_in.astype(np.float64), s, mode="reflect", truncate=4.0))


# ---- Perona-Malik: independent numpy implementation of the stated explicit scheme ----
def perona_malik(u, kappa, steps, dt, option):
    """u <- u + dt * sum_{6 neighbours} g(d) d, d = u_q - u_p, zero flux across the faces."""
    u = u.astype(np.float64).copy()
    for _ in range(steps):
        flux = np.zeros_like(u)
        for axis in range(3):
            d = np.diff(u, axis=axis)  # u[i+1] - u[i] along axis
            g = np.exp(-(d / kappa) ** 2) if option == 1 else 1.0 / (1.0 + (d / kappa) ** 2)
            f = g * d
            lo = [slice(None)] * 3
            hi = [slice(None)] * 3
            lo[axis] = slice(0, -1)
            hi[axis] = slice(1, None)
            flux[tuple(lo)] += f    # neighbour i+1 seen from i
            flux[tuple(hi)] -= f    # neighbour i seen from i+1: u_i - u_{i+1} = -d
        u = u + dt * flux
    return u


pm_in = blobs(rng, (8, 10, 12), 5, 0.25)
put("pm/input", pm_in)
put("pm/exp_k0.3_s10", perona_malik(pm_in, 0.3, 10, 1.0 / 7, 1))
put("pm/rat_k0.5_s7", perona_malik(pm_in, 0.5, 7, 0.15, 2))

# ---- non-local means: skimage 0.19 denoise_nl_means, fast_mode=True, 3-D single channel ----
nlm_in = blobs(rng, (10, 12, 14), 6, 0.3)
put("nlm/input", nlm_in)
NLM_CASES = [(3, 2, 0.2, 0.0), (5, 3, 0.35, 0.0), (4, 2, 0.5, 0.0), (5, 2, 0.3, 0.2), (7, 4, 0.6, 0.0)]
for s, d, h, sig in NLM_CASES:
    out = denoise_nl_means(nlm_in, patch_size=s, patch_distance=d, h=h, fast_mode=True, sigma=sig, preserve_range=True)
    put(f"nlm/s{s}_d{d}_h{h}_sig{sig}", out)
# a smaller, slab-like volume where the padding is wider than an axis
nlm_thin = blobs(rng, (4, 9, 11), 3, 0.3)
put("nlm/thin_input", nlm_thin)
put("nlm/thin_s5_d3_h0.4", denoise_nl_means(nlm_thin, patch_size=5, patch_distance=3, h=0.4, fast_mode=True, preserve_range=True))

# ---- DoG response: scipy gaussian filters ----
dog_in = blobs(rng, (12, 16, 18), 8, 0.2)
put("dog/input", dog_in)
g1 = ndimage.gaussian_filter(dog_in.astype(np.float64), 1.2, mode="reflect", truncate=4.0)
g2 = ndimage.gaussian_filter(dog_in.astype(np.float64), 1.2 * 1.6, mode="reflect", truncate=4.0)
put("dog/response_1.2_1.6", g1 - g2)


# ---- picking from a DoG response: 26-neighbour maxima, sort, greedy NMS (numpy reference) ----
def pick(resp, nms, top):
    mx = ndimage.maximum_filter(resp, size=3, mode="constant", cval=-np.inf)
    cand = np.argwhere(resp >= mx)
    flat = np.ravel_multi_index(cand.T, resp.shape)
    order = np.lexsort((flat, -resp.ravel()[flat]))
    out = []
    for i in order:
        z, y, x = cand[i]
        p = np.array([x, y, z], dtype=np.float64)
        if all(np.sum((p - q[:3]) ** 2) >= nms * nms for q in out):
            out.append(np.array([x, y, z, resp[z, y, x]]))
        if len(out) == top:
            break
    return np.array(out)


resp32 = (g1 - g2).astype(np.float32)  # the Java response is float32
put("dog/picks_nms3_top6", pick(resp32.astype(np.float64), 3.0, 6))


# ---- matching: greedy one-to-one by distance ----
def greedy_match(p, t, r):
    d = np.sqrt(((p[:, None, :] - t[None, :, :]) ** 2).sum(-1))
    i, j = np.nonzero(d <= r)
    order = np.lexsort((j, i, d[i, j]))
    used_p, used_t, pairs = set(), set(), []
    for k in order:
        if i[k] in used_p or j[k] in used_t:
            continue
        used_p.add(i[k])
        used_t.add(j[k])
        pairs.append((i[k], j[k]))
    tp = len(pairs)
    prec = tp / len(p) if len(p) else 0.0
    rec = tp / len(t) if len(t) else 0.0
    f1 = 0.0 if prec + rec == 0 else 2 * prec * rec / (prec + rec)
    return np.array(pairs, dtype=np.float64).reshape(-1, 2), np.array([tp, prec, rec, f1])


truth = rng.uniform(0, 40, (25, 3))
picks = np.concatenate([truth[:18] + rng.normal(0, 1.2, (18, 3)), rng.uniform(0, 40, (12, 3))])
picks = picks[rng.permutation(len(picks))]
put("match/picks", picks)
put("match/truth", truth)
for r in (1.5, 3.0):
    pairs, s = greedy_match(picks, truth, r)
    put(f"match/pairs_r{r}", pairs)
    put(f"match/scores_r{r}", s)

# ---- radially averaged power spectrum (full complex FFT, numpy) ----
spec_in = blobs(rng, (8, 12, 10), 4, 0.5)
put("spec/input", spec_in)
F = np.fft.fftn(spec_in.astype(np.float64))
fz, fy, fx = np.meshgrid(np.fft.fftfreq(8), np.fft.fftfreq(12), np.fft.fftfreq(10), indexing="ij")
nmin = 8
shell = np.floor(nmin * np.sqrt(fz ** 2 + fy ** 2 + fx ** 2) + 0.5).astype(int)
p = np.abs(F) ** 2 / spec_in.size
put("spec/power", [p[shell == s].mean() for s in range(nmin // 2 + 1)])

# ---- histogram distances ----
a = rng.normal(0, 1, 3000).astype(np.float32)
b = (rng.standard_t(4, 2500) * 0.9 + 0.2).astype(np.float32)
put("dist/a", a)
put("dist/b", b)
put("dist/w1", [stats.wasserstein_distance(a.astype(np.float64), b.astype(np.float64))])
ha = np.histogram(np.clip(a, -5, 5 - 1e-9), bins=100, range=(-5, 5))[0].astype(np.float64)
hb = np.histogram(np.clip(b, -5, 5 - 1e-9), bins=100, range=(-5, 5))[0].astype(np.float64)
put("dist/hist_a", ha / ha.sum())
put("dist/hist_b", hb / hb.sum())
put("dist/js", [spdist.jensenshannon(ha, hb, base=2) ** 2])

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "wb") as f:
    for name, arr in arrays:
        nb = name.encode()
        f.write(struct.pack("<i", len(nb)) + nb + struct.pack("<i", arr.ndim))
        f.write(struct.pack("<%di" % arr.ndim, *arr.shape))
        f.write(arr.astype("<f8").tobytes())
print("wrote", OUT, os.path.getsize(OUT), "bytes,", len(arrays), "arrays")
