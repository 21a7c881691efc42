#!/usr/bin/env python3
"""PyTorch's side of bench/second-order-side-by-side.sh: torch.autograd.functional.hessian and hvp per call, on the
losses of tools/reference/second_order.py (the SecondOrder test models), float64, CPU, one thread. Prints
`name value ns` per figure, the best of 20 runs of a loop of calls, as SecondOrderSpeed.cs does.
"""
import os
import sys
import time

import torch
from torch.autograd.functional import hessian, hvp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "reference"))
import second_order as models  # noqa: E402

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

CASES = [
    ("rosenbrock", models.rosenbrock, [-1.2, 1.0], []),
    ("logistic", models.logistic, [0.3, -0.2, 0.1], [1.5, -0.7, 2.0, 1.0]),
    ("branches", models.branches, [0.7, -0.3, 1.2], [0.9, -0.4]),
    ("functions", models.functions, [0.4, 1.3, -0.8, 0.5], []),
]


def best(call, calls):
    times = []
    for _ in range(20):
        start = time.perf_counter()
        for _ in range(calls):
            call()
        times.append((time.perf_counter() - start) / calls)
    return min(times) * 1e9


def main():
    for name, loss, parameters, sample in CASES:
        theta = torch.tensor(parameters)
        data = [torch.tensor(v) for v in sample]
        f = lambda t: loss(t, data)
        v = torch.tensor([1.0 - 0.5 * i for i in range(len(parameters))])
        print(f"{name}-hessian {best(lambda: hessian(f, theta), 50):.1f} ns", flush=True)
        print(f"{name}-hvp {best(lambda: hvp(f, theta, v), 100):.1f} ns", flush=True)


if __name__ == "__main__":
    main()
