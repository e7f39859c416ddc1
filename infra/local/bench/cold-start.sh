#!/usr/bin/env bash
# Cold start per function artifact (JVM start -> first handled event, median of --runs fresh JVMs) in three modes:
# plain, c1 (the template's JAVA_TOOL_OPTIONS: -XX:TieredStopAtLevel=1) and cds (c1 + an AppCDS archive dumped by a
# training run; archives go to infra/local/target/cold-start/, never into the default build). Report: COLD-START.md.
#   infra/local/bench/cold-start.sh [--runs 5] [--modes plain,c1,cds] [--only redact,policy-check] [--jar-dir DIR]
#     [--java-options "..."] [--thread-cpu true]  (the last: each run's CPU per worker thread, to stderr)
set -euo pipefail
cd "$(dirname "$0")/../../.."
. infra/local/ensure-built.sh
ensure_built infra/template.yaml
exec java -Xmx128m -XX:+UseSerialGC -cp infra/local/target/local-runner.jar io.agentsafety.local.ColdStartBench "$@"
