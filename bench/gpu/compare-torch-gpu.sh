#!/usr/bin/env bash
# On a GPU machine: times PyTorch (that machine's own, CUDA) and cryograd's CUDA backend on the same workloads in
# one call, prints the ratio table (cryograd time / PyTorch time) and writes it to bench/RESULTS-GPU.md with the
# device name and date. Also runs the device-memory growth check (GpuMemoryGrowth: 1,000 U-Net training steps).
#   bench/gpu/compare-torch-gpu.sh [--quick]
# Needs: python3 with a CUDA build of torch; java 17+ (JAVA_HOME, PATH, or ./jrt made by bench/gpu/make-runtime.sh);
# bench/target/benchmarks.jar (built where Maven works: mvn -B -q -pl bench -am package -DskipTests).
set -uo pipefail # no -e: a failing step is reported, and the table is still written with what ran
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
java="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
if [ -z "${JAVA:-}" ]; then
  [ -x "$root/jrt/bin/java" ] || { [ -f "$root/jrt.tgz" ] && tar xzf "$root/jrt.tgz" -C "$root"; }
  [ -x "$root/jrt/bin/java" ] && java="$root/jrt/bin/java"
fi
command -v "$java" >/dev/null || { echo "compare-torch-gpu: no java (set JAVA_HOME or carry ./jrt from bench/gpu/make-runtime.sh)" >&2; exit 2; }
# the benchmarks: CRYOGRAD_BENCH_CP (a class path, e.g. gpu-bundle/lib/* from kernels/gpu/bundle.sh) or the shaded jar
cp="${CRYOGRAD_BENCH_CP:-$root/bench/target/benchmarks.jar}"
[ -n "${CRYOGRAD_BENCH_CP:-}" ] || [ -f "$cp" ] || { echo "compare-torch-gpu: $cp missing (mvn -B -q -pl bench -am package -DskipTests)" >&2; exit 2; }
jmh=("$java" -cp "$cp" org.openjdk.jmh.Main -foe true) # -foe: a benchmark that throws fails its step (JMH exits 0 otherwise)
iters=(-wi 3 -i 5)
steps="${CRYOGRAD_GROWTH_STEPS:-1000}"
# quick: 1 s iterations and 300 growth steps (CudaBackendGpuTest also checks flat memory over 200 steps)
[ "${1:-}" = "--quick" ] && iters=(-wi 1 -i 3 -w 1s -r 1s) && steps="${CRYOGRAD_GROWTH_STEPS:-300}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
jvm="--add-modules=jdk.incubator.vector -Xmx16g"
failed=()
step() { # name command...: runs it, remembers a failure, goes on
  local name="$1"; shift
  "$@" || { echo "compare-torch-gpu: step $name failed (exit $?)" >&2; failed+=("$name"); }
}

gpu="$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)"
gpu="${gpu:-unknown}"
echo "compare-torch-gpu: $gpu" >&2
step torch bash -c 'python3 "$1" > "$2"' _ "$root/bench/gpu/torch_gpu_anchor.py" "$out/torch.csv"
torch_version="$(python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo unavailable)"

step anchors "${jmh[@]}" AnchorBenchmarks -e rfftn "${iters[@]}" -f 1 -p device=cuda -jvmArgsAppend "$jvm" -rf json -rff "$out/fp32.json" >&2
step gemm_tf32 "${jmh[@]}" 'AnchorBenchmarks.gemm_4096' "${iters[@]}" -f 1 -p device=cuda -jvmArgsAppend "$jvm -Dcryograd.cuda.tf32=true" \
  -rf json -rff "$out/tf32.json" >&2
step dual "${jmh[@]}" DualTrainingBenchmarks "${iters[@]}" -f 1 -p device=cuda -jvmArgsAppend "$jvm" -rf json -rff "$out/dual.json" >&2
step memory_growth bash -c 'set -o pipefail; "$@" | tee "$0" >&2' "$out/memory.txt" "$java" $jvm -cp "$cp" org.cryograd.bench.GpuMemoryGrowth cuda "$steps"

step table python3 - "$out" "$gpu" "$torch_version" "$("$java" -version 2>&1 | head -1)" "$root/bench/RESULTS-GPU.md" "${failed[*]:-}" <<'PY'
import csv, json, sys, datetime
out, gpu, torch_v, java_v, results, failed = sys.argv[1:]


def load(name):
    """A JMH result file, or [] when its step failed (missing, empty or cut short)."""
    try:
        with open(f"{out}/{name}.json") as f:
            r = json.load(f)
        return r if isinstance(r, list) else []
    except (OSError, ValueError):
        return []


try:
    torch = {r["name"]: float(r["median_ms"]) for r in csv.DictReader(open(f"{out}/torch.csv"))}
except (OSError, KeyError, ValueError):
    torch = {}
ours = {}
for f, suffix in (("fp32", ""), ("tf32", "_tf32")):
    for b in load(f):
        name = b["benchmark"].rsplit(".", 1)[1]
        if suffix and name != "gemm_4096":
            continue
        ours[(name.replace("gemm_4096", "gemm_4096_fp32") if not suffix else "gemm_4096_tf32")] = b["primaryMetric"]["score"]
rows = ["| workload | PyTorch ms | cryograd ms | ratio (cryograd / PyTorch) | target |", "|---|---|---|---|---|"]
targets = {"gemm_4096_fp32": "throughput >= 60% of PyTorch: ratio <= 1.67", "gemm_4096_tf32": "throughput >= 50%: ratio <= 2",
           "conv3d_fwdbwd_n4_c32_32cube": "<= 2", "siren_3_256x5_1_fwdbwd_16k": "<= 2"}
for name, t in torch.items():
    c = ours.get(name)
    rows.append(f"| {name} | {t:.3f} | {'n/a' if c is None else f'{c:.3f}'} | {'n/a' if c is None else f'{c / t:.2f}'} | {targets.get(name, '')} |")
for name in sorted(set(ours) - set(torch)):
    rows.append(f"| {name} | n/a | {ours[name]:.3f} | n/a | {targets.get(name, '')} |")
try:
    memory = open(f"{out}/memory.txt").read().strip() or "(no output)"
except OSError:
    memory = "(not run)"
dual = load("dual")
if dual:
    dual_ms = dual[0]["primaryMetric"]["score"]
    rows.append(f"| DUAL training step (quick nets, batch 2) | - | {dual_ms:.2f} | {2 / (dual_ms / 1e3):.1f} patches/s | - |")
else:
    rows.append("| DUAL training step (quick nets, batch 2) | - | n/a | n/a | - |")
if failed:
    rows.append(f"\nFailed steps: {failed} (their rows say n/a).")
text = (f"# GPU comparison ({datetime.date.today()})\n\nDevice: {gpu}. PyTorch {torch_v} (CUDA events, median of 20), "
        f"cryograd via JMH ({java_v}); same call, same machine.\n\n" + "\n".join(rows) + "\n\nMemory growth check:\n\n```\n" + memory + "\n```\n")
open(results, "w").write(text)
print(text)
PY
if [ "${#failed[@]}" -gt 0 ]; then
  echo "compare-torch-gpu: FAIL: ${failed[*]}" >&2
  exit 1
fi
echo "compare-torch-gpu: pass" >&2
