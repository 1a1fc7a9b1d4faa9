#!/usr/bin/env bash
# Compares the CSVs of two run.sh folders value for value, except the columns that hold wall-clock times (a header
# naming seconds, time or ms); every other cell must be the same text.
#   bench/move-check/compare.sh BEFORE AFTER
set -euo pipefail
a="${1:?usage: compare.sh BEFORE AFTER}"; b="${2:?usage: compare.sh BEFORE AFTER}"
python3 - "$a" "$b" <<'PY'
import csv, pathlib, re, sys
a, b = map(pathlib.Path, sys.argv[1:3])
timed = re.compile(r"second|time|(^|_)ms$")
bad = 0
files = sorted(p.relative_to(a) for p in a.rglob("*.csv"))
for rel in files:
    if not (b / rel).exists():
        print(f"missing in {b}: {rel}"); bad += 1; continue
    ra, rb = (list(csv.reader(open(d / rel, newline=""))) for d in (a, b))
    keep = [i for i, h in enumerate(ra[0]) if not timed.search(h)] if ra else []
    cut = lambda rows: [[r[i] for i in keep if i < len(r)] for r in rows]
    if ra[:1] != rb[:1] or cut(ra) != cut(rb):
        bad += 1
        diffs = [(n, x, y) for n, (x, y) in enumerate(zip(cut(ra), cut(rb))) if x != y][:3]
        print(f"differs: {rel} (rows {len(ra)} vs {len(rb)}) {diffs}")
print(f"{len(files)} CSV files compared: {'identical' if bad == 0 else 'DIFFERENT'}")
sys.exit(1 if bad else 0)
PY
