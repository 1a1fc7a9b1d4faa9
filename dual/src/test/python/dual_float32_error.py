#!/usr/bin/python3
"""How far float32 arithmetic gets from the float64 references of make_dual_fixtures.py (the basis of TorchDualTest's
tolerances). Runs the same generator step and discriminator loss as the fixture script, once in float64 (the
references) and once in float32 PyTorch, and prints for every parameter gradient max|f32 - f64| / max|f64| and the
same with norms. Writes nothing. Run: /usr/bin/python3 dual/src/test/python/dual_float32_error.py
"""
import os
import sys

import torch
import torch.nn.functional as Fn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_dual_fixtures as mk  # noqa: E402
from make_dual_fixtures import B, K, P, KL_EPS, LAM, REC_EPS, disc_adv, gen_adv, kl, rec  # noqa: E402


def run(dtype):
    torch.manual_seed(0)
    model = mk.Dual()
    model = model.to(dtype)
    g = torch.Generator().manual_seed(1)
    cast = lambda t: t.float().to(dtype)
    tr = cast(torch.randn(B, 1, P, P, P, generator=g))
    vr = cast(Fn.avg_pool3d(torch.randn(B, 1, P, P, P, generator=g), 3, 1, 1) * 3)
    z = cast(torch.randn(B, K, generator=g))
    perm = torch.stack([torch.randperm(P ** 3, generator=g) for _ in range(B)])
    for d in (model.dt, model.dv): d.R = d.R.to(dtype)
    noise = model.gn(z)
    pn = torch.gather(noise.reshape(B, -1), 1, perm).reshape(noise.shape)
    tf = model.gs(vr + pn); vf = model.dn(tr); vhat = model.dn(tf)
    codes = model.enc(tr); that = model.gs(vf + model.gn(codes))
    rec_v, rec_t = rec(vr, vhat, REC_EPS), rec(tr, that, REC_EPS)
    adv_g = gen_adv(model.dt, tf) + gen_adv(model.dv, vf)
    l_kl = kl(codes, KL_EPS)
    total = LAM[0] * (rec_v + rec_t) + LAM[1] * adv_g + LAM[2] * l_kl
    params = dict(model.named_parameters())
    gn_ = [n for n in params if n.split('.')[0] in ('dn','gs','enc','gn')]
    out = {}
    for n, gr in zip(gn_, torch.autograd.grad(total, [params[n] for n in gn_])): out['g.'+n] = gr.double()
    adv_d = disc_adv(model.dt, tr, tf.detach()) + disc_adv(model.dv, vr, vf.detach())
    dn_ = [n for n in params if n.split('.')[0] in ('dt','dv')]
    for n, gr in zip(dn_, torch.autograd.grad(adv_d, [params[n] for n in dn_])): out['d.'+n] = gr.double()
    out['terms'] = dict(rec_v=rec_v.item(), rec_t=rec_t.item(), adv_g=adv_g.item(), kl=l_kl.item())
    return out

torch.set_num_threads(1)
r64 = run(torch.float64)
r32 = run(torch.float32)
rows = []
for k in r64:
    if k == 'terms': continue
    e, a = r64[k], r32[k]
    rows.append((float((a-e).abs().max()/e.abs().max()), float((a-e).norm()/e.norm()), k, float(e.abs().max())))
for r in sorted(rows, reverse=True): print('%-30s max-rel %.3e  norm-rel %.3e  max %.3e' % (r[2], r[0], r[1], r[3]))
print('float64 terms', r64['terms'])
print('float32 terms', r32['terms'])
