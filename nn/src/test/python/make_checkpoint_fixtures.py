#!/usr/bin/env python3
"""Reference safetensors files for org.cryograd.nn.io (SafeTensorsTorchTest).

Run from the repository root with Debian's python3-torch:

    /usr/bin/python3 nn/src/test/python/make_checkpoint_fixtures.py

The files are written with plain Python (struct + json), in exactly the layout cryograd writes:
8-byte little-endian header length N, then N bytes of JSON (json.dumps with separators (',', ':'),
ASCII-escaped), "__metadata__" first, one entry per tensor in insertion order
{"dtype","shape","data_offsets"} with contiguous offsets, the header padded with spaces to a multiple
of 8, then the raw little-endian data.

Outputs (nn/src/test/resources/io/):
  conv3d_groupnorm_model.safetensors  state dict of
      Sequential(Conv3d(1,4,3,padding=1), GroupNorm(2,4), LeakyReLU(0.2), Conv3d(4,1,1)),
      torch.manual_seed(0); the GroupNorm affine parameters are drawn too (not left at 1/0), so a
      loader that ignores them fails the forward check.
  conv3d_groupnorm_io.safetensors     x (1,1,6,6,6) and the torch output y = model(x).

If the Java tests have run, they leave nn/target/io-roundtrip/java_written.safetensors (the model
state written by cryograd); this script then reads it with its own reader and checks that it holds
the same names, shapes and values, and the same bytes, as the file written here.
"""
import json
import os
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
NN = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
OUT = os.path.join(NN, 'src', 'test', 'resources', 'io')
JAVA_WRITTEN = os.path.join(NN, 'target', 'io-roundtrip', 'java_written.safetensors')

DTYPES = {'F32': ('<f4', 4), 'F64': ('<f8', 8)}

MODEL_METADATA = {
    'format': 'pt',
    'producer': 'make_checkpoint_fixtures.py',
    'model': 'Sequential(Conv3d(1,4,3,padding=1),GroupNorm(2,4),LeakyReLU(0.2),Conv3d(4,1,1))',
    # exercises JSON string escaping: quote, backslash, tab, newline, non-ASCII (escaped as \\u00b5)
    'note': 'escapes: "q" \\ \t \n \u00b5m',
}


def encode(tensors, metadata=None):
    """Bytes of a safetensors file. tensors: list of (name, dtype, numpy array) in file order."""
    header = {}
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    chunks = []
    for name, dtype, arr in tensors:
        np_dtype, _ = DTYPES[dtype]
        data = np.ascontiguousarray(arr, dtype=np_dtype).tobytes()
        header[name] = {'dtype': dtype, 'shape': [int(d) for d in np.shape(arr)],
                        'data_offsets': [offset, offset + len(data)]}
        offset += len(data)
        chunks.append(data)
    h = json.dumps(header, separators=(',', ':')).encode('ascii')
    h += b' ' * ((8 - len(h) % 8) % 8)
    return struct.pack('<Q', len(h)) + h + b''.join(chunks)


def decode(blob):
    """(metadata dict, list of (name, dtype, numpy array)) from safetensors bytes (F32/F64 only)."""
    (n,) = struct.unpack('<Q', blob[:8])
    header = json.loads(blob[8:8 + n].decode('utf-8'))
    data = blob[8 + n:]
    meta = header.pop('__metadata__', {})
    out = []
    for name, e in header.items():
        np_dtype, _ = DTYPES[e['dtype']]
        b, end = e['data_offsets']
        arr = np.frombuffer(data[b:end], dtype=np_dtype).reshape(e['shape'])
        out.append((name, e['dtype'], arr))
    return meta, out


def write(path, blob):
    with open(path, 'wb') as f:
        f.write(blob)
    print('wrote %s (%d bytes)' % (os.path.relpath(path, os.path.dirname(NN)), len(blob)))


def build_model():
    import torch
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv3d(1, 4, 3, padding=1),
        torch.nn.GroupNorm(2, 4),
        torch.nn.LeakyReLU(0.2),
        torch.nn.Conv3d(4, 1, 1))
    with torch.no_grad():
        model[1].weight.uniform_(0.5, 1.5)
        model[1].bias.uniform_(-0.5, 0.5)
    return model


def main():
    import torch
    os.makedirs(OUT, exist_ok=True)
    model = build_model()
    state = [(k, 'F32', v.detach().numpy()) for k, v in model.state_dict().items()]
    model_blob = encode(state, MODEL_METADATA)
    write(os.path.join(OUT, 'conv3d_groupnorm_model.safetensors'), model_blob)

    g = torch.Generator().manual_seed(1)
    x = torch.randn(1, 1, 6, 6, 6, generator=g)
    with torch.no_grad():
        y = model(x)
    io_blob = encode([('x', 'F32', x.numpy()), ('y', 'F32', y.numpy())],
                     {'producer': 'make_checkpoint_fixtures.py', 'torch': torch.__version__})
    write(os.path.join(OUT, 'conv3d_groupnorm_io.safetensors'), io_blob)

    # self-check: our own decoder reads back what we wrote
    meta, back = decode(model_blob)
    assert meta == MODEL_METADATA
    for (n1, _, a1), (n2, _, a2) in zip(state, back):
        assert n1 == n2 and np.array_equal(a1, a2)

    if os.path.exists(JAVA_WRITTEN):
        with open(JAVA_WRITTEN, 'rb') as f:
            jblob = f.read()
        jmeta, jback = decode(jblob)
        assert jmeta == MODEL_METADATA, 'metadata differs: %r' % jmeta
        assert [n for n, _, _ in jback] == [n for n, _, _ in state], 'names differ'
        for (n, _, a), (_, _, b) in zip(state, jback):
            assert a.shape == b.shape and np.array_equal(a, b), 'tensor %s differs' % n
        assert jblob == model_blob, 'Java-written bytes differ from the Python-written file'
        print('read %s: same names, shapes, values and bytes' % os.path.relpath(JAVA_WRITTEN, os.path.dirname(NN)))
    else:
        print('no Java-written file at %s (run the nn tests first to check it)' % os.path.relpath(JAVA_WRITTEN, os.path.dirname(NN)))


if __name__ == '__main__':
    sys.exit(main())
