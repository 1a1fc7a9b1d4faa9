#!/usr/bin/env python3
"""Reference fixtures for the org.cryograd.fft tests (transforms, shells, FSC, masks, CTF, filters).

Run from the repository root (Debian: python3-numpy, python3-torch, python3-scipy):

    /usr/bin/python3 fft/src/test/python/make_fft_fixtures.py

Writes, deterministically (fixed seed, gzip mtime 0):

    fft/src/test/resources/fixtures/fft.bin.gz

Format (gzip, big-endian), the same as the tensor module's fixtures:

    "CGFX"  int32 version=1  int32 ncases
    per case: str id; str op; str params; int32 ntensors;
              per tensor: str name; int32 rank; rank x int32 dims; numel x float32 (C order)
    str = uint16 byte length + UTF-8 bytes; params = ';'-separated key=value pairs,
    multi-valued values comma-separated.

Every reference is computed here in float64 with numpy (FFTs cross-checked against torch.fft, the separable
Gaussian taken from scipy.ndimage) from float32 inputs, and stored as float32. The numpy code re-implements
the definitions stated in the Java javadoc independently of the Java code paths: FSC from the *full* fftn
(Java uses the weighted half spectrum), masks on the full grid (Java's half layout is checked against the
slice [..., :n//2+1]), the CTF in cryoDRGN's gamma form (Java: -sin(chi + asin w)); wavelengths from CODATA 2018 constants, and
RELION's rounded constants stored for comparison.
"""

import os
import sys

import numpy as np
import scipy.ndimage as ndi
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../tensor/src/test/python"))
from cgfx import write_file  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures", "fft.bin.gz"))
RNG = np.random.default_rng(20240611)

CASES = []


def f32(shape, scale=1.0):
    return (RNG.standard_normal(shape) * scale).astype(np.float32)


def add(cid, op, params, **tensors):
    p = ";".join(f"{k}={','.join(str(x) for x in v) if isinstance(v, (list, tuple)) else v}" for k, v in params.items())
    CASES.append((cid, op, p, [(k, np.asarray(v, dtype=np.float64)) for k, v in tensors.items()]))


def as_real(z):
    return np.stack([z.real, z.imag], axis=-1)


def last_axes(nd):
    return tuple(range(-nd, 0))


# --------------------------------------------------------------------------- transforms

def check_torch(ours, theirs, what):
    err = np.max(np.abs(ours - theirs)) if ours.size else 0.0
    assert err < 1e-9 * max(1.0, np.max(np.abs(ours))), (what, err)


def transforms():
    for shape, nd in [((7,), 1), ((8,), 1), ((3, 10), 1), ((5, 6), 2), ((2, 7, 9), 2), ((4, 8), 2), ((5, 6, 7), 3),
                      ((2, 4, 6, 8), 3), ((9, 8, 5), 3), ((1, 1, 4), 3), ((3, 1), 1)]:
        x = f32(shape)
        ref = np.fft.rfftn(x.astype(np.float64), axes=last_axes(nd))
        check_torch(ref, torch.fft.rfftn(torch.from_numpy(x.astype(np.float64)), dim=last_axes(nd)).numpy(), "rfftn")
        add(f"rfftn_{'x'.join(map(str, shape))}_{nd}", "rfftn", {"ndim": nd, "norm": "backward"}, x=x, out=as_real(ref))
    for shape, nd in [((7,), 1), ((8,), 1), ((3, 10), 1), ((5, 6), 2), ((2, 7, 9), 2), ((6, 6, 6), 3), ((2, 5, 4, 7), 3)]:
        half = list(shape)
        half[-1] = shape[-1] // 2 + 1
        z = f32(tuple(half) + (2,))  # arbitrary, not Hermitian on the self-conjugate planes
        zc = z[..., 0].astype(np.float64) + 1j * z[..., 1].astype(np.float64)
        ref = np.fft.irfftn(zc, s=shape[-nd:], axes=last_axes(nd))
        check_torch(ref, torch.fft.irfftn(torch.from_numpy(zc), s=shape[-nd:], dim=last_axes(nd)).numpy(), "irfftn")
        add(f"irfftn_{'x'.join(map(str, shape))}_{nd}", "irfftn", {"ndim": nd, "norm": "backward", "shape": list(shape[-nd:])},
            x=z, out=ref)
    for shape, nd in [((6,), 1), ((2, 9), 1), ((5, 7), 2), ((3, 4, 6), 2), ((4, 5, 6), 3), ((2, 3, 4, 5), 3)]:
        z = f32(shape + (2,))
        zc = z[..., 0].astype(np.float64) + 1j * z[..., 1].astype(np.float64)
        f = np.fft.fftn(zc, axes=last_axes(nd))
        i = np.fft.ifftn(zc, axes=last_axes(nd))
        check_torch(f, torch.fft.fftn(torch.from_numpy(zc), dim=last_axes(nd)).numpy(), "fftn")
        check_torch(i, torch.fft.ifftn(torch.from_numpy(zc), dim=last_axes(nd)).numpy(), "ifftn")
        tag = 'x'.join(map(str, shape))
        add(f"fftn_{tag}_{nd}", "fftn", {"ndim": nd, "norm": "backward"}, x=z, out=as_real(f))
        add(f"ifftn_{tag}_{nd}", "ifftn", {"ndim": nd, "norm": "backward"}, x=z, out=as_real(i))
    # other normalisations
    x = f32((2, 6, 7))
    for norm in ("ortho", "forward"):
        add(f"rfftn_norm_{norm}", "rfftn", {"ndim": 2, "norm": norm}, x=x,
            out=as_real(np.fft.rfftn(x.astype(np.float64), axes=(-2, -1), norm=norm)))
        z = f32((2, 6, 4, 2))
        zc = z[..., 0].astype(np.float64) + 1j * z[..., 1].astype(np.float64)
        add(f"irfftn_norm_{norm}", "irfftn", {"ndim": 2, "norm": norm, "shape": [6, 7]}, x=z,
            out=np.fft.irfftn(zc, s=(6, 7), axes=(-2, -1), norm=norm))
        z = f32((3, 5, 2))
        zc = z[..., 0].astype(np.float64) + 1j * z[..., 1].astype(np.float64)
        add(f"fftn_norm_{norm}", "fftn", {"ndim": 2, "norm": norm}, x=z, out=as_real(np.fft.fftn(zc, norm=norm)))
        add(f"ifftn_norm_{norm}", "ifftn", {"ndim": 2, "norm": norm}, x=z, out=as_real(np.fft.ifftn(zc, norm=norm)))
    # shifts
    x = f32((5, 6, 7))
    for axes in [(0, 1, 2), (-1,), (-2, -3)]:
        add(f"fftshift_{axes}", "fftshift", {"axes": list(axes)}, x=x, out=np.fft.fftshift(x, axes=axes))
        add(f"ifftshift_{axes}", "ifftshift", {"axes": list(axes)}, x=x, out=np.fft.ifftshift(x, axes=axes))
    for n, d in [(7, 1.5), (8, 0.5), (1, 2.0)]:
        add(f"fftfreq_{n}_{d}", "fftfreq", {"n": n, "d": d}, out=np.fft.fftfreq(n, d), rout=np.fft.rfftfreq(n, d))


# --------------------------------------------------------------------------- Fourier grids (independent definitions)

def signed(n):
    i = np.arange(n)
    return np.where(i < (n + 1) // 2, i, i - n)


def shell_grid(dims):
    """Shell index on the FULL grid: floor(N * |k/n| + 1/2) with N = min(dims)."""
    ks = np.meshgrid(*[signed(n) / n for n in dims], indexing="ij")
    s2 = np.zeros(dims)
    for k in ks:
        s2 = s2 + k ** 2
    return np.floor(min(dims) * np.sqrt(s2) + 0.5).astype(np.int64)


def half(a, nx):
    return a[..., : nx // 2 + 1]


def shells():
    for dims in [(8, 8, 8), (7, 9, 10), (6, 10), (5,), (9, 4)]:
        full = shell_grid(dims)
        add(f"shells_{'x'.join(map(str, dims))}", "shells", {"dims": list(dims)}, full=full, half=half(full, dims[-1]))


def fsc_full(a, b, voxel, sel=None):
    """FSC from the full fftn; sel is a FULL-grid boolean mask (or None)."""
    dims = a.shape
    F1 = np.fft.fftn(a.astype(np.float64))
    F2 = np.fft.fftn(b.astype(np.float64))
    sh = shell_grid(dims)
    nyq = min(dims) // 2
    fsc, cnt, freq = [], [], []
    for s in range(nyq + 1):
        m = sh == s
        if sel is not None:
            m = m & sel
        num = np.sum((F1[m] * np.conj(F2[m])).real)
        d = np.sqrt(np.sum(np.abs(F1[m]) ** 2) * np.sum(np.abs(F2[m]) ** 2))
        fsc.append(num / d if (m.sum() > 0 and d > 0) else np.nan)
        cnt.append(m.sum())
        freq.append(s / (min(dims) * voxel))
    return np.array(freq), np.array(fsc), np.array(cnt)


def crossing(freq, fsc, t):
    """First fall below t, scanning shells >= 1 and skipping NaN; NaN if below from the start or never."""
    defined = [i for i in range(1, len(fsc)) if not np.isnan(fsc[i])]
    if not defined or fsc[defined[0]] < t:
        return np.nan
    for p, i in zip(defined, defined[1:]):
        if fsc[i] < t:
            return freq[p] + (fsc[p] - t) / (fsc[p] - fsc[i]) * (freq[i] - freq[p])
    return np.nan


def gauss_lowpass(x, sigma):
    dims = x.shape
    ks = np.meshgrid(*[signed(n) / n for n in dims], indexing="ij")
    f2 = sum(k ** 2 for k in ks)
    return np.fft.ifftn(np.fft.fftn(x.astype(np.float64)) * np.exp(-2 * np.pi ** 2 * sigma ** 2 * f2)).real


def fsc_cases():
    for dims, voxel in [((16, 16, 16), 1.7), ((12, 16, 20), 2.0), ((24, 20), 1.0), ((11, 11, 11), 3.1)]:
        a = f32(dims)
        b = (gauss_lowpass(a, 1.2) * 1.5 + 0.25 * RNG.standard_normal(dims)).astype(np.float32)
        freq, fsc, cnt = fsc_full(a, b, voxel)
        add(f"fsc_{'x'.join(map(str, dims))}", "fsc", {"voxel": voxel}, a=a, b=b, freq=freq, fsc=fsc, count=cnt,
            res=np.array([1 / crossing(freq, fsc, 0.5), 1 / crossing(freq, fsc, 0.143)]))


def flips(k, n):
    """The signed indices a component stands for: itself and, on an even size's Nyquist bin, its negation."""
    nyq = (n % 2 == 0) & (np.abs(k) == n // 2)
    return [k, np.where(nyq, -k, k)]


def plane_union(dims, axis, test):
    """Union over Nyquist sign choices of test(ku, kz) on the FULL grid [nz, ny, nx]; constant along the tilt axis."""
    nz, ny, nx = dims
    ua = 2 if axis == "Y" else 1
    nu = dims[ua]
    KZ, KY, KX = np.meshgrid(signed(nz), signed(ny), signed(nx), indexing="ij")
    KU = KX if ua == 2 else KY
    out = np.zeros(dims, dtype=bool)
    for kz in flips(KZ, nz):
        for ku in flips(KU, nu):
            out |= test(ku, kz, nu, nz)
    return out


def present(dims, axis, angles):
    def test(ku, kz, nu, nz):
        m = np.zeros(ku.shape, dtype=bool)
        for t in np.radians(angles):
            mu, mz = -np.sin(t) / nu, np.cos(t) / nz
            norm = np.hypot(mu, mz)
            m |= np.abs(ku * (mu / norm) + kz * (mz / norm)) <= 0.5 + 1e-9
        return m
    return plane_union(dims, axis, test)


def wedge(dims, axis, lo, hi):
    def test(ku, kz, nu, nz):
        phi = np.degrees(np.arctan2(kz / nz, ku / nu))
        m = (ku == 0) & (kz == 0)
        for j in range(-3, 4):
            p = phi + 180.0 * j
            m |= (p >= lo - 1e-9) & (p <= hi + 1e-9)
        return m
    return plane_union(dims, axis, test)


def masks():
    for dims, axis, lo, hi in [((16, 16, 16), "Y", -60, 60), ((9, 12, 10), "X", -45, 30), ((10, 8, 11), "Y", -70, 50),
                               ((8, 6, 8), "Y", -90, 90)]:
        m = wedge(dims, axis, lo, hi)
        add(f"wedge_{'x'.join(map(str, dims))}_{axis}", "wedge", {"dims": list(dims), "axis": axis, "min": lo, "max": hi},
            full=m, half=half(m, dims[2]))
    for dims, axis, lo, hi, step, voxel in [((16, 16, 16), "Y", -60, 60, 15, 1.5), ((10, 12, 14), "X", -50, 40, 10, 2.0),
                                            ((11, 10, 13), "Y", -60, 60, 3, 1.0)]:
        angles = np.arange(lo, hi + 1e-6, step, dtype=np.float64)
        m = present(dims, axis, angles)
        a = f32(dims)
        b = (0.7 * a + 0.5 * RNG.standard_normal(dims)).astype(np.float32)
        fp, cp, np_ = fsc_full(a, b, voxel, m)
        fm, cm, nm = fsc_full(a, b, voxel, ~m)
        add(f"present_{'x'.join(map(str, dims))}_{axis}", "present",
            {"dims": list(dims), "axis": axis, "min": lo, "max": hi, "step": step, "voxel": voxel},
            full=m, half=half(m, dims[2]), a=a, b=b, fsc_present=cp, count_present=np_, fsc_missing=cm, count_missing=nm)


# --------------------------------------------------------------------------- CTF

def wavelength_relion(kv):
    """RELION's constants (h / sqrt(2 m e) = 12.2643247, e / (2 m c^2) = 0.978466e-6); ~6e-6 above CODATA 2018."""
    v = kv * 1e3
    return 12.2643247 / np.sqrt(v * (1 + v * 0.978466e-6))


def wavelength_codata(kv):
    """lambda = h / sqrt(2 m0 e V (1 + e V / (2 m0 c^2))) with CODATA 2018 constants, in Å."""
    h, m0, e, c = 6.62607015e-34, 9.1093837015e-31, 1.602176634e-19, 299792458.0
    v = kv * 1e3
    return h / np.sqrt(2 * m0 * e * v * (1 + e * v / (2 * m0 * c ** 2))) * 1e10


def ctf_numpy(ky, kx, dfu, dfv, ang, kv, cs, w, bfac, phase):
    """cryoDRGN's form: gamma = 2 pi (-df lam s2 / 2 + Cs lam^3 s2^2 / 4) - phase; ctf = sqrt(1-w^2) sin(gamma) - w cos(gamma)."""
    lam = wavelength_codata(kv)
    s2 = kx ** 2 + ky ** 2
    df = 0.5 * (dfu + dfv + (dfu - dfv) * np.cos(2 * (np.arctan2(ky, kx) - np.radians(ang))))
    gamma = 2 * np.pi * (-0.5 * df * lam * s2 + 0.25 * cs * 1e7 * lam ** 3 * s2 ** 2) - np.radians(phase)
    return (np.sqrt(1 - w ** 2) * np.sin(gamma) - w * np.cos(gamma)) * np.exp(-bfac / 4 * s2)


def ctf_cases():
    kvs = (100, 200, 300)
    add("wavelength", "wavelength", {"kv": list(kvs)}, codata=[wavelength_codata(v) for v in kvs],
        relion=[wavelength_relion(v) for v in kvs])
    params = [
        dict(dfu=15000.0, dfv=15000.0, ang=0.0, kv=300.0, cs=2.7, w=0.1, bfac=0.0, phase=0.0),
        dict(dfu=20000.0, dfv=17000.0, ang=35.0, kv=200.0, cs=2.0, w=0.07, bfac=50.0, phase=30.0),
        dict(dfu=8000.0, dfv=9500.0, ang=-20.0, kv=300.0, cs=0.01, w=0.0, bfac=0.0, phase=90.0),
    ]
    for pi, p in enumerate(params):
        for ny, nx, pix in [(20, 20, 1.5), (24, 30, 2.1), (9, 7, 3.0)]:
            ky, kx = np.meshgrid(np.fft.fftfreq(ny, pix), np.fft.fftfreq(nx, pix), indexing="ij")
            full = ctf_numpy(ky, kx, **p)
            kyh, kxh = np.meshgrid(np.fft.fftfreq(ny, pix), np.fft.rfftfreq(nx, pix), indexing="ij")
            hf = ctf_numpy(kyh, kxh, **p)
            imgs = f32((2 if ny < 10 else 1, ny, nx))  # batch broadcasting on the small case
            applied = np.fft.irfft2(np.fft.rfft2(imgs.astype(np.float64)) * hf, s=(ny, nx))
            flipped = np.fft.irfft2(np.fft.rfft2(imgs.astype(np.float64)) * np.where(hf < 0, -1.0, 1.0), s=(ny, nx))
            add(f"ctf_{pi}_{ny}x{nx}", "ctf", dict(p, ny=ny, nx=nx, pixel=pix), full=full, half=hf, images=imgs,
                applied=applied, flipped=flipped)


# --------------------------------------------------------------------------- filters

def radius(grid):
    ks = np.meshgrid(*[signed(n) / n for n in grid[:-1]], np.arange(grid[-1] // 2 + 1) / grid[-1], indexing="ij")
    return np.sqrt(sum(k ** 2 for k in ks))


def raised_cosine(f, c, w):
    if w == 0:
        return (f <= c).astype(np.float64)
    lo, hi = c - w / 2, c + w / 2
    return np.where(f <= lo, 1.0, np.where(f >= hi, 0.0, 0.5 * (1 + np.cos(np.pi * (f - lo) / w))))


def fourier_filter(x, nd, h):
    ax = last_axes(nd)
    return np.fft.irfftn(np.fft.rfftn(x.astype(np.float64), axes=ax) * h, s=x.shape[-nd:], axes=ax)


def filter_cases():
    for shape, nd in [((2, 20, 24), 2), ((10, 12, 14), 3), ((3, 17), 1)]:
        x = f32(shape)
        f = radius(shape[-nd:])
        tag = f"{'x'.join(map(str, shape))}_{nd}"
        hard = raised_cosine(f, 0.23, 0.0)
        soft = raised_cosine(f, 0.2, 0.1)
        high = 1 - raised_cosine(f, 0.15, 0.06)
        band = (1 - raised_cosine(f, 0.1, 0.05)) * raised_cosine(f, 0.3, 0.05)
        gauss = np.exp(-2 * np.pi ** 2 * 1.5 ** 2 * f ** 2)
        dog = np.exp(-2 * np.pi ** 2 * 1.0 ** 2 * f ** 2) - np.exp(-2 * np.pi ** 2 * 2.0 ** 2 * f ** 2)
        sig = tuple([0.0] * (len(shape) - nd) + [1.3] * nd)
        sep = ndi.gaussian_filter(x.astype(np.float64), sigma=sig, mode="reflect", truncate=4.0)
        add(f"filters_{tag}", "filters", {"ndim": nd}, x=x, lowpass_hard=fourier_filter(x, nd, hard),
            lowpass_soft=fourier_filter(x, nd, soft), highpass=fourier_filter(x, nd, high),
            bandpass=fourier_filter(x, nd, band), gaussian=fourier_filter(x, nd, gauss),
            dog=fourier_filter(x, nd, dog), separable=sep)
    x = f32((6, 9))  # kernel radius 12 > 9: repeated mirroring
    add("separable_wide", "separable", {"ndim": 2, "sigma": 3.0}, x=x,
        out=ndi.gaussian_filter(x.astype(np.float64), sigma=3.0, mode="reflect", truncate=4.0))


# --------------------------------------------------------------------------- output

def write():
    write_file(OUT, CASES)


if __name__ == "__main__":
    transforms()
    shells()
    fsc_cases()
    masks()
    ctf_cases()
    filter_cases()
    write()
