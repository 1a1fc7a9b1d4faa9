#!/usr/bin/env bash
# Times PyTorch (Debian python3-torch) and cryograd on the same workloads, same machine, same run, 2 threads,
# and writes the ratio table, with the commit, machine and wall time, to results/torch-comparison.md.
#   bench/compare-torch.sh            full JMH run (3 warm-up + 5 measured iterations per workload)
#   bench/compare-torch.sh --quick    1 warm-up + 3 measured iterations
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchors="$root/../shared/anchors"
threads=2
jmh_iter=(-wi 3 -i 5)
[ "${1:-}" = "--quick" ] && jmh_iter=(-wi 1 -i 3 -w 1 -r 1)
out="$(mktemp -d)"
start_s=$(date +%s)
trap 'rm -rf "$out"' EXIT

[ -f "$anchors/torch_cpu_anchor.py" ] || { echo "compare-torch: $anchors/torch_cpu_anchor.py not found (../shared must sit beside the checkout)" >&2; exit 2; }
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "compare-torch: installing python3-torch (Debian)..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >&2
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >&2; fi
fi

# Debian's python3-torch runs its matrix products on whatever libblas.so.3 is installed; the reference (netlib) one
# makes a 1024^3 matmul about 30x slower than OpenBLAS, which would flatter cryograd. Use OpenBLAS (OpenMP build,
# the same runtime as torch's own threads).
blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)"
if [[ "$blas" != *openblas* && "$blas" != *mkl* && "$blas" != *blis* ]]; then
  echo "compare-torch: libblas.so.3 is '${blas:-absent}', installing libopenblas0-openmp (Debian)..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-openmp >&2
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-openmp >&2; fi
  blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
fi

peak="n/a"
if command -v gcc >/dev/null; then
  gcc -O3 -mavx2 -mfma -fopenmp "$anchors/fma_peak.c" -o "$out/fma_peak" 2>/dev/null && \
    peak="$(OMP_NUM_THREADS=$threads "$out/fma_peak" | sed -E 's/.*: ([0-9.]+) GFLOP.*/\1/')"
fi
echo "compare-torch: FMA peak ($threads threads): $peak GFLOP/s" >&2

echo "compare-torch: PyTorch..." >&2
/usr/bin/python3 "$anchors/torch_cpu_anchor.py" "$threads" > "$out/torch.csv"
# the DUAL training step in PyTorch (the fixture script's networks at DualConfig.quick() sizes)
/usr/bin/python3 "$root/bench/torch_dual_step.py" "$threads" | tail -n +2 >> "$out/torch.csv"
# 3-D real FFTs at cryo-EM box sizes (FftBenchmarks)
/usr/bin/python3 "$root/bench/torch_fft_sizes.py" "$threads" >> "$out/torch.csv"
torch_version="$(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"

echo "compare-torch: building the JMH jar..." >&2
(cd "$root" && mvn -B -q -pl bench -am package -DskipTests) >&2
echo "compare-torch: cryograd (JMH)..." >&2
java -jar "$root/bench/target/benchmarks.jar" "${jmh_iter[@]}" -f 1 -prof gc \
  -e gemm_4096 -jvmArgsAppend "--add-modules=jdk.incubator.vector -Xmx8g -Dcryograd.threads=$threads" -rf json -rff "$out/jmh.json" >&2
# (a command-line -jvmArgsAppend replaces the benchmarks' own, so the Vector API module is named here again)

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)"
java_version="$(java -version 2>&1 | head -1)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- . ':!results' 2>/dev/null || echo ' (with uncommitted changes)')"
wall=$(( $(date +%s) - start_s ))
mkdir -p "$root/results"
/usr/bin/python3 - "$out/torch.csv" "$out/jmh.json" "$peak" "$cpu" "$java_version" "$torch_version" "$threads" "$root/results/torch-comparison.md" "$commit" "$wall" "$*" "$blas" <<'PY'
import csv, json, sys, datetime
torch_csv, jmh_json, peak, cpu, java_v, torch_v, threads, results, commit, wall, args, blas = sys.argv[1:]
torch = {r["name"]: r for r in csv.DictReader(l for l in open(torch_csv) if not l.startswith("#"))}
jmh = {}
for b in json.load(open(jmh_json)):
    name = b["benchmark"].rsplit(".", 1)[1]
    alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    jmh[name] = (b["primaryMetric"]["score"], b["primaryMetric"].get("scoreError"), alloc)
peak = float(peak) if peak not in ("n/a", "") else None
rows = ["| workload | PyTorch ms | cryograd ms (± err) | ratio | cryograd GFLOP/s | share of FMA peak | alloc MB/op |",
        "|---|---:|---:|---:|---:|---:|---:|"]
for name, (ms, err, alloc) in jmh.items():
    t = torch.get(name)
    alloc_s = f"{alloc / 1e6:.1f}" if alloc is not None else "n/a"
    err_s = f"{ms:.2f} (± {err:.2f})" if err == err and err is not None else f"{ms:.2f}"
    if t:
        tms, tgf = float(t["median_ms"]), float(t["gflops"])
        if tgf == tgf:
            gf = tgf * tms / ms  # the anchor's FLOP count over cryograd's time
            gf_s, share = f"{gf:.1f}", (f"{100 * gf / peak:.0f} %" if peak else "n/a")
        else:  # no FLOP count for this workload (the DUAL step)
            gf_s, share = "–", "–"
        rows.append(f"| {name} | {tms:.2f} | {err_s} | {ms / tms:.2f} | {gf_s} | {share} | {alloc_s} |")
    else:
        rows.append(f"| {name} | – | {err_s} | – | – | – | {alloc_s} |")
table = "\n".join(rows)
print(table)
with open(results, "w") as f:
    f.write("# Benchmark results: cryograd vs PyTorch on the same machine\n\n")
    f.write(f"Run {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} by `{('bench/compare-torch.sh ' + args).strip()}`, {threads} threads each.\n\n")
    f.write(f"- commit: {commit}; wall time of the whole script: {wall} s\n")
    f.write(f"- CPU: {cpu}; fp32 FMA peak ({threads} threads, shared/anchors/fma_peak.c): {peak or 'n/a'} GFLOP/s\n")
    f.write(f"- cryograd: {java_v}, JMH 1.37, `-Dcryograd.threads={threads}`\n- PyTorch: {torch_v} (Debian python3-torch), `torch.set_num_threads({threads})`, BLAS {blas}\n\n")
    f.write("ratio = cryograd time / PyTorch time (lower is better); GFLOP/s from the anchor script's FLOP counts; "
            "alloc = JMH `-prof gc` gc.alloc.rate.norm (bytes allocated on the Java heap per operation).\n\n")
    f.write(table + "\n")
    for name, (ms, err, alloc) in jmh.items():
        if name.startswith("dual_train_step"):
            t = torch.get(name)
            ref = f" (PyTorch, bench/torch_dual_step.py: {2 / (float(t['median_ms']) / 1e3):.2f} patches/s)" if t else ""
            f.write(f"\nDUAL training throughput ({name}: quick networks, batch 2, 32^3 patches, full generator + "
                    f"discriminator update): {2 / (ms / 1e3):.2f} patches/s{ref}.\n")
PY
echo "compare-torch: wrote $root/results/torch-comparison.md" >&2
