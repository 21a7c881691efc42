#!/usr/bin/env bash
# The digits benchmark, SymbolicGd and PyTorch side by side in one run: PyTorch, then BenchmarkDotNet's
# StackBenchmarks, then PyTorch again, so that a change in the machine's load shows up as a difference between the
# two PyTorch runs rather than as a ratio. Needs Debian's PyTorch (apt-get install python3-torch).
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-/usr/bin/python3}"
"$python" bench/pytorch/digits.py --epochs 20 | tail -1 | sed 's/^/PyTorch (before): /'
dotnet run -c Release --project bench/SymbolicGd.Benchmarks -- --filter '*StackBenchmarks*' "$@" 2>&1 | grep -E '^\|'
"$python" bench/pytorch/digits.py --epochs 20 | tail -1 | sed 's/^/PyTorch (after):  /'
