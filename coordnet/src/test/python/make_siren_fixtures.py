#!/usr/bin/env python3
"""Reference values for org.cryograd.coordnet.SirenTorchTest.

Run from the repository root with Debian's python3-torch:

    /usr/bin/python3 coordnet/src/test/python/make_siren_fixtures.py

Builds, in PyTorch, the SIREN of the authors' code (davevanveen/unsup_cryoet, modules.FCBlock with
nonlinearity 'sine' and outermost_linear=True): Sequential(Sequential(Linear(in,h), Sine(w0)),
L x Sequential(Linear(h,h), Sine(w0)), Sequential(Linear(h,1))), optionally after Gaussian Fourier
features [cos(2 pi x B^T), sin(2 pi x B^T)] with B ~ N(0, scale^2). Weights are drawn with the SIREN
initialisation (first layer U(+-1/fan_in), later layers U(+-sqrt(6/fan_in)/w0)), rounded to float32
so that Java loads exactly the values PyTorch uses, and the forward pass and the gradients of
L = sum(out * r) (r a fixed random weight) are computed in float64.

Output: coordnet/src/test/resources/fixtures/siren.safetensors, per case "<case>.":
  state.<name>  the state dict (names as cryograd's Siren: net.0.0.weight, ..., ff.b)   F32
  coords        [N, 3] in [0, 1]                                                       F32
  r             [N, 1] weights of the probed scalar                                    F32
  out           [N, 1] the network output                                              F64
  grad.<name>   dL/dparameter                                                           F64
  grad.coords   dL/dcoords                                                              F64
The metadata records each case's settings (hidden, hiddenLayers, w0, fourierCount, fourierScale).
The file is written with plain Python (struct + json) in the safetensors layout.
"""
import json
import math
import os
import struct

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, '..', 'resources', 'fixtures', 'siren.safetensors'))


class Sine(nn.Module):
    def __init__(self, w0):
        super().__init__()
        self.w0 = w0

    def forward(self, x):
        return torch.sin(self.w0 * x)


class FourierFeatures(nn.Module):
    def __init__(self, count, scale):
        super().__init__()
        self.register_buffer('b', torch.randn(count, 3) * scale)

    def forward(self, x):
        phase = 2 * math.pi * (x @ self.b.T)
        return torch.cat([torch.cos(phase), torch.sin(phase)], dim=-1)


class Siren(nn.Module):
    def __init__(self, hidden, layers, w0, fourier=None):
        super().__init__()
        if fourier is not None:
            self.ff = FourierFeatures(*fourier)
            fan = 2 * fourier[0]
        else:
            fan = 3
        blocks = [nn.Sequential(nn.Linear(fan, hidden), Sine(w0))]
        blocks += [nn.Sequential(nn.Linear(hidden, hidden), Sine(w0)) for _ in range(layers)]
        blocks += [nn.Sequential(nn.Linear(hidden, 1))]
        self.net = nn.Sequential(*blocks)
        with torch.no_grad():
            for i, blk in enumerate(self.net):
                w = blk[0].weight
                n = w.size(-1)
                bound = 1 / n if i == 0 else math.sqrt(6 / n) / w0
                w.uniform_(-bound, bound)

    def forward(self, x):
        if hasattr(self, 'ff'):
            x = self.ff(x)
        return self.net(x)


def case(name, hidden, layers, w0, n, fourier=None):
    model = Siren(hidden, layers, w0, fourier)
    with torch.no_grad():  # round every value to float32, then compute in float64
        for t in model.state_dict().values():
            t.copy_(t.float())
    coords = torch.rand(n, 3, dtype=torch.float32)
    r = torch.randn(n, 1, dtype=torch.float32)
    model64 = model.double()
    x = coords.double().requires_grad_(True)
    out = model64(x)
    loss = (out * r.double()).sum()
    loss.backward()
    tensors = []
    for k, v in model64.state_dict().items():
        tensors.append((f'{name}.state.{k}', 'F32', v.float().numpy()))
    tensors.append((f'{name}.coords', 'F32', coords.numpy()))
    tensors.append((f'{name}.r', 'F32', r.numpy()))
    tensors.append((f'{name}.out', 'F64', out.detach().numpy()))
    for k, p in model64.named_parameters():
        tensors.append((f'{name}.grad.{k}', 'F64', p.grad.numpy()))
    tensors.append((f'{name}.grad.coords', 'F64', x.grad.numpy()))
    meta = {f'{name}.hidden': hidden, f'{name}.hiddenLayers': layers, f'{name}.w0': w0,
            f'{name}.fourierCount': fourier[0] if fourier else 0,
            f'{name}.fourierScale': fourier[1] if fourier else 0}
    return tensors, meta


def encode(tensors, metadata):
    header = {'__metadata__': {str(k): str(v) for k, v in metadata.items()}}
    offset = 0
    chunks = []
    for name, dtype, arr in tensors:
        data = np.ascontiguousarray(arr, dtype='<f4' if dtype == 'F32' else '<f8').tobytes()
        header[name] = {'dtype': dtype, 'shape': [int(d) for d in np.shape(arr)], 'data_offsets': [offset, offset + len(data)]}
        offset += len(data)
        chunks.append(data)
    h = json.dumps(header, separators=(',', ':')).encode('ascii')
    h += b' ' * (-len(h) % 8)
    return struct.pack('<Q', len(h)) + h + b''.join(chunks)


def main():
    torch.manual_seed(2024)
    tensors, meta = [], {}
    for args in [('plain', 16, 2, 30.0, 40), ('fourier', 12, 1, 30.0, 24, (8, 4.0)), ('shallow', 8, 0, 5.0, 10)]:
        t, m = case(*args)
        tensors += t
        meta.update(m)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'wb') as f:
        f.write(encode(tensors, meta))
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes, {len(tensors)} tensors)')


if __name__ == '__main__':
    main()
