#!/usr/bin/env bash
# Compares the CSVs of two run.sh folders byte for byte, except the columns that hold wall-clock seconds.
#   bench/move-check/compare.sh BEFORE AFTER
set -euo pipefail
a="${1:?usage: compare.sh BEFORE AFTER}"; b="${2:?usage: compare.sh BEFORE AFTER}"
fail=0; n=0
while IFS= read -r f; do
  rel="${f#"$a"/}"
  n=$((n + 1))
  if [ ! -f "$b/$rel" ]; then echo "missing in $b: $rel"; fail=1; continue; fi
  # drop columns whose header names a time (seconds, time, ms): they differ from run to run
  strip() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) skip[i] = ($i ~ /second|time|_ms$|^ms$/) }
                     { o = ""; for (i = 1; i <= NF; i++) if (!skip[i]) o = o $i ","; print o }' "$1"; }
  if ! cmp -s <(strip "$f") <(strip "$b/$rel"); then echo "differs: $rel"; diff <(strip "$f") <(strip "$b/$rel") | head -5; fail=1; fi
done < <(find "$a" -name '*.csv' | sort)
echo "$n CSV files compared: $([ $fail = 0 ] && echo identical || echo DIFFERENT)"
exit $fail
