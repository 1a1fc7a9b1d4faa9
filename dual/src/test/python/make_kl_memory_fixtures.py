#!/usr/bin/python3
"""PyTorch reference for DUAL's KL with a code memory (org.cryograd.dual.GaussianKl.loss(codes, eps, memory)).

KL(N(0,I) || N(mu, Sigma + eps I)) with mu and the unbiased Sigma over memory rows (constants: detached) and the
current batch, and its gradient with respect to the batch only, by torch autograd in float64 from float32-rounded
codes. The scatter over all N rows is written as memory scatter + between-group scatter B (cbar - mu)(cbar - mu)^T +
within-batch scatter sum_i (c_i - cbar)(c_i - cbar)^T; the value is the plain KL of all rows (checked here against
the direct computation), and the gradient flows through mu (1/N per row) and the within-batch scatter only: the
memory scatter and the between-group term are detached (see GaussianKl.loss(codes, eps, memory) for why); the
stored gradient is that autograd gradient times N / B (the batch stands in for all N rows' gradients).
Cases (batch B = 2, K = 4, eps = 1e-3):
  - 'warm':  3 memory rows, N = 5 = K + 1 rows (the first full-rank case of the warm-up);
  - 'short': 1 memory row, N = 3 < K + 1 (rank deficient, as during the warm-up);
  - 'full':  32 memory rows (8K), codes off N(0, I) (mean 0.3, scale 0.8), as early in training.
Output: dual/src/test/resources/fixtures/kl_memory.safetensors (kl_<case>_memory [M, K], kl_<case>_codes [B, K],
kl_<case>_value [1], kl_<case>_grad [B, K]).
Run: /usr/bin/python3 dual/src/test/python/make_kl_memory_fixtures.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_dual_fixtures import OUT, kl, write_safetensors  # noqa: E402  the same closed form as the batch-only fixtures

K, B, EPS = 4, 2, 1e-3


def kl_with_memory(mem, c, eps):
    b, k = c.shape
    n = mem.shape[0] + b
    mu = torch.cat([mem.detach(), c]).mean(0)
    m0, cbar = mu.detach(), c.mean(0)
    scatter = ((mem - m0).T @ (mem - m0) + b * torch.outer(cbar.detach() - m0, cbar.detach() - m0)
               + (c - cbar).T @ (c - cbar))
    s = scatter / (n - 1) + eps * torch.eye(k, dtype=c.dtype)
    inv = torch.linalg.inv(s)
    return 0.5 * (torch.trace(inv) + mu @ inv @ mu - k + torch.linalg.slogdet(s)[1])


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(11)
    io = {}
    for tag, m in (('warm', 3), ('short', 1), ('full', 32)):
        mem = (torch.randn(m, K, generator=g, dtype=torch.float64) * 0.8 + 0.3).float().double()
        c = (torch.randn(B, K, generator=g, dtype=torch.float64) * 0.8 + 0.3).float().double().requires_grad_()
        v = kl_with_memory(mem, c, EPS)
        direct = kl(torch.cat([mem, c.detach()]), EPS)
        assert abs(v.item() - direct.item()) <= 1e-9 * abs(direct.item()), (tag, v.item(), direct.item())
        io.update({'kl_%s_memory' % tag: mem, 'kl_%s_codes' % tag: c.detach(), 'kl_%s_value' % tag: v.reshape(1),
                   'kl_%s_grad' % tag: torch.autograd.grad(v, c)[0] * ((m + B) / B)})
        print(tag, 'rows', m + B, 'KL', v.item())
    write_safetensors(os.path.join(OUT, 'kl_memory.safetensors'), io)


if __name__ == '__main__':
    main()
