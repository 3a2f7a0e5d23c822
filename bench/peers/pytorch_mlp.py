#!/usr/bin/env python3
"""PyTorch CPU peer of `leapfrog bench dense`: an MLP forward and backward pass, timed.

The workload: a batch x width input, `layers` dense layers width -> width (tanh between them, identity after the
last), loss mean(y^2), backward to every parameter (gradients set to None first, as zero_grad does). The same
shapes as the engine's MlpForwardBackward benchmark. For each dtype and thread count it prints one line

    pytorch_mlp DTYPE threads T: S ms/op

with the best of five timed batches (each at least MIN_SECONDS / 5 long) after warm-up. Run it with
OMP_WAIT_POLICY=PASSIVE: libgomp's default busy-waiting makes a 2-thread run slower on a shared machine.

    OMP_WAIT_POLICY=PASSIVE python3 bench/peers/pytorch_mlp.py --batch 4096 --width 100 --layers 3
"""
import argparse
import time

import torch


def mlp_step(x, layers):
    for layer in layers:
        for p in layer.parameters():
            p.grad = None
    h = x
    for i, layer in enumerate(layers):
        h = layer(h)
        if i < len(layers) - 1:
            h = torch.tanh(h)
    loss = (h * h).mean()
    loss.backward()
    return loss


def time_config(dtype, threads, batch, width, layers, min_seconds):
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(batch, width, dtype=dtype, generator=gen)
    net = [torch.nn.Linear(width, width).to(dtype) for _ in range(layers)]
    for _ in range(3):
        mlp_step(x, net)
    best = float("inf")
    for _ in range(5):
        reps = 0
        t0 = time.perf_counter()
        while True:
            mlp_step(x, net)
            reps += 1
            t = time.perf_counter() - t0
            if t >= min_seconds / 5:
                break
        best = min(best, t / reps)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--width", type=int, default=100)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    ap.add_argument("--dtypes", default="float64,float32")
    ap.add_argument("--min-seconds", type=float, default=2.0)
    a = ap.parse_args()
    torch.manual_seed(1)
    for name in a.dtypes.split(","):
        dtype = {"float64": torch.float64, "float32": torch.float32}[name]
        for threads in (int(t) for t in a.threads.split(",")):
            s = time_config(dtype, threads, a.batch, a.width, a.layers, a.min_seconds)
            print(f"pytorch_mlp {name} threads {threads}: {s * 1e3:.4f} ms/op", flush=True)


if __name__ == "__main__":
    main()
