#!/usr/bin/env bash
# Runs the submit jar the way spark-submit does (org.apache.spark.deploy.SparkSubmit, the class behind the
# spark-submit script, with --master local[2] and --class org.cryograd.cluster.BatchMain), with Spark's jars alone on
# the class path, and checks that every output equals the single command's (cmp). Needs the jar built:
# ./cryograd batch --version (or mvn -B -DskipTests -pl cluster -am package). Usage: cluster/spark-submit-check.sh [WORKDIR]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
work="${1:-$(mktemp -d "${TMPDIR:-/tmp}/cryograd-submit.XXXXXX")}"
"$here/cryograd" batch --version
jar="$(ls -t "$here"/cluster/target/cryograd-cluster-*-submit.jar | head -1)"
# Spark and its libraries only: cryograd's own libraries must come from the submit jar
spark_cp="$(tr ':' '\n' < "$here/cluster/target/launcher-classpath.txt" \
  | grep -v -e /org/jcuda/ -e /info/picocli/ -e /com/github/wendykierp/ -e /pl/edu/icm/ -e /org/ejml/ | paste -sd:)"
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
java --add-modules jdk.incubator.vector "${opens[@]}" -cp "$spark_cp" org.apache.spark.deploy.SparkSubmit \
  --master 'local[2]' --conf spark.driver.host=localhost --conf spark.driver.bindAddress=127.0.0.1 \
  --class org.cryograd.cluster.BatchMain "$jar" \
  simulate --seeds 3 --size 24,24,12 --step 10 --snr 4 --out "$work/sim"
status=0
for s in 1 2 3; do
  one="$work/single_$s"
  "$here/cryograd" simulate phantom --kind spheres --size 24,24,12 --seed "$s" --out "$one/phantom.mrc" >/dev/null 2>&1
  "$here/cryograd" --device cpu simulate tilts --volume "$one/phantom.mrc" --range -60,60 --step 10 --seed "$s" --snr 4 \
    --out "$one/tilts.mrc" --angles "$one/tilts.tlt" >/dev/null 2>&1
  for f in phantom.mrc tilts.mrc tilts.tlt; do
    if cmp -s "$one/$f" "$work/sim/seed_$s/$f"; then echo "same: seed_$s/$f"; else echo "DIFFERENT: seed_$s/$f"; status=1; fi
  done
done
grep -c ',done,' "$work/sim/manifest.csv" | sed 's/^/manifest rows done: /'
exit $status
