#!/usr/bin/env python3
"""Forward + backward per call in PyTorch eager mode, for the models of bench/SymbolicGd.Benchmarks.

float64, CPU, one thread; each model written the idiomatic PyTorch way (tensors, not one scalar per weight).
Run with Debian's PyTorch (apt-get install python3-torch):  /usr/bin/python3 bench/pytorch/compare.py
Prints, per model, the best and the median of 7 repeats of the time per call, and the gradient, to compare with
the generated Backward's.
"""
import statistics
import sys
import timeit

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def network():
    """The 2-2-2 sigmoid network of the hand derivations; biases b1 = 0.35, b2 = 0.60 are not trained."""
    w_hidden = torch.tensor([[0.15, 0.20], [0.25, 0.30]], requires_grad=True)
    w_out = torch.tensor([[0.40, 0.45], [0.50, 0.55]], requires_grad=True)
    i = torch.tensor([0.05, 0.10])
    t = torch.tensor([0.01, 0.99])

    def step():
        w_hidden.grad = None
        w_out.grad = None
        h = torch.sigmoid(w_hidden @ i + 0.35)
        o = torch.sigmoid(w_out @ h + 0.60)
        e = 0.5 * ((o - t) ** 2).sum()
        e.backward()
        return e

    def gradient():
        return torch.cat([w_hidden.grad.flatten(), w_out.grad.flatten()])

    return step, gradient


def regression():
    """Linear regression, 9 weights and a bias: 0.5·(w·x + b − y)²."""
    w = torch.tensor([0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8, 0.9], requires_grad=True)
    b = torch.tensor(0.05, requires_grad=True)
    x = torch.tensor([0.5, -1.0, 1.5, -2.0, 2.5, -3.0, 3.5, -4.0, 4.5])
    y = torch.tensor(1.0)

    def step():
        w.grad = None
        b.grad = None
        loss = 0.5 * (w @ x + b - y) ** 2
        loss.backward()
        return loss

    def gradient():
        return torch.cat([w.grad, b.grad.reshape(1)])

    return step, gradient


def rosenbrock():
    """Rosenbrock's function at (−1.2, 1)."""
    p = torch.tensor([-1.2, 1.0], requires_grad=True)

    def step():
        p.grad = None
        f = (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
        f.backward()
        return f

    return step, lambda: p.grad


def adam():
    """One torch.optim.Adam step on 10 parameters (the gradient already there)."""
    p = torch.zeros(10, requires_grad=True)
    p.grad = torch.arange(1, 11, dtype=torch.float64) * 0.01
    optimizer = torch.optim.Adam([p], lr=1e-3)
    optimizer.step()
    return optimizer.step, lambda: p.detach()


def measure(name, make, number):
    step, gradient = make()
    step()
    times = timeit.repeat(step, number=number, repeat=7)
    per_call = sorted(t / number * 1e6 for t in times)
    print(f"{name:<38} best {per_call[0]:8.2f} µs   median {statistics.median(per_call):8.2f} µs   per call")
    print(f"{'':<38} {', '.join(f'{g:.6g}' for g in gradient().tolist())}")


def main():
    print(f"PyTorch {torch.__version__}, Python {sys.version.split()[0]}, threads {torch.get_num_threads()}, float64")
    measure("2-2-2 sigmoid network: forward+backward", network, 2000)
    measure("Linear regression, 10 parameters", regression, 2000)
    measure("Rosenbrock", rosenbrock, 2000)
    measure("Adam step, 10 parameters", adam, 5000)


if __name__ == "__main__":
    main()
