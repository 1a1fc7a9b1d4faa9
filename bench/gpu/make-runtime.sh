#!/usr/bin/env bash
# Builds ./jrt: a small Java runtime (jlink) with just the modules the GPU check needs, to carry to a GPU machine that
# has no Java (kernels/gpu/bundle.sh packs it as jrt.tgz). Run where a JDK 17+ is installed, from anywhere.
# Modules (jdeps over gpu-bundle/lib): java.logging (JCuda, JUnit, JMH, JTransforms), java.management and
# jdk.management (JMH, GpuMemoryGrowth), jdk.unsupported (JMH, JLargeArrays), jdk.incubator.vector (the SIMD CPU
# kernels), java.sql (JUnit's parameter converters; brings java.xml), and jdk.zipfs, which jdeps cannot see: it provides
# the "jar" file system through which JUnit finds the test classes of a package inside a jar (without it GpuTestMain
# discovers no test at all; kernels/gpu/test-check.sh checks this). Not java.desktop: only the PNG writers and parts
# of commons-math and EJML use it, and nothing the check runs does. Uncompressed modules (--compress=0) and a stripped
# libjvm.so make the smallest .tgz (17.4 MiB against 23 MiB with --compress=2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rm -rf "$root/jrt"
jlink --add-modules java.base,java.logging,java.management,jdk.management,jdk.incubator.vector,jdk.unsupported,java.sql,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=0 --output "$root/jrt"
if command -v strip >/dev/null; then strip --strip-unneeded "$root/jrt/lib/server/libjvm.so"; fi
"$root/jrt/bin/java" -version 2>&1 | head -1
du -sh "$root/jrt"
