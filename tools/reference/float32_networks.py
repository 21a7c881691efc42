#!/usr/bin/python3
"""PyTorch float32 references for the float32 layer stacks (Precision.Single) of the runtime tests.

Writes tests/SymbolicGd.Runtime.Tests/Reference/float32-networks.json. Run from anywhere:

    /usr/bin/python3 tools/reference/float32_networks.py

Each case is a network of tests/SymbolicGd.Runtime.Tests/Layers/SingleNetworks.cs built from torch.nn.Linear layers in
float32 (torch.manual_seed per case), a batch of inputs, and PyTorch's summed loss and gradient of that batch:
CrossEntropyLoss(reduction='sum'), BCEWithLogitsLoss(reduction='sum') and 0.5 * ((y - t) ** 2).sum(). Parameters are
flattened in SymbolicGd's order (W1 row-major as nn.Linear.weight, b1, W2, b2, ...). Every number is a float32 value,
written as the shortest repr of its double (exact), so the test sets the network to PyTorch's very parameters.

Cases:
- classifier: 6-5-4, tanh, softmax cross-entropy, 5 samples;
- large_logits: one 3-4 layer whose weights are scaled so that the logits reach beyond +-100 (4 samples and their
  negations; softmax's exponentials would overflow without the shift by the maximum);
- swish: 4-6-3-2, a user-written activation z * sigmoid(z), then relu, squared error, 5 samples;
- binary: 3-4-2, sigmoid hidden layer, binary cross-entropy on the logits, 5 samples.

The tests read the JSON only; they never need Python.
"""
import json
import os

import torch

torch.set_num_threads(1)


def flat(layers):
    values = []
    for layer in layers:
        values += layer.weight.detach().reshape(-1).tolist()
        values += layer.bias.detach().reshape(-1).tolist()
    return values


def gradient(layers):
    values = []
    for layer in layers:
        values += layer.weight.grad.reshape(-1).tolist()
        values += layer.bias.grad.reshape(-1).tolist()
    return values


def run(name, seed, sizes, forward, loss_of, rows, labels=None, targets=None, scale=None, mirror=False):
    torch.manual_seed(seed)
    layers = [torch.nn.Linear(sizes[i], sizes[i + 1]).float() for i in range(len(sizes) - 1)]
    if scale is not None:
        with torch.no_grad():
            for layer in layers:
                layer.weight.mul_(scale)
                layer.bias.mul_(scale)
    x = torch.randn(rows, sizes[0], dtype=torch.float32)
    if mirror:
        x = torch.cat([x, -x])
    if labels is None and targets is None:
        raise ValueError(name)
    out = forward(layers, x)
    loss = loss_of(out)
    loss.backward()
    case = {
        "name": name,
        "sizes": sizes,
        "parameters": flat(layers),
        "inputs": x.reshape(-1).tolist(),
        "logits": out.detach().reshape(-1).tolist(),
        "loss": loss.item(),
        "gradient": gradient(layers),
    }
    if labels is not None:
        case["labels"] = labels
    if targets is not None:
        case["targets"] = targets.reshape(-1).tolist()
    return case


def main():
    cases = []

    labels = [0, 3, 1, 2, 3]
    cases.append(run(
        "classifier", 1, [6, 5, 4],
        lambda l, x: l[1](torch.tanh(l[0](x))),
        lambda z: torch.nn.functional.cross_entropy(z, torch.tensor(labels), reduction="sum"),
        rows=5, labels=labels))

    labels_large = [2, 0, 3, 1, 1, 3, 0, 2]
    cases.append(run(
        "large_logits", 2, [3, 4],
        lambda l, x: l[0](x),
        lambda z: torch.nn.functional.cross_entropy(z, torch.tensor(labels_large), reduction="sum"),
        rows=4, labels=labels_large, scale=140.0, mirror=True))

    torch.manual_seed(30)
    swish_targets = torch.randn(5, 2, dtype=torch.float32)
    cases.append(run(
        "swish", 3, [4, 6, 3, 2],
        lambda l, x: l[2](torch.relu(l[1](l[0](x) * torch.sigmoid(l[0](x))))),
        lambda y: 0.5 * ((y - swish_targets) ** 2).sum(),
        rows=5, targets=swish_targets))

    binary_targets = torch.tensor([[1, 0], [0, 0], [1, 1], [0, 1], [1, 0]], dtype=torch.float32)
    cases.append(run(
        "binary", 4, [3, 4, 2],
        lambda l, x: l[1](torch.sigmoid(l[0](x))),
        lambda z: torch.nn.functional.binary_cross_entropy_with_logits(z, binary_targets, reduction="sum"),
        rows=5, targets=binary_targets))

    large = max(cases[1]["logits"])
    small = min(cases[1]["logits"])
    assert large > 90 and small < -90, (large, small)

    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "tests", "SymbolicGd.Runtime.Tests", "Reference", "float32-networks.json")
    with open(path, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print(path, [(c["name"], c["loss"]) for c in cases], "logits from", small, "to", large)


if __name__ == "__main__":
    main()
