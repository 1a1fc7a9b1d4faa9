#!/usr/bin/env bash
# Builds every kernels/src/main/cuda/*.cu into the committed kernel images:
#   X.ptx          PTX for compute_75 (the driver JIT-compiles it on any sm_75+ GPU)
#   X.sm_90.cubin  machine code for Hopper (loaded instead of the PTX on compute capability 9.0)
# Usage: kernels/build-ptx.sh [OUT_DIR]   (default: the resource folder the jar is built from)
# The build's PtxUpToDateTest runs this into a temporary folder and fails when the committed images differ.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/src/main/cuda"
out="${1:-$here/src/main/resources/org/cryograd/kernels/ptx}"
mkdir -p "$out"
flags=(-std=c++17 -O3 -I "$src" -Xptxas -warn-spills)
cd "$src"   # relative paths keep the images free of this checkout's location
for cu in *.cu; do
  base="${cu%.cu}"
  # a file may add flags with a first-lines comment "// nvcc-flags: ..." (e.g. -fmad=false where results must equal
  # the CPU's bit for bit: no multiply-add contraction, and PTX arithmetic marked .rn so the driver's JIT cannot fuse)
  read -r -a extra <<< "$(head -n 5 "$cu" | sed -n 's|^// nvcc-flags: ||p' | head -n 1)"
  nvcc "${flags[@]}" ${extra[@]+"${extra[@]}"} -ptx -arch=compute_75 -o "$out/$base.ptx" "$cu"
  nvcc "${flags[@]}" ${extra[@]+"${extra[@]}"} -cubin -arch=sm_90 -o "$out/$base.sm_90.cubin" "$cu"
done
