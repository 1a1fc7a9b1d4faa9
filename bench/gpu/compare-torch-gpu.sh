#!/usr/bin/env bash
# On a GPU machine: times PyTorch (that machine's own, CUDA) and cryograd's CUDA backend on the same workloads in
# one call, prints the ratio table (cryograd time / PyTorch time) and writes it to bench/RESULTS-GPU.md with the
# device name and date. Also runs the device-memory growth check (GpuMemoryGrowth: 1,000 U-Net training steps).
#   bench/gpu/compare-torch-gpu.sh [--quick]
# Needs: python3 with a CUDA build of torch; java 17+ (JAVA_HOME, PATH, or ./jrt made by bench/gpu/make-runtime.sh);
# bench/target/benchmarks.jar (built where Maven works: mvn -B -q -pl bench -am package -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ -x "$root/jrt/bin/java" ] || { [ -f "$root/jrt.tgz" ] && tar xzf "$root/jrt.tgz" -C "$root"; }
[ -x "$root/jrt/bin/java" ] && java="$root/jrt/bin/java"
command -v "$java" >/dev/null || { echo "compare-torch-gpu: no java (set JAVA_HOME or carry ./jrt from bench/gpu/make-runtime.sh)" >&2; exit 2; }
jar="$root/bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "compare-torch-gpu: $jar missing (mvn -B -q -pl bench -am package -DskipTests)" >&2; exit 2; }
iters=(-wi 3 -i 5)
[ "${1:-}" = "--quick" ] && iters=(-wi 1 -i 3)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
jvm="--add-modules=jdk.incubator.vector -Xmx16g"

gpu="$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1 || echo unknown)"
echo "compare-torch-gpu: $gpu" >&2
python3 "$root/bench/gpu/torch_gpu_anchor.py" > "$out/torch.csv"
torch_version="$(python3 -c 'import torch; print(torch.__version__)')"

"$java" -jar "$jar" AnchorBenchmarks -e rfftn "${iters[@]}" -f 1 -p device=cuda -jvmArgsAppend "$jvm" -rf json -rff "$out/fp32.json" >&2
"$java" -jar "$jar" 'AnchorBenchmarks.gemm_4096' "${iters[@]}" -f 1 -p device=cuda -jvmArgsAppend "$jvm -Dcryograd.cuda.tf32=true" \
  -rf json -rff "$out/tf32.json" >&2
"$java" -jar "$jar" DualTrainingBenchmarks "${iters[@]}" -f 1 -p device=cuda -jvmArgsAppend "$jvm" -rf json -rff "$out/dual.json" >&2
"$java" $jvm -cp "$jar" org.cryograd.bench.GpuMemoryGrowth cuda 1000 | tee "$out/memory.txt" >&2

python3 - "$out" "$gpu" "$torch_version" "$("$java" -version 2>&1 | head -1)" "$root/bench/RESULTS-GPU.md" <<'PY'
import csv, json, sys, datetime
out, gpu, torch_v, java_v, results = sys.argv[1:]
torch = {r["name"]: float(r["median_ms"]) for r in csv.DictReader(open(f"{out}/torch.csv"))}
ours = {}
for f, suffix in (("fp32", ""), ("tf32", "_tf32")):
    for b in json.load(open(f"{out}/{f}.json")):
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
memory = open(f"{out}/memory.txt").read().strip()
dual_ms = json.load(open(f"{out}/dual.json"))[0]["primaryMetric"]["score"]
rows.append(f"| DUAL training step (quick nets, batch 2) | - | {dual_ms:.2f} | {2 / (dual_ms / 1e3):.1f} patches/s | - |")
text = (f"# GPU comparison ({datetime.date.today()})\n\nDevice: {gpu}. PyTorch {torch_v} (CUDA events, median of 20), "
        f"cryograd via JMH ({java_v}); same call, same machine.\n\n" + "\n".join(rows) + "\n\nMemory growth check:\n\n```\n" + memory + "\n```\n")
open(results, "w").write(text)
print(text)
PY
