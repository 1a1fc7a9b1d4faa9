#!/usr/bin/env bash
# The one-call GPU check. On the GPU machine, in the repository root, with gpu-bundle/ and jrt.tgz carried from
# kernels/gpu/bundle.sh:   run(carry=["gpu-bundle","jrt.tgz"], command="bash kernels/gpu/check.sh")
# Phases, in order, each under its share of one time budget:
#   tests      GpuTestMain: the CUDA cases of the kernels and tensor suites (no emulator, no nvcc, no source files)
#   bench      KernelBench: GFLOP/s of every GEMM and conv variant
#   compare    bench/gpu/compare-torch-gpu.sh --quick: ratios to this machine's PyTorch, and device-memory growth
#   memcheck   compute-sanitizer memcheck over the validators (--error-exitcode: any error fails the phase)
#   racecheck  compute-sanitizer racecheck over the validators of the shared-memory kernels (GEMM, conv)
#   synccheck  compute-sanitizer synccheck over the same
# Writes $OUT/summary.txt (OUT defaults to ./gpu-out): one line per phase (pass, fail, no-gpu, skipped or not run, with
# seconds and why) and a verdict line, and every phase's full output to $OUT/<phase>.txt. Exit status: 0 when every
# selected phase passed, 1 on a failure or when a selected phase did not run (budget, no compute-sanitizer), 3 when
# there is no GPU (nvidia-smi lists none and GpuTestMain cannot open a CUDA device).
#
# Environment:
#   CRYOGRAD_CHECK_BUDGET     total seconds for all phases (360); a phase gets at least CRYOGRAD_CHECK_MIN_PHASE (20)
#                             and otherwise the remaining time in proportion to its weight; with less left it is "not run"
#   CRYOGRAD_CHECK_PHASES     the phases to run (all of the above); the others are listed as not selected
#   CRYOGRAD_CHECK_SANITIZE   validator classes for memcheck (all six); CRYOGRAD_CHECK_RACE for racecheck and synccheck
#   CRYOGRAD_CHECK_FAKE       for testing this script (kernels/gpu/test-check.sh): comma-separated PHASE (its command
#                             becomes `false`) or PHASE:hang (`sleep`, so it runs into its time limit)
#   CRYOGRAD_CHECK_DRY=1      for testing: every phase not faked runs `true` instead of its command
set -uo pipefail # no -e: every phase's status is recorded and the run always reaches the verdict
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${OUT:-$root/gpu-out}"
mkdir -p "$out"
summary="$out/summary.txt"
budget="${CRYOGRAD_CHECK_BUDGET:-360}"
min_phase="${CRYOGRAD_CHECK_MIN_PHASE:-20}"
selected=" ${CRYOGRAD_CHECK_PHASES:-tests bench compare memcheck racecheck synccheck} "
fake=",${CRYOGRAD_CHECK_FAKE:-},"
dry="${CRYOGRAD_CHECK_DRY:-0}"
all_phases=(tests bench compare memcheck racecheck synccheck)
declare -A weight=([tests]=25 [bench]=10 [compare]=30 [memcheck]=15 [racecheck]=12 [synccheck]=8)
t0=$(date +%s)
touch "$out/.start" # outputs newer than this come from this run

validators="org.cryograd.kernels.DeviceOpsKernelTest org.cryograd.kernels.GemmKernelTest org.cryograd.kernels.ConvKernelTest"
validators="$validators org.cryograd.kernels.PoolKernelTest org.cryograd.kernels.UpsampleKernelTest org.cryograd.kernels.SpmmKernelTest"
sanitize="${CRYOGRAD_CHECK_SANITIZE:-$validators}"
race="${CRYOGRAD_CHECK_RACE:-org.cryograd.kernels.GemmKernelTest org.cryograd.kernels.ConvKernelTest}" # only these use __shared__

lines=()
line() { lines+=("$(printf '%-10s %-22s %s' "$1" "$2" "$3")"); }
write_summary() { # $1 verdict
  {
    echo "cryograd GPU check, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), budget ${budget} s"
    echo "device: $device"
    printf '%s\n' "${lines[@]}"
    echo "verdict: $1"
  } > "$summary"
  echo "==== summary ($summary)"
  cat "$summary"
}

# ---------------------------------------------------------------------------------------------------- device, java
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi > "$out/nvidia-smi.txt" 2>&1
  device="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)"
  gpus=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU ')
else
  device="(nvidia-smi not on the PATH)" gpus=0
  echo "nvidia-smi: not on the PATH" > "$out/nvidia-smi.txt"
fi
[ "$gpus" -gt 0 ] || device="none listed by nvidia-smi${device:+ $device}"

java=""
if [ -x jrt/bin/java ] || { [ -f jrt.tgz ] && tar xzf jrt.tgz; }; then
  java="$root/jrt/bin/java"
elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  java="$(command -v java)"
fi
setup_problem=""
[ -n "$java" ] || setup_problem="no java (carry jrt.tgz from kernels/gpu/bundle.sh)"
ls gpu-bundle/lib/cryograd-kernels-tests.jar >/dev/null 2>&1 || setup_problem="${setup_problem:+$setup_problem; }no gpu-bundle/ (carry it from kernels/gpu/bundle.sh)"
cp="$root/gpu-bundle/lib/*"
jvm=(--add-modules jdk.incubator.vector -Xss4m -Xmx16g)
line setup "$([ -z "$setup_problem" ] && echo pass || echo fail)" "${setup_problem:-java: $java ($("$java" -version 2>&1 | head -1))}"

# ---------------------------------------------------------------------------------------------------- phases
# Stops process group $1 after $2 seconds (TERM, then KILL 10 s later), first touching $3; ends quietly on TERM.
watchdog() {
  local s
  trap 'kill "$s" 2>/dev/null; exit 0' TERM
  sleep "$2" & s=$!
  wait "$s"
  touch "$3"
  kill -TERM -- -"$1" 2>/dev/null
  sleep 10 & s=$!
  wait "$s"
  kill -KILL -- -"$1" 2>/dev/null
}

# Runs "$@" as phase $1's command in its own process group (setsid), so that at the limit, and after it ends, nothing
# it started (forked JVMs, python) lives on. Sets rc (124 on timeout) and secs.
run_limited() {
  local name="$1" limit="$2"; shift 2
  local start; start=$(date +%s)
  rm -f "$out/.timeout"
  setsid -w "$@" > "$out/$name.txt" 2>&1 < /dev/null &  # -w: the status even where setsid must fork
  local pid=$!
  watchdog "$pid" "$limit" "$out/.timeout" > /dev/null 2>&1 &
  local watcher=$!
  wait "$pid"; rc=$?
  kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null
  kill -KILL -- -"$pid" 2>/dev/null
  [ -f "$out/.timeout" ] && rc=124
  rm -f "$out/.timeout"
  secs=$(( $(date +%s) - start ))
}

command_for() { # the phase's command, as an array in cmd
  local p="$1"
  case "$fake" in
    *",$p,"*) cmd=(false); return ;;
    *",$p:hang,"*) cmd=(sleep 100000); return ;;
  esac
  if [ "$dry" = 1 ]; then cmd=(true); return; fi
  local sanitizer=(compute-sanitizer --error-exitcode 86 --print-limit 50)
  case "$p" in
    tests) cmd=("$java" "${jvm[@]}" -cp "$cp" org.cryograd.kernels.GpuTestMain) ;;
    bench) cmd=("$java" "${jvm[@]}" -cp "$cp" org.cryograd.kernels.KernelBench) ;;
    compare) cmd=(env CRYOGRAD_BENCH_CP="$cp" JAVA="$java" bash bench/gpu/compare-torch-gpu.sh --quick) ;;
    memcheck) cmd=("${sanitizer[@]}" --tool memcheck "$java" "${jvm[@]}" -cp "$cp" org.cryograd.kernels.GpuTestMain $sanitize) ;;
    racecheck) cmd=("${sanitizer[@]}" --tool racecheck --racecheck-report all "$java" "${jvm[@]}" -cp "$cp" org.cryograd.kernels.GpuTestMain $race) ;;
    synccheck) cmd=("${sanitizer[@]}" --tool synccheck "$java" "${jvm[@]}" -cp "$cp" org.cryograd.kernels.GpuTestMain $race) ;;
  esac
}

remaining_weight() { local w=0 q; for q in "$@"; do w=$((w + weight[$q])); done; echo "$w"; }

# the reason a phase did not pass, from its output
why() {
  local p="$1" f="$out/$1.txt"
  if [ "$rc" = 124 ]; then echo "timeout: stopped at its limit of ${limit} s"; return; fi
  case "$p" in
    memcheck|racecheck|synccheck)
      local s; s=$(grep -E '(ERROR|RACECHECK|SYNCCHECK) SUMMARY' "$f" | tail -1)
      [ "$rc" = 86 ] && { echo "exit $rc: sanitizer errors${s:+: $s}"; return; } ;;
  esac
  local last; last=$(grep -E 'GpuTestMain: |compare-torch-gpu: FAIL' "$f" 2>/dev/null | tail -1)
  [ -n "$last" ] || last=$(grep -vE '^\s+at ' "$f" 2>/dev/null | grep -m1 -E 'Exception|Error')
  last=$(echo "$last" | cut -c1-160)
  echo "exit $rc${last:+: $last}"
}

nogpu=0 failed=() notrun=() unselected=()
todo=()
for p in "${all_phases[@]}"; do
  if [[ "$selected" == *" $p "* ]]; then todo+=("$p"); else unselected+=("$p"); fi
done
sanitizer_bin="$(command -v compute-sanitizer || ls /usr/local/cuda*/bin/compute-sanitizer 2>/dev/null | head -1)"
[ -n "$sanitizer_bin" ] && PATH="$(dirname "$sanitizer_bin"):$PATH"

for i in "${!todo[@]}"; do
  p="${todo[$i]}"
  rest=("${todo[@]:$i}")
  if [ -n "$setup_problem" ]; then line "$p" "not run" "setup failed"; notrun+=("$p"); continue; fi
  if [ "$nogpu" = 1 ]; then line "$p" "not run" "no GPU"; continue; fi
  left=$(( budget - ($(date +%s) - t0) ))
  if [ "$left" -lt "$min_phase" ]; then line "$p" "not run" "budget: ${left} s left of ${budget} s"; notrun+=("$p"); continue; fi
  limit=$(( left * weight[$p] / $(remaining_weight "${rest[@]}") ))
  [ "$limit" -ge "$min_phase" ] || limit=$min_phase
  # no GPU listed: GpuTestMain should say so in seconds; keep the no-GPU verdict (or a timeout) within a minute
  [ "$gpus" = 0 ] && [ "$p" = tests ] && [ "$limit" -gt 45 ] && limit=45
  case "$p" in memcheck|racecheck|synccheck)
    if [ -z "$sanitizer_bin" ] && [ "$dry" != 1 ] && [[ "$fake" != *",$p"* ]]; then
      line "$p" "skipped" "no compute-sanitizer on the PATH or in /usr/local/cuda*/bin"; notrun+=("$p"); continue
    fi ;;
  esac
  command_for "$p"
  echo "==== $p (limit ${limit} s): ${cmd[*]}"
  run_limited "$p" "$limit" "${cmd[@]}"
  tail -n 25 "$out/$p.txt"
  if [ "$rc" = 0 ]; then
    line "$p" "pass ($secs s)" "$(grep -E 'GpuTestMain:|compare-torch-gpu:|^device:|(ERROR|RACECHECK|SYNCCHECK) SUMMARY' "$out/$p.txt" | tail -1 | cut -c1-160)"
  elif [ "$p" = tests ] && [ "$rc" = 3 ] && [ "$gpus" = 0 ]; then
    nogpu=1
    line "$p" "no-gpu ($secs s)" "$(grep 'GpuTestMain:' "$out/$p.txt" | tail -1 | cut -c1-200)"
  elif [ "$p" = tests ] && [ "$rc" = 3 ]; then
    failed+=("$p")
    line "$p" "fail ($secs s)" "nvidia-smi lists a GPU but CUDA did not open: $(grep 'GpuTestMain:' "$out/$p.txt" | tail -1 | cut -c1-160)"
  else
    failed+=("$p")
    line "$p" "fail ($secs s)" "$(why "$p")"
  fi
done
for p in "${unselected[@]}"; do line "$p" "skipped" "not selected (CRYOGRAD_CHECK_PHASES)"; done
[ bench/RESULTS-GPU.md -nt "$out/.start" ] && cp bench/RESULTS-GPU.md "$out/"
rm -f "$out/.start"

total=$(( $(date +%s) - t0 ))
if [ "$nogpu" = 1 ]; then
  write_summary "NO GPU (exit 3; ${total} s)"; exit 3
elif [ -n "$setup_problem" ] || [ "${#failed[@]}" -gt 0 ]; then
  write_summary "FAIL: ${failed[*]:-setup}${notrun[*]:+; not run: ${notrun[*]}} (exit 1; ${total} s)"; exit 1
elif [ "${#notrun[@]}" -gt 0 ]; then
  write_summary "INCOMPLETE: not run: ${notrun[*]} (exit 1; ${total} s)"; exit 1
else
  write_summary "PASS${unselected[*]:+ (not selected: ${unselected[*]})} (exit 0; ${total} s)"; exit 0
fi
