#!/usr/bin/env bash
# Builds ./jrt: a small Java runtime (jlink) with just the modules the benchmarks need, to carry to a GPU machine
# that has no Java. Run where a JDK 17+ is installed, from anywhere.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rm -rf "$root/jrt"
jlink --add-modules java.base,java.logging,java.management,jdk.management,jdk.incubator.vector,jdk.unsupported,java.xml,java.naming,java.sql,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$root/jrt"
du -sh "$root/jrt"
