#!/usr/bin/python3
"""Reference trajectories of torch.optim.LBFGS (PyTorch 1.13, float64) for the runtime's Lbfgs tests.

Writes tests/SymbolicGd.Runtime.Tests/Reference/lbfgs.json. Run from the repository root:

    /usr/bin/python3 tools/reference/lbfgs.py

Each run records, for every optimizer.step(closure) call, the loss step() returned, the parameters after the
call and the optimizer's func_evals and n_iter counters; and the parameters of every closure evaluation, in
order (the line search's trial points included). The tests replay the runs without Python.
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)


def rosenbrock(p):
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def run(name, loss_fn, start, steps, **kwargs):
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([p], **kwargs)
    evaluations = []

    def closure():
        opt.zero_grad()
        loss = loss_fn(p)
        loss.backward()
        evaluations.append(p.detach().tolist())
        return loss

    records = []
    for _ in range(steps):
        returned = float(opt.step(closure))
        state = opt.state[p]
        records.append({
            "returned_loss": returned,
            "parameters": p.detach().tolist(),
            "func_evals": int(state["func_evals"]),
            "n_iter": int(state["n_iter"]),
        })
    final = float(loss_fn(p))
    print(f"{name}: {steps} steps, {records[-1]['func_evals']} evaluations, final loss {final:.3e}, p = {p.detach().tolist()}")
    return {"kwargs": kwargs, "start": start, "steps": records, "evaluations": evaluations, "final_loss": final}


def curve_data():
    # y = A·exp(−k·t) + c with A = 2.5, k = 1.3, c = 0.4, plus deterministic noise; stored, so no RNG must agree.
    g = torch.Generator().manual_seed(8)
    t = torch.linspace(0.0, 4.0, 25)
    noise = 0.05 * torch.randn(25, generator=g)
    y = 2.5 * torch.exp(-1.3 * t) + 0.4 + noise
    return t, y


def main():
    runs = {}
    runs["rosenbrock_strong_wolfe"] = run(
        "rosenbrock_strong_wolfe", rosenbrock, [-1.2, 1.0], steps=4, line_search_fn="strong_wolfe")
    runs["rosenbrock_strong_wolfe_history3"] = run(
        "rosenbrock_strong_wolfe_history3", rosenbrock, [-1.2, 1.0], steps=3, line_search_fn="strong_wolfe",
        history_size=3, max_iter=10)
    runs["rosenbrock_fixed_step"] = run(
        "rosenbrock_fixed_step", rosenbrock, [-1.2, 1.0], steps=3, lr=0.05)
    # The branches the runs above do not take (found by mutation testing, docs/testing.md): a history of one pair
    # replaced every iteration without a line search; a run cut short by max_eval inside a line search; a
    # tolerance_change that ends a step; a run to the optimum, where tolerance_grad ends it; a start far up the
    # valley wall, where the line search brackets and zooms.
    runs["rosenbrock_fixed_step_history1"] = run(
        "rosenbrock_fixed_step_history1", rosenbrock, [-1.2, 1.0], steps=3, lr=0.02, history_size=1, max_iter=8)
    runs["rosenbrock_strong_wolfe_max_eval"] = run(
        "rosenbrock_strong_wolfe_max_eval", rosenbrock, [-1.2, 1.0], steps=3, line_search_fn="strong_wolfe",
        max_iter=50, max_eval=9)
    runs["rosenbrock_strong_wolfe_tolerance_change"] = run(
        "rosenbrock_strong_wolfe_tolerance_change", rosenbrock, [-1.2, 1.0], steps=3, line_search_fn="strong_wolfe",
        tolerance_change=1e-3)
    runs["rosenbrock_strong_wolfe_to_the_optimum"] = run(
        "rosenbrock_strong_wolfe_to_the_optimum", rosenbrock, [-1.2, 1.0], steps=5, line_search_fn="strong_wolfe",
        tolerance_grad=1e-5, history_size=4)
    runs["rosenbrock_strong_wolfe_far"] = run(
        "rosenbrock_strong_wolfe_far", rosenbrock, [3.0, -4.0], steps=1, line_search_fn="strong_wolfe", lr=2.0,
        history_size=2)

    t, y = curve_data()

    def curve_loss(p):
        a, k, c = p[0], p[1], p[2]
        r = a * torch.exp(-k * t) + c - y
        return (0.5 * r * r).mean()

    curve = run("curve_fit_strong_wolfe", curve_loss, [1.0, 0.5, 0.0], steps=3, line_search_fn="strong_wolfe")
    curve["t"] = t.tolist()
    curve["y"] = y.tolist()
    runs["curve_fit_strong_wolfe"] = curve

    out = {
        "note": "torch.optim.LBFGS, PyTorch " + torch.__version__ + ", float64; written by tools/reference/lbfgs.py",
        "rosenbrock": "f(x, y) = (1 - x)^2 + 100 (y - x^2)^2",
        "curve_fit": "mean over samples of 0.5 (A exp(-k t) + c - y)^2, parameters [A, k, c]",
        "runs": runs,
    }
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "tests", "SymbolicGd.Runtime.Tests", "Reference", "lbfgs.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
