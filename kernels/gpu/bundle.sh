#!/usr/bin/env bash
# Packs what the GPU machine needs to run the device tests and benchmarks without Maven or a registry:
#   gpu-bundle/lib/*.jar   kernels + tensor (main and test classes) and every test dependency
#   gpu-bundle/bench.jar   bench/target/benchmarks.jar (JMH, includes the CUDA backend)
#   jrt.tgz                a Java runtime (bench/gpu/make-runtime.sh), compressed: the carry limit is 64 MiB
# Run here (Maven works), then on the device tool: run(carry=["gpu-bundle","jrt.tgz"], command="bash kernels/gpu/check.sh").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -B -q -o install -DskipTests
mvn -B -q -o -pl bench package -DskipTests
rm -rf gpu-bundle && mkdir -p gpu-bundle/lib
mvn -B -q -o -f kernels/pom.xml dependency:copy-dependencies -DincludeScope=test -DoutputDirectory="$root/gpu-bundle/lib"
(cd kernels/target/test-classes && jar cf "$root/gpu-bundle/lib/cryograd-kernels-tests.jar" .)
cp kernels/target/cryograd-kernels-*-SNAPSHOT.jar gpu-bundle/lib/
cp bench/target/benchmarks.jar gpu-bundle/bench.jar
[ -x jrt/bin/java ] || bash bench/gpu/make-runtime.sh
tar czf jrt.tgz jrt
du -sh gpu-bundle jrt.tgz
