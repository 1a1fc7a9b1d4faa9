#!/usr/bin/python3
"""Independent numpy/scipy references for the em.sim physics tests.

Writes em/src/test/resources/em/sim/*.tsv. Run from anywhere:
    /usr/bin/python3 em/src/test/python/make_sim_fixtures.py
Every value is computed here from the published formulas (and scipy), not from the Java code.
"""
import os
import numpy as np
from scipy.special import erf
from scipy.spatial.transform import Rotation

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'em', 'sim')
os.makedirs(OUT, exist_ok=True)

# CODATA 2018
H, M0, E, C = 6.62607015e-34, 9.1093837015e-31, 1.602176634e-19, 299792458.0


def wavelength_A(kv):
    v = kv * 1e3
    return H / np.sqrt(2 * M0 * E * v * (1 + E * v / (2 * M0 * C * C))) * 1e10


def sigma_interaction(kv):
    """sigma = 2 pi m e lambda / h^2 with the relativistic mass m = gamma m0, in rad / (V A)."""
    v = kv * 1e3
    gamma = 1 + E * v / (M0 * C * C)
    lam_m = wavelength_A(kv) * 1e-10
    return 2 * np.pi * gamma * M0 * E * lam_m / H ** 2 * 1e-10


def write(name, header, rows):
    with open(os.path.join(OUT, name), 'w') as f:
        f.write('\t'.join(header) + '\n')
        for r in rows:
            f.write('\t'.join(('%.12g' % float(x)) if not isinstance(x, str) else x for x in r) + '\n')


# --- 1. CTF transfer of a weak phase/amplitude object along kx (ky = 0) -------------------------------
kv, cs_mm, df_A, w, px, n = 300.0, 2.7, 15000.0, 0.07, 2.0, 128
cc_mm, dE, alpha_mrad = 2.7, 0.8, 0.02
lam = wavelength_A(kv)
sig = sigma_interaction(kv)
eta = w / np.sqrt(1 - w * w)
cs = cs_mm * 1e7
k = np.fft.fftfreq(n, px)[: n // 2]
chi = np.pi * lam * df_A * k ** 2 - 0.5 * np.pi * cs * lam ** 3 * k ** 4
delta = cc_mm * 1e7 * dE / (kv * 1e3)
env = np.exp(-(np.pi * alpha_mrad * 1e-3 / lam) ** 2 * (cs * lam ** 3 * k ** 3 - df_A * lam * k) ** 2) * np.exp(-0.5 * (np.pi * lam * delta * k ** 2) ** 2)
transfer = -2 * sig * (np.sin(chi) + eta * np.cos(chi))
write('ctf_transfer.tsv', ['index', 'k_per_A', 'transfer', 'transfer_with_envelopes', 'sigma', 'wavelength_A'],
      [(i, k[i], transfer[i], transfer[i] * env[i], sig, lam) for i in range(len(k))])
# zeros of sin(chi + asin w): chi(k) = m pi - asin(w); solve the quadratic in u = k^2 (small root branch)
zeros = []
a2, a1 = -0.5 * np.pi * cs * lam ** 3, np.pi * lam * df_A
for m in range(1, 8):
    c0 = -(m * np.pi - np.arcsin(w))
    disc = a1 * a1 - 4 * a2 * c0
    u = (-a1 + np.sqrt(disc)) / (2 * a2)
    kz = np.sqrt(u)
    if kz < 0.5 / px:
        zeros.append((m, kz))
write('ctf_zeros.tsv', ['m', 'k_per_A'], zeros)

# --- 2. exposure filter (Grant & Grigorieff 2015) -------------------------------------------------------
rows = []
for kk in [0.01, 0.05, 0.1, 0.2, 0.25]:
    for dose in [1.5, 10.0, 60.0]:
        for volt in [300.0, 200.0]:
            ne = 0.245 * kk ** -1.665 + 2.81
            if volt < 250:
                ne *= 0.8
            rows.append((kk, dose, volt, np.exp(-dose / (2 * ne))))
write('exposure_filter.tsv', ['k_per_A', 'dose', 'voltage_kv', 'value'], rows)

# --- 3. attenuation of a plain ice slab -----------------------------------------------------------------
rows = []
for t in [0.0, 20.0, 45.0, 60.0]:
    for thick, mfp_nm in [(300.0, 395.0), (640.0, 350.0)]:
        rows.append((t, thick, mfp_nm, np.exp(-thick / (mfp_nm * 10 * np.cos(np.radians(t))))))
write('attenuation.tsv', ['tilt_deg', 'thickness_A', 'mfp_nm', 'fraction'], rows)

# --- 4. orientation convention: analytic blobs rotated by RELION angles and projected along z ----------
# object: Gaussian blobs (centre offsets in voxels from the map centre n/2, sigma in voxels, amplitude)
blobs = [((0.0, 0.0, 0.0), 1.6, 1.0), ((5.0, 0.0, 0.0), 1.2, 0.8), ((0.0, 3.0, 0.0), 1.2, 0.6), ((0.0, 0.0, -4.0), 1.0, 0.9), ((2.0, 2.0, 2.0), 1.0, 0.5)]
box, sx, sy = 32, 1.5, -2.25
cases = [(30.0, 50.0, 70.0), (-120.0, 100.0, 10.0), (0.0, 0.0, 45.0)]
rows = []
for ci, (rot, tilt, psi) in enumerate(cases):
    # RELION's matrix A is the transpose of scipy's intrinsic ZYZ rotation (checked against Euler_angles2matrix)
    A = Rotation.from_euler('ZYZ', [rot, tilt, psi], degrees=True).as_matrix().T
    img = np.zeros((box, box))
    yy, xx = np.mgrid[0:box, 0:box].astype(float)
    for (p, s, a) in blobs:
        q = A @ np.array(p)  # particle = template rotated by A
        # the z-integral of a 3-D Gaussian a exp(-r^2 / (2 s^2)) is a sqrt(2 pi) s exp(-rho^2 / (2 s^2))
        img += a * np.sqrt(2 * np.pi) * s * np.exp(-((xx - box // 2 - sx - q[0]) ** 2 + (yy - box // 2 - sy - q[1]) ** 2) / (2 * s * s))
    for y in range(box):
        for x in range(box):
            rows.append((ci, rot, tilt, psi, x, y, img[y, x]))
write('orientation.tsv', ['case', 'rot', 'tilt', 'psi', 'x', 'y', 'projection'], rows)
write('orientation_blobs.tsv', ['dx', 'dy', 'dz', 'sigma', 'amplitude'], [(p[0], p[1], p[2], s, a) for (p, s, a) in blobs])

# --- 5. atomic potential of a tiny model (Peng et al. 1996 coefficients) --------------------------------
PENG = {
    'H': ([0.0349, 0.1201, 0.1970, 0.0573, 0.1195], [0.5347, 3.5867, 12.3471, 18.9525, 38.6269]),
    'C': ([0.0893, 0.2563, 0.7570, 1.0487, 0.3575], [0.2465, 1.7100, 6.4094, 18.6113, 50.2523]),
    'N': ([0.1022, 0.3219, 0.7982, 0.8197, 0.1715], [0.2451, 1.7481, 6.1925, 17.3894, 48.1431]),
    'O': ([0.0974, 0.2921, 0.6910, 0.6990, 0.2039], [0.2067, 1.3815, 4.6943, 12.7105, 32.4726]),
    'S': ([0.2497, 0.5628, 1.3899, 2.1865, 0.7715], [0.2681, 1.6711, 7.0267, 19.5377, 50.3888]),
}
PREF = H * H / (2 * np.pi * M0 * E) * 1e20  # V A^2
atoms = [('C', 10.0, 12.0, 8.0, 15.0, 1.0), ('N', 11.3, 12.4, 8.9, 20.0, 1.0), ('O', 9.2, 13.1, 7.5, 25.0, 0.5),
         ('S', 12.5, 10.8, 9.6, 30.0, 1.0), ('H', 10.4, 11.1, 7.2, 10.0, 1.0)]
v, extra_b, pad = 1.2, 5.0, 2.4
cen = np.mean([[a[1], a[2], a[3]] for a in atoms], axis=0)
extent = max(max(abs(a[1] - cen[0]), abs(a[2] - cen[1]), abs(a[3] - cen[2])) for a in atoms)
nn = 2 * int(np.ceil((extent + pad) / v)) + 2
c = nn // 2
grid = (np.arange(nn) - c) * v
vol = np.zeros((nn, nn, nn))
for (el, x, y, z, b, occ) in atoms:
    aa, bb = PENG[el]
    for ai, bi in zip(aa, bb):
        s = np.sqrt((bi + b + extra_b) / (8 * np.pi ** 2))
        f = []
        for d in (x - cen[0], y - cen[1], z - cen[2]):
            lo, hi = grid - v / 2 - d, grid + v / 2 - d
            f.append(0.5 * (erf(hi / (s * np.sqrt(2))) - erf(lo / (s * np.sqrt(2)))))
        vol += occ * PREF * ai / v ** 3 * f[2][:, None, None] * f[1][None, :, None] * f[0][None, None, :]
write('atomic_model.tsv', ['element', 'x', 'y', 'z', 'b', 'occupancy'], [(a[0],) + a[1:] for a in atoms])
rows = []
for z in range(nn):
    for y in range(nn):
        for x in range(nn):
            if vol[z, y, x] > 1e-4 * vol.max():
                rows.append((x, y, z, vol[z, y, x]))
write('atomic_potential.tsv', ['x', 'y', 'z', 'volts'], rows)
integral = sum(occ * PREF * sum(PENG[el][0]) for (el, _, _, _, _, occ) in atoms)
write('atomic_potential_meta.tsv', ['n', 'voxel_A', 'extra_b', 'padding_A', 'max_volts', 'integral_V_A3', 'prefactor'],
      [(nn, v, extra_b, pad, vol.max(), integral, PREF)])
print('wrote fixtures to', OUT)
