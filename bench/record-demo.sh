#!/usr/bin/env bash
# Runs the README's main command (./cryograd demo, and --quick) and records what the README quotes about it under
# results/: the commit, the machine, the wall time and the demo's metrics.csv (results/demo-<variant>.txt), plus the
# run's own record and long-format table (results/demo-<variant>/run.txt, results_long.csv, metrics.csv).
#   bench/record-demo.sh            # both; about 4 minutes on 2 cores
#   CRYOGRAD_RESULTS_DIR=DIR ...    # write under DIR instead of results/
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="${CRYOGRAD_RESULTS_DIR:-results}"
./cryograd --version > /dev/null   # builds the jar first, so the build is not in the timings
tmp="$(mktemp -d "${TMPDIR:-/tmp}/cryograd-demo.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$results"
for variant in quick full; do
  args=(demo --out "$tmp/$variant"); [ "$variant" = quick ] && args+=(--quick)
  start=$(date +%s.%N)
  ./cryograd "${args[@]}" > "$tmp/$variant.log" 2>&1
  end=$(date +%s.%N)
  {
    echo "# ./cryograd demo --out DIR$([ "$variant" = quick ] && echo ' --quick')"
    echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!results' || echo ' (with uncommitted changes)')"
    echo "machine: $(uname -m), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    awk -v a="$start" -v b="$end" 'BEGIN { printf "wall seconds: %.1f\n", b - a }'
    echo "metrics.csv:"
    cat "$tmp/$variant/metrics.csv"
  } > "$results/demo-$variant.txt"
  mkdir -p "$results/demo-$variant"
  cp "$tmp/$variant/run.txt" "$tmp/$variant/results_long.csv" "$tmp/$variant/metrics.csv" "$results/demo-$variant/"
  echo "wrote $results/demo-$variant.txt and $results/demo-$variant/"
done
