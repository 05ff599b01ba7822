#!/usr/bin/env bash
# Runs the whole stack locally with embedded defaults, no Docker: a real Kafka broker, serving (:8080),
# drift-worker (:8081), ground-truth (:8082) and, when installed, Prometheus (:9090) and Alertmanager (:9093,
# notifications to run/logs/alerts.log). Trains models/diamond-price-rf/1 and models/penguins/1 on first run, then
# serves and monitors every model of models/. Options: ./run.sh --help
set -euo pipefail
cd "$(dirname "$0")"
# Help before the build, which takes minutes on a fresh machine. The text is the launcher's own picocli usage
# (LocalStack); launcher's RunShHelpTest fails when this copy differs from it.
for arg in "$@"; do
  case "$arg" in
    -h|--help)
      cat <<'USAGE'
Usage: run.sh [-h] [--no-alertmanager] [--no-prometheus]
              [--alertmanager-port=PORT] [--drift-port=PORT]
              [--ground-truth-port=PORT] [--kafka-controller-port=PORT]
              [--kafka-port=PORT] [--models=DIR] [--prometheus-port=PORT]
              [--run-dir=DIR] [--serving-port=PORT] [--only=SERVICE[,
              SERVICE...]]...
Run the whole Facet stack locally: Kafka, serving, drift-worker, ground-truth,
Prometheus, Alertmanager.
Builds the modules first, then trains diamond-price-rf and penguins into
--models where it lacks them.
  -h, --help                print this help and exit, without building
      --run-dir=DIR         broker, Prometheus and Alertmanager data, logs
                              (default: run)
      --models=DIR          model repository root, <name>/<version>/ bundles,
                              served and monitored (default: models)
      --kafka-port=PORT     Kafka broker's client port on 127.0.0.1 (default:
                              9092)
      --kafka-controller-port=PORT
                            Kafka broker's KRaft controller port (default: 9095)
      --serving-port=PORT   serving's HTTP port: /predict, home page, /metrics
                              (default: 8080)
      --drift-port=PORT     drift-worker's HTTP port: /drift, /metrics
                              (default: 8081)
      --ground-truth-port=PORT
                            ground-truth's HTTP port: /feedback, /quality,
                              /metrics (default: 8082)
      --prometheus-port=PORT
                            Prometheus's port, when it is installed (default:
                              9090)
      --no-prometheus       do not start Prometheus even if it is installed
      --alertmanager-port=PORT
                            Alertmanager's port, when it is installed (default:
                              9093)
      --no-alertmanager     do not start Alertmanager even if it is installed
      --only=SERVICE[,SERVICE...]
                            start only these services: serving, drift-worker,
                              ground-truth
Environment: FACET_SKIP_BUILD=1 skips the Maven build (the modules are already
built).
USAGE
      exit 0 ;;
  esac
done
if [ "${FACET_SKIP_BUILD:-}" != "1" ]; then
  echo "facet: building (mvn -q install -DskipTests) ..."
  mvn -q -B install -DskipTests
fi
mkdir -p run/logs
exec java -Xmx2g -Dorg.slf4j.simpleLogger.logFile=run/logs/services.log \
  -cp "launcher/target/classes:$(cat launcher/target/runtime.classpath)" dev.facet.launcher.LocalStack "$@"
