#!/usr/bin/env bash
# Pictures from real data for the README: starts the stack test in "hold" mode (real broker, the three
# services, a real Prometheus, traffic with drift and feedback), then opens Prometheus's own graph page for
# every dashboard panel's queries in headless Chromium and saves docs/img/<dashboard-uid>-<panel>.png.
# Needs: prometheus (apt-get install prometheus), chromium (apt-get install chromium), node 18+.
# Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
HOLD=${HOLD:-60}   # seconds the stack stays up after the assertions; the pictures take ~30 s
mkdir -p stack-tests/target && rm -f stack-tests/target/stack-urls.properties
( cd docs/screenshots && [ -d node_modules ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent )
mvn -q -B -o -f stack-tests/pom.xml verify -Dtest=StackQueriesTest -Dfacet.stack.hold="$HOLD" \
  > stack-tests/target/screenshots-stack.log 2>&1 &
STACK=$!
for _ in $(seq 1 180); do
  [ -f stack-tests/target/stack-urls.properties ] && break
  kill -0 $STACK 2>/dev/null || { echo "stack test ended early; see stack-tests/target/screenshots-stack.log"; exit 1; }
  sleep 1
done
PROM=$(sed -n 's/^prometheus=//p' stack-tests/target/stack-urls.properties)
echo "Prometheus at $PROM; taking pictures"
node docs/screenshots/shoot.mjs "$PROM" docs/img
echo "waiting for the stack test to stop its services and Prometheus ..."
wait $STACK
