#!/usr/bin/env python3
"""Reference fixture for em's WBP and Shepp-Logan tests (scikit-image 0.19, numpy, scipy).

Writes src/test/resources/baselines/shepp_fbp.bin.gz (relative to the em module), a gzip stream:
magic "CGBL", int32 version 1, int32 array count, then per array: name (uint16 length + UTF-8), int32 rank,
int32 dims, float32 data in C order; all big-endian (Java DataInputStream).

Arrays (n = 65, odd so that skimage's rotation centre n // 2 equals cryograd's (n - 1) / 2):
  shepp2d        skimage.data.shepp_logan_phantom() resized to n x n (anti-aliased), rows = +y at the top
  phantom        shepp2d smoothed by a Gaussian (sigma 1 px, a band-limited object) and zeroed outside the
                 inscribed circle of radius n // 2 (radon's circle=True requirement)
  angles         skimage angles theta = 0, 1, ..., 179 degrees
  sinogram       radon(phantom, theta, circle=True) transposed to [views, detector]
  iradon_<f>     iradon(radon(phantom), theta, filter_name=f, circle=True) for f in ramp, shepp-logan,
                 cosine, hann (linear interpolation; zero outside the inscribed circle)

Run: /usr/bin/python3 em/src/test/python/make_baseline_fixtures.py   (from the repository root)
"""
import gzip
import os
import struct

import numpy as np
from scipy.ndimage import gaussian_filter
from skimage.data import shepp_logan_phantom
from skimage.transform import iradon, radon, resize

N = 65
FILTERS = ("ramp", "shepp-logan", "cosine", "hann")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "baselines", "shepp_fbp.bin.gz")


def main():
    shepp = resize(shepp_logan_phantom(), (N, N), anti_aliasing=True)
    phantom = gaussian_filter(shepp, 1.0)
    yy, xx = np.mgrid[:N, :N] - N // 2
    phantom[xx ** 2 + yy ** 2 > (N // 2) ** 2] = 0.0
    theta = np.arange(180.0)
    sino = radon(phantom, theta, circle=True)  # [detector, views]
    arrays = [("shepp2d", shepp), ("phantom", phantom), ("angles", theta), ("sinogram", sino.T)]
    for f in FILTERS:
        arrays.append(("iradon_" + f, iradon(sino, theta, filter_name=f, circle=True)))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with gzip.GzipFile(tmp, "wb", mtime=0) as g:
        g.write(b"CGBL")
        g.write(struct.pack(">ii", 1, len(arrays)))
        for name, a in arrays:
            a = np.ascontiguousarray(a, dtype=">f4")
            nb = name.encode("utf-8")
            g.write(struct.pack(">H", len(nb)) + nb)
            g.write(struct.pack(">i", a.ndim) + struct.pack(">%di" % a.ndim, *a.shape))
            g.write(a.tobytes())
    os.replace(tmp, OUT)
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
