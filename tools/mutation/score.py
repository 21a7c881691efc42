#!/usr/bin/env python3
"""Prints the mutation score of a Stryker JSON report (mutation-testing-elements schema), overall and per file.

score = detected / (detected + survived + no coverage), detected = Killed + Timeout. Compile errors and ignored
mutants (Stryker disable comments, the mutate filter) do not count either way.
"""
import json
import sys
import os
from collections import Counter

report = json.load(open(sys.argv[1]))
total = Counter()
rows = []
for path, file in report["files"].items():
    counts = Counter(m["status"] for m in file["mutants"])
    total.update(counts)
    detected = counts["Killed"] + counts["Timeout"]
    valid = detected + counts["Survived"] + counts["NoCoverage"]
    if valid:
        rows.append((detected / valid, path, detected, counts["Survived"], counts["NoCoverage"]))

rows.sort()
width = max((len(r[1]) for r in rows), default=4)
common = ""
if rows:
    common = os.path.commonpath([r[1] for r in rows]) if len(rows) > 1 else os.path.dirname(rows[0][1])
for score, path, detected, survived, uncovered in rows:
    name = os.path.relpath(path, common) if common else path
    print(f"{score:7.1%}  {name:<{width}}  detected {detected:4}  survived {survived:4}  no coverage {uncovered:4}")
detected = total["Killed"] + total["Timeout"]
valid = detected + total["Survived"] + total["NoCoverage"]
print(f"mutation score {detected / valid:.1%}: {detected} detected of {valid} "
      f"({total['Survived']} survived, {total['NoCoverage']} covered by no test; "
      f"{total['Killed']} killed, {total['Timeout']} timed out; {total['CompileError']} compile errors, "
      f"{total['Ignored']} ignored)" if valid else "no mutants tested")
