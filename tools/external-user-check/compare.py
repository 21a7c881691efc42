# Independent check: the same losses in PyTorch (float64 autograd) at the same points.
import json, math, sys
import torch
torch.set_default_dtype(torch.float64)
F = torch.nn.functional

def tiny_mlp(p, s):
    a1, a2, a3, c1, c2, c3, v1, v2, v3, bias = p
    x, y, target = s
    h1 = torch.tanh(a1 * x + c1 * y + 0.1)
    h2 = torch.tanh(a2 * x + c2 * y - 0.2)
    h3 = torch.tanh(a3 * x + c3 * y)
    out = v1 * h1 + v2 * h2 + v3 * h3 + bias
    return 0.5 * (out - target) ** 2

def logistic(p, s):
    w1, w2, b = p
    x1, x2, label = s
    q = torch.sigmoid(w1 * x1 + w2 * x2 + b)
    return -(label * torch.log(q) + (1 - label) * torch.log(1 - q))

def robust(p, s):
    slope, intercept, delta = p
    x, y = s
    r = slope * x + intercept - y
    size = torch.abs(r)
    return 0.5 * r * r if size <= delta else delta * (size - 0.5 * delta)

def kitchen(p, s):
    P, Q, R = p
    (u,) = s
    S = torch.sin(P * u) * torch.cos(Q) + torch.atan2(P, Q + u)
    T = Q ** R + torch.sqrt(Q * Q + u * u) - torch.log10(Q + 2) + torch.pow(P + 3, 1.0 / 3.0)
    M = torch.maximum(P * u, R) - torch.minimum(Q, u * R) + torch.exp(-R * R)
    K = F.softplus(P - Q) + torch.sinh(R) * torch.cosh(P) + torch.asin(R / 2) + torch.acos(P / 2) + torch.atan(Q)
    Z = torch.log(S * S + T) if u > 0 else torch.relu(M - 1) + torch.tan(R)
    return Z * K + torch.clamp(M, 0.0, 5.0) + torch.log(Q) / torch.log(3.0 + R)

# Layer stacks: (inputs, [(units, activation)], loss), as Stacks.cs declares them; torch.nn.Linear's layout.
swish = lambda z: z * torch.sigmoid(z)
stacks = {
    "Classifier": (5, [(7, torch.tanh), (3, None)], "ce"),
    "NaiveClassifier": (4, [(6, torch.relu), (4, None)], "ce"),          # softmax + cross-entropy: CrossEntropyLoss on z
    "Tagger": (3, [(5, lambda z: F.leaky_relu(z, 0.1)), (2, None)], "bce"),  # sigmoid + BCE: BCEWithLogitsLoss on z
    "Regressor": (3, [(4, F.softplus), (4, torch.sigmoid), (2, None)], "se"),
    "SwishNet": (2, [(6, swish), (1, None)], "bce"),
}

def stack_loss(name, params, inputs, answers):
    n_in, layers, loss = stacks[name]
    a, offset, width = torch.tensor(inputs, dtype=torch.float64), 0, n_in
    for units, activation in layers:
        W = params[offset:offset + units * width].view(units, width); offset += units * width
        b = params[offset:offset + units]; offset += units
        a = F.linear(a, W, b)
        if activation is not None:
            a = activation(a)
        width = units
    if loss == "ce":
        return F.cross_entropy(a, torch.tensor(answers), reduction="sum")
    if loss == "bce":
        return F.binary_cross_entropy_with_logits(a, torch.tensor(answers, dtype=torch.float64), reduction="sum")
    return 0.5 * ((a - torch.tensor(answers, dtype=torch.float64)) ** 2).sum()

models = {"TinyMlp": tiny_mlp, "Logistic": logistic, "Robust": robust, "Kitchen": kitchen}
worst = 0.0
for rec in json.load(open(sys.argv[1])):
    if rec.get("kind") == "stack":
        params = torch.tensor(rec["parameters"], requires_grad=True)
        loss = stack_loss(rec["name"], params, rec["inputs"], rec["answers"])
        loss.backward()
        expected = [loss.item()] + params.grad.tolist()
    else:
        params = [torch.tensor(v, requires_grad=True) for v in rec["parameters"]]
        sample = [torch.tensor(v) for v in rec["sample"]]
        loss = models[rec["name"]](params, sample)
        loss.backward()
        expected = [loss.item()] + [p.grad.item() if p.grad is not None else 0.0 for p in params]
    actual = [rec["value"]] + rec["gradient"]
    if len(expected) != len(actual):
        print("MISMATCH", rec["name"], "gradient lengths", len(expected), len(actual))
        worst = float("inf")
    for e, a in zip(expected, actual):
        err = abs(e - a) / max(1.0, abs(e))
        worst = max(worst, err)
        if err > 1e-9:
            print("MISMATCH", rec["name"], e, a, err)
count = len(json.load(open(sys.argv[1])))
stack_count = sum(1 for r in json.load(open(sys.argv[1])) if r.get("kind") == "stack")
print(f"{count} points ({stack_count} of them layer stacks, single samples and batches of 4), worst error (relative, floor 1) {worst:.3g}")
sys.exit(1 if worst > 1e-9 else 0)
