#!/usr/bin/python3
"""Reference values for cryograd-polar tests (numpy/scipy/torch), written to src/test/resources/polar_fixtures.txt.

Format: blocks of `name d0 d1 ...` followed by one line of float values (row-major).
- polar16: a 16x16 random image and its polar samples at r_i = i, theta_t = 2 pi t / 104 about (8, 8),
  bilinear via scipy.ndimage.map_coordinates(order=1, mode='constant').
- attn_*: angular attention on a set of 3 maps [3, 4, 12] with 2 heads, computed directly from the definition
  with np.roll (s_ij(phi) = <q_i, roll(k_j, phi)> / sqrt(d * L), softmax over (j, phi), sum_j sum_phi a roll(v_j, phi)).
- gn_conv: torch circular conv1d + GroupNorm + ReLU reference for one angular block.
"""
import os
import numpy as np
from scipy.ndimage import map_coordinates
import torch

rng = np.random.default_rng(7)
out = []

def put(name, a):
    a = np.asarray(a, dtype=np.float64)
    out.append(name + " " + " ".join(str(s) for s in a.shape))
    out.append(" ".join(repr(float(v)) for v in a.ravel()))

# polar transform reference
n, nr = 16, 8
nt = 8 * int(np.ceil(2 * np.pi * nr / 8))
img = rng.standard_normal((n, n))
r = np.arange(nr) * (n / 2) / nr
th = 2 * np.pi * np.arange(nt) / nt
R, T = np.meshgrid(r, th, indexing="ij")
ys = n // 2 + R * np.sin(T)
xs = n // 2 + R * np.cos(T)
pol = map_coordinates(img, [ys.ravel(), xs.ravel()], order=1, mode="constant", cval=0.0).reshape(nr, nt)
put("polar16_image", img)
put("polar16_polar", pol)

# attention reference
N, C, L, H = 3, 4, 12, 2
d = C // H
q = rng.standard_normal((N, C, L)); k = rng.standard_normal((N, C, L)); v = rng.standard_normal((N, C, L))
o = np.zeros((N, C, L))
for h in range(H):
    sl = slice(h * d, (h + 1) * d)
    for i in range(N):
        s = np.zeros((N, L))
        for j in range(N):
            for phi in range(L):
                s[j, phi] = np.sum(q[i, sl] * np.roll(k[j, sl], phi, axis=-1)) / np.sqrt(d * L)
        a = np.exp(s - s.max()); a /= a.sum()
        for j in range(N):
            for phi in range(L):
                o[i, sl] += a[j, phi] * np.roll(v[j, sl], phi, axis=-1)
put("attn_q", q); put("attn_k", k); put("attn_v", v); put("attn_out", o)

# one angular block in torch (float64)
x = torch.tensor(rng.standard_normal((2, 6, 16)))
conv = torch.nn.Conv1d(6, 8, 5, padding=2, padding_mode="circular").double()
gn = torch.nn.GroupNorm(2, 8).double()
with torch.no_grad():
    conv.weight.copy_(torch.tensor(rng.standard_normal((8, 6, 5)) * 0.3))
    conv.bias.copy_(torch.tensor(rng.standard_normal(8) * 0.1))
    gn.weight.copy_(torch.tensor(1 + 0.1 * rng.standard_normal(8)))
    gn.bias.copy_(torch.tensor(0.1 * rng.standard_normal(8)))
    y = torch.relu(gn(conv(x)))
put("block_x", x.numpy()); put("block_w", conv.weight.detach().numpy()); put("block_b", conv.bias.detach().numpy())
put("block_gnw", gn.weight.detach().numpy()); put("block_gnb", gn.bias.detach().numpy()); put("block_y", y.numpy())

# Wiener filter with a known CTF (cryoDRGN/CTFFIND4 convention, wavelength from CODATA 2018) and radial power
n, apix, df, kv, cs, w, sig2 = 16, 5.0, 20000.0, 300.0, 2.7, 0.1, 4.0
img = rng.standard_normal((n, n)) * 2.0
h, m0, e, c = 6.62607015e-34, 9.1093837015e-31, 1.602176634e-19, 299792458.0
V = kv * 1e3
lam = h / np.sqrt(2 * m0 * e * V * (1 + e * V / (2 * m0 * c * c))) * 1e10
ky = np.fft.fftfreq(n, apix)[:, None]; kx = np.fft.fftfreq(n, apix)[None, :]
k2 = kx ** 2 + ky ** 2
chi = np.pi * lam * df * k2 - 0.5 * np.pi * cs * 1e7 * lam ** 3 * k2 ** 2
ctf = -np.sin(chi + np.arcsin(w))
iy = np.fft.fftfreq(n, 1.0 / n)[:, None]; ix = np.fft.fftfreq(n, 1.0 / n)[None, :]
shell = np.floor(np.sqrt(ix ** 2 + iy ** 2) + 0.5).astype(int)
stack = rng.standard_normal((3, n, n))
F = np.fft.fft2(stack)
power = np.array([np.mean(np.abs(F[:, shell == s]) ** 2) for s in range(shell.max() + 1)])
S = ctf ** 2 * power[shell]
W = S / (S + n * n * sig2)
wout = np.real(np.fft.ifft2(np.fft.fft2(img) * W))
put("wiener_stack", stack); put("wiener_power", power); put("wiener_img", img); put("wiener_out", wout)

here = os.path.dirname(os.path.abspath(__file__))
dst = os.path.join(here, "..", "resources", "polar_fixtures.txt")
with open(dst, "w") as f:
    f.write("\n".join(out) + "\n")
print("wrote", dst, os.path.getsize(dst), "bytes")
