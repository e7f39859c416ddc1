#!/usr/bin/env bash
# Serves infra/template.yaml's HTTP API on http://127.0.0.1:8080 like `sam local start-api`, without Docker:
# one JVM per function, each from its own jar. Extra arguments are passed on (e.g. --port 9000, --warm,
# --env-vars env.json). Ctrl-C stops the functions and the embedded Redis.
# RUNNER_JAVA_OPTS replaces the runner JVM's own flags (each function JVM is sized by --worker-heap-mb).
set -euo pipefail
cd "$(dirname "$0")/../.."
. infra/local/ensure-built.sh
ensure_built infra/template.yaml
exec java ${RUNNER_JAVA_OPTS:--Xms16m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k} -jar infra/local/target/local-runner.jar start-api --template infra/template.yaml --port 8080 "$@"
