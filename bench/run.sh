#!/usr/bin/env bash
# Facet's benchmarks, one command each (run from anywhere; results print as Markdown for BENCHMARKS.md):
#   bench/run.sh model       JMH: Tribuo predict vs the compiled forest (diamonds, penguins), rows, batches, explain
#   bench/run.sh codec       JMH: the streaming JSON readers of bodies and events vs the general paths
#   bench/run.sh http        wrk saturation (serving with Kafka on, bare Vert.x ceiling, batch) + constant-rate latency
#   bench/run.sh consumers   drift-worker and ground-truth events/s from a pre-filled topic; end-to-end freshness
#   bench/run.sh resources   start-up time to ready and resident memory of each service in its own JVM
#   bench/run.sh detection   detection power of the monitors' defaults: false alarms, delay, misses per scenario
#   bench/run.sh all         the six in turn
#   bench/run.sh smoke       seconds-long runs of the two JMH benchmarks (numbers not for reporting)
# Extra arguments after the name go to the benchmark's main (e.g. bench/run.sh http --seconds 30).
# Needs the default model (models/<version>; trained here if missing) and, for http, wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-}"; shift || true

if [ "${FACET_SKIP_BUILD:-}" != "1" ]; then
  echo "bench: building (mvn -q install -DskipTests for bench and what it needs) ..." >&2
  if grep -q '<module>bench</module>' pom.xml; then
    mvn -q -B install -DskipTests -pl bench -am
  else # bench and simulator not yet in the reactor: build the services, then the two modules on their own
    mvn -q -B install -DskipTests -pl serving,drift-worker,ground-truth -am
    mvn -q -B -f simulator/pom.xml install -DskipTests
    mvn -q -B -f bench/pom.xml package -DskipTests
  fi
fi
if ! compgen -G 'models/*/bundle.json' >/dev/null && ! compgen -G 'models/*/*/bundle.json' >/dev/null; then
  echo "bench: no model under models/, training the default one (about 30 s) ..." >&2
  mvn -q -B -pl trainer exec:java
fi
CP="bench/target/classes:$(cat bench/target/bench.classpath)"

header() {
  local name="$1"; shift
  echo "## $name"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ), commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
  echo "- machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/{print $2}') GB RAM, $(java -version 2>&1 | head -1)"
  echo "- load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- command: bench/run.sh $name $*"
  echo
}

run() {
  local name="$1"; shift
  case "$name" in
    model)     if ! ls models/penguins/*/bundle.json >/dev/null 2>&1; then
                 echo "bench: no penguins classifier under models/, training it (seconds) ..." >&2
                 mvn -q -B -pl trainer exec:java -Dexec.args="--data penguins --target species --task classification --name penguins"
               fi
               header model "$@";     java -cp "$CP" dev.facet.bench.model.ModelBenchMain "$@" ;;
    codec)     header codec "$@";     java -cp "$CP" dev.facet.bench.codec.CodecBenchMain "$@" ;;
    smoke)     header smoke "$@";     java -cp "$CP" dev.facet.bench.model.ModelBenchMain --quick "$@"
                                      java -cp "$CP" dev.facet.bench.codec.CodecBenchMain --quick "$@" ;;
    http)      command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
               header http "$@";      java -Xmx2g -cp "$CP" dev.facet.bench.http.HttpBench "$@" ;;
    consumers) header consumers "$@"; java -Xmx2g -cp "$CP" dev.facet.bench.consumer.ConsumerBench "$@" ;;
    resources) header resources "$@"; java -cp "$CP" dev.facet.bench.resources.ResourceBench "$@" ;;
    detection) if ! ls models/diamond-price-rf/*/bundle.json >/dev/null 2>&1; then
                 echo "bench: no diamond-price-rf under models/, training it (about 30 s) ..." >&2
                 mvn -q -B -pl trainer exec:java -Dexec.args="--out models/diamond-price-rf/1"
               fi
               if ! ls models/penguins/*/bundle.json >/dev/null 2>&1; then
                 echo "bench: no penguins classifier under models/, training it (seconds) ..." >&2
                 mvn -q -B -pl trainer exec:java -Dexec.args="--data penguins --target species --task classification --name penguins"
               fi
               header detection "$@"; java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
                                        dev.facet.bench.detection.DetectionBench "$@" ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
  echo "- load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
}

if [ "$what" = all ]; then
  for b in model codec http consumers resources detection; do run "$b"; done
else
  run "$what" "$@"
fi
