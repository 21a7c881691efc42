#!/usr/bin/python3
"""Hessians and Hessian-vector products of the SecondOrder test models, from PyTorch (float64).

The losses are those of tests/SymbolicGd.Generator.Tests/Models/SecondOrderModels.cs, written again with torch
operations; torch.autograd.functional.hessian and .hvp differentiate them. The results go to
tests/SymbolicGd.Generator.Tests/Reference/second-order.json, which SecondOrder/PyTorchReferenceTests replays
without Python. Run with the PyTorch of /usr/bin/python3:

    /usr/bin/python3 tools/reference/second_order.py
"""
import json
import os

import torch
from torch.autograd.functional import hessian, hvp

torch.set_default_dtype(torch.float64)


def branches(theta, sample):
    a, b, c = theta[0], theta[1], theta[2]
    x, y = sample
    z = a * x + b * torch.sin(c * x)
    r = z - y
    damp = torch.sqrt(1 + c * c) * a
    if r > 0:
        return torch.log(1 + r * r) + damp
    return r * r * torch.exp(b) + damp


def functions(theta, sample):
    p, q, r, s = theta[0], theta[1], theta[2], theta[3]
    return (torch.tanh(p * q) + torch.pow(q, 1.5 + s) * torch.cos(r) + torch.atan2(r, s + 2) + p / (1 + s * s)
            + torch.exp(-p * r) + torch.maximum(p, s) * q + torch.log(q * q + r * r))


def logistic(theta, sample):
    w1, w2, w3 = theta[0], theta[1], theta[2]
    x1, x2, x3, y = sample
    p = torch.sigmoid(w1 * x1 + w2 * x2 + w3 * x3)
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p))


def kinks(theta, sample):
    a, b = theta[0], theta[1]
    (x,) = sample
    return torch.relu(a * x + b) ** 2 + torch.abs(a - b) * a + torch.log1p(torch.exp(a * b * x))


def rosenbrock(theta, sample):
    a, b = theta[0], theta[1]
    return (1 - a) ** 2 + 100 * (b - a ** 2) ** 2


CASES = [
    ("SecondOrderBranches", branches, [0.7, -0.3, 1.2], [0.9, -0.4], [0.5, -1.5, 2.0]),    # r > 0
    ("SecondOrderBranches", branches, [0.7, -0.3, 1.2], [0.9, 1.7], [-0.25, 1.0, 0.75]),   # r < 0
    ("SecondOrderBranches", branches, [-1.1, 0.8, 0.4], [-2.3, 0.2], [1.0, 1.0, -1.0]),
    ("SecondOrderFunctions", functions, [0.4, 1.3, -0.8, 0.5], [], [1.0, -2.0, 0.5, 0.25]),  # p < s
    ("SecondOrderFunctions", functions, [0.9, 0.7, 1.4, -0.3], [], [-0.5, 0.3, 1.5, 2.0]),   # p > s
    ("SecondOrderLogistic", logistic, [0.3, -0.2, 0.1], [1.5, -0.7, 2.0, 1.0], [1.0, 2.0, -3.0]),
    ("SecondOrderLogistic", logistic, [-1.2, 0.9, 0.4], [0.3, 2.2, -1.1, 0.0], [0.5, -0.5, 0.25]),
    ("SecondOrderKinks", kinks, [0.8, -0.4], [1.3], [1.0, -2.0]),    # relu active, a > b
    ("SecondOrderKinks", kinks, [0.2, 0.9], [-1.7], [0.3, 0.7]),     # relu inactive, a < b
    ("RosenbrockSecond", rosenbrock, [-1.2, 1.0], [], [1.0, 1.0]),
    ("RosenbrockSecond", rosenbrock, [0.3, -0.7], [], [-2.0, 0.5]),
]


def main():
    out = []
    for model, loss, parameters, sample, vector in CASES:
        theta = torch.tensor(parameters)
        f = lambda t: loss(t, [torch.tensor(v) for v in sample])
        t = theta.clone().requires_grad_(True)
        value = f(t)
        (gradient,) = torch.autograd.grad(value, t)
        h = hessian(f, theta)
        _, product = hvp(f, theta, torch.tensor(vector))
        out.append({
            "model": model,
            "parameters": parameters,
            "sample": sample,
            "vector": vector,
            "loss": value.item(),
            "gradient": gradient.tolist(),
            "hessian": h.tolist(),
            "hvp": product.tolist(),
        })

    path = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "SymbolicGd.Generator.Tests", "Reference", "second-order.json")
    with open(path, "w") as stream:
        json.dump({"torch": torch.__version__, "cases": out}, stream, indent=1)
        stream.write("\n")
    print(f"{len(out)} cases -> {os.path.normpath(path)}")


if __name__ == "__main__":
    main()
