#!/usr/bin/env bash
# Runs the whole stack locally with embedded defaults, no Docker: a real Kafka broker, serving (:8080),
# drift-worker (:8081), ground-truth (:8082) and, when installed, Prometheus (:9090). Trains the default
# model on first run. Options: ./run.sh --help
set -euo pipefail
cd "$(dirname "$0")"
if [ "${FACET_SKIP_BUILD:-}" != "1" ]; then
  echo "facet: building (mvn -q install -DskipTests) ..."
  mvn -q -B install -DskipTests
fi
mkdir -p run/logs
exec java -Xmx2g -Dorg.slf4j.simpleLogger.logFile=run/logs/services.log \
  -cp "launcher/target/classes:$(cat launcher/target/runtime.classpath)" dev.facet.launcher.LocalStack "$@"
