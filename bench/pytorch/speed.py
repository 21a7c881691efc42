#!/usr/bin/env python3
"""PyTorch's side of bench/side-by-side.py: one figure per run, printed as `name value unit`, as SpeedRuns.cs does.

  digits-cold   the first 10 epochs of the digits training in this (fresh) process, data loading excluded
  digits-warm   the best epoch of a 40-epoch run
  mnist         the best epoch of 4 over 10,000 synthetic 784-value samples, 784-256-128-10 relu, batch 64
  mnist32       the same in float32 (model, data and optimizer in torch.float32)
  gemm          the products of both networks' training steps, as torch.matmul / torch.addmm calls

float64 unless the run says float32, CPU, threads as --threads (1 unless told). Run with Debian's PyTorch and OpenBLAS, OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE unset (side-by-side.py does that).
"""
import argparse
import gzip
import os
import time

import torch

torch.set_default_dtype(torch.float64)


def load_digits():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "data", "digits.csv.gz")
    rows = [line.split(",") for line in gzip.open(path, "rt").read().splitlines() if line]
    x = torch.tensor([[float(v) / 16.0 for v in row[:64]] for row in rows])
    y = torch.tensor([int(row[64]) for row in rows])
    return x, y


def train(model, x, y, lr, batch, epochs):
    """The loop a PyTorch user writes; returns each epoch's time in seconds."""
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    n = x.shape[0]
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(n)
        total = 0.0
        for begin in range(0, n, batch):
            index = order[begin:begin + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[index]), y[index])
            loss.backward()
            optimizer.step()
            total += loss.item() * index.shape[0]
        times.append(time.perf_counter() - start)
    return times


def digits_model():
    return torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.Tanh(), torch.nn.Linear(32, 10))


def gemm():
    shapes = []
    for network, rows, widths in (("784-256-128-10", 64, [784, 256, 128, 10]), ("64-32-10", 32, [64, 32, 10])):
        for layer in range(len(widths) - 1):
            i, o = widths[layer], widths[layer + 1]
            w, b, x, d = torch.rand(o, i), torch.rand(o), torch.rand(rows, i), torch.rand(rows, o)
            dw = torch.zeros(o, i)
            name = f"{network} layer {layer + 1}"
            shapes.append((f"{name} forward (m={rows}, n={o}, k={i})", rows * i * o, lambda w=w, b=b, x=x: torch.addmm(b, x, w.t())))
            if layer > 0:
                shapes.append((f"{name} backward (m={rows}, n={i}, k={o})", rows * i * o, lambda w=w, d=d: torch.mm(d, w)))
            shapes.append((f"{name} gradient (m={o}, n={i}, k={rows})", rows * i * o, lambda dw=dw, d=d, x=x: dw.addmm_(d.t(), x)))
    for name, fmas, product in shapes:
        for _ in range(20):
            product()
        start = time.perf_counter()
        product()
        calls = max(1, int(0.0003 / max(time.perf_counter() - start, 1e-9)))
        best = float("inf")
        for _ in range(300):
            start = time.perf_counter()
            for _ in range(calls):
                product()
            best = min(best, (time.perf_counter() - start) / calls)
        print(f"gemm {2 * fmas / best / 1e9:.2f} GFLOP/s {best * 1e6:.2f} us {name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["digits-cold", "digits-warm", "mnist", "mnist32", "gemm"])
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    if args.what == "gemm":
        gemm()
    elif args.what == "digits-cold":
        x, y = load_digits()
        start = time.perf_counter()
        train(digits_model(), x, y, 0.1, 32, 10)
        print(f"digits-cold-epochs {(time.perf_counter() - start) * 1e3:.3f} ms")
    elif args.what == "digits-warm":
        x, y = load_digits()
        print(f"digits-warm-epoch {min(train(digits_model(), x, y, 0.1, 32, 40)) * 1e3:.3f} ms")
    else:
        if args.what == "mnist32":
            torch.set_default_dtype(torch.float32)
        generator = torch.Generator().manual_seed(3)
        x = torch.rand(10_000, 784, generator=generator)
        y = torch.randint(0, 10, (10_000,), generator=generator)
        model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                                    torch.nn.Linear(128, 10))
        print(f"{args.what}-epoch {min(train(model, x, y, 0.01, 64, 4)) * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
