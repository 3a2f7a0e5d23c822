#!/usr/bin/env python3
"""Writes PyTorch references for org.leapfrog.runtime.tensor.ConvFixturesTest (conv2d, conv_transpose2d).

Run from the repository root with Debian's python3-torch:
    /usr/bin/python3 runtime/src/test/python/make_conv_fixtures.py

For each case: the geometry, the input x, weight w, bias b, loss weights r, the output y = conv(x) and the
gradients of sum(y * r) with respect to x, w and b, all float64 and converted to the library's layouts:
images (n, C, H, W) as the feature-major n x (C*H*W) tensor (values in (C, H, W, n) order); conv2d's weight
(C', C, K, K) as the (C*K*K) x C' tensor (same memory order); conv_transpose2d's weight (C, C', K, K) as the
C x (C'*K*K) tensor (values in (C'*K*K, C) order). Python's float repr round-trips, so values are exact.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "leapfrog", "runtime", "tensor")


def images(t):
    """(n, C, H, W) -> values of the n x (C*H*W) feature-major tensor."""
    return t.detach().permute(1, 2, 3, 0).reshape(-1).tolist()


def conv_weight(t):
    return t.detach().reshape(-1).tolist()


def transposed_weight(t):
    c = t.shape[0]
    return t.detach().reshape(c, -1).t().reshape(-1).tolist()


def case(kind, n, c, h, w, c_out, k, stride, pad, output_padding=0):
    x = torch.randn(n, c, h, w, requires_grad=True)
    if kind == "conv2d":
        wt = (0.5 * torch.randn(c_out, c, k, k)).requires_grad_(True)
    else:
        wt = (0.5 * torch.randn(c, c_out, k, k)).requires_grad_(True)
    b = torch.randn(c_out, requires_grad=True)
    if kind == "conv2d":
        y = F.conv2d(x, wt, b, stride=stride, padding=pad)
    else:
        y = F.conv_transpose2d(x, wt, b, stride=stride, padding=pad, output_padding=output_padding)
    r = torch.randn(*y.shape)
    (y * r).sum().backward()
    wf = conv_weight if kind == "conv2d" else transposed_weight
    return {
        "kind": kind, "n": n, "c": c, "h": h, "w": w, "c_out": c_out, "k": k, "stride": stride, "pad": pad,
        "output_padding": output_padding, "oh": y.shape[2], "ow": y.shape[3],
        "x": images(x), "weight": wf(wt), "bias": b.detach().tolist(), "r": images(r), "y": images(y),
        "dx": images(x.grad), "dweight": wf(wt.grad), "dbias": b.grad.tolist(),
    }


def main():
    torch.manual_seed(20261205)
    cases = [
        case("conv2d", 3, 2, 7, 6, 3, 3, 2, 1),
        case("conv2d", 2, 1, 28, 28, 4, 5, 2, 2),
        case("conv2d", 2, 3, 5, 5, 2, 3, 1, 0),
        case("conv2d", 4, 2, 7, 7, 3, 5, 2, 2),
        case("conv_transpose2d", 3, 2, 4, 3, 3, 5, 2, 2, 1),
        case("conv_transpose2d", 2, 3, 4, 4, 2, 5, 2, 2, 0),
        case("conv_transpose2d", 2, 2, 3, 3, 2, 3, 1, 1, 0),
        case("conv_transpose2d", 2, 4, 7, 7, 2, 5, 2, 2, 1),
    ]
    with open(os.path.join(OUT, "conv.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
