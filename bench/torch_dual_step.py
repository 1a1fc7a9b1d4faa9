#!/usr/bin/python3
"""PyTorch reference for DualTrainingBenchmarks.dual_train_step_quick_b2: one full DUAL training step.

The networks are the ones dual/src/test/python/make_dual_fixtures.py checks cryograd against (same layout, same
forward passes and losses, eq. 1-9), built at DualConfig.quick() sizes: 32^3 patches, U-Nets of depth 3 and base 8,
K 16, encoder base 4, decoder C 16, discriminator base 8, spectral MLP 16, batch 2. One step = generator update
(AdamW, discriminators frozen) then discriminator update on the detached fakes, as DualStep.run; each step draws
fresh patches (two random 64^3 volumes per domain, random 32^3 crops), codes and voxel permutations.

Prints the CSV of shared/anchors/torch_cpu_anchor.py (name,median_ms,gflops) with gflops "nan" (no FLOP count).
Usage: /usr/bin/python3 bench/torch_dual_step.py [threads] [steps]
"""
import importlib.util
import os
import sys
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("dualref", os.path.join(ROOT, "dual", "src", "test", "python", "make_dual_fixtures.py"))
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)
# DualConfig.quick(): the module's classes read these globals when they are built
ref.P, ref.DEPTH, ref.BASE, ref.K, ref.EBASE, ref.DCH, ref.DBASE, ref.HID, ref.B = 32, 3, 8, 16, 4, 16, 8, 16, 2
ref.M = 3  # stride-2 stages between 32^3 and 4^3
LR, BETAS, EPS, WD = 1e-4, (0.9, 0.999), 1e-8, 1e-6  # DualConfig.quick()'s AdamW


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = ref.Dual()
    model.dt.R, model.dv.R = model.dt.R.float(), model.dv.R.float()  # the shell-averaging matrix in the step's dtype, once
    gen = [p for n, p in model.named_parameters() if n.split('.')[0] in ('dn', 'gs', 'enc', 'gn')]
    disc = [p for n, p in model.named_parameters() if n.split('.')[0] in ('dt', 'dv')]
    g_opt = torch.optim.AdamW(gen, lr=LR, betas=BETAS, eps=EPS, weight_decay=WD)
    d_opt = torch.optim.AdamW(disc, lr=LR, betas=BETAS, eps=EPS, weight_decay=WD)
    vols = {d: [torch.randn(64, 64, 64) for _ in range(2)] for d in ('noisy', 'clean')}
    p, b = ref.P, ref.B

    def patches(domain):
        out = []
        for _ in range(b):
            v = vols[domain][torch.randint(2, (1,)).item()]
            z, y, x = torch.randint(64 - p + 1, (3,)).tolist()
            out.append(v[z:z + p, y:y + p, x:x + p])
        return torch.stack(out).unsqueeze(1)

    def step():
        tr, vr = patches('noisy'), patches('clean')
        z = torch.randn(b, ref.K)
        perm = torch.stack([torch.randperm(p ** 3) for _ in range(b)])
        g_opt.zero_grad(set_to_none=True)
        d_opt.zero_grad(set_to_none=True)
        for q in disc:
            q.requires_grad_(False)
        noise = model.gn(z)
        tf = model.gs(vr + torch.gather(noise.reshape(b, -1), 1, perm).reshape(noise.shape))
        vf = model.dn(tr)
        vhat = model.dn(tf)
        codes = model.enc(tr)
        that = model.gs(vf + model.gn(codes))
        total = (ref.LAM[0] * (ref.rec(vr, vhat, ref.REC_EPS) + ref.rec(tr, that, ref.REC_EPS))
                 + ref.LAM[1] * (ref.gen_adv(model.dt, tf) + ref.gen_adv(model.dv, vf)) + ref.LAM[2] * ref.kl(codes, ref.KL_EPS))
        total.backward()
        for q in disc:
            q.requires_grad_(True)
        g_opt.step()
        adv_d = ref.disc_adv(model.dt, tr, tf.detach()) + ref.disc_adv(model.dv, vr, vf.detach())
        adv_d.backward()
        d_opt.step()
        return total.item()

    for _ in range(3):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    m = times[len(times) // 2]
    print("name,median_ms,gflops")
    print(f"dual_train_step_quick_b2,{m * 1e3:.3f},nan", flush=True)


if __name__ == "__main__":
    main()
