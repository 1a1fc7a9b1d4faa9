#!/usr/bin/env bash
# Throughput of 'cryograd batch' on the embedded local Spark master: tomograms per minute against the number of local
# executor slots (local[N]), all on the same inputs: COUNT simulated 64x64x32 tilt series (41 views), reconstructed with
# SIRT (20 iterations). Each run is the whole command (JVM and Spark start-up included). Checks that every N gives
# byte-identical volumes. Writes results/batch-throughput.txt with the commit, machine, load, Spark's download size and
# the wall times (the best of REPS runs per N, default 2; set REPS=k to change). Usage:
# bench/batch-throughput.sh [COUNT] [N...]   (defaults: 8 inputs; N = 1 2 4 .. up to the cores)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
count="${1:-8}"
reps="${REPS:-2}"
shift || true
cores="$(nproc)"
if [ $# -gt 0 ]; then ns=("$@"); else ns=(); n=1; while [ "$n" -le "$cores" ]; do ns+=("$n"); n=$((n * 2)); done; fi
work="$(mktemp -d "${TMPDIR:-/tmp}/cryograd-batch-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cg="$here/cryograd"

"$cg" batch --version >/dev/null   # builds the cluster module if needed
"$cg" batch simulate --seeds "$count" --size 64,64,32 --step 3 --snr 5 --out "$work/sim" >/dev/null 2>&1
{ echo "input,name,angles"; for s in $(seq 1 "$count"); do echo "sim/seed_$s/tilts.mrc,ts_$s,sim/seed_$s/tilts.tlt"; done; } > "$work/list.csv"

rows=()
first=""
same="yes"
for n in "${ns[@]}"; do
  best=""
  for r in $(seq 1 "$reps"); do
    t0="$(date +%s.%N)"
    "$cg" batch reconstruct --in "$work/list.csv" --out "$work/rec_$n" --master "local[$n]" --force -- --method sirt >/dev/null 2>"$work/log_$n"
    t1="$(date +%s.%N)"
    done_rows="$(grep -c ',done,' "$work/rec_$n/manifest.csv")"
    [ "$done_rows" = "$count" ] || { echo "local[$n]: $done_rows of $count done" >&2; cat "$work/log_$n" >&2; exit 1; }
    w="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
    if [ -z "$best" ] || awk -v w="$w" -v b="$best" 'BEGIN { exit !(w < b) }'; then
      best="$w"
      # the tasks' own seconds, summed over the manifest
      tasks="$(awk -F, 'NR > 1 { s += $5 } END { printf "%.1f", s }' "$work/rec_$n/manifest.csv")"
    fi
  done
  if [ -z "$first" ]; then first="$n"; else
    for s in $(seq 1 "$count"); do cmp -s "$work/rec_$first/ts_$s.mrc" "$work/rec_$n/ts_$s.mrc" || same="no"; done
  fi
  rows+=("$(awk -v n="$n" -v c="$count" -v w="$best" -v t="$tasks" 'BEGIN { printf "local[%d]  %3d tomograms  wall %7.1f s  %6.2f tomograms/min  (tasks: %.1f s summed)", n, c, w, c * 60 / w, t }')")
done

# Spark and the libraries it brings (what the first 'cryograd batch' downloads): the launcher's class path less
# cryograd's own libraries
spark_jars="$(tr ':' '\n' < "$here/cluster/target/launcher-classpath.txt" \
  | grep -v -e /org/jcuda/ -e /info/picocli/ -e /com/github/wendykierp/ -e /pl/edu/icm/ -e /org/ejml/ -e /org/slf4j/slf4j-simple/)"
spark_mb="$(echo "$spark_jars" | xargs du -cb | tail -1 | awk '{printf "%.1f", $1 / 1e6}')"
spark_n="$(echo "$spark_jars" | wc -l)"

out="$here/results/batch-throughput.txt"
tmp="$(mktemp "$here/results/.batch-throughput.XXXXXX")"
{
  echo "# cryograd batch reconstruct (SIRT, 20 iterations) of $count simulated 64x64x32 tilt series (41 views), embedded Spark local[N]"
  echo "# command: bench/batch-throughput.sh $count ${ns[*]}"
  echo "# commit: $(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet HEAD -- . ':!*.md' ':!*/src/test/*' 2>/dev/null || echo ' (with uncommitted code changes)')"
  echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $cores cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# java: $(java -version 2>&1 | head -1); $("$cg" batch --version 2>/dev/null | grep Spark)"
  echo "# wall: the best of $reps runs of the whole command (JVM and Spark start-up included); tomograms/min = count * 60 / wall"
  printf '%s\n' "${rows[@]}"
  echo "identical volumes for every N: $same"
  echo "Spark class path (first 'cryograd batch' downloads it to the Maven repository): $spark_n jars, $spark_mb MB"
} > "$tmp"
mv "$tmp" "$out"
cat "$out"
