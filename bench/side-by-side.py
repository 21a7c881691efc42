#!/usr/bin/env python3
"""SymbolicGd and PyTorch side by side, interleaved in one run, on issue 16's targets (float64 on one thread and
the 784-256-128-10 network on two, and that network in float32); prints the table of bench/README.md.

    /usr/bin/python3 bench/side-by-side.py [--rounds 5] [--skip-build] [--only-threads]

Each figure comes from a fresh process (bench/SymbolicGd.Benchmarks `--speed ...` and bench/pytorch/speed.py), the
two libraries alternating within every round, so load from other work on the machine falls on both alike; the table
gives the median over rounds and the ratio of medians. PyTorch runs with the same number of threads
(torch.set_num_threads and OPENBLAS_NUM_THREADS), and OpenBLAS in two configurations (float64 unless a row says float32):

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
            try:
                figures[parts[0]] = float(parts[1])
            except ValueError:
                figures[parts[0]] = parts[1]  # mnist-parameter-bits: a hash, compared, not averaged
    return figures, out


def dotnet(what, threads=1):
    return run(["dotnet", DOTNET_DLL, "--speed", what] + (["--threads", str(threads)] if what == "mnist" else []))


def torch(what, blas, threads=1):
    # torch.set_num_threads does not reach Debian's OpenBLAS (pthread build), which otherwise starts one thread per
    # core beside PyTorch's own OpenMP threads: its products then ran on 2 threads in the "1 thread" runs (up to 145%
    # of one core's peak) and the 2-thread runs had 4 threads on 2 cores. OPENBLAS_NUM_THREADS holds it to the same count.
    return run([PYTHON, TORCH, what, "--threads", str(threads)], {**BLAS[blas], "OPENBLAS_NUM_THREADS": str(threads)})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--only-threads", action="store_true", help="only the 784-256-128-10 rows, 1 and 2 threads")
    args = parser.parse_args()
    if not args.skip_build:
        subprocess.run(["dotnet", "build", "-c", "Release", "bench/SymbolicGd.Benchmarks", "-v", "q", "-nologo"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)

    # (title, run, figure, threads): the 2-thread row is SymbolicGd's MaxDegreeOfParallelism = 2 against
    # torch.set_num_threads(2); its trained parameters' bits must equal the 1-thread run's.
    works = [
        ("digits 64-32-10, batch 32: first 10-epoch Fit in a fresh process, 1 thread", "digits-cold", "digits-cold-epochs", 1),
        ("digits, one epoch once warm (best epoch of 40), 1 thread", "digits-warm", "digits-warm-epoch", 1),
        ("784-256-128-10 relu, batch 64, 10,000 samples, one epoch (best of 4), 1 thread", "mnist", "mnist-epoch", 1),
        ("the same on 2 threads", "mnist", "mnist-epoch", 2),
        ("the same in float32 (Precision.Single; PyTorch float32), 1 thread", "mnist32", "mnist32-epoch", 1),
    ]
    if args.only_threads:
        works = [work for work in works if work[1] == "mnist"]
    ours = {(key, threads): [] for _, _, key, threads in works}
    theirs = {(key, threads, blas): [] for _, _, key, threads in works for blas in BLAS}
    bits = {}
    for round_number in range(1, args.rounds + 1):
        for _, what, key, threads in works:
            figures = dotnet(what, threads)[0]
            ours[(key, threads)].append(figures[key])
            if "mnist-parameter-bits" in figures:
                bits.setdefault(threads, set()).add(figures["mnist-parameter-bits"])
            for blas in BLAS:
                theirs[(key, threads, blas)].append(torch(what, blas, threads)[0][key])
        print(f"round {round_number}: " + ", ".join(f"{key} ({threads} thr) {ours[(key, threads)][-1]:.1f} ms" for _, _, key, threads in works),
              file=sys.stderr)

    print("| work (SGD, softmax cross-entropy, float64 unless said) | SymbolicGd | PyTorch, OpenBLAS as found | ratio | PyTorch, OpenBLAS SkylakeX | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for title, _, key, threads in works:
        mine = statistics.median(ours[(key, threads)])
        cells = [f"{mine:.2f} ms"]
        for blas in BLAS:
            other = statistics.median(theirs[(key, threads, blas)])
            cells += [f"{other:.2f} ms", f"**{other / mine:.2f}×**"]
        print(f"| {title} | " + " | ".join(cells) + " |")
    if bits:
        same = len(set().union(*bits.values())) == 1
        print()
        print(f"784-256-128-10 trained parameters, FNV-1a of their bits: "
              + ", ".join(f"{threads} thread(s) {' '.join(sorted(hashes))}" for threads, hashes in sorted(bits.items()))
              + (" (identical)" if same else " (DIFFERENT)"))
    if args.only_threads:
        return

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
