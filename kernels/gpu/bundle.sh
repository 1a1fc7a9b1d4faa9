#!/usr/bin/env bash
# Packs what the GPU machine needs to run kernels/gpu/check.sh without Maven, a registry or a JDK:
#   gpu-bundle/lib/*.jar   every cryograd module jar this needs, the kernels and tensor test classes, KernelBench, the
#                          JMH benchmarks (bench jar) and one copy of each dependency (test scope for kernels, runtime
#                          for bench); JCuda's natives cut down to the driver API for linux-x86_64
#   jrt.tgz                a jlink Java runtime (bench/gpu/make-runtime.sh)
# It builds in the reactor (no install) with the dependency plugin named in full, so it works on a fresh local Maven
# repository: CRYOGRAD_MVN_ARGS passes e.g. "-o" or "-Dmaven.repo.local=/tmp/m2". Fails when the working tree plus
# bundle, i.e. what travels to the GPU machine, exceeds CRYOGRAD_BUNDLE_LIMIT_MIB (45; the carry limit is 64 MiB).
# Then, on the device tool: run(carry=["gpu-bundle","jrt.tgz"], command="bash kernels/gpu/check.sh").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
read -r -a mvn_args <<< "-B -q ${CRYOGRAD_MVN_ARGS:-}"
limit_mib="${CRYOGRAD_BUNDLE_LIMIT_MIB:-45}"
dep=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

# bench depends on every module it benchmarks, kernels included; -DskipTests still builds the test jars. Run in the same
# reactor as package, copy-dependencies takes the sibling modules' jars (and tensor's test jar) from their target/.
rm -rf gpu-bundle && mkdir -p gpu-bundle/lib
mvn "${mvn_args[@]}" -pl kernels,bench -am package "$dep:copy-dependencies" -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  -DincludeScope=test -DoutputDirectory="$root/gpu-bundle/lib"
cp bench/target/cryograd-bench-0.1.0-SNAPSHOT.jar gpu-bundle/lib/
(cd kernels/target/test-classes && jar cf "$root/gpu-bundle/lib/cryograd-kernels-tests.jar" .)

# JCuda: only the driver API is used (jcuda.driver.*; no runtime, NVRTC or PTX compiler), on x86-64 Linux
for n in gpu-bundle/lib/jcuda-natives-*.jar; do
  case "$n" in *linux-x86_64.jar) zip -q -d "$n" 'lib/libJNvPTXCompiler*' 'lib/libJCudaRuntime*' 'lib/libJNvrtc*' || true ;; *) rm -f "$n" ;; esac
  unzip -l "$n" | grep 'lib/libJCudaDriver-.*-linux-x86_64.so' >/dev/null || { echo "bundle: $n lost the driver library" >&2; exit 1; }
done

[ -x jrt/bin/java ] || bash bench/gpu/make-runtime.sh
tar cf - jrt | gzip -9 > jrt.tgz

# what the device tool carries: tracked and untracked-unignored files, plus the two carried paths
tree_bytes=$( { git ls-files -z; git ls-files -z --others --exclude-standard; } | xargs -0 -r stat -c %s -- 2>/dev/null | awk '{s+=$1} END {print s+0}')
bundle_bytes=$(find gpu-bundle -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
jrt_bytes=$(stat -c %s jrt.tgz)
awk -v t="$tree_bytes" -v b="$bundle_bytes" -v j="$jrt_bytes" -v l="$limit_mib" 'BEGIN {
  m = 1048576; total = (t + b + j) / m
  printf "bundle: tree %.1f MiB + gpu-bundle %.1f MiB + jrt.tgz %.1f MiB = %.1f MiB (limit %d MiB)\n", t / m, b / m, j / m, total, l
  exit total > l }' || { echo "bundle: over the $limit_mib MiB limit" >&2; exit 1; }
# the record the README quotes: what was measured, on which commit and machine, and how long the bundle took
mkdir -p results
{
  echo "# kernels/gpu/bundle.sh: what travels to the GPU machine (MiB = 2^20 bytes)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!results' 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "machine: $(uname -m), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "wall seconds: $SECONDS"
  awk -v t="$tree_bytes" -v b="$bundle_bytes" -v j="$jrt_bytes" 'BEGIN { m = 1048576;
    printf "tree_mib: %.1f\ngpu_bundle_mib: %.1f\njrt_tgz_mib: %.1f\ntotal_mib: %.1f\n", t / m, b / m, j / m, (t + b + j) / m }'
} > results/gpu-bundle-size.txt
echo "bundle: wrote results/gpu-bundle-size.txt"
