#!/usr/bin/python3
"""Reference trajectories of the first-order torch.optim optimizers (PyTorch 1.13, float64) on the Rosenbrock function.

Writes tests/SymbolicGd.Runtime.Tests/Reference/optimizers-rosenbrock.json. Run from anywhere:

    /usr/bin/python3 tools/reference/optimizers.py

Every run starts at (-1.2, 1), takes the gradient of f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 by autograd and calls
optimizer.step(); arguments not named in a run's kwargs are at PyTorch's defaults (so RMSprop runs are centered=False,
SGD runs dampening=0). Two kinds of run:

- "runs": 1000 steps, the point after steps 1, 2, 10, 100 and 1000 and the loss after 1000 (PyTorchReferenceTests'
  Reproduces_the_pytorch_trajectory);
- "step_by_step": 100 steps and the point after every one of them, for the options whose update has more than one
  term (SGD weight decay with and without momentum and Nesterov, RMSprop momentum), so that a wrong term shows at the
  step it first matters (PyTorchReferenceTests' Replays_the_pytorch_trajectory_step_for_step).

The tests read the JSON only; they never need Python.
"""
import json
import os

import torch

START = [-1.2, 1.0]
CHECKPOINTS = [1, 2, 10, 100, 1000]
STEP_BY_STEP_STEPS = 100

RUNS = {
    "sgd_lr1e-3": ("SGD", dict(lr=1e-3)),
    "momentum_lr1e-3_m0.9": ("SGD", dict(lr=1e-3, momentum=0.9)),
    "nesterov_lr1e-3_m0.9": ("SGD", dict(lr=1e-3, momentum=0.9, nesterov=True)),
    "adagrad_lr0.1": ("Adagrad", dict(lr=0.1)),
    "rmsprop_lr1e-3": ("RMSprop", dict(lr=1e-3)),
    "adam_lr1e-2": ("Adam", dict(lr=1e-2)),
    "adamw_lr1e-2_wd0.1": ("AdamW", dict(lr=1e-2, weight_decay=0.1)),
}

STEP_BY_STEP = {
    "sgd_lr1e-3_wd0.1": ("SGD", dict(lr=1e-3, weight_decay=0.1)),
    "momentum_lr1e-3_m0.9_wd0.1": ("SGD", dict(lr=1e-3, momentum=0.9, weight_decay=0.1)),
    "nesterov_lr1e-3_m0.9_wd0.1": ("SGD", dict(lr=1e-3, momentum=0.9, nesterov=True, weight_decay=0.1)),
    "rmsprop_lr1e-3_m0.9": ("RMSprop", dict(lr=1e-3, momentum=0.9)),
    "rmsprop_lr1e-2_m0.5_alpha0.9_eps1e-6": ("RMSprop", dict(lr=1e-2, momentum=0.5, alpha=0.9, eps=1e-6)),
}


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def trajectory(optimizer, kwargs, steps):
    """Yields (step, point after that step) for steps 1..steps, and leaves the final point in p."""
    p = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, optimizer)([p], **kwargs)
    for step in range(1, steps + 1):
        opt.zero_grad()
        rosenbrock(p).backward()
        opt.step()
        yield step, p.detach().tolist(), p


def checkpoint_run(optimizer, kwargs):
    after = {}
    for step, point, p in trajectory(optimizer, kwargs, CHECKPOINTS[-1]):
        if step in CHECKPOINTS:
            after[str(step)] = point
    return {
        "optimizer": "torch.optim." + optimizer,
        "kwargs": kwargs,
        "after": after,
        "loss_after_1000": float(rosenbrock(p.detach())),
    }


def step_by_step_run(optimizer, kwargs):
    points = [point for _, point, _ in trajectory(optimizer, kwargs, STEP_BY_STEP_STEPS)]
    return {"optimizer": "torch.optim." + optimizer, "kwargs": kwargs, "steps": len(points), "points": points}


def main():
    out = {
        "function": "f(x, y) = (1 - x)^2 + 100 (y - x^2)^2",
        "start": START,
        "dtype": "float64",
        "note": "PyTorch 1.13 torch.optim, all other arguments at their defaults; 'after' maps step count to [x, y] after that many steps.",
        "runs": {name: checkpoint_run(optimizer, kwargs) for name, (optimizer, kwargs) in RUNS.items()},
        "step_by_step_note": "PyTorch " + torch.__version__ + " torch.optim, all other arguments at their defaults (RMSprop centered=False, "
        "SGD dampening=0); 'points'[k] is [x, y] after k + 1 steps; written by tools/reference/optimizers.py.",
        "step_by_step": {name: step_by_step_run(optimizer, kwargs) for name, (optimizer, kwargs) in STEP_BY_STEP.items()},
    }
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "tests", "SymbolicGd.Runtime.Tests", "Reference", "optimizers-rosenbrock.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path)
    for name, run in out["step_by_step"].items():
        x, y = run["points"][-1]
        print(f"{name}: after {run['steps']} steps ({x:.6f}, {y:.6f})")


if __name__ == "__main__":
    main()
