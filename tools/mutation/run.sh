#!/usr/bin/env bash
# Mutation testing of the runtime (Layers, Optimizers, Training, Checkpoints, Schedules) with Stryker.NET, run with
# tests/SymbolicGd.Runtime.Tests alone (tests/SymbolicGd.Runtime.Tests/stryker-config.json), then the score:
#   detected ÷ (detected + survived + no coverage), detected = killed + timed out,
# overall and per file, weakest first. A whole run takes about half an hour on a quiet 2-core machine: it is not part
# of CI. See docs/testing.md for how to read the result.
#
#   tools/mutation/run.sh                                   # the whole runtime
#   tools/mutation/run.sh --mutate '**/Layers/Losses.cs'    # one file (or a folder glob) while working on it
#   tools/mutation/run.sh --score artifacts/mutation/reports/mutation-report.json   # only print a report's score
#   tools/mutation/run.sh --score whole.json newton.json   # a whole run, with files measured again later taken from the later reports
#   tools/mutation/run.sh --generator --mutate '**/Symbolic/Differentiator.cs'   # the generator's symbolic core
#                          (tests/SymbolicGd.Generator.Tests/stryker-config.json: Symbolic/, the tests that run the
#                          generator in memory; one file at a time, the whole folder takes hours)
#
# Any other arguments go to dotnet-stryker (for example --concurrency 2). Reports (HTML and JSON) are written to
# artifacts/mutation/ (or $MUTATION_OUTPUT).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/tools/mutation"

if [[ "${1:-}" == "--score" ]]; then
  shift
  python3 "$here/score.py" "$@"
  exit 0
fi

tests="SymbolicGd.Runtime.Tests"
if [[ "${1:-}" == "--generator" ]]; then
  tests="SymbolicGd.Generator.Tests"
  shift
fi

out="${MUTATION_OUTPUT:-$repo/artifacts/mutation}"
cd "$repo"
dotnet tool restore > /dev/null
cd "$repo/tests/$tests"
dotnet dotnet-stryker --config-file stryker-config.json --output "$out" "$@"
python3 "$here/score.py" "$out/reports/mutation-report.json"
