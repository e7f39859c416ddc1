#!/usr/bin/env bash
# Invokes one function of infra/template.yaml once, like `sam local invoke`, and prints its result JSON:
#   infra/local/invoke.sh PolicyCheckDirectFunction --event infra/events/policy-check-direct.json
set -euo pipefail
cd "$(dirname "$0")/../.."
. infra/local/ensure-built.sh
ensure_built infra/template.yaml
exec java ${RUNNER_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k} -jar infra/local/target/local-runner.jar invoke --template infra/template.yaml "$@"
