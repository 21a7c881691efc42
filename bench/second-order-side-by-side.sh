#!/usr/bin/env bash
# Hessian and Hessian-vector product per call: PyTorch (torch.autograd.functional.hessian, hvp), the generated code
# (SecondOrderSpeed.cs), PyTorch again, in one run, so that a change of load shows as a difference between the two
# PyTorch figures. Results: bench/README.md, "Second order against PyTorch".
set -euo pipefail
cd "$(dirname "$0")/.."
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
echo "# PyTorch"
/usr/bin/python3 bench/pytorch/second_order.py
echo "# SymbolicGd"
dotnet run -c Release --project bench/SymbolicGd.Benchmarks -- --second-order
echo "# PyTorch again"
/usr/bin/python3 bench/pytorch/second_order.py
