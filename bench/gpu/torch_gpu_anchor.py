#!/usr/bin/env python3
"""PyTorch GPU timings of the anchor workloads (same names and shapes as shared/anchors/torch_cpu_anchor.py), plus
the GEMM targets of the CUDA issue: 4096^3 fp32 with TF32 off (cuBLAS SIMT) and on.

Run on the GPU machine with its own PyTorch: python3 bench/gpu/torch_gpu_anchor.py
Prints CSV: name,median_ms,gflops. Times are CUDA-event medians of 20 runs after 5 warm-ups. PyTorch's defaults are
kept (cuDNN may use TF32 for convolutions, as the issue says) except where a row's name says otherwise.
"""
import torch

assert torch.cuda.is_available(), "torch_gpu_anchor: no CUDA device visible to PyTorch"
dev = torch.device("cuda")
torch.manual_seed(0)


def bench(name, fn, flops, reps=20):
    for _ in range(5):
        fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(reps):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record(); fn(); b.record()
        torch.cuda.synchronize()
        ts.append(a.elapsed_time(b))
    ts.sort()
    m = ts[len(ts) // 2]
    print(f"{name},{m:.4f},{flops / (m / 1e3) / 1e9:.1f}", flush=True)


def fwd_bwd(module, x):
    def run():
        module.zero_grad(set_to_none=True)
        x.grad = None
        module(x).square().mean().backward()
    return run


print("name,median_ms,gflops")
a, b = torch.randn(1024, 1024, device=dev), torch.randn(1024, 1024, device=dev)
bench("matmul_1024", lambda: a @ b, 2 * 1024 ** 3)
A, B = torch.randn(4096, 4096, device=dev), torch.randn(4096, 4096, device=dev)
torch.backends.cuda.matmul.allow_tf32 = False
bench("gemm_4096_fp32", lambda: A @ B, 2 * 4096 ** 3)
torch.backends.cuda.matmul.allow_tf32 = True
bench("gemm_4096_tf32", lambda: A @ B, 2 * 4096 ** 3)
torch.backends.cuda.matmul.allow_tf32 = False

x = torch.randn(4, 32, 32, 32, 32, device=dev, requires_grad=True)
conv = torch.nn.Conv3d(32, 32, 3, padding=1).to(dev)
f = 2 * 4 * 32 * 32 ** 3 * 32 * 27
with torch.no_grad():
    bench("conv3d_fwd_n4_c32_32cube", lambda: conv(x), f)
bench("conv3d_fwdbwd_n4_c32_32cube", fwd_bwd(conv, x), 3 * f)

x1 = torch.randn(8, 1, 32, 32, 32, device=dev, requires_grad=True)
conv1 = torch.nn.Conv3d(1, 32, 3, padding=1).to(dev)
bench("conv3d_fwdbwd_n8_c1to32_32cube", fwd_bwd(conv1, x1), 3 * 2 * 8 * 32 * 32 ** 3 * 27)

xt = torch.randn(4, 64, 16, 16, 16, device=dev, requires_grad=True)
convt = torch.nn.ConvTranspose3d(64, 32, 2, stride=2).to(dev)
bench("convT3d_fwdbwd_n4_c64to32_16to32", fwd_bwd(convt, xt), 3 * 2 * 4 * 64 * 32 * 16 ** 3 * 8)

x2 = torch.randn(16, 64, 64, 64, device=dev, requires_grad=True)
conv2 = torch.nn.Conv2d(64, 64, 3, padding=1).to(dev)
bench("conv2d_fwdbwd_n16_c64_64sq", fwd_bwd(conv2, x2), 3 * 2 * 16 * 64 * 64 * 64 * 64 * 9)


class Sine(torch.nn.Module):
    def forward(self, t):
        return torch.sin(30 * t)


siren = torch.nn.Sequential(torch.nn.Linear(3, 256), Sine(), *[m for _ in range(4) for m in (torch.nn.Linear(256, 256), Sine())],
                            torch.nn.Linear(256, 1)).to(dev)
c = torch.rand(16384, 3, device=dev, requires_grad=True)
bench("siren_3_256x5_1_fwdbwd_16k", fwd_bwd(siren, c), 3 * 2 * 16384 * (3 * 256 + 4 * 256 * 256 + 256))
