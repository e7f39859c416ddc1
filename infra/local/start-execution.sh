#!/usr/bin/env bash
# Runs one execution of a state machine of infra/template.yaml (e.g. SafeExecute) against the local functions,
# like Step Functions would, while serving the HTTP API on --port (default 8080) so a waiting approval can be
# granted: infra/local/start-execution.sh SafeExecute --input '{"run_id":"r1","commands":["echo hi"]}'
# Prints the execution's status, output or error, and the states it went through.
set -euo pipefail
cd "$(dirname "$0")/../.."
. infra/local/ensure-built.sh
ensure_built infra/template.yaml
exec java ${RUNNER_JAVA_OPTS:--Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k} -jar infra/local/target/local-runner.jar start-execution --template infra/template.yaml "$@"
