#!/usr/bin/env python3
"""Reference trajectories for org.cryograd.nn.optim (OptimizerTorchTest, GradClipTest, LrScheduleTest).

Run from the repository root with Debian's python3-torch:

    /usr/bin/python3 nn/src/test/python/make_optim_fixtures.py

Problem: a tiny MLP in float64,
    loss(W1, b1, W2, b2) = mean((tanh(X @ W1 + b1) @ W2 + b2 - Y)^2) + 0.05 * sum(sin(3 * W1)),
X (8,3), Y (8,2), W1 (3,6), b1 (6), W2 (6,2), b2 (2); X, Y and the initial parameters are float32
values (so Java starts from exactly the same numbers). Each case runs 50 optimizer steps with
torch.optim (foreach=False, the single-tensor code path) and stores, flattened in parameter order
[W1, b1, W2, b2] (38 numbers):
    <case>.grads  (50, 38)  the gradient torch used at each step (before any clipping)
    <case>.traj   (50, 38)  the parameters after each step
    <case>.norms  (50,)     clip_grad_norm_'s returned total norm (clip cases only)
    <case>.lrs    (50,)     the learning rate used at each step (scheduled cases only)
and the case options as metadata strings "<case>.<option>".
Shared tensors: X, Y, init (38,).

LR schedules (50 values each, F64): torch.optim.lr_scheduler.StepLR, CosineAnnealingLR and LambdaLR
with CycleGAN's linear rule via get_last_lr() after k scheduler steps, and the coordinate-network log-linear decay evaluated with
an independent numpy closed form (the authors' lr_log_schedule: constant until
floor(fraction * total), then exp((1-p) log lr0 + p log(lr0 * factor)), p = (t - start) / (total - start)).

Output: nn/src/test/resources/optim/optim_cases.safetensors (written with the plain-Python
safetensors encoder of make_checkpoint_fixtures.py).
"""
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_checkpoint_fixtures import encode, NN  # noqa: E402

OUT = os.path.join(NN, 'src', 'test', 'resources', 'optim', 'optim_cases.safetensors')
STEPS = 50
SHAPES = [('W1', (3, 6)), ('b1', (6,)), ('W2', (6, 2)), ('b2', (2,))]

CASES = [
    ('sgd_plain', dict(opt='SGD', lr=0.1)),
    ('sgd_momentum', dict(opt='SGD', lr=0.05, momentum=0.9, dampening=0.1)),
    ('sgd_nesterov', dict(opt='SGD', lr=0.05, momentum=0.9, nesterov=True)),
    ('sgd_weight_decay', dict(opt='SGD', lr=0.1, momentum=0.5, weight_decay=0.01)),
    ('sgd_clip_norm', dict(opt='SGD', lr=0.05, momentum=0.9, clip_norm=0.3)),
    ('adam', dict(opt='Adam', lr=0.01)),
    ('adam_amsgrad', dict(opt='Adam', lr=0.02, beta1=0.8, beta2=0.99, amsgrad=True)),
    ('adam_weight_decay', dict(opt='Adam', lr=0.01, weight_decay=0.1, eps=1e-6)),
    ('adam_clip_value', dict(opt='Adam', lr=0.01, clip_value=0.05)),
    ('adamw', dict(opt='AdamW', lr=0.01, weight_decay=0.1)),
    ('adamw_amsgrad', dict(opt='AdamW', lr=0.02, beta1=0.8, beta2=0.99, weight_decay=0.05, amsgrad=True)),
    ('adamw_amsgrad_loglinear', dict(opt='AdamW', lr=0.02, weight_decay=0.0, amsgrad=True,
                                     schedule='loglinear')),
]


def loglinear(base, total, fraction, factor, t):
    """Independent closed form (the authors' lr_log_schedule with decay_end = total)."""
    start = int(math.floor(fraction * total))
    if t < start:
        return base
    if t >= total:
        return base * factor
    p = (t - start) / (total - start)
    return float(np.exp((1 - p) * np.log(base) + p * np.log(base * factor)))


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def problem():
    rng = np.random.default_rng(1234)
    X = f32(rng.standard_normal((8, 3)))
    Y = f32(rng.standard_normal((8, 2)))
    init = [f32(rng.standard_normal(s) * sc) for (_, s), sc in zip(SHAPES, [0.6, 0.2, 0.6, 0.2])]
    return X, Y, init


def loss_fn(params, X, Y):
    W1, b1, W2, b2 = params
    out = torch.tanh(X @ W1 + b1) @ W2 + b2
    return ((out - Y) ** 2).mean() + 0.05 * torch.sin(3 * W1).sum()


def make_optimizer(o, params):
    kw = {}
    if o['opt'] == 'SGD':
        return torch.optim.SGD(params, lr=o['lr'], momentum=o.get('momentum', 0.0),
                               dampening=o.get('dampening', 0.0), nesterov=o.get('nesterov', False),
                               weight_decay=o.get('weight_decay', 0.0), foreach=False)
    betas = (o.get('beta1', 0.9), o.get('beta2', 0.999))
    cls = torch.optim.Adam if o['opt'] == 'Adam' else torch.optim.AdamW
    default_wd = 0.0 if o['opt'] == 'Adam' else 0.01
    return cls(params, lr=o['lr'], betas=betas, eps=o.get('eps', 1e-8),
               weight_decay=o.get('weight_decay', default_wd), amsgrad=o.get('amsgrad', False), foreach=False, **kw)


def run_case(o, X, Y, init, dtype):
    Xt, Yt = torch.tensor(X, dtype=dtype), torch.tensor(Y, dtype=dtype)
    params = [torch.tensor(p, dtype=dtype, requires_grad=True) for p in init]
    opt = make_optimizer(o, params)
    grads, traj, norms, lrs = [], [], [], []
    for k in range(STEPS):
        if o.get('schedule') == 'loglinear':
            for g in opt.param_groups:
                g['lr'] = loglinear(o['lr'], STEPS, 0.5, 0.1, k)
        lrs.append(opt.param_groups[0]['lr'])
        opt.zero_grad(set_to_none=True)
        loss_fn(params, Xt, Yt).backward()
        grads.append(np.concatenate([p.grad.detach().numpy().ravel() for p in params]))
        if 'clip_norm' in o:
            norms.append(float(torch.nn.utils.clip_grad_norm_(params, o['clip_norm'])))
        if 'clip_value' in o:
            torch.nn.utils.clip_grad_value_(params, o['clip_value'])
        opt.step()
        traj.append(np.concatenate([p.detach().numpy().ravel() for p in params]))
    return np.array(grads), np.array(traj), np.array(norms), np.array(lrs), opt


def schedules():
    out = []
    p = torch.nn.Parameter(torch.zeros(1))
    specs = [
        ('sched.step', lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5), dict(base=0.1, step_size=7, gamma=0.5)),
        ('sched.cosine', lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=20, eta_min=0.001), dict(base=0.1, t_max=20, eta_min=0.001)),
        ('sched.cosine0', lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=50, eta_min=0.0), dict(base=0.1, t_max=50, eta_min=0.0)),
        # CycleGAN's linear policy (its get_scheduler lambda_rule, here per step): constant for total - decay steps
        ('sched.linear', lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda k: 1.0 - max(0, k + 1 - 30) / float(20 + 1)),
         dict(base=0.1, total=50, decay=20)),
        ('sched.linear_all', lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda k: 1.0 - max(0, k + 1 - 0) / float(50 + 1)),
         dict(base=0.002, total=50, decay=50)),
    ]
    meta = {}
    for name, make, opts in specs:
        opt = torch.optim.SGD([p], lr=opts['base'])
        sched = make(opt)
        vals = []
        for _ in range(STEPS):
            vals.append(sched.get_last_lr()[0])
            opt.step()
            sched.step()
        out.append((name, 'F64', np.array(vals)))
        for k, v in opts.items():
            meta['%s.%s' % (name, k)] = repr(v)
    for name, base, total, frac, fac in [('sched.loglinear', 1e-3, 50, 0.5, 0.1), ('sched.loglinear2', 0.02, 37, 0.3, 0.01)]:
        out.append((name, 'F64', np.array([loglinear(base, total, frac, fac, t) for t in range(STEPS)])))
        meta.update({name + '.base': repr(base), name + '.total': repr(total), name + '.fraction': repr(frac),
                     name + '.factor': repr(fac)})
    return out, meta


def main():
    X, Y, init = problem()
    tensors = [('X', 'F32', X), ('Y', 'F32', Y), ('init', 'F32', np.concatenate([p.ravel() for p in init]))]
    meta = {'producer': 'make_optim_fixtures.py', 'torch': torch.__version__, 'steps': str(STEPS)}
    worst32 = 0.0
    for name, o in CASES:
        grads, traj, norms, lrs, opt = run_case(o, X, Y, init, torch.float64)
        tensors += [(name + '.grads', 'F32', grads), (name + '.traj', 'F32', traj)]
        if len(norms):
            tensors.append((name + '.norms', 'F64', norms))
            assert norms.max() > o['clip_norm'], 'clip case must actually clip'
        if o.get('schedule'):
            tensors.append((name + '.lrs', 'F64', lrs))
        if 'clip_value' in o:
            assert np.abs(grads).max() > o['clip_value'], 'clip case must actually clip'
        if o.get('amsgrad'):
            # the max of the second moment must matter, else amsgrad is not tested
            st = opt.state[opt.param_groups[0]['params'][0]]
            assert not torch.equal(st['max_exp_avg_sq'], st['exp_avg_sq']), name
        for k, v in o.items():
            meta['%s.%s' % (name, k)] = v if isinstance(v, str) else repr(v)
        # how far float32 arithmetic drifts from float64 over 50 closed-loop steps (tolerance for Java)
        _, traj32, _, _, _ = run_case(o, X, Y, init, torch.float32)
        rel = np.abs(traj32 - traj).max() / np.abs(traj).max()
        worst32 = max(worst32, rel)
        print('%-26s final loss-param norm %.4f, torch f32 vs f64 drift %.2e' % (name, np.linalg.norm(traj[-1]), rel))
    print('worst torch float32 vs float64 drift over 50 steps: %.2e' % worst32)
    sched, smeta = schedules()
    tensors += sched
    meta.update(smeta)
    blob = encode(tensors, meta)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'wb') as f:
        f.write(blob)
    print('wrote %s (%d bytes)' % (os.path.relpath(OUT, os.path.dirname(NN)), len(blob)))


if __name__ == '__main__':
    sys.exit(main())
