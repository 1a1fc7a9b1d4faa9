#!/usr/bin/env bash
# Compares the CSVs of two run.sh folders value for value, except the columns that hold wall-clock times (a header
# naming seconds, time or ms); every other cell must be the same text. In the long-format results_long.csv
# (benchmark,method,data,seed,metric,value) the timed values are rows, not columns: rows whose metric names seconds,
# time or ms are skipped there instead. CSVs only in AFTER are listed, not compared (files a change adds).
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
    if ra and ra[0] == ["benchmark", "method", "data", "seed", "metric", "value"]:
        cut = lambda rows: [r for r in rows if len(r) < 5 or not timed.search(r[4])]
    else:
        keep = [i for i, h in enumerate(ra[0]) if not timed.search(h)] if ra else []
        cut = lambda rows: [[r[i] for i in keep if i < len(r)] for r in rows]
    if ra[:1] != rb[:1] or cut(ra) != cut(rb):
        bad += 1
        diffs = [(n, x, y) for n, (x, y) in enumerate(zip(cut(ra), cut(rb))) if x != y][:3]
        print(f"differs: {rel} (rows {len(ra)} vs {len(rb)}) {diffs}")
added = sorted(p.relative_to(b) for p in b.rglob("*.csv") if not (a / p.relative_to(b)).exists())
if added:
    print(f"only in {b} (not compared): {', '.join(map(str, added))}")
print(f"{len(files)} CSV files compared: {'identical' if bad == 0 else 'DIFFERENT'}")
sys.exit(1 if bad else 0)
PY
