#!/usr/bin/env bash
# On the GPU machine, in the repository root, with gpu-bundle/ (and jrt.tgz if there is no java) carried from
# kernels/gpu/bundle.sh: the device test suites, then compute-sanitizer memcheck and racecheck over the CUDA kernel
# tests, then the PyTorch comparison (bench/gpu/compare-torch-gpu.sh). Everything goes to $OUT (or ./gpu-out).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${OUT:-$root/gpu-out}"; mkdir -p "$out"
[ -x jrt/bin/java ] || { [ -f jrt.tgz ] && tar xzf jrt.tgz; }
java=java; [ -x jrt/bin/java ] && java="$root/jrt/bin/java"
cp="gpu-bundle/lib/*"
opts=(--add-modules jdk.incubator.vector -Xss4m -Dcryograd.test.devices=cuda)
nvidia-smi > "$out/nvidia-smi.txt" 2>&1
echo "== device tests (cuda cases only)"; "$java" "${opts[@]}" -cp "$cp" org.cryograd.kernels.GpuTestMain 2>&1 | tee "$out/tests.txt" | tail -40
if command -v compute-sanitizer >/dev/null; then
  for tool in memcheck racecheck; do
    echo "== compute-sanitizer $tool"
    compute-sanitizer --tool "$tool" --target-processes all --print-limit 20 \
      "$java" "${opts[@]}" -cp "$cp" org.cryograd.kernels.GpuTestMain org.cryograd.kernels 2>&1 | tee "$out/sanitizer-$tool.txt" | tail -15
  done
else
  echo "compute-sanitizer not on the PATH: sanitizer runs skipped" | tee "$out/sanitizer.txt"
fi
mkdir -p bench/target && cp gpu-bundle/bench.jar bench/target/benchmarks.jar
echo "== PyTorch comparison"; bash bench/gpu/compare-torch-gpu.sh --quick 2>&1 | tee "$out/compare.txt" | tail -30
cp bench/RESULTS-GPU.md "$out/" 2>/dev/null || true
