#!/usr/bin/env python3
"""Writes PyTorch reference gradients for org.leapfrog.runtime.tensor.PyTorchFixturesTest.

Run from the repository root with Debian's python3-torch:
    /usr/bin/python3 runtime/src/test/python/make_autodiff_fixtures.py

Each fixture is a JSON object of named arrays {"rows": r, "cols": c, "values": [...]}, values in the
library's feature-major order (element (row i, column j) at values[j * rows + i]), plus scalars.
Python's float repr round-trips, so the files hold PyTorch's float64 results exactly.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "leapfrog", "runtime", "tensor")


def arr(t):
    t = t.detach()
    if t.dim() == 0:
        t = t.reshape(1, 1)
    if t.dim() == 1:
        t = t.reshape(1, -1)
    return {"rows": t.shape[0], "cols": t.shape[1], "values": t.t().reshape(-1).tolist()}


def leaf(*shape, scale=1.0):
    return (scale * torch.randn(*shape)).requires_grad_(True)


def write(name, data):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump({k: arr(v) for k, v in data.items()}, f, indent=1)
        f.write("\n")


def mlp_fixture():
    """x -> tanh -> elu -> softplus -> scaled tanh; weighted-sum loss; gradients for x and all parameters."""
    torch.manual_seed(1)
    x = leaf(7, 3)
    w0, b0 = leaf(3, 5, scale=0.7), leaf(1, 5, scale=0.1)
    w1, b1 = leaf(5, 4, scale=0.7), leaf(1, 4, scale=0.1)
    w2, b2 = leaf(4, 2, scale=0.7), leaf(1, 2, scale=0.1)
    log_lambda = leaf(1, 2, scale=0.3)
    r = torch.randn(7, 2)
    h = torch.tanh(x @ w0 + b0)
    h = F.elu(h @ w1 + b1)
    h = F.softplus(h @ w2 + b2)
    out = torch.exp(log_lambda) * torch.tanh(h)
    loss = (out * r).sum()
    names = ["x", "w0", "b0", "w1", "b1", "w2", "b2", "logLambda"]
    leaves = [x, w0, b0, w1, b1, w2, b2, log_lambda]
    grads = torch.autograd.grad(loss, leaves)
    data = dict(zip(names, leaves))
    data["r"] = r
    data["out"] = out
    data["loss"] = loss
    data.update({"grad_" + n: g for n, g in zip(names, grads)})
    write("mlp.json", data)


def leapfrog_fixture():
    """Three leapfrog steps in the potential U(x) = softplus(tanh(x W1 + b1) W2 + b2) (one per chain).
    dU/dx is taken with create_graph, so the loss's gradients are second derivatives of the network."""
    torch.manual_seed(2)
    x0, p0 = leaf(6, 3), leaf(6, 3)
    w1, b1 = leaf(3, 8, scale=0.6), leaf(1, 8, scale=0.1)
    w2, b2 = leaf(8, 1, scale=0.6), leaf(1, 1, scale=0.1)
    eps = torch.tensor([[0.2]]).requires_grad_(True)

    def potential(x):
        return F.softplus(torch.tanh(x @ w1 + b1) @ w2 + b2)

    def grad_u(x):
        return torch.autograd.grad(potential(x).sum(), x, create_graph=True)[0]

    x, p = x0, p0
    for _ in range(3):
        p = p - 0.5 * eps * grad_u(x)
        x = x + eps * p
        p = p - 0.5 * eps * grad_u(x)
    loss = (x ** 2).sum(1).mean() + 0.5 * (p ** 2).sum(1).mean()
    names = ["x0", "p0", "w1", "b1", "w2", "b2", "eps"]
    leaves = [x0, p0, w1, b1, w2, b2, eps]
    grads = torch.autograd.grad(loss, leaves)
    data = dict(zip(names, leaves))
    data["xFinal"] = x
    data["pFinal"] = p
    data["loss"] = loss
    data.update({"grad_" + n: g for n, g in zip(names, grads)})
    write("leapfrog_mlp_potential.json", data)


def logistic_fixture():
    """Mean negative log-likelihood of logistic regression plus an L2 penalty; gradient and the
    Hessian-vector product (gradient of grad . v) in the weights."""
    torch.manual_seed(3)
    n, d = 40, 5
    xs = torch.randn(n, d)
    y = (torch.rand(n, 1) < 0.5).to(torch.float64)
    w, b = leaf(d, 1, scale=0.5), leaf(1, 1, scale=0.5)
    v = torch.randn(d, 1)
    z = xs @ w + b
    nll = -(y * F.logsigmoid(z) + (1 - y) * F.logsigmoid(-z)).mean()
    loss = nll + 0.5 * 0.1 * (w ** 2).sum()
    gw, gb = torch.autograd.grad(loss, [w, b], create_graph=True)
    hvp_w, hvp_b = torch.autograd.grad((gw * v).sum(), [w, b])
    write("logistic_regression.json", {"x": xs, "y": y, "w": w, "b": b, "v": v, "loss": loss,
                                       "grad_w": gw, "grad_b": gb, "hvp_w": hvp_w, "hvp_b": hvp_b})


if __name__ == "__main__":
    mlp_fixture()
    leapfrog_fixture()
    logistic_fixture()
