#!/usr/bin/python3
"""PyTorch's values and gradients for the models of tools/external-user-check, stored for `dotnet test` to replay.

Writes tests/SymbolicGd.Generator.Tests/Reference/external-user.json. Run from the repository root:

    /usr/bin/python3 tools/reference/external_user.py

The models are rebuilt with torch (float64 autograd) by tools/external-user-check/compare.py, imported here, so the
script that checks a packed build by hand and the data the tests replay cannot drift apart. The points are drawn
here (Python's random, seeded) and stored with the results: 5 points of each scalar model; for each layer stack,
5 parameter vectors, each with one sample and a batch of 4 samples. The test
(tests/SymbolicGd.Generator.Tests/Stacks/PyTorchReplayTests.cs) compiles the same models with the generator and
compares every value and gradient component.
"""
import json
import os
import random
import types

import torch

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# compare.py is a script that compares a file at its end; take the model definitions before that part.
compare_path = os.path.join(root, "tools", "external-user-check", "compare.py")
compare = types.ModuleType("compare")
exec(compile(open(compare_path).read().split("models = {")[0], compare_path, "exec"), compare.__dict__)

torch.set_default_dtype(torch.float64)
rng = random.Random(20261206)


def uniform(lo, hi):
    return lo + (hi - lo) * rng.random()


# The parameters' initial values in Models.cs; each point moves every one by U(-0.5, 0.5), as Program.cs does.
scalar_models = {
    "TinyMlp": ([0.1, -0.2, 0.3, 0.05, -0.1, 0.2, 0.4, -0.3, 0.25, 0.0], lambda: [uniform(-2, 2), uniform(-2, 2), uniform(-1, 1)], compare.tiny_mlp),
    "Logistic": ([0.3, -0.7, 0.1], lambda: [uniform(-2, 2), uniform(-2, 2), float(rng.randrange(2))], compare.logistic),
    "Robust": ([1.5, -0.5, 1.0], lambda: [uniform(-3, 3), uniform(-3, 3)], compare.robust),
    "Kitchen": ([0.7, 1.3, 0.4], lambda: [uniform(-1.5, 1.5)], compare.kitchen),
}

records = []
for name, (start, draw, loss_of) in scalar_models.items():
    for _ in range(5):
        parameters = [v + uniform(-0.5, 0.5) for v in start]
        sample = draw()
        params = [torch.tensor(v, requires_grad=True) for v in parameters]
        loss = loss_of(params, [torch.tensor(v) for v in sample])
        loss.backward()
        gradient = [p.grad.item() if p.grad is not None else 0.0 for p in params]
        records.append({"name": name, "parameters": parameters, "sample": sample, "value": loss.item(), "gradient": gradient})

answers = {
    "Classifier": lambda: rng.randrange(3),
    "NaiveClassifier": lambda: rng.randrange(4),
    "Tagger": lambda: [float(rng.randrange(2)) for _ in range(2)],
    "Regressor": lambda: [uniform(-1, 1) for _ in range(2)],
    "SwishNet": lambda: [float(rng.randrange(2))],
}
for name, (inputs, layers, _) in compare.stacks.items():
    count, width = 0, inputs
    for units, _ in layers:
        count += units * width + units
        width = units
    scale = 2.0 if name != "SwishNet" else 3.0
    for _ in range(5):
        parameters = [uniform(-0.6, 0.6) for _ in range(count)]
        for size in (1, 4):
            xs = [[uniform(-scale, scale) for _ in range(inputs)] for _ in range(size)]
            ys = [answers[name]() for _ in range(size)]
            params = torch.tensor(parameters, requires_grad=True)
            loss = compare.stack_loss(name, params, xs, ys)
            loss.backward()
            records.append({
                "name": name, "kind": "stack", "parameters": parameters, "inputs": xs, "answers": ys,
                "value": loss.item(), "gradient": params.grad.tolist(),
            })

out = {
    "note": "torch " + torch.__version__ + " float64 autograd on the models of tools/external-user-check; written by tools/reference/external_user.py",
    "records": records,
}
path = os.path.join(root, "tests", "SymbolicGd.Generator.Tests", "Reference", "external-user.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {path}: {len(records)} records ({sum(1 for r in records if r.get('kind') == 'stack')} of layer stacks)")
