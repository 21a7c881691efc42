#!/usr/bin/python3
"""PyTorch's residuals and Jacobians ∂r/∂θ for the [Residual] models of the generator tests, stored for `dotnet test`.

Writes tests/SymbolicGd.Generator.Tests/Reference/residual-jacobians.json. Run from the repository root:

    /usr/bin/python3 tools/reference/residual_jacobians.py

Each function below is the [Residual] method of the model of the same name in
tests/SymbolicGd.Generator.Tests/Models/ResidualModels.cs, written again in torch (float64); the Jacobian row is
torch.autograd.functional.jacobian of r with respect to the parameter vector. The points are drawn here (Python's
random, seeded) and stored with the results; the Hinge's are drawn on both sides of the knot and of x = 2, so every
branch is taken. ResidualJacobianTests compiles the models with the generator and compares ResidualGradient with
each row.
"""
import json
import math
import os
import random

import torch
from torch.autograd.functional import jacobian

torch.set_default_dtype(torch.float64)
rng = random.Random(20261207)


def uniform(lo, hi):
    return lo + (hi - lo) * rng.random()


def decay(p, t, y):
    A, k, c = p[0], p[1], p[2]
    return A * torch.exp(-k * t) + c - y


def hinge(p, x, y):
    left, right, knot, level = p[0], p[1], p[2], p[3]
    d = x - knot
    if d < 0:
        f = left * d
    else:
        f = right * d + 0.25 * d * d
    return (2 * f if x > 2 else f) + level - y


def hill(p, s, v):
    vmax, K, n = p[0], p[1], p[2]
    power = torch.pow(torch.tensor(s), n)
    return vmax * power / (torch.pow(K, n) + power) - v


def named_residual(p, x, y):
    a, b = p[0], p[1]
    return torch.log(1 + torch.exp(a * x + b)) - y


models = {
    # name: (function, parameters drawn, a sample drawn)
    "Decay": (decay, lambda: [uniform(0.5, 3), uniform(0.05, 1), uniform(-1, 1)], lambda p: [uniform(0, 10), uniform(-1, 3)]),
    "Hinge": (hinge, lambda: [uniform(-2, 2), uniform(-2, 2), uniform(0, 1), uniform(-1, 1)], None),
    "Hill": (hill, lambda: [uniform(0.5, 3), uniform(0.5, 3), uniform(0.5, 4)], lambda p: [uniform(0.1, 5), uniform(0, 2)]),
    "NamedResidual": (named_residual, lambda: [uniform(-2, 2), uniform(-2, 2)], lambda p: [uniform(-3, 3), uniform(0, 2)]),
}

records = []
for name, (function, draw_parameters, draw_sample) in models.items():
    for i in range(6):
        parameters = draw_parameters()
        if name == "Hinge":
            # Two points left of the knot, two between the knot and 2, two beyond 2.
            x = [parameters[2] - uniform(0.1, 2), parameters[2] + uniform(0.1, 2 - parameters[2] - 0.05), uniform(2.1, 4)][i // 2]
            sample = [x, uniform(-2, 2)]
        else:
            sample = draw_sample(parameters)
        theta = torch.tensor(parameters)
        residual = function(theta, *sample)
        row = jacobian(lambda q: function(q, *sample), theta)
        records.append({
            "model": name,
            "parameters": parameters,
            "sample": sample,
            "residual": residual.item(),
            "jacobian": row.tolist(),
        })

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
path = os.path.join(root, "tests", "SymbolicGd.Generator.Tests", "Reference", "residual-jacobians.json")
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, "records": records}, f, indent=1)
    f.write("\n")
print(f"{len(records)} records written to {path}")
