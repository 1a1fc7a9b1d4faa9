#!/usr/bin/python3
"""PyTorch reference for DUAL's KL over a batch and a memory of earlier inputs (org.cryograd.dual.DualLosses.klWithMemory).

The memory holds encoder inputs; each step the current encoder encodes them again, with gradient, and the KL
KL(N(0,I) || N(mu, Sigma + eps I)) runs over the memory's codes and the batch's (memory first; mu and the unbiased
Sigma over all N rows). The encoder here is linear, codes = x W + b, so that the gradient with respect to W and b (through
every row) is checked as well as the value. Autograd in float64 from float32-rounded inputs and weights.
Cases (batch B = 2, inputs of size D = 6, K = 4, eps = 1e-3):
  - 'warm':  3 remembered inputs, N = 5 = K + 1 rows (the first full-rank case: trained);
  - 'short': 1 remembered input, N = 3 < K + 1 (the warm-up: the value is reported, nothing is trained);
  - 'full':  32 remembered inputs (8K), codes off N(0, I) (mean about 0.3), as early in training.
Output: dual/src/test/resources/fixtures/kl_memory.safetensors (kl_<case>_memory [M, D], kl_<case>_inputs [B, D],
kl_<case>_w [D, K], kl_<case>_b [K], kl_<case>_value [1], kl_<case>_grad_w [D, K], kl_<case>_grad_b [K]).
Run: /usr/bin/python3 dual/src/test/python/make_kl_memory_fixtures.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_dual_fixtures import OUT, kl, write_safetensors  # noqa: E402  the same closed form as the batch-only fixtures

K, B, D, EPS = 4, 2, 6, 1e-3


def rounded(t):
    return t.float().double()


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(11)
    io = {}
    for tag, m in (('warm', 3), ('short', 1), ('full', 32)):
        mem = rounded(torch.randn(m, D, generator=g, dtype=torch.float64))
        x = rounded(torch.randn(B, D, generator=g, dtype=torch.float64))
        w = rounded(torch.randn(D, K, generator=g, dtype=torch.float64) * 0.35).requires_grad_()
        b = rounded(torch.full((K,), 0.3, dtype=torch.float64)).requires_grad_()
        v = kl(torch.cat([mem, x]) @ w + b, EPS)
        gw, gb = torch.autograd.grad(v, (w, b))
        if m + B < K + 1:  # the warm-up: reported, not trained
            gw, gb = torch.zeros_like(gw), torch.zeros_like(gb)
        io.update({'kl_%s_memory' % tag: mem, 'kl_%s_inputs' % tag: x, 'kl_%s_w' % tag: w.detach(), 'kl_%s_b' % tag: b.detach(),
                   'kl_%s_value' % tag: v.detach().reshape(1), 'kl_%s_grad_w' % tag: gw, 'kl_%s_grad_b' % tag: gb})
        print(tag, 'rows', m + B, 'KL', v.item())
    write_safetensors(os.path.join(OUT, 'kl_memory.safetensors'), io)


if __name__ == '__main__':
    main()
