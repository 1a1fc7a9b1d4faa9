#!/usr/bin/env bash
# Short runs of every benchmark with fixed seeds, for checking that a refactoring changes no number: run it before
# and after, then compare the two folders with compare.sh (every CSV must be bit-identical). About 10 minutes on 2 cores.
#   bench/move-check/run.sh OUTDIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:?usage: run.sh OUTDIR}"
mkdir -p "$out"
cg() { CRYOGRAD_JAVA_OPTS="${CRYOGRAD_JAVA_OPTS:-} -Dcryograd.threads=2" "$here/cryograd" --device cpu "$@"; }
cg demo --quick --seed 1 --out "$out/demo" > "$out/demo.log" 2>&1
cg benchmark dual --quick --steps 60 --seed 1 --out "$out/dual" > "$out/dual.log" 2>&1
cg benchmark polar --quick --steps 60 --out "$out/polar" > "$out/polar.log" 2>&1
echo "wrote $out/{demo,dual,polar}"
