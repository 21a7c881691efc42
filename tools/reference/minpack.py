#!/usr/bin/python3
"""MINPACK's lmder, through scipy.optimize.leastsq with an analytic Jacobian, on small least-squares problems: every
point at which it evaluates the residuals and the Jacobian, in order, and its info, nfev and njev.

tests/SymbolicGd.Runtime.Tests/SecondOrder/LevenbergMarquardtReplayTests replays them without Python against
LevenbergMarquardt (a port of lmder) from Reference/minpack.json. The problems are written again there in C#; the
names and formulas must agree. Needs scipy (Debian's python3-scipy):

    /usr/bin/python3 tools/reference/minpack.py
"""
import json
import math
import os

import numpy as np
import scipy
from scipy.optimize import leastsq

BOX_T = [0.1 * (i + 1) for i in range(10)]
EXP_T = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
EXP_Y = [0.48, 0.82, 1.12, 1.35, 1.51, 1.66, 1.75, 1.84]


def rosenbrock(x):
    return [10.0 * (x[1] - x[0] * x[0]), 1.0 - x[0]], [[-20.0 * x[0], 10.0], [-1.0, 0.0]]


def freudenstein_roth(x):
    a, b = x
    r = [-13.0 + a + ((5.0 - b) * b - 2.0) * b, -29.0 + a + ((b + 1.0) * b - 14.0) * b]
    j = [[1.0, 10.0 * b - 3.0 * b * b - 2.0], [1.0, 3.0 * b * b + 2.0 * b - 14.0]]
    return r, j


def powell_singular(x):
    a, b, c, d = x
    s5, s10 = math.sqrt(5.0), math.sqrt(10.0)
    r = [a + 10.0 * b, s5 * (c - d), (b - 2.0 * c) ** 2, s10 * (a - d) ** 2]
    j = [[1.0, 10.0, 0.0, 0.0],
         [0.0, 0.0, s5, -s5],
         [0.0, 2.0 * (b - 2.0 * c), -4.0 * (b - 2.0 * c), 0.0],
         [2.0 * s10 * (a - d), 0.0, 0.0, -2.0 * s10 * (a - d)]]
    return r, j


def box3d(x):
    a, b, c = x
    r, j = [], []
    for t in BOX_T:
        r.append(math.exp(-t * a) - math.exp(-t * b) - c * (math.exp(-t) - math.exp(-10.0 * t)))
        j.append([-t * math.exp(-t * a), t * math.exp(-t * b), -(math.exp(-t) - math.exp(-10.0 * t))])
    return r, j


def brown_badly_scaled(x):
    a, b = x
    return [a - 1e6, b - 2e-6, a * b - 2.0], [[1.0, 0.0], [0.0, 1.0], [b, a]]


def exponential_rise(x):
    # y ≈ A·(1 − e^(−k·t)), with a third parameter that no residual depends on (a zero column of J).
    a, k = x[0], x[1]
    r, j = [], []
    for t, y in zip(EXP_T, EXP_Y):
        e = math.exp(-k * t)
        r.append(a * (1.0 - e) - y)
        row = [1.0 - e, a * t * e]
        row.extend([0.0] * (len(x) - 2))
        j.append(row)
    return r, j


PROBLEMS = {
    "rosenbrock": rosenbrock,
    "freudenstein_roth": freudenstein_roth,
    "powell_singular": powell_singular,
    "box3d": box3d,
    "brown_badly_scaled": brown_badly_scaled,
    "exponential_rise": exponential_rise,
}

# (problem, x0, options). Options are leastsq's: ftol, xtol, gtol, maxfev, factor, and diag = "ones" for mode 2.
CASES = [
    ("rosenbrock", [-1.2, 1.0], {}),
    ("rosenbrock", [-1.2, 1.0], {"factor": 0.1}),
    ("rosenbrock", [-1.2, 1.0], {"diag": "ones", "factor": 1.0}),
    ("rosenbrock", [-1.2, 1.0], {"maxfev": 5}),
    ("rosenbrock", [0.0, 0.0], {}),
    ("freudenstein_roth", [0.5, -2.0], {}),
    # ftol = xtol = 0: it ends on info 6, after steps at the rounding level of θ, where MINPACK's enorm and the port's
    # norm round differently: the replay compares all but the last "rounding" calls, and the info.
    ("freudenstein_roth", [0.5, -2.0], {"ftol": 0.0, "xtol": 0.0, "rounding": 12}),
    ("freudenstein_roth", [0.5, -2.0], {"gtol": 1e-3}),
    ("powell_singular", [3.0, -1.0, 0.0, 1.0], {}),
    ("box3d", [0.0, 10.0, 20.0], {}),
    ("box3d", [0.0, 10.0, 20.0], {"factor": 1.0, "diag": "ones"}),
    ("brown_badly_scaled", [1.0, 1.0], {}),
    ("exponential_rise", [1.0, 0.5], {}),
    ("exponential_rise", [1.0, 0.5, 0.25], {}),
    ("exponential_rise", [500.0, 1e-4], {"xtol": 1e-4}),
    ("exponential_rise", [1.0, 0.5], {"ftol": 1e-4, "xtol": 1e-4}),  # info 3: both
]


def run(name, x0, options):
    problem = PROBLEMS[name]
    calls = []

    def func(x):
        calls.append(("f", [float(v) for v in x]))
        return np.array(problem(list(x))[0])

    def jac(x):
        calls.append(("j", [float(v) for v in x]))
        return np.array(problem(list(x))[1])

    kwargs = {"full_output": True, "col_deriv": False}
    for key in ("ftol", "xtol", "gtol", "maxfev", "factor"):
        if key in options:
            kwargs[key] = options[key]
    if options.get("diag") == "ones":
        kwargs["diag"] = np.ones(len(x0))
    x, _, info, _, ier = leastsq(func, np.array(x0, dtype=float), Dfun=jac, **kwargs)
    # leastsq calls both functions at x0 to check their shapes before MINPACK starts (the residuals twice): keep only
    # MINPACK's own first evaluation, the last of the residuals at x0 before the first Jacobian.
    start = ("f", list(map(float, x0)))
    assert calls[0] == start and calls[1] == ("j", start[1]) and calls[2] == start and calls[3] == start
    calls = calls[3:]
    return {
        "problem": name,
        "x0": x0,
        "options": options,
        "calls": [{"kind": kind, "x": point} for kind, point in calls],
        "x": [float(v) for v in x],
        "info": int(ier),
        "nfev": int(info["nfev"]),
        "njev": int(info["njev"]),
    }


def main():
    cases = [run(*case) for case in CASES]
    out = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "SymbolicGd.Runtime.Tests", "Reference", "minpack.json")
    with open(out, "w") as f:
        json.dump({"scipy": scipy.__version__, "cases": cases}, f, indent=1)
    for case in cases:
        print(case["problem"], case["options"], "info", case["info"], "nfev", case["nfev"], "njev", case["njev"], case["x"])


if __name__ == "__main__":
    main()
