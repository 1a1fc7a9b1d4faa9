#!/usr/bin/env bash
# Where a trained DUAL's noise codes sit against the N(0, I) that the KL term asks for: trains DUAL on the dual-sim
# quick preset's training tomograms (seed 1, DualConfig.quick(), lr 5e-4: at lambda_kl 0.1 the very training of
# `cryograd benchmark dual-sim --quick`) for each KL weight lambda_kl given (or measures a saved model: model=DIR), then
# measures the encoder's codes (256 random 32^3 patches per tomogram) pooled over the 4 training tomograms, per training
# tomogram, pooled over TESTS test tomograms and per test tomogram; the *-flips scopes flip the patches as training did.
# Needs ../shared/templates. Writes results/dual-codes/: run.txt (command, commit, machine, load, wall time),
# codes.csv (lambda_kl,scope,codes,max_abs_mean,max_cov_error,min_var,max_var,kl), dims.csv (lambda_kl,scope,dim,mean,var)
# and kl-LAMBDA.csv (the KL term per training step: step,kl).
# Usage: bench/dual-codes.sh [STEPS [TESTS [LAMBDA_KL | model=DIR ...]]]   (default: 600 7 0.1; about 10 minutes per lambda on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
steps="${1:-600}"; tests="${2:-7}"; shift $(( $# > 2 ? 2 : $# )); lambdas=("$@"); [ ${#lambdas[@]} -eq 0 ] && lambdas=(0.1)
templates="$root/../shared/templates"
[ -d "$templates" ] || { echo "bench/dual-codes.sh: $templates is missing (the density templates)" >&2; exit 1; }
out="$root/results/dual-codes"
load="$(cut -d' ' -f1 /proc/loadavg)"
start_s=$(date +%s)
(cd "$root" && mvn -B -q -o -pl bench -am package -DskipTests) >&2
t0=$(date +%s)
mkdir -p "$root/results"
tmp="$(mktemp -d "$root/results/.dual-codes.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
java --add-modules jdk.incubator.vector -Xmx6g -cp "$root/bench/target/benchmarks.jar" org.cryograd.bench.DualCodeDiagnosis \
  "$templates" "$tmp/work" "$steps" "$tests" "${lambdas[@]}" > "$tmp/codes.csv" 2> "$tmp/stderr.txt" || { cat "$tmp/stderr.txt" >&2; exit 1; }
t1=$(date +%s)
for l in "${lambdas[@]}"; do
  [[ "$l" == model=* ]] && continue
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "kl") c = i; print "step,kl"; next } { print $1 "," $c }' \
    "$tmp/work/lambda-$l/losses.csv" > "$tmp/kl-$l.csv"
done
{
  echo "command: bench/dual-codes.sh $steps $tests ${lambdas[*]}"
  echo "commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!*.md' ':!results/*' 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "load average (1 min) at start: $load; at end: $(cut -d' ' -f1 /proc/loadavg)"
  echo "wall seconds: $((t1 - t0)); with the build: $((t1 - start_s))"
} > "$tmp/run.txt"
rm -rf "$out"; mkdir -p "$out"
mv "$tmp/run.txt" "$tmp/codes.csv" "$tmp/work/dims.csv" "$out/"
for l in "${lambdas[@]}"; do [[ "$l" == model=* ]] || mv "$tmp/kl-$l.csv" "$out/"; done
cat "$out/run.txt" "$out/codes.csv"
