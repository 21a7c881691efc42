#!/usr/bin/env python3
"""Prints the mutation score of Stryker JSON reports (mutation-testing-elements schema), overall and per file.

score = detected / (detected + survived + no coverage), detected = Killed + Timeout. Compile errors and ignored
mutants (Stryker disable comments, the mutate filter) do not count either way.

    score.py whole.json                      # one report
    score.py whole.json newton.json lm.json  # a whole run with some files measured again later: each file's
                                             # mutants come from the last report that holds the file

Files are matched by their path relative to the repository (a report written in another clone still matches).
"""
import json
import os
import sys
from collections import Counter


def relative(path):
    """The path from src/ on, so that reports from different clones of the repository name a file the same way."""
    marker = os.sep + "src" + os.sep
    index = path.find(marker)
    return path[index + 1:] if index >= 0 else path


files = {}
source = {}
for report_path in sys.argv[1:]:
    report = json.load(open(report_path))
    for path, file in report["files"].items():
        counts = Counter(m["status"] for m in file["mutants"])
        if sum(counts[s] for s in ("Killed", "Timeout", "Survived", "NoCoverage")) == 0 and relative(path) in files:
            continue  # a file the later run did not mutate (outside its --mutate filter): keep the earlier result
        files[relative(path)] = counts
        source[relative(path)] = report_path

total = Counter()
rows = []
for path, counts in files.items():
    total.update(counts)
    detected = counts["Killed"] + counts["Timeout"]
    valid = detected + counts["Survived"] + counts["NoCoverage"]
    if valid:
        rows.append((detected / valid, path, detected, counts["Survived"], counts["NoCoverage"]))

rows.sort()
width = max((len(r[1]) for r in rows), default=4)
several = len(sys.argv) > 2
for score, path, detected, survived, uncovered in rows:
    origin = f"  ({source[path]})" if several else ""
    print(f"{score:7.1%}  {path:<{width}}  detected {detected:4}  survived {survived:4}  no coverage {uncovered:4}{origin}")
detected = total["Killed"] + total["Timeout"]
valid = detected + total["Survived"] + total["NoCoverage"]
print(f"mutation score {detected / valid:.1%}: {detected} detected of {valid} "
      f"({total['Survived']} survived, {total['NoCoverage']} covered by no test; "
      f"{total['Killed']} killed, {total['Timeout']} timed out; {total['CompileError']} compile errors, "
      f"{total['Ignored']} ignored)" if valid else "no mutants tested")
