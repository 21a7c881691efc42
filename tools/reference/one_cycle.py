#!/usr/bin/python3
"""Learning rates of torch.optim.lr_scheduler.OneCycleLR (PyTorch 1.13) for the StepSchedule.OneCycle tests.

Writes tests/SymbolicGd.Runtime.Tests/Reference/one-cycle.json. Run from anywhere: /usr/bin/python3 tools/reference/one_cycle.py
"""
import json
import os

import torch

runs = {}
for name, kwargs in {
    "total10_max1": dict(max_lr=1.0, total_steps=10),
    "total37_max0.3_pct0.25_div10_final100": dict(max_lr=0.3, total_steps=37, pct_start=0.25, div_factor=10.0, final_div_factor=100.0),
}.items():
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = torch.optim.SGD([p], lr=kwargs["max_lr"])
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, cycle_momentum=False, **kwargs)
    rates = []
    for step in range(kwargs["total_steps"]):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        if step < kwargs["total_steps"] - 1:
            scheduler.step()
    runs[name] = {"kwargs": kwargs, "learning_rates": rates}

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
path = os.path.join(root, "tests", "SymbolicGd.Runtime.Tests", "Reference", "one-cycle.json")
with open(path, "w") as f:
    json.dump({"note": "OneCycleLR learning rate per step, cycle_momentum=False, PyTorch " + torch.__version__, "runs": runs}, f, indent=1)
    f.write("\n")
print("wrote", path)
