#!/usr/bin/env python3
"""The digits benchmark in PyTorch eager mode: the reference SymbolicGd's layer stacks are measured against.

A 64-32-10 network (tanh, then logits) with softmax cross-entropy on the 8×8 digits (samples/data/digits.csv.gz,
pixels scaled by 1/16), SGD with learning rate 0.1, mini-batches of 32 shuffled each epoch, float64, CPU, one
thread: written the way a PyTorch user writes it (nn.Sequential, nn.CrossEntropyLoss, torch.optim.SGD).

Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 bench/pytorch/digits.py [--epochs 10]
Prints the time of every epoch (the training loop only: shuffling, batching, forward, backward, step) and the
training accuracy after the last one; bench/README.md reports the median epoch next to SymbolicGd's.
"""
import argparse
import gzip
import os
import statistics
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def load_digits():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "data", "digits.csv.gz")
    rows = [line.split(",") for line in gzip.open(path, "rt").read().splitlines() if line]
    x = torch.tensor([[float(v) / 16.0 for v in row[:64]] for row in rows])
    y = torch.tensor([int(row[64]) for row in rows])
    return x, y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    x, y = load_digits()
    torch.manual_seed(args.seed)
    model = torch.nn.Sequential(torch.nn.Linear(64, 32), torch.nn.Tanh(), torch.nn.Linear(32, 10))
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    n = x.shape[0]
    times = []
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(n)
        total = 0.0
        for begin in range(0, n, 32):
            index = order[begin:begin + 32]
            optimizer.zero_grad()
            loss = loss_fn(model(x[index]), y[index])
            loss.backward()
            optimizer.step()
            total += loss.item() * index.shape[0]
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        with torch.no_grad():
            accuracy = (model(x).argmax(dim=1) == y).double().mean().item()
        print(f"epoch {epoch:2d}: loss {total / n:.6f}, train accuracy {accuracy:.4f}, {elapsed * 1e3:.2f} ms")

    print(f"median epoch {statistics.median(times) * 1e3:.2f} ms, best {min(times) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
