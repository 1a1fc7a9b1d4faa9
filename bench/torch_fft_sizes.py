#!/usr/bin/python3
"""PyTorch reference for FftBenchmarks: torch.fft.rfftn / irfftn of float32 cubes at cryo-EM box sizes.

Sizes 2^a 3^b 5^c (96, 100, 160) and a power of two (128; the anchor's rfftn_128cube is the forward one), so that
bench/compare-torch.sh puts each beside cryograd's Fft.rfftn / Fft.irfftn. The FLOP count is the anchor's
2.5 N log2 N convention for a real transform of N values.

Prints the CSV of shared/anchors/torch_cpu_anchor.py (name,median_ms,gflops), no header.
Usage: /usr/bin/python3 bench/torch_fft_sizes.py [threads]
"""
import math
import sys
import time

import torch

SIZES = (96, 100, 128, 160)


def bench(name, fn, flops, reps=7):
    fn()
    fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    m = sorted(ts)[len(ts) // 2]
    print(f"{name},{m * 1e3:.3f},{flops / m / 1e9:.2f}", flush=True)


def main():
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    g = torch.Generator().manual_seed(0)
    for n in SIZES:
        v = torch.randn(n, n, n, generator=g)
        spec = torch.fft.rfftn(v)
        flops = 2.5 * n ** 3 * math.log2(n ** 3)
        if n != 128:  # the anchor times the forward 128^3 one
            bench(f"rfftn_{n}cube", lambda: torch.fft.rfftn(v), flops)
        bench(f"irfftn_{n}cube", lambda: torch.fft.irfftn(spec, s=(n, n, n)), flops)


if __name__ == "__main__":
    main()
