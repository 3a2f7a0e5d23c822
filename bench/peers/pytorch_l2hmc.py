#!/usr/bin/env python3
"""PyTorch CPU peer of `leapfrog bench l2hmc`: the same L2HMC sampler, timed.

Same architecture as Leapfrog's (networks X and V: [a, b, tau] (2D+2) -> H relu -> H relu -> 3D, S and Q through
exp(log-scale) * tanh, T linear; M augmented leapfrog steps, one pass serving both directions per chain; the
loss l = scale / delta - delta / scale with delta = |x - x'|^2 A + 1e-4), on ICG-50 (variances log-spaced 1e-2 to
1e2), H = 100, M = 10. Modes:
  train:  iterations/s of a full training iteration (loss, backward through all steps with create_graph for the
          target's gradient, Adam step) at batch B;
  sample: chain-steps/s of the transition with the MH decision (no graph) at N chains.
Prints one line per configuration:

    pytorch_l2hmc MODE DTYPE threads T chains N: R per s

Run with OMP_WAIT_POLICY=PASSIVE.
"""
import argparse
import math
import time

import torch


def make_net(d, h, dtype):
    return torch.nn.ModuleList([torch.nn.Linear(2 * d + 2, h), torch.nn.Linear(h, h), torch.nn.Linear(h, 3 * d)]).to(dtype)


class L2hmc(torch.nn.Module):
    def __init__(self, d, h, m, dtype, gen):
        super().__init__()
        self.d, self.m = d, m
        self.xnet, self.vnet = make_net(d, h, dtype), make_net(d, h, dtype)
        for net in (self.xnet, self.vnet):
            with torch.no_grad():
                net[2].weight.mul_(1e-3)
        self.xls = torch.nn.Parameter(torch.zeros(d, dtype=dtype))
        self.xlq = torch.nn.Parameter(torch.zeros(d, dtype=dtype))
        self.vls = torch.nn.Parameter(torch.zeros(d, dtype=dtype))
        self.vlq = torch.nn.Parameter(torch.zeros(d, dtype=dtype))
        self.log_eps = torch.nn.Parameter(torch.tensor(math.log(0.1), dtype=dtype))
        masks = torch.zeros(m, d, dtype=dtype)
        for t in range(m):
            masks[t, torch.randperm(d, generator=gen)[: d // 2]] = 1
        self.register_buffer("masks", masks)
        tt = torch.arange(m, dtype=dtype) * 2 * math.pi / m
        self.register_buffer("tau", torch.stack([torch.cos(tt), torch.sin(tt)], 1))
        self.var = torch.logspace(-2, 2, d, dtype=dtype)

    def energy(self, x):
        return (x * x / (2 * self.var)).sum(1)

    def grad_u(self, x, create_graph):
        if not x.requires_grad:
            x = x.requires_grad_(True)
        u = self.energy(x)
        return u, torch.autograd.grad(u.sum(), x, create_graph=create_graph)[0]

    def heads(self, net, ls, lq, inp):
        h = torch.relu(net[0](inp))
        h = torch.relu(net[1](h))
        raw = net[2](h)
        d = self.d
        return torch.tanh(raw[:, :d]) * ls.exp(), raw[:, d:2 * d], torch.tanh(raw[:, 2 * d:]) * lq.exp()

    def propose(self, x, v, fw, create_graph):
        n, d, m = x.shape[0], self.d, self.m
        eps = self.log_eps.exp()
        bk = 1 - fw
        dr = fw - bk
        ld = torch.zeros(n, 1, dtype=x.dtype)
        u, gu = self.grad_u(x, create_graph)
        for k in range(m):
            tb = m - 1 - k
            tau = fw * self.tau[k] + bk * self.tau[tb]
            keep = fw * self.masks[k] + bk * (1 - self.masks[tb])
            s, t, q = self.heads(self.vnet, self.vls, self.vlq, torch.cat([x, gu, tau], 1))
            a = s * (eps / 2)
            c = (gu * torch.exp(q * eps) + t) * (eps / 2)
            v = (v + c * bk) * torch.exp(a * dr) - c * fw
            ld = ld + (a * dr).sum(1, keepdim=True)
            for half in range(2):
                kp = keep if half == 0 else 1 - keep
                s, t, q = self.heads(self.xnet, self.xls, self.xlq, torch.cat([kp * x, v, tau], 1))
                sx = s * eps
                cx = (v * torch.exp(q * eps) + t) * eps
                moved = (x - cx * bk) * torch.exp(sx * dr) + cx * fw
                x = kp * x + (1 - kp) * moved
                ld = ld + ((1 - kp) * sx * dr).sum(1, keepdim=True)
            u, gu = self.grad_u(x, create_graph)
            s, t, q = self.heads(self.vnet, self.vls, self.vlq, torch.cat([x, gu, tau], 1))
            a = s * (eps / 2)
            c = (gu * torch.exp(q * eps) + t) * (eps / 2)
            v = (v + c * bk) * torch.exp(a * dr) - c * fw
            ld = ld + (a * dr).sum(1, keepdim=True)
        return x, v, ld.squeeze(1), u


def train_rate(dtype, threads, batch, iterations):
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(1)
    model = L2hmc(50, 100, 10, dtype, gen)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(batch, 50, dtype=dtype, generator=gen)

    def one(x):
        v = torch.randn(batch, 50, dtype=dtype, generator=gen)
        fw = (torch.rand(batch, 1, dtype=dtype, generator=gen) < 0.5).to(dtype)
        u0 = model.energy(x)
        xp, vp, ld, u1 = model.propose(x.detach().requires_grad_(True), v, fw, True)
        log_a = (u0 + 0.5 * (v * v).sum(1)) - (u1 + 0.5 * (vp * vp).sum(1)) + ld
        acc = torch.exp(torch.clamp(log_a, max=0.0))
        delta = ((x - xp) ** 2).sum(1) * acc + 1e-4
        loss = (0.1 / delta - delta / 0.1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        keep = (torch.rand(batch, dtype=dtype, generator=gen) < acc).to(dtype).unsqueeze(1)
        return (keep * xp + (1 - keep) * x).detach()

    for _ in range(2):
        x = one(x)
    t0 = time.perf_counter()
    for _ in range(iterations):
        x = one(x)
    return iterations / (time.perf_counter() - t0)


def sample_rate(dtype, threads, chains, steps):
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(2)
    model = L2hmc(50, 100, 10, dtype, gen)
    x = torch.randn(chains, 50, dtype=dtype, generator=gen)

    def one(x):
        v = torch.randn(chains, 50, dtype=dtype, generator=gen)
        fw = (torch.rand(chains, 1, dtype=dtype, generator=gen) < 0.5).to(dtype)
        u0 = model.energy(x)
        with torch.enable_grad():
            xp, vp, ld, u1 = model.propose(x, v, fw, False)
        with torch.no_grad():
            log_a = (u0 + 0.5 * (v * v).sum(1)) - (u1 + 0.5 * (vp * vp).sum(1)) + ld
            keep = (torch.log(torch.rand(chains, dtype=dtype, generator=gen)) < log_a).to(dtype).unsqueeze(1)
            return (keep * xp + (1 - keep) * x).detach()

    with torch.no_grad():
        for p in model.parameters():
            p.requires_grad_(False)
    x = one(x)
    t0 = time.perf_counter()
    for _ in range(steps):
        x = one(x)
    return chains * steps / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["train", "sample"], required=True)
    ap.add_argument("--dtypes", default="float64,float32")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--chains", default="200")
    ap.add_argument("--iterations", type=int, default=10)
    args = ap.parse_args()
    for dt in args.dtypes.split(","):
        dtype = getattr(torch, dt)
        for th in [int(t) for t in args.threads.split(",")]:
            for n in [int(c) for c in args.chains.split(",")]:
                if args.mode == "train":
                    r = train_rate(dtype, th, n, args.iterations)
                else:
                    r = sample_rate(dtype, th, n, args.iterations)
                print(f"pytorch_l2hmc {args.mode} {dt} threads {th} chains {n}: {r:.6g} per s", flush=True)


if __name__ == "__main__":
    main()
