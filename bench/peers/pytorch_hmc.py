#!/usr/bin/env python3
"""Batched HMC in PyTorch (CPU, float64): the throughput benchmark's workloads, timed on this machine.

Same workload as `leapfrog bench throughput`: unit metric, L = 10 leapfrog steps, fresh normal momenta every
iteration, full Metropolis-Hastings step; ICG-50 with step size 0.18 and German credit logistic regression
(standardised features with population sd, intercept, N(0, 1) prior) with step size 0.03. Gradients are
written out by hand (no autograd) and the data term is one matrix product over all chains, which is the
fastest way to do it in PyTorch. Writes rows to results/peers.csv (replacing earlier pytorch-cpu rows).

Usage: python3 bench/peers/pytorch_hmc.py [--chains 1,16,256,4096,16384] [--min-seconds 1]
"""
import argparse
import csv
import math
import os
import platform
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GERMAN = os.path.join(REPO, "samplers", "src", "main", "resources", "org", "leapfrog", "data", "blr", "german.csv")
RESULTS = os.path.join(HERE, "results", "peers.csv")
HEADER = ["peer", "workload", "chains", "iterations", "seconds", "grad_evals_per_s", "accept_rate", "device"]
PEER = "pytorch-cpu"


def icg50():
    var = torch.logspace(-2, 2, 50, dtype=torch.float64)
    prec = 1.0 / var

    def logp_grad(x):  # x: chains x 50
        return -0.5 * (x * x * prec).sum(1), -x * prec

    return logp_grad, 50, var.sqrt()


def german():
    with open(GERMAN) as f:
        rows = list(csv.reader(f))[1:]
    data = torch.tensor([[float(v) for v in r] for r in rows], dtype=torch.float64)
    x, y = data[:, :-1], data[:, -1]
    x = (x - x.mean(0)) / x.std(0, unbiased=False)
    x = torch.cat([x, torch.ones(x.shape[0], 1, dtype=torch.float64)], 1)  # intercept last
    xt = x.t().contiguous()

    def logp_grad(w):  # w: chains x 25
        z = w @ xt  # chains x N: one matrix product for all chains
        lp = (y * z - torch.nn.functional.softplus(z)).sum(1) - 0.5 * (w * w).sum(1)
        g = (y - torch.sigmoid(z)) @ x - w
        return lp, g

    return logp_grad, x.shape[1], torch.full((x.shape[1],), 0.1, dtype=torch.float64)


def hmc_iteration(logp_grad, q, lp, g, eps, steps):
    p = torch.randn_like(q)
    h0 = -lp + 0.5 * (p * p).sum(1)
    qn = q.clone()
    pn = p + 0.5 * eps * g
    for l in range(steps):
        qn += eps * pn
        lpn, gn = logp_grad(qn)
        pn += (eps if l < steps - 1 else 0.5 * eps) * gn
    h1 = -lpn + 0.5 * (pn * pn).sum(1)
    log_ratio = torch.nan_to_num(h0 - h1, nan=-math.inf)
    accept_prob = torch.exp(torch.clamp(log_ratio, max=0.0))
    accept = torch.rand_like(h0) < accept_prob
    a = accept[:, None]
    return torch.where(a, qn, q), torch.where(accept, lpn, lp), torch.where(a, gn, g), accept_prob.mean().item()


def time_workload(name, make, eps, chains, min_seconds, steps=10):
    logp_grad, dim, scale = make()
    q = torch.randn(chains, dim, dtype=torch.float64) * scale
    lp, g = logp_grad(q)
    for _ in range(2):  # warm-up
        q, lp, g, _ = hmc_iteration(logp_grad, q, lp, g, eps, steps)
    iterations, accept_sum, t0 = 0, 0.0, time.perf_counter()
    while True:
        q, lp, g, acc = hmc_iteration(logp_grad, q, lp, g, eps, steps)
        iterations += 1
        accept_sum += acc
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            break
    rate = chains * steps * iterations / elapsed
    return [PEER, name, chains, iterations, f"{elapsed:.6g}", f"{rate:.6g}", f"{accept_sum / iterations:.4f}",
            f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, {platform.processor() or platform.machine()}"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chains", default="1,16,256,4096,16384")
    ap.add_argument("--min-seconds", type=float, default=1.0)
    ap.add_argument("--workloads", default="icg50,german")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(20181203)
    workloads = {"icg50": (icg50, 0.18), "german": (german, 0.03)}
    rows = []
    for w in args.workloads.split(","):
        make, eps = workloads[w]
        for n in (int(c) for c in args.chains.split(",")):
            row = time_workload(w, make, eps, n, args.min_seconds)
            print(",".join(str(v) for v in row), flush=True)
            rows.append(row)
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    kept = []
    if os.path.exists(RESULTS):
        with open(RESULTS) as f:
            kept = [r for r in csv.reader(f)][1:]
        kept = [r for r in kept if r and r[0] != PEER]
    with open(RESULTS, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        out.writerows(kept + rows)
    print("wrote", RESULTS)


if __name__ == "__main__":
    main()
