#!/usr/bin/python3
"""PyTorch 1.13's GELU (approximate='tanh') and ELU (alpha=1), forward and derivative, for the activation kernel tests.

Writes tests/SymbolicGd.Runtime.Tests/Reference/activations.json. Run from anywhere: /usr/bin/python3 tools/reference/activations.py

For each activation and dtype (float64, float32): the points z, the values g(z) and the derivatives g'(z), each
derivative by autograd (the backward of g with an upstream gradient of 1). The points cross every branch: 0 and -0,
small and large negatives and positives, and values far enough out that tanh or exp saturate. Numbers are written as
their repr, so float32 values round-trip exactly. The tests read the JSON only; they never need Python.
"""
import json
import os

import torch

torch.set_num_threads(1)

POINTS = [-1000.0, -50.0, -20.0, -10.0, -5.0, -3.0, -1.5, -1.0, -0.5, -0.1, -1e-3, -0.0, 0.0, 1e-3, 0.1, 0.5, 1.0,
          1.5, 3.0, 5.0, 10.0, 20.0, 50.0, 1000.0]

ACTIVATIONS = {
    "Gelu": lambda z: torch.nn.functional.gelu(z, approximate="tanh"),
    "Elu": lambda z: torch.nn.functional.elu(z, alpha=1.0),
}

result = {"torch": torch.__version__}
for name, function in ACTIVATIONS.items():
    result[name] = {}
    for dtype_name, dtype in {"float64": torch.float64, "float32": torch.float32}.items():
        z = torch.tensor(POINTS, dtype=dtype, requires_grad=True)
        a = function(z)
        a.backward(torch.ones_like(a))
        result[name][dtype_name] = {
            "z": [float(v) for v in z.detach()],
            "a": [float(v) for v in a.detach()],
            "derivative": [float(v) for v in z.grad],
        }

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "SymbolicGd.Runtime.Tests", "Reference", "activations.json")
with open(path, "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
