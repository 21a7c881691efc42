#!/usr/bin/python3
"""Reference runs of PyTorch 1.13's strong-Wolfe line search (torch.optim.lbfgs._strong_wolfe, float64) for the
runtime's LbfgsLineSearchTests.

Writes tests/SymbolicGd.Runtime.Tests/Reference/line-search.json. Run from the repository root:

    /usr/bin/python3 tools/reference/line_search.py

Each case searches along d from x, on one of the small functions below, from a first trial step t0; it records every
point the search evaluates, in order, and what the search returns (loss, gradient, step, evaluations). The functions
are written out by hand (no autograd), in the same operation order as the C# test, so the points agree to the last
bits or nearly; the tests replay the cases without Python.
"""
import json
import math
import os

import torch

from torch.optim.lbfgs import _strong_wolfe

torch.set_default_dtype(torch.float64)


def rosenbrock(p):
    a, b = p
    u, v = 1.0 - a, b - a * a
    return u * u + 100.0 * v * v, [-2.0 * u - 400.0 * a * v, 200.0 * v]


def wave(p):
    a, = p
    return math.sin(3.0 * a) + 0.5 * a * a, [3.0 * math.cos(3.0 * a) + a]


def exponential(p):
    a, = p
    e = math.exp(a)
    return e - 5.0 * a, [e - 5.0]


def quartic(p):
    a, = p
    return a * a * a * a - 4.0 * a * a + a, [4.0 * a * a * a - 8.0 * a + 1.0]


def wall(p):
    a, = p
    e = math.exp(10.0 * (a - 1.0))
    return e - a, [10.0 * e - 1.0]


def stiff(p):
    a, = p
    return 1e12 * a * a - a, [2e12 * a - 1.0]


def ripple(p):
    a, = p
    return 0.1 * a * a - a + 0.5 * math.sin(3.0 * a), [0.2 * a - 1.0 + 1.5 * math.cos(3.0 * a)]


def linear(p):
    a, = p
    return -a, [-1.0]


FUNCTIONS = {"rosenbrock": rosenbrock, "wave": wave, "exponential": exponential, "quartic": quartic, "wall": wall,
             "stiff": stiff, "ripple": ripple, "linear": linear}

STARTS = {
    "rosenbrock": [[-1.2, 1.0], [0.5, -0.3]],
    "wave": [[0.1], [-2.0]],
    "exponential": [[0.0], [3.0]],
    "quartic": [[0.2], [-0.3], [2.5]],
    "wall": [[0.0], [0.7]],
    "stiff": [[0.0]],
    "ripple": [[0.3]],
    "linear": [[0.0]],
}

FIRST_STEPS = [1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 20.0]
# stiff's minimiser is at 5e-13: its steps are tiny, and the smallest bracket is below the search's tolerance.
STIFF_FIRST_STEPS = [1e-13, 4e-13, 1e-12, 1e-10, 1e-6]
# From shorter first steps ripple's search crawls through trials 10⁻⁵ apart, where the cubic through them is
# ill-conditioned and one rounding (a sine's last bit) changes the path: those searches agree with no implementation
# but PyTorch's own, so they are left out.
RIPPLE_FIRST_STEPS = [0.5, 1.0, 2.0, 5.0, 20.0]
FIRST_STEPS_OF = {"stiff": STIFF_FIRST_STEPS, "ripple": RIPPLE_FIRST_STEPS}


def case(name, x, t0, direction_scale):
    fn = FUNCTIONS[name]
    f, g = fn(x)
    # ripple's slope at 0.3 is small: along d = 1 its zoom puts a step within a tenth of the bracket's top twice.
    d = [1.0] if name == "ripple" else [-direction_scale * gi for gi in g]
    points = []

    def obj_func(x_tensor, t, d_tensor):
        t = float(t)
        point = [x[i] + t * d[i] for i in range(len(x))]
        points.append(point)
        value, gradient = fn(point)
        return value, torch.tensor(gradient)

    g_tensor, d_tensor = torch.tensor(g), torch.tensor(d)
    gtd = float(g_tensor.dot(d_tensor))
    f_new, g_new, t, evaluations = _strong_wolfe(obj_func, torch.tensor(x), t0, d_tensor, f, g_tensor, gtd)
    return {
        "function": name, "x": x, "d": d, "t0": t0, "f": f, "g": g, "gtd": gtd,
        "points": points,
        "loss": float(f_new), "gradient": [float(v) for v in g_new], "t": float(t), "evaluations": int(evaluations),
    }


def main():
    cases = []
    for name, starts in STARTS.items():
        for x in starts:
            for t0 in FIRST_STEPS_OF.get(name, FIRST_STEPS):
                # Rosenbrock's gradient is large: a scaled direction keeps the trial steps in the interesting range.
                scale = 1e-3 if name == "rosenbrock" else 1.0
                cases.append(case(name, x, t0, scale))
    path = os.path.join("tests", "SymbolicGd.Runtime.Tests", "Reference", "line-search.json")
    with open(path, "w") as out:
        json.dump({"torch": torch.__version__, "cases": cases}, out, indent=1)
    longest = max(c["evaluations"] for c in cases)
    print(f"{len(cases)} cases, up to {longest} evaluations, written to {path}")


if __name__ == "__main__":
    main()
