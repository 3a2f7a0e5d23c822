#!/usr/bin/env python3
"""PyTorch CPU peer of `leapfrog bench hvae-mnist`: training steps of the convolutional VAE, timed.

The model is the one of Leapfrog's `Architecture.conv(64)` (Caterini et al. 2018 after Salimans et al. 2015):
encoder three 5x5 convolutions, stride 2, padding 2, channels 1 -> 16 -> 32 -> 32 (28 -> 14 -> 7 -> 4), softplus,
dense 512 -> 450 (softplus) -> 2 x 64 (mu, softplus for sigma); decoder dense 64 -> 450 -> 512 (softplus),
transposed 5x5 convolutions, stride 2, channels 32 -> 32 -> 16 -> 1 (4 -> 7 -> 14 -> 28; output padding 0, 1, 1),
softplus between, a per-pixel output bias, Bernoulli logits. One training step: a batch of binary images, one
reparameterised draw, loss -mean(log p(x|z) + log N(z; 0, I) - log q(z|x)), backward, Adamax (lr 1e-3).

`--model hvae-k10` times the Hamiltonian VAE instead (Caterini et al. 2018, eq. 12, as Leapfrog's
`HvaeObjective` with K = 10, free tempering, step sizes varied per step): z0 from the encoder, rho0 = gamma /
sqrt(beta0), ten steps of one leapfrog step on log p(x, z) (its z-gradient taken with create_graph, so the loss
differentiates through it) followed by the momentum scaling alpha_k, loss -mean(log p(x, z_K) - |rho_K|^2/2
- log q0(z0)); eps_k = 0.5 sigmoid(logit_k) per dimension, alpha_k = sigmoid(a_k), beta0 = prod alpha_k^2, starting
where the paper's MNIST code starts (eps 0.2, every alpha 0.9).

For each dtype and thread count it prints

    pytorch_conv_vae DTYPE threads T: E examples/s      (or pytorch_conv_hvae_k10 ...)

the best of five timed blocks (each at least MIN_SECONDS / 5) after warm-up. Run with OMP_WAIT_POLICY=PASSIVE.

    OMP_WAIT_POLICY=PASSIVE python3 bench/peers/pytorch_conv_vae.py --batch 100 --threads 1,2 --dtypes float64
    OMP_WAIT_POLICY=PASSIVE python3 bench/peers/pytorch_conv_vae.py --model hvae-k10 --threads 1,2
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvVae(nn.Module):
    def __init__(self, latent=64, hidden=450):
        super().__init__()
        self.latent = latent
        self.c1 = nn.Conv2d(1, 16, 5, 2, 2)
        self.c2 = nn.Conv2d(16, 32, 5, 2, 2)
        self.c3 = nn.Conv2d(32, 32, 5, 2, 2)
        self.e1 = nn.Linear(512, hidden)
        self.e2 = nn.Linear(hidden, 2 * latent)
        self.d1 = nn.Linear(latent, hidden)
        self.d2 = nn.Linear(hidden, 512)
        self.t1 = nn.ConvTranspose2d(32, 32, 5, 2, 2, output_padding=0)
        self.t2 = nn.ConvTranspose2d(32, 16, 5, 2, 2, output_padding=1)
        self.t3 = nn.ConvTranspose2d(16, 1, 5, 2, 2, output_padding=1, bias=False)
        self.out_bias = nn.Parameter(torch.zeros(784))

    def encode(self, x):
        n = x.shape[0]
        h = F.softplus(self.c1(x.view(n, 1, 28, 28)))
        h = F.softplus(self.c2(h))
        h = F.softplus(self.c3(h))
        h = F.softplus(self.e1(h.reshape(n, 512)))
        out = self.e2(h)
        return out[:, :self.latent], F.softplus(out[:, self.latent:])

    def log_joint(self, x, z):
        n = x.shape[0]
        g = F.softplus(self.d1(z))
        g = F.softplus(self.d2(g)).view(n, 32, 4, 4)
        g = F.softplus(self.t1(g))
        g = F.softplus(self.t2(g))
        logits = self.t3(g).reshape(n, 784) + self.out_bias
        log_lik = (x * logits - F.softplus(logits)).sum(1)
        return log_lik + (-0.5 * z * z - HALF_LOG_2PI).sum(1)

    def loss(self, x, eps):
        mu, sigma = self.encode(x)
        z = mu + sigma * eps
        log_q = (-0.5 * eps * eps - torch.log(sigma) - HALF_LOG_2PI).sum(1)
        return -(self.log_joint(x, z) - log_q).mean()


HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


class Hvae(nn.Module):
    """The conv VAE with the HVAE flow's parameters: K step-size logits per dimension and K alpha logits."""

    def __init__(self, steps=10, latent=64, alpha0=0.9, eps0=0.2, eps_max=0.5):
        super().__init__()
        self.vae = ConvVae(latent)
        self.steps = steps
        self.eps_max = eps_max
        self.eps_logits = nn.Parameter(torch.full((steps, latent), math.log(eps0 / (eps_max - eps0))))
        self.alpha_logits = nn.Parameter(torch.full((steps,), math.log(alpha0 / (1.0 - alpha0))))

    def grad_log_joint(self, x, z):
        lp = self.vae.log_joint(x, z)
        return lp, torch.autograd.grad(lp.sum(), z, create_graph=True)[0]

    def loss(self, x, noise):
        u, gamma = noise
        mu, sigma = self.vae.encode(x)
        z = mu + sigma * u
        log_q0 = (-0.5 * u * u - torch.log(sigma) - HALF_LOG_2PI).sum(1)
        beta0 = torch.exp(2.0 * F.logsigmoid(self.alpha_logits).sum())
        p = gamma / torch.sqrt(beta0)
        _, g = self.grad_log_joint(x, z)
        for k in range(self.steps):
            eps = self.eps_max * torch.sigmoid(self.eps_logits[k])
            p = p + 0.5 * eps * g
            z = z + eps * p
            lp, g = self.grad_log_joint(x, z)
            p = (p + 0.5 * eps * g) * torch.sigmoid(self.alpha_logits[k])
        elbo = lp - 0.5 * (p * p).sum(1) - log_q0 + 0.5 * z.shape[1]
        return -elbo.mean()


def time_config(model_name, dtype, threads, batch, min_seconds):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    hvae = model_name == "hvae-k10"
    model = (Hvae(10) if hvae else ConvVae()).to(dtype)
    opt = torch.optim.Adamax(model.parameters(), lr=1e-3)
    x = (torch.rand(batch, 784) < 0.13).to(dtype)

    def step():
        opt.zero_grad(set_to_none=True)
        eps = torch.randn(batch, 64, dtype=dtype)
        noise = (eps, torch.randn(batch, 64, dtype=dtype)) if hvae else eps
        model.loss(x, noise).backward()
        opt.step()

    for _ in range(3):
        step()
    best = 0.0
    for _ in range(5):
        reps = 0
        t0 = time.perf_counter()
        while True:
            step()
            reps += 1
            t = time.perf_counter() - t0
            if t >= min_seconds / 5:
                break
        best = max(best, reps * batch / t)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="vae", choices=["vae", "hvae-k10"])
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--dtypes", default="float64")
    ap.add_argument("--min-seconds", type=float, default=5.0)
    a = ap.parse_args()
    for name in a.dtypes.split(","):
        dtype = {"float64": torch.float64, "float32": torch.float32}[name]
        for t in (int(v) for v in a.threads.split(",")):
            eps = time_config(a.model, dtype, t, a.batch, a.min_seconds)
            tag = "pytorch_conv_vae" if a.model == "vae" else "pytorch_conv_hvae_k10"
            print(f"{tag} {name} threads {t}: {eps:.6g} examples/s", flush=True)


if __name__ == "__main__":
    main()
