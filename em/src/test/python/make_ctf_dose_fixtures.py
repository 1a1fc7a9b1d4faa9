#!/usr/bin/env python3
"""Independent numpy references for em.ctf (TiltCtfCorrectionTest, DoseWeightingTest).

Written from the papers and program documentation, not from the Java code:
  - CTF (CTFFIND4 / Rohou & Grigorieff 2015 convention): defocus(a) = (dU+dV)/2 + (dU-dV)/2 cos(2(a - ast)),
    chi = pi lambda df k^2 - pi/2 Cs lambda^3 k^4 + phase, CTF = -sin(chi + asin(w)); lambda relativistic from
    CODATA constants. Phase flipping multiplies each Fourier coefficient by sign(CTF) (+1 at exact zeros).
  - Strips (IMOD ctfphaseflip): columns cut into strips of floor(tol / (pixel |tan t|)) columns; each strip takes the
    columns of the whole image flipped with the defocus at the strip centre, df(x) = df - u tan t,
    u = (x - (nx-1)/2) pixel.
  - Exposure filter (Grant & Grigorieff 2015, eLife 4:e06980): Ne(k) = 0.245 k^-1.665 + 2.81 (x0.8 at 200 kV),
    q = exp(-N / (2 Ne)).
Writes em/src/test/resources/em/ctf_dose_reference.txt. Run from the repository root:
  /usr/bin/python3 em/src/test/python/make_ctf_dose_fixtures.py
"""
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../resources/em/ctf_dose_reference.txt")

H, M0, E, C = 6.62607015e-34, 9.1093837015e-31, 1.602176634e-19, 299792458.0


def wavelength(kv):
    v = kv * 1e3
    return H / math.sqrt(2 * M0 * E * v * (1 + E * v / (2 * M0 * C * C))) * 1e10


def ctf_half(ny, nx, pix, du, dv, ang, kv, cs, w, phase_deg):
    ky = np.fft.fftfreq(ny, pix)[:, None]
    kx = np.fft.rfftfreq(nx, pix)[None, :]
    k2 = kx ** 2 + ky ** 2
    a = np.arctan2(ky, kx)
    df = 0.5 * (du + dv + (du - dv) * np.cos(2 * (a - math.radians(ang))))
    lam = wavelength(kv)
    chi = math.pi * lam * df * k2 - 0.5 * math.pi * cs * 1e7 * lam ** 3 * k2 ** 2 + math.radians(phase_deg)
    return -np.sin(chi + math.asin(w))


def flip_strips(img, pix, tilt, du, dv, ang, kv, cs, w, phase, tol):
    ny, nx = img.shape
    t = abs(math.tan(math.radians(tilt)))
    width = nx if (tol <= 0 or t < 1e-12) else int(max(1, min(nx, math.floor(tol / (pix * t)))))
    spec = np.fft.rfft2(img.astype(np.float64))
    out = np.zeros_like(img, dtype=np.float64)
    for x0 in range(0, nx, width):
        x1 = min(nx, x0 + width)
        xc = (x0 + x1 - 1) / 2.0
        shift = 0.0 if width >= nx else -((xc - (nx - 1) / 2.0) * pix) * math.tan(math.radians(tilt))
        s = np.sign(ctf_half(ny, nx, pix, du + shift, dv + shift, ang, kv, cs, w, phase))
        s[s == 0] = 1
        out[:, x0:x1] = np.fft.irfft2(spec * s, s=(ny, nx))[:, x0:x1]
    return out, width


def crit(k, kv):
    scale = 1.0 if kv == 300 else 0.8
    return (0.245 * k ** -1.665 + 2.81) * scale


def main():
    lines = []
    ny, nx = 20, 24
    yy, xx = np.mgrid[0:ny, 0:nx]
    img = np.sin(0.7 * xx + 0.3 * yy) + np.cos(0.11 * xx * yy) + 0.05 * xx
    cases = [  # id, pixel, tilt, dU, dV, angle, kV, Cs, w, phase, tolerance
        ("tilted_strips", 4.0, 50.0, 30000.0, 28000.0, 30.0, 300.0, 2.7, 0.07, 0.0, 30.0),
        ("negative_tilt", 3.0, -35.0, 20000.0, 20000.0, 0.0, 200.0, 2.0, 0.1, 0.0, 25.0),
        ("untilted_phase", 5.0, 0.0, 15000.0, 14000.0, -60.0, 300.0, 2.7, 0.07, 90.0, 200.0),
    ]
    lines.append("image %d %d %s" % (ny, nx, " ".join(repr(float(v)) for v in img.ravel())))
    for cid, pix, tilt, du, dv, ang, kv, cs, w, ph, tol in cases:
        out, width = flip_strips(img, pix, tilt, du, dv, ang, kv, cs, w, ph, tol)
        lines.append("flip %s %r %r %r %r %r %r %r %r %r %r %d %s" % (cid, pix, tilt, du, dv, ang, kv, cs, w, ph, tol, width,
                                                                " ".join(repr(float(v)) for v in out.ravel())))
    # exposure filter: critical exposure and weights on a grid of frequencies, exposures, voltages
    for kv in (300.0, 200.0):
        for k in (0.01, 0.05, 0.1, 0.2, 1 / 3.0, 0.5):
            for n in (0.0, 3.0, 20.0, 120.0):
                q = math.exp(-n / (2 * crit(k, kv)))
                lines.append("dose %r %r %r %r %r" % (kv, k, n, crit(k, kv), q))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("# made by em/src/test/python/make_ctf_dose_fixtures.py (numpy %s)\n" % np.__version__)
        f.write("\n".join(lines) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
