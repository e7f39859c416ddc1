#!/usr/bin/env bash
# Two (or more) builds of the same function packages against each other in alternated rounds (issue 17,
# COLD-START.md "cold12"): per round every build runs cold-start.sh's bench once with --jar-dir (--modes cds: each
# build dumps its own archive), the order reversed every other round, so a load change on a shared machine spreads
# over all builds. Copy each build's target/<x>-lambda.zip into its own directory first.
#   infra/local/bench/jar-dir-ab.sh ROUNDS ARTIFACTS NAME=DIR NAME=DIR ...
#   e.g. infra/local/bench/jar-dir-ab.sh 6 policy-check,budget-spend before=/tmp/a after=/tmp/b
# Prints one line per round, build and artifact (wall median, total and main-thread CPU medians of 3 fresh JVMs).
# Needs the built runner (infra/local/target/local-runner.jar).
set -euo pipefail
cd "$(dirname "$0")/../../.."
rounds=$1 artifacts=$2
shift 2
names=() dirs=()
for spec in "$@"; do names+=("${spec%%=*}"); dirs+=("${spec#*=}"); done
for ((r = 1; r <= rounds; r++)); do
  order=$(seq 0 $((${#names[@]} - 1)))
  ((r % 2 == 0)) && order=$(echo "$order" | tac)
  for i in $order; do
    echo "== round $r build ${names[$i]} $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    java -Xmx128m -XX:+UseSerialGC -cp infra/local/target/local-runner.jar io.agentsafety.local.ColdStartBench \
      --runs 3 --modes cds --only "$artifacts" --jar-dir "${dirs[$i]}" 2>&1 | grep -E '^[a-z-]+ +[A-Z]' || true
  done
done
