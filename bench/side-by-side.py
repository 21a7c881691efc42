#!/usr/bin/env python3
"""SymbolicGd and PyTorch side by side, interleaved in one run, on issue 16's targets that apply to one thread
(float64, and the 784-256-128-10 network in float32 too); prints the table of bench/README.md.

    /usr/bin/python3 bench/side-by-side.py [--rounds 5] [--skip-build]

Each figure comes from a fresh process (bench/SymbolicGd.Benchmarks `--speed ...` and bench/pytorch/speed.py), the
two libraries alternating within every round, so load from other work on the machine falls on both alike; the table
gives the median over rounds and the ratio of medians. PyTorch runs with one thread, float64, and OpenBLAS in two
configurations (float64 unless a row says float32):

  * as found: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so OpenBLAS picks its kernels from the CPU it detects;
  * SkylakeX: OPENBLAS_CORETYPE=SkylakeX, its AVX-512 kernels. Debian 12's OpenBLAS 0.3.21 does not know newer
    Xeons (it detected an Emerald Rapids as "Prescott" and ran SSE3 kernels at a third of the speed), so this is the
    fair opponent on such a machine; the ratios to beat are against it.

Needs Debian's PyTorch with OpenBLAS: apt-get install -y python3-torch libopenblas0-pthread.
"""
import argparse
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = "/usr/bin/python3"
DOTNET_DLL = os.path.join(ROOT, "bench", "SymbolicGd.Benchmarks", "bin", "Release", "net10.0", "SymbolicGd.Benchmarks.dll")
TORCH = os.path.join(ROOT, "bench", "pytorch", "speed.py")
BLAS = {"as found": {}, "SkylakeX": {"OPENBLAS_CORETYPE": "SkylakeX"}}


def run(command, extra_env=None):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env.update(extra_env or {})
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    figures = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] != "gemm":
            figures[parts[0]] = float(parts[1])
    return figures, out


def dotnet(what):
    return run(["dotnet", DOTNET_DLL, "--speed", what])


def torch(what, blas):
    return run([PYTHON, TORCH, what, "--threads", "1"], BLAS[blas])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run(["dotnet", "build", "-c", "Release", "bench/SymbolicGd.Benchmarks", "-v", "q", "-nologo"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)

    works = [
        ("digits 64-32-10, batch 32: first 10-epoch Fit in a fresh process", "digits-cold", "digits-cold-epochs"),
        ("digits, one epoch once warm (best epoch of 40)", "digits-warm", "digits-warm-epoch"),
        ("784-256-128-10 relu, batch 64, 10,000 samples, one epoch (best of 4)", "mnist", "mnist-epoch"),
        ("the same in float32 (Precision.Single; PyTorch float32)", "mnist32", "mnist32-epoch"),
    ]
    ours = {key: [] for _, _, key in works}
    theirs = {(key, blas): [] for _, _, key in works for blas in BLAS}
    for round_number in range(1, args.rounds + 1):
        for _, what, key in works:
            ours[key].append(dotnet(what)[0][key])
            for blas in BLAS:
                theirs[(key, blas)].append(torch(what, blas)[0][key])
        print(f"round {round_number}: " + ", ".join(f"{key} {ours[key][-1]:.1f} ms" for _, _, key in works), file=sys.stderr)

    print("| work (SGD, softmax cross-entropy, float64 unless said, 1 thread) | SymbolicGd | PyTorch, OpenBLAS as found | ratio | PyTorch, OpenBLAS SkylakeX | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for title, _, key in works:
        mine = statistics.median(ours[key])
        cells = [f"{mine:.2f} ms"]
        for blas in BLAS:
            other = statistics.median(theirs[(key, blas)])
            cells += [f"{other:.2f} ms", f"**{other / mine:.2f}×**"]
        print(f"| {title} | " + " | ".join(cells) + " |")

    # The products: GFLOP/s and % of the FMA peak measured by the .NET probe, PyTorch (SkylakeX) beside them.
    _, mine = dotnet("gemm")
    _, other = torch("gemm", "SkylakeX")
    peak = float(mine.splitlines()[0].split()[1])
    print()
    print(f"Peak FMA rate (register-only loop, one core): {peak:.1f} GFLOP/s")
    print()
    print("| product | SymbolicGd GFLOP/s | % of peak | PyTorch (OpenBLAS SkylakeX) GFLOP/s | % of peak |")
    print("| --- | ---: | ---: | ---: | ---: |")
    other_lines = [line.split() for line in other.splitlines() if line.startswith("gemm")]
    for line, theirs_line in zip([l for l in mine.splitlines() if l.startswith("gemm")], other_lines):
        parts = line.split()
        name = " ".join(parts[7:])
        gflops = float(parts[1])
        torch_gflops = float(theirs_line[1])
        print(f"| {name} | {gflops:.1f} | {100 * gflops / peak:.0f}% | {torch_gflops:.1f} | {100 * torch_gflops / peak:.0f}% |")


if __name__ == "__main__":
    main()
