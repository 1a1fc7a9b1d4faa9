#!/usr/bin/env bash
# Builds the kernel emulator (cuda_emu.h) from the unmodified kernel sources: OUT/cuemu. Usage: build.sh OUT_DIR
# The kernel list comes from the preprocessed sources (every extern "C" function), so new kernels need no edits here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cuda="$here/../../main/cuda"
out="$1"
mkdir -p "$out"
cxx=(g++ -std=c++20 -pthread -ffp-contract=off -I "$here" -I "$cuda" -I "$out")
: > "$out/registry.inc"
"${cxx[@]}" -E -P "$here/emu_main.cpp" | grep -oE 'extern "C" +void +[A-Za-z_0-9]+' | awk '{print "REG(" $4 ")"}' | sort -u > "$out/registry.inc.tmp"
mv "$out/registry.inc.tmp" "$out/registry.inc"
"${cxx[@]}" -O1 -g -fsanitize=address -fno-omit-frame-pointer -o "$out/cuemu" "$here/emu_main.cpp"
