#!/usr/bin/env bash
# Proves kernels/gpu/check.sh tells the truth, on a machine WITHOUT a GPU (about a minute; needs the bundle:
# bash kernels/gpu/bundle.sh first):
#   1. the real check exits 3 within 60 s, its summary saying NO GPU (GpuTestMain found no CUDA device);
#   2. with a fake nvidia-smi and every phase's command replaced by `true`, it exits 0 with PASS;
#   3. making each phase's command `false` in turn exits 1, that phase's line says fail and the verdict names it;
#   4. phases that hang are stopped at their limit (timeout) and, once the budget is spent, the rest are "not run";
#   5. a listed GPU that CUDA cannot open, and a failing KernelBench, are failures (real commands, fake nvidia-smi);
#   6. without compute-sanitizer the sanitizer phases are skipped and the verdict is INCOMPLETE, exit 1;
#   7. the bundle's runtime and class path load JMH and its benchmark list (what the compare phase runs);
#   8. past its device check, GpuTestMain runs its selection from the bundle (every CUDA case skips here: exit 1);
#   9. sanitizer errors (a fake compute-sanitizer exiting with --error-exitcode's 86) fail memcheck, racecheck and
#      synccheck, whose logged command lines carry --error-exitcode, the tool and GpuTestMain with the validators.
# Prints one line per assertion and exits 1 on the first failed one.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
check="$root/kernels/gpu/check.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
[ -f gpu-bundle/lib/cryograd-kernels-tests.jar ] && [ -f jrt.tgz ] || { echo "test-check: run kernels/gpu/bundle.sh first" >&2; exit 2; }
phases=(tests bench compare memcheck racecheck synccheck)

ok() { echo "ok   $*"; }
no() { echo "FAIL $*"; exit 1; }
expect() { # description, condition (evaluated)
  if eval "$2"; then ok "$1"; else no "$1 [$2]"; echo "---- summary:"; cat "$summary" 2>/dev/null; exit 1; fi
}
# runs check.sh with OUT=$tmp/$1 and the given environment; sets rc, secs, summary
run() {
  local name="$1"; shift
  local start; start=$(date +%s)
  env OUT="$tmp/$name" "$@" timeout 300 bash "$check" > "$tmp/$name.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  summary="$tmp/$name/summary.txt"
}
phase_line() { grep -E "^$1 " "$summary"; }
verdict() { grep '^verdict: ' "$summary"; }

# a fake nvidia-smi that lists one GPU
mkdir -p "$tmp/shim"
cat > "$tmp/shim/nvidia-smi" <<'EOF'
#!/bin/sh
case "$*" in
  *-L*) echo "GPU 0: Fake GPU for test-check.sh (UUID: GPU-00000000)" ;;
  *--query-gpu*) echo "Fake GPU for test-check.sh, 0.0, 1 MiB" ;;
  *) echo "fake nvidia-smi (kernels/gpu/test-check.sh)" ;;
esac
EOF
chmod +x "$tmp/shim/nvidia-smi"
fakegpu=(PATH="$tmp/shim:$PATH")

# 1. no GPU, for real
if command -v nvidia-smi >/dev/null && nvidia-smi -L 2>/dev/null | grep '^GPU ' >/dev/null; then
  echo "skip 1: this machine lists a GPU"
else
  run nogpu
  expect "no GPU: exit 3 (was $rc)" '[ "$rc" = 3 ]'
  expect "no GPU: within 60 s (took $secs s)" '[ "$secs" -lt 60 ]'
  expect "no GPU: verdict NO GPU" 'verdict | grep "^verdict: NO GPU" >/dev/null'
  expect "no GPU: GpuTestMain said so" 'phase_line tests | grep "no-gpu.*GpuTestMain: no usable CUDA device" >/dev/null'
  expect "no GPU: the other phases not run" '[ "$(grep -c "not run  *no GPU" "$summary")" = 5 ]'
fi

# 2. every phase passes
run pass "${fakegpu[@]}" CRYOGRAD_CHECK_DRY=1
expect "all pass: exit 0 (was $rc)" '[ "$rc" = 0 ]'
expect "all pass: verdict PASS" 'verdict | grep "^verdict: PASS (exit 0" >/dev/null'
for p in "${phases[@]}"; do expect "all pass: $p passed" 'phase_line $p | grep "^$p  *pass (" >/dev/null'; done

# 3. each phase fails on its own
for p in "${phases[@]}"; do
  run "fail-$p" "${fakegpu[@]}" CRYOGRAD_CHECK_DRY=1 CRYOGRAD_CHECK_FAKE="$p"
  expect "$p fails: exit 1 (was $rc)" '[ "$rc" = 1 ]'
  expect "$p fails: its line says fail" 'phase_line $p | grep "^$p  *fail (.*exit 1" >/dev/null'
  expect "$p fails: the verdict names it" 'verdict | grep "^verdict: FAIL: $p (exit 1" >/dev/null'
  expect "$p fails: the other five pass" '[ "$(grep -c "  *pass (" "$summary")" = 5 ]'
done

# 4. hung phases hit their limits, then the budget runs out
run budget "${fakegpu[@]}" CRYOGRAD_CHECK_DRY=1 CRYOGRAD_CHECK_FAKE=tests:hang,bench:hang CRYOGRAD_CHECK_BUDGET=25 CRYOGRAD_CHECK_MIN_PHASE=10
expect "budget: exit 1 (was $rc)" '[ "$rc" = 1 ]'
expect "budget: done within the budget and the kill grace (took $secs s)" '[ "$secs" -lt 40 ]'
expect "budget: tests timed out" 'phase_line tests | grep "fail (.*timeout: stopped at its limit of 10 s" >/dev/null'
expect "budget: bench timed out" 'phase_line bench | grep "fail (.*timeout" >/dev/null'
for p in compare memcheck racecheck synccheck; do expect "budget: $p not run" 'phase_line $p | grep "not run  *budget" >/dev/null'; done
expect "budget: the verdict says so" 'verdict | grep "^verdict: FAIL: tests bench; not run: compare memcheck racecheck synccheck" >/dev/null'

# 5. a GPU that nvidia-smi lists but CUDA cannot open; KernelBench without a device (real commands)
run broken "${fakegpu[@]}" CRYOGRAD_CHECK_PHASES="tests bench"
expect "listed GPU, no CUDA: exit 1 (was $rc)" '[ "$rc" = 1 ]'
expect "listed GPU, no CUDA: tests fail saying why" 'phase_line tests | grep "fail (.*nvidia-smi lists a GPU but CUDA did not open" >/dev/null'
expect "listed GPU, no CUDA: bench fails" 'phase_line bench | grep "fail (.*exit 1" >/dev/null'
expect "listed GPU, no CUDA: the unselected phases are listed" '[ "$(grep -c "skipped  *not selected" "$summary")" = 4 ]'

# 6. no compute-sanitizer
if command -v compute-sanitizer >/dev/null || ls /usr/local/cuda*/bin/compute-sanitizer >/dev/null 2>&1; then
  echo "skip 6: compute-sanitizer is installed here"
else
  run nosan "${fakegpu[@]}" CRYOGRAD_CHECK_PHASES="memcheck racecheck synccheck"
  expect "no sanitizer: exit 1 (was $rc)" '[ "$rc" = 1 ]'
  expect "no sanitizer: three phases skipped" '[ "$(grep -c "skipped  *no compute-sanitizer" "$summary")" = 3 ]'
  expect "no sanitizer: verdict INCOMPLETE" 'verdict | grep "^verdict: INCOMPLETE: not run: memcheck racecheck synccheck" >/dev/null'
fi

# 8. the bundle's runtime runs GpuTestMain's selection from the repository root: past the device check, every CUDA case
#    runs and skips here (no device), which must read as a failure, not a pass
[ -x jrt/bin/java ] || tar xzf jrt.tgz
jrt/bin/java --add-modules jdk.incubator.vector -Dcryograd.gpucheck.noDeviceCheck=true -cp "gpu-bundle/lib/*" \
  org.cryograd.kernels.GpuTestMain > "$tmp/selection.txt" 2>&1
rc=$?
skipped=$(sed -n 's/^GpuTestMain: FAIL (0 passed, 0 failed, \([0-9]*\) skipped or aborted)$/\1/p' "$tmp/selection.txt")
expect "selection: exit 1 when every case skipped (was $rc)" '[ "$rc" = 1 ]'
found=$(sed -n 's/^\[ *\([0-9]*\) tests found *\]$/\1/p' "$tmp/selection.txt")
expect "selection: the CUDA cases were found (${found:-none}; 47 when written) and all skipped (${skipped:-none})" '[ "${found:-0}" -gt 40 ] && [ "$skipped" = "$found" ]'
expect "selection: the validators' gpu kind, CudaBackendGpuTest and the tensor suite's cuda:0 among them" \
  'grep "^  \[1\] gpu: aborted" "$tmp/selection.txt" >/dev/null && grep "^  badGatherIndexThrowsAtTheNextReadOnce" "$tmp/selection.txt" >/dev/null && grep "^  cuda:0: aborted: cuda:0 unavailable" "$tmp/selection.txt" >/dev/null'
expect "selection: no emulator case" '! grep -E "\] emu|emulator" "$tmp/selection.txt" >/dev/null'

# 9. the sanitizer phases' real command lines, with a fake compute-sanitizer that logs its arguments and finds errors
mkdir -p "$tmp/san"
printf '#!/bin/sh\necho "$*" >> "%s"\necho "========= ERROR SUMMARY: 3 errors"\nexit 86\n' "$tmp/san/args" > "$tmp/san/compute-sanitizer"
chmod +x "$tmp/san/compute-sanitizer"
run sanfail PATH="$tmp/san:$tmp/shim:$PATH" CRYOGRAD_CHECK_PHASES="memcheck racecheck synccheck"
expect "sanitizer errors: exit 1 (was $rc)" '[ "$rc" = 1 ]'
for t in memcheck racecheck synccheck; do
  expect "sanitizer errors: $t fails with its error summary" 'phase_line $t | grep "fail (.*exit 86: sanitizer errors: ========= ERROR SUMMARY: 3 errors" >/dev/null'
  expect "sanitizer errors: $t ran with --error-exitcode and GpuTestMain" 'grep -q "^--error-exitcode 86 .*--tool $t .*org.cryograd.kernels.GpuTestMain .*org.cryograd.kernels.GemmKernelTest" "$tmp/san/args"'
done
expect "sanitizer errors: memcheck covers all six validators" '[ "$(grep -- "--tool memcheck" "$tmp/san/args" | grep -o "KernelTest" | wc -l)" = 6 ]'

# 7. the bundle runs JMH from its class path on its own runtime
[ -x jrt/bin/java ] || tar xzf jrt.tgz
jrt/bin/java -cp "gpu-bundle/lib/*" org.openjdk.jmh.Main -l > "$tmp/jmh.txt" 2>&1
expect "bundle: JMH lists the anchor and DUAL benchmarks" 'grep -q "AnchorBenchmarks.gemm_4096" "$tmp/jmh.txt" && grep -q "DualTrainingBenchmarks" "$tmp/jmh.txt"'
echo "test-check: all passed"
