#!/usr/bin/python3
"""torch.optim.lr_scheduler.OneCycleLR (PyTorch 1.13) with its default cycle_momentum=True, for the StepSchedule.OneCycle tests.

Writes tests/SymbolicGd.Runtime.Tests/Reference/one-cycle.json. Run from anywhere: /usr/bin/python3 tools/reference/one_cycle.py

- "runs": the learning rate and the momentum of every step (read before the step, as the optimizer uses them) on an
  SGD with momentum, for a few sets of OneCycleLR arguments; StepSchedule.LearningRateAt and MomentumAt must give them.
- "trajectories": float64 Rosenbrock from (-1.2, 1), gradient by autograd, one optimizer.step() and one
  scheduler.step() per step, with Adam and AdamW (OneCycleLR cycles beta1) and SGD with momentum and with Nesterov
  momentum (it cycles momentum); the point after every step. Trainer.Fit with StepSchedule.OneCycle must follow them.

The tests read the JSON only; they never need Python.
"""
import json
import os

import torch

torch.set_num_threads(1)

runs = {}
for name, kwargs in {
    "total10_max1": dict(max_lr=1.0, total_steps=10),
    "total37_max0.3_pct0.25_div10_final100": dict(max_lr=0.3, total_steps=37, pct_start=0.25, div_factor=10.0, final_div_factor=100.0),
    "total23_max0.2_momentum0.6_0.99": dict(max_lr=0.2, total_steps=23, base_momentum=0.6, max_momentum=0.99),
}.items():
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = torch.optim.SGD([p], lr=kwargs["max_lr"], momentum=0.9)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, **kwargs)
    rates, momenta = [], []
    for step in range(kwargs["total_steps"]):
        rates.append(optimizer.param_groups[0]["lr"])
        momenta.append(optimizer.param_groups[0]["momentum"])
        optimizer.step()
        if step < kwargs["total_steps"] - 1:
            scheduler.step()
    runs[name] = {"kwargs": kwargs, "learning_rates": rates, "momenta": momenta}


def rosenbrock(p):
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


trajectories = {}
for name, (kind, optimizer_kwargs, max_lr, total) in {
    "adam": ("Adam", dict(), 0.05, 40),
    "adamw": ("AdamW", dict(weight_decay=0.1), 0.05, 40),
    "sgd_momentum": ("SGD", dict(momentum=0.9), 1e-3, 40),
    "sgd_nesterov": ("SGD", dict(momentum=0.9, nesterov=True), 1e-3, 40),
}.items():
    p = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True)
    optimizer = getattr(torch.optim, kind)([p], lr=max_lr, **optimizer_kwargs)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=max_lr, total_steps=total)
    points, momenta = [], []
    for step in range(total):
        group = optimizer.param_groups[0]
        momenta.append(group["betas"][0] if "betas" in group else group["momentum"])
        optimizer.zero_grad()
        rosenbrock(p).backward()
        optimizer.step()
        points.append(p.detach().tolist())
        if step < total - 1:
            scheduler.step()
    trajectories[name] = {
        "optimizer": kind,
        "optimizer_kwargs": optimizer_kwargs,
        "max_lr": max_lr,
        "total_steps": total,
        "momenta": momenta,
        "points": points,
    }

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
path = os.path.join(root, "tests", "SymbolicGd.Runtime.Tests", "Reference", "one-cycle.json")
with open(path, "w") as f:
    json.dump({
        "note": "OneCycleLR learning rate and momentum per step (cycle_momentum=True), and float64 Rosenbrock trajectories "
                "under it, PyTorch " + torch.__version__,
        "runs": runs,
        "trajectories": trajectories,
    }, f, indent=1)
    f.write("\n")
print("wrote", path)
