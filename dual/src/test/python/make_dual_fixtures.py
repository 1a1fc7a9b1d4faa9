#!/usr/bin/python3
"""PyTorch references for cryograd-dual (DUAL, Zeng et al. 2024, eq. 1-9).

Builds the six DUAL networks in PyTorch with exactly the Java module layout and state names (tiny sizes:
patch 16, U-Net depth 2 base 4, K 4, encoder base 2, decoder C 8, discriminator base 2, spectral MLP 4),
draws their weights with PyTorch's default initialisation (seed 0), and computes, in float64 from the
float32-rounded weights and inputs:
  - the generator objective of one step (eq. 1-5, 8, 9, 3) for given patches t_r, v_r, codes z and voxel
    permutations P: every term, and the gradient of the total with respect to every Dn/Gs/E/Gn parameter;
  - the discriminator loss (eq. 6-7) on the detached fakes and its gradient for every Dt/Dv parameter;
  - the two branch logits of Dt on t_r (spatial PatchGAN; spectral = radial mean of the log amplitude of
    torch.fft.fftn(norm='ortho'));
  - standalone cases: the reconstruction loss (value, gradient), BCE-with-logits against constant labels,
    and the closed-form KL(N(0,I) || N(mu, Sigma + eps I)) of a batch of codes (value, gradient) for a
    full-rank batch (B=7, K=4) and a rank-deficient one (B=3, K=4), and the soft voxel histogram of the
    discriminators' optional histogram branch (value, gradient).
Outputs (dual/src/test/resources/fixtures/): dual_weights.safetensors (the state dict), dual_io.safetensors.
Run: /usr/bin/python3 dual/src/test/python/make_dual_fixtures.py
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as Fn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'fixtures')
P, DEPTH, BASE, K, EBASE, DCH, DBASE, HID, SLOPE, B = 16, 2, 4, 4, 2, 8, 2, 4, 0.2, 3
KL_EPS, REC_EPS, LAM = 1e-3, 1e-6, (1.0, 1.0, 0.1)


def write_safetensors(path, tensors):
    header, chunks, off = {}, [], 0
    for name, t in tensors.items():
        a = np.ascontiguousarray(t.detach().cpu().numpy().astype('<f4'))
        b = a.tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [off, off + len(b)]}
        chunks.append(b)
        off += len(b)
    h = json.dumps(header, separators=(',', ':')).encode('ascii')
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(chunks))


def lrelu():
    return nn.LeakyReLU(SLOPE)


def double_conv(i, o):
    return nn.Sequential(nn.Conv3d(i, o, 3, 1, 1, bias=False), nn.InstanceNorm3d(o), lrelu(),
                         nn.Conv3d(o, o, 3, 1, 1, bias=False), nn.InstanceNorm3d(o), lrelu())


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(*[double_conv(1 if l == 0 else (BASE << l) // 2, BASE << l) for l in range(DEPTH)])
        self.down = nn.Sequential(*[nn.Sequential(nn.Conv3d(BASE << l, BASE << l, 3, 2, 1, bias=False),
                                                  nn.InstanceNorm3d(BASE << l), lrelu()) for l in range(DEPTH - 1)])
        self.up = nn.Sequential(*[nn.ConvTranspose3d(2 * (BASE << l), BASE << l, 2, 2) for l in range(DEPTH - 1)])
        self.dec = nn.Sequential(*[double_conv(2 * (BASE << l), BASE << l) for l in range(DEPTH - 1)])
        self.out = nn.Conv3d(BASE, 1, 1)

    def forward(self, x):
        skips, h = [], x
        for l in range(DEPTH):
            h = self.enc[l](h)
            skips.append(h)
            if l < DEPTH - 1:
                h = self.down[l](h)
        for l in range(DEPTH - 2, -1, -1):
            h = self.up[l](h)
            h = self.dec[l](torch.cat([h, skips[l]], 1))
        return self.out(h)


M = int(np.log2(P // 4))


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        layers, i, c = [], 1, EBASE
        for s in range(M):
            layers.append(nn.Conv3d(i, c, 3, 2, 1, bias=(s == 0)))
            if s > 0:
                layers.append(nn.InstanceNorm3d(c))
            layers.append(lrelu())
            i, c = c, c * 2
        self.convs = nn.Sequential(*layers)
        self.flat = i * 64
        self.fc = nn.Linear(self.flat, K)

    def forward(self, x):
        return self.fc(self.convs(x).reshape(x.shape[0], self.flat))


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(K, DCH * 64)
        layers, c = [], DCH
        for _ in range(M):
            layers += [nn.ConvTranspose3d(c, c // 2, 2, 2), lrelu()]
            c //= 2
        self.ups = nn.Sequential(*layers)
        self.out = nn.Conv3d(c, 1, 3, 1, 1, bias=True)

    def forward(self, z):
        h = Fn.leaky_relu(self.fc(z), SLOPE).reshape(z.shape[0], DCH, 4, 4, 4)
        return self.out(self.ups(h))


def shell_matrix(n):
    k = np.arange(n)
    k = np.where(k <= n // 2, k, k - n).astype(np.float64)
    r = np.sqrt(k[:, None, None] ** 2 + k[None, :, None] ** 2 + k[None, None, :] ** 2)
    s = np.floor(r + 0.5).astype(np.int64).ravel()
    ns = n // 2 + 1
    R = np.zeros((n ** 3, ns))
    for j in range(ns):
        idx = np.nonzero(s == j)[0]
        R[idx, j] = 1.0 / len(idx)
    return torch.tensor(R)


class Disc(nn.Module):
    def __init__(self):
        super().__init__()
        b = DBASE
        self.spatial = nn.Sequential(nn.Conv3d(1, b, 4, 2, 1, bias=True), lrelu(),
                                     nn.Conv3d(b, 2 * b, 4, 2, 1, bias=False), nn.InstanceNorm3d(2 * b), lrelu(),
                                     nn.Conv3d(2 * b, 4 * b, 4, 2, 1, bias=False), nn.InstanceNorm3d(4 * b), lrelu(),
                                     nn.Conv3d(4 * b, 1, 4, 1, 1, bias=True))
        self.spectral = nn.Sequential(nn.Linear(P // 2 + 1, HID), lrelu(), nn.Linear(HID, 1))
        self.R = shell_matrix(P)

    def profile(self, x):
        X = torch.fft.fftn(x[:, 0], dim=(1, 2, 3), norm='ortho')
        la = 0.5 * torch.log(X.real ** 2 + X.imag ** 2 + 1e-6)
        return la.reshape(x.shape[0], -1) @ self.R.to(x.dtype)

    def spectral_logits(self, x):
        return self.spectral(self.profile(x))


class Dual(nn.Module):
    def __init__(self):
        super().__init__()
        self.dn, self.gs, self.enc, self.gn, self.dt, self.dv = UNet(), UNet(), Encoder(), Decoder(), Disc(), Disc()


def rec(a, ah, eps):
    mse = ((a - ah) ** 2).mean()
    da, db = a - a.mean(), ah - ah.mean()
    r = (da * db).sum() / torch.sqrt((da ** 2).sum() * (db ** 2).sum() + eps)
    return torch.log(mse + eps) + torch.log(1 - r + eps)


def bce(logits, y):
    return Fn.binary_cross_entropy_with_logits(logits, torch.full_like(logits, y))


def gen_adv(d, fake):
    return bce(d.spatial(fake), 1.0) + bce(d.spectral_logits(fake), 1.0)


def disc_adv(d, real, fake):
    return (bce(d.spatial(real), 1.0) + bce(d.spectral_logits(real), 1.0)
            + bce(d.spatial(fake), 0.0) + bce(d.spectral_logits(fake), 0.0))


def kl(codes, eps):
    b, k = codes.shape
    mu = codes.mean(0)
    dev = codes - mu
    s = dev.T @ dev / (b - 1) + eps * torch.eye(k, dtype=codes.dtype)
    inv = torch.linalg.inv(s)
    return 0.5 * (torch.trace(inv) + mu @ inv @ mu - k + torch.linalg.slogdet(s)[1])


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    model = Dual()
    sd = {k: v.detach().float().clone() for k, v in model.state_dict().items()}
    write_safetensors(os.path.join(OUT, 'dual_weights.safetensors'), sd)
    model = model.double()
    g = torch.Generator().manual_seed(1)
    io = {}

    def f32(t):
        return t.float().double()

    # smooth-ish patches: a Gaussian blob pattern plus noise for t_r, blobs for v_r
    tr = f32(torch.randn(B, 1, P, P, P, generator=g))
    vr = f32(Fn.avg_pool3d(torch.randn(B, 1, P, P, P, generator=g), 3, 1, 1) * 3)
    z = f32(torch.randn(B, K, generator=g))
    perm = torch.stack([torch.randperm(P ** 3, generator=g) for _ in range(B)])
    io.update(tr=tr, vr=vr, z=z, perm=perm.double())

    noise = model.gn(z)
    pn = torch.gather(noise.reshape(B, -1), 1, perm).reshape(noise.shape)
    tf = model.gs(vr + pn)
    vf = model.dn(tr)
    vhat = model.dn(tf)
    codes = model.enc(tr)
    that = model.gs(vf + model.gn(codes))
    rec_v, rec_t = rec(vr, vhat, REC_EPS), rec(tr, that, REC_EPS)
    adv_g = gen_adv(model.dt, tf) + gen_adv(model.dv, vf)
    l_kl = kl(codes, KL_EPS)
    total = LAM[0] * (rec_v + rec_t) + LAM[1] * adv_g + LAM[2] * l_kl
    gen_names = [n for n, _ in model.named_parameters() if n.split('.')[0] in ('dn', 'gs', 'enc', 'gn')]
    params = dict(model.named_parameters())
    grads = torch.autograd.grad(total, [params[n] for n in gen_names])
    for n, gr in zip(gen_names, grads):
        io['grad_g.' + n] = gr
    adv_d = disc_adv(model.dt, tr, tf.detach()) + disc_adv(model.dv, vr, vf.detach())
    d_names = [n for n, _ in model.named_parameters() if n.split('.')[0] in ('dt', 'dv')]
    grads = torch.autograd.grad(adv_d, [params[n] for n in d_names])
    for n, gr in zip(d_names, grads):
        io['grad_d.' + n] = gr
    for name, v in dict(rec_v=rec_v, rec_t=rec_t, adv_g=adv_g, kl=l_kl, total=total, adv_d=adv_d).items():
        io['loss.' + name] = v.reshape(1)
    io['codes'] = codes
    io['vf_corner'] = vf[:, :, :4, :4, :4]
    with torch.no_grad():
        io['dt_spatial'] = model.dt.spatial(tr)
        io['dt_spectral'] = model.dt.spectral_logits(tr)
        io['dt_profile'] = model.dt.profile(tr)

    # standalone reconstruction loss
    a = f32(torch.randn(2, 1, 6, 6, 6, generator=g))
    ah = f32(a * 0.7 + torch.randn(2, 1, 6, 6, 6, generator=g) * 0.5).requires_grad_()
    lv = rec(a, ah, REC_EPS)
    io.update(rec_a=a, rec_ahat=ah.detach(), rec_value=lv.reshape(1), rec_grad=torch.autograd.grad(lv, ah)[0])
    # standalone BCE against constant labels
    lg = f32(torch.randn(2, 1, 3, 3, 3, generator=g) * 3).requires_grad_()
    b1, b0 = bce(lg, 1.0), bce(lg, 0.0)
    io.update(bce_logits=lg.detach(), bce1_value=b1.reshape(1), bce0_value=b0.reshape(1),
              bce1_grad=torch.autograd.grad(b1, lg)[0], bce0_grad=torch.autograd.grad(b0, lg)[0])
    # standalone KL, full rank and rank deficient
    for tag, n in (('full', 7), ('deficient', 3)):
        c = f32(torch.randn(n, K, generator=g) * 0.8 + 0.3).requires_grad_()
        v = kl(c, KL_EPS)
        io.update({'kl_%s_codes' % tag: c.detach(), 'kl_%s_value' % tag: v.reshape(1),
                   'kl_%s_grad' % tag: torch.autograd.grad(v, c)[0]})
    # standalone soft voxel histogram of the optional histogram branch: log(mean exp(-(x - c)^2 / 2h^2) + 1e-4),
    # 12 centres over [-4, 4], h = their spacing; value and the gradient of sum(w * hist)
    hx = f32(torch.randn(2, 1, 5, 5, 5, generator=g) * 1.3 + 0.2).requires_grad_()
    centres = torch.linspace(-4, 4, 12, dtype=torch.float64)
    h = centres[1] - centres[0]
    hist = torch.log(torch.exp(-(hx.reshape(2, -1, 1) - centres) ** 2 / (2 * h * h)).mean(1) + 1e-4)
    hw = f32(torch.randn(2, 12, generator=g))
    io.update(hist_x=hx.detach(), hist_value=hist.detach(), hist_w=hw,
              hist_grad=torch.autograd.grad((hist * hw).sum(), hx)[0])
    write_safetensors(os.path.join(OUT, 'dual_io.safetensors'), io)
    print('wrote', OUT, 'total', total.item(), 'kl', l_kl.item(), 'adv_d', adv_d.item())


if __name__ == '__main__':
    main()
