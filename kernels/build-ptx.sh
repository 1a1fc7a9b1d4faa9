#!/usr/bin/env bash
# Builds every kernels/src/main/cuda/*.cu into the committed kernel images:
#   X.ptx          PTX for compute_75 (the driver JIT-compiles it on any sm_75+ GPU)
#   X.sm_90.cubin  machine code for Hopper (loaded instead of the PTX on compute capability 9.0)
# and MANIFEST.sha256, one line per source: "<inputs> <ptx> <cubin> X.cu", three SHA-256s, where <inputs> hashes
# what the images are built from (format below: the flags, then the .cu and every header it includes, transitively).
# PtxUpToDateTest recomputes <inputs> from the sources without nvcc and checks the images' hashes, so a source,
# header or flag edited without rebuilding fails the build on any machine.
# Usage: kernels/build-ptx.sh [OUT_DIR]   (default: the resource folder the jar is built from)
# The build's PtxUpToDateTest also runs this into a temporary folder (where nvcc matches) and compares byte for byte.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/src/main/cuda"
out="$(mkdir -p "${1:-$here/src/main/resources/org/cryograd/kernels/ptx}" && cd "${1:-$here/src/main/resources/org/cryograd/kernels/ptx}" && pwd)"
# PtxUpToDateTest reads these three arrays from this file: keep each on one line, without quotes
flags=(-std=c++17 -O3 -I . -Xptxas -warn-spills)
ptx_flags=(-ptx -arch=compute_75)
cubin_flags=(-cubin -arch=sm_90)
cd "$src"   # relative paths keep the images free of this checkout's location

# the local headers a file includes ("x.cuh", not <x.h>), transitively, sorted (C locale)
deps() {
  local -A seen=()
  local queue=("$1") f inc
  while ((${#queue[@]})); do
    f="${queue[0]}"
    queue=("${queue[@]:1}")
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
      if [[ -z "${seen[$inc]+x}" ]]; then
        seen[$inc]=1
        queue+=("$inc")
      fi
    done
  done
  if ((${#seen[@]})); then printf '%s\n' "${!seen[@]}" | LC_ALL=C sort; fi
}

# hashed bytes: "flags:" + " flag" for each common then per-file flag, "\n", the same for "ptx:" and "cubin:", then
# per file (the .cu, then its headers) "file NAME SIZE\n" and its bytes
inputs_hash() {
  local cu="$1"; shift
  {
    printf 'flags:'; printf ' %s' "${flags[@]}" "$@"; printf '\n'
    printf 'ptx:'; printf ' %s' "${ptx_flags[@]}"; printf '\n'
    printf 'cubin:'; printf ' %s' "${cubin_flags[@]}"; printf '\n'
    local f
    for f in "$cu" $(deps "$cu"); do
      printf 'file %s %d\n' "$f" "$(wc -c < "$f")"
      cat "$f"
    done
  } | sha256sum | cut -d' ' -f1
}

manifest=()
for cu in *.cu; do
  base="${cu%.cu}"
  # a file may add flags with a first-lines comment "// nvcc-flags: ..." (e.g. -fmad=false where results must equal
  # the CPU's bit for bit: no multiply-add contraction, and PTX arithmetic marked .rn so the driver's JIT cannot fuse)
  read -r -a extra <<< "$(head -n 5 "$cu" | sed -n 's|^// nvcc-flags: ||p' | head -n 1)"
  nvcc "${flags[@]}" ${extra[@]+"${extra[@]}"} "${ptx_flags[@]}" -o "$out/$base.ptx" "$cu"
  nvcc "${flags[@]}" ${extra[@]+"${extra[@]}"} "${cubin_flags[@]}" -o "$out/$base.sm_90.cubin" "$cu"
  manifest+=("$(inputs_hash "$cu" ${extra[@]+"${extra[@]}"}) $(sha256sum < "$out/$base.ptx" | cut -d' ' -f1) $(sha256sum < "$out/$base.sm_90.cubin" | cut -d' ' -f1) $cu")
done
printf '%s\n' "${manifest[@]}" > "$out/MANIFEST.sha256"
