#!/usr/bin/python3
"""PyTorch's values and gradients for the loop and array models of issue 15, stored for `dotnet test` to replay.

Writes tests/SymbolicGd.Generator.Tests/Reference/loop-models.json. Run from the repository root:

    /usr/bin/python3 tools/reference/loop_models.py

Each model below is the C# loss of tests/SymbolicGd.Generator.Tests/Loops/LoopModels.cs written again with torch
scalars (float64 autograd), loop for loop and operation for operation, so that the two can be read side by side.
The parameters are one flat vector in the generator's order (declaration order, row-major), cut into the model's
arrays by `unflatten`; the gradient is autograd's with respect to that vector, so its order is the order of
`ParameterNames` (w[0], w[1], …, W[0,0], W[0,1], …, b).

The points are drawn here (Python's random, seeded) and stored with the results. One record is special: logistic
regression at z = 40 and y = 0, where the user's loss overflows (p rounds to 1, so log(1 − p) = −inf) but the
gradient x·(σ(z) − y) is finite. Its reference comes from the same loop through torch's
binary_cross_entropy_with_logits, which is exact there; the record says so ("lossIsUsers": false) and the test then
compares only the gradient, and holds Backward's value to the user's own C# bit for bit instead.
"""
import json
import math
import os
import random

import torch

torch.set_default_dtype(torch.float64)
rng = random.Random(20261207)
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def uniform(lo, hi):
    return lo + (hi - lo) * rng.random()


def normal(sd):
    return rng.gauss(0.0, sd)


def unflatten(theta, shapes):
    """The flat parameter vector as the model's fields: () a scalar, (n,) a double[], (n, m) a double[,] (row-major)."""
    fields, at = [], 0
    for shape in shapes:
        size = math.prod(shape)
        part = theta[at:at + size]
        fields.append(part[0] if shape == () else part.view(*shape))
        at += size
    return fields


def names(fields):
    """ParameterNames as the generator must spell them: b, w[0], W[0,1]."""
    out = []
    for name, shape in fields:
        if shape == ():
            out.append(name)
        elif len(shape) == 1:
            out.extend(f"{name}[{i}]" for i in range(shape[0]))
        else:
            out.extend(f"{name}[{i},{j}]" for i in range(shape[0]) for j in range(shape[1]))
    return out


# ---- The models: each the C# loss of LoopModels.cs, statement for statement ---------------------------------------

def logistic_regression(theta, x, y, stable=False):
    # [Param] double[] w = new double[n]; [Param] double b;   Bce(double[] x, double y)
    w, b = unflatten(theta, [(len(x),), ()])
    z = b
    for i in range(len(x)):
        z = z + w[i] * x[i]
    if stable:
        # Only for the confident record: the same z, through the form that is exact where p rounds to 1.
        return torch.nn.functional.binary_cross_entropy_with_logits(z, torch.tensor(y))
    p = 1 / (1 + torch.exp(-z))
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p))


def softmax_regression(theta, x, label):
    # [Param] double[,] W = new double[3, 4]; [Param] double[] b = new double[3];   CrossEntropy(double[] x, int label)
    W, b = unflatten(theta, [(3, 4), (3,)])
    z = [None] * 3
    for k in range(3):
        z[k] = b[k]
        for j in range(len(x)):
            z[k] = z[k] + W[k, j] * x[j]
    m = torch.maximum(z[0], torch.maximum(z[1], z[2]))
    s = 0
    for k in range(3):
        s = s + torch.exp(z[k] - m)
    return m + torch.log(s) - z[label]


def horner(theta, t, y):
    # [Param] double[] c = new double[5];   E(double t, double y)
    (c,) = unflatten(theta, [(5,)])
    p = 0
    for i in range(5):
        p = p * t + c[i]
    return 0.5 * (p - y) * (p - y)


def two_layer_tanh(theta, x, y):
    # [Param] double[,] W1 = new double[4, 3]; double[] b1 = new double[4]; double[] W2 = new double[4]; double b2;
    W1, b1, W2, b2 = unflatten(theta, [(4, 3), (4,), (4,), ()])
    h = [None] * 4
    for j in range(4):
        a = b1[j]
        for i in range(3):
            a = a + W1[j, i] * x[i]
        h[j] = torch.tanh(a)
    o = b2
    for j in range(4):
        o = o + W2[j] * h[j]
    return 0.5 * (o - y) * (o - y)


def huber_in_loop(theta, x, y):
    # [Param] double[] w = new double[3];   H(double[] x, double[] y)
    (w,) = unflatten(theta, [(3,)])
    s = 0
    for i in range(3):
        r = w[i] * x[i] - y[i]
        if torch.abs(r) < 1:
            s = s + 0.5 * r * r
        else:
            s = s + torch.abs(r) - 0.5
    return s


def power_sum(theta, t, y):
    # [Param] double[] a = new double[4];   E(double t, double y), the counter used as a double: Math.Pow(t, i)
    (a,) = unflatten(theta, [(4,)])
    s = 0
    for i in range(4):
        s = s + a[i] * math.pow(t, float(i))
    return (s - y) * (s - y)


def foreach_mean(theta, x):
    # [Param] double m;   L(double[] x): foreach (double v in x) s += (v - m) * (v - m); return s / x.Length;
    (m,) = unflatten(theta, [()])
    s = 0
    for v in x:
        s = s + (v - m) * (v - m)
    return s / len(x)


# ---- The points ------------------------------------------------------------------------------------------------------

def record(loss_of, parameters, arguments, **options):
    theta = torch.tensor(parameters, requires_grad=True)
    loss = loss_of(theta, *arguments, **options)
    (gradient,) = torch.autograd.grad(loss, theta)
    value = loss.item()
    assert math.isfinite(value) and all(math.isfinite(g) for g in gradient.tolist()), (loss_of.__name__, arguments)
    return {"parameters": parameters, "arguments": arguments, "loss": value, "gradient": gradient.tolist()}


def logistic_records(n):
    out = []
    for _ in range(4):
        parameters = [normal(0.5) for _ in range(n)] + [normal(0.5)]
        x = [uniform(-2, 2) for _ in range(n)]
        out.append(record(logistic_regression, parameters, [x, float(rng.randrange(2))]))
    return out


def confident_logistic_record():
    # z = 0 + 10·2 + 5·3 + 2.5·2 = 40 exactly: p = σ(40) = 1 − 4.2e-18 rounds to 1, a confident wrong answer for y = 0.
    rec = record(logistic_regression, [10.0, 5.0, 2.5, 0.0], [[2.0, 3.0, 2.0], 0.0], stable=True)
    rec["lossIsUsers"] = False
    return rec


def softmax_records():
    out = []
    for label in (0, 1, 2, 1):
        parameters = [normal(0.7) for _ in range(12)] + [normal(0.3) for _ in range(3)]
        out.append(record(softmax_regression, parameters, [[uniform(-2, 2) for _ in range(4)], label]))
    return out


def horner_records():
    return [record(horner, [normal(1.0) for _ in range(5)], [uniform(-1.5, 1.5), uniform(-2, 2)]) for _ in range(4)]


def two_layer_records():
    return [record(two_layer_tanh, [normal(0.6) for _ in range(21)], [[uniform(-1, 1) for _ in range(3)], uniform(-1, 1)])
            for _ in range(4)]


def huber_records():
    # Each record puts the residuals r = w·x − y where they are asked for: inside (|r| < 1) and outside the kink, never
    # within 0.1 of it, so that central differences mean something.
    out = []
    for residuals in ([0.4, -2.3, 1.7], [-0.6, 0.2, -1.4], [3.0, -0.9, 0.5], [-0.3, 0.75, 0.45]):
        w = [normal(1.0) for _ in range(3)]
        x = [uniform(-2, 2) for _ in range(3)]
        y = [w[i] * x[i] - residuals[i] for i in range(3)]
        out.append(record(huber_in_loop, w, [x, y]))
    return out


def power_records():
    return [record(power_sum, [normal(1.0) for _ in range(4)], [t, uniform(-2, 2)]) for t in (0.7, -1.3, 2.1, -0.4)]


def foreach_records():
    return [record(foreach_mean, [normal(1.0)], [[uniform(-3, 3) for _ in range(n)]]) for n in (1, 3, 7, 16)]


models = {
    "LogisticRegression": ([("w", (3,)), ("b", ())], logistic_records(3) + [confident_logistic_record()]),
    "LogisticRegression64": ([("w", (64,)), ("b", ())], logistic_records(64)),
    "SoftmaxRegression": ([("W", (3, 4)), ("b", (3,))], softmax_records()),
    "Horner": ([("c", (5,))], horner_records()),
    "TwoLayerTanh": ([("W1", (4, 3)), ("b1", (4,)), ("W2", (4,)), ("b2", ())], two_layer_records()),
    "HuberInLoop": ([("w", (3,))], huber_records()),
    "PowerSum": ([("a", (4,))], power_records()),
    "ForeachMean": ([("m", ())], foreach_records()),
}

document = {
    "script": "tools/reference/loop_models.py",
    "torch": torch.__version__,
    "models": {
        name: {"parameterNames": names(fields), "records": [{"lossIsUsers": True, **r} for r in records]}
        for name, (fields, records) in models.items()
    },
}
for name, model in document["models"].items():
    assert all(len(r["gradient"]) == len(model["parameterNames"]) for r in model["records"]), name

path = os.path.join(root, "tests", "SymbolicGd.Generator.Tests", "Reference", "loop-models.json")
with open(path, "w") as f:
    json.dump(document, f, indent=1)
    f.write("\n")
print(f"wrote {path}: {sum(len(m['records']) for m in document['models'].values())} records of {len(models)} models")
