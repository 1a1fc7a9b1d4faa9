#!/usr/bin/env bash
# How large a DUAL network this machine trains in an hour: seconds per DUAL training step (one generator and one
# discriminator update, 32^3 patches) for the network widths from DualConfig.quick() (widths/4) to the defaults, at
# batch 2 (the CPU batch) and the defaults' batch 4, each with its KL memory full (the steady state), plus the quick
# networks with the paper's batch-only KL (the memory's cost); one warm-up step, then the median of STEPS timed steps (default 3).
# Writes results/dual-capacity/: run.txt (command, commit, machine, the 1-minute load average at the start, since the
# machine may be shared, and the wall time) and capacity.csv (config,base_channels,patch,batch,seconds_per_step,steps_per_hour).
# Usage: bench/dual-capacity.sh [STEPS]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
steps="${1:-3}"
out="$root/results/dual-capacity"
load="$(cut -d' ' -f1 /proc/loadavg)"
start_s=$(date +%s)
(cd "$root" && mvn -B -q -o -pl bench -am package -DskipTests) >&2
t0=$(date +%s)
tmp="$(mktemp -d "$root/results/.dual-capacity.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
java --add-modules jdk.incubator.vector -Xmx8g -cp "$root/bench/target/benchmarks.jar" org.cryograd.bench.DualCapacity "$steps" \
  > "$tmp/capacity.csv" 2> "$tmp/stderr.txt" || { cat "$tmp/stderr.txt" >&2; exit 1; }
t1=$(date +%s)
{
  echo "command: bench/dual-capacity.sh $steps"
  echo "commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!*.md' ':!results/*' 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "load average (1 min) at start: $load; at end: $(cut -d' ' -f1 /proc/loadavg)"
  echo "timing: one warm-up step, then the median of $steps timed steps per configuration; steps_per_hour = 3600 / seconds_per_step"
  echo "timing wall seconds: $((t1 - t0)); wall seconds with the build: $((t1 - start_s))"
} > "$tmp/run.txt"
mkdir -p "$out"
mv "$tmp/run.txt" "$out/run.txt"
mv "$tmp/capacity.csv" "$out/capacity.csv"
cat "$out/run.txt" "$out/capacity.csv"
