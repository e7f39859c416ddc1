#!/usr/bin/env bash
# JVM option variants against each other in alternated rounds (issue 17, COLD-START.md "cold11"): per round every
# variant runs cold-start.sh's bench once (--modes cds: each variant dumps its own archive with its own flags), the
# order reversed every other round, so a load change on a shared machine spreads over all variants.
#   infra/local/bench/jvm-options-ab.sh ROUNDS ARTIFACTS NAME="options" NAME="options" ...
#   e.g. infra/local/bench/jvm-options-ab.sh 4 policy-check,budget-spend base="-Dv=base" noperf="-XX:-UsePerfData"
# Prints one line per round, variant and artifact (wall median, total and main-thread CPU medians of 3 fresh JVMs).
# Needs the built runner and function packages (cold-start.sh builds them when missing).
set -euo pipefail
cd "$(dirname "$0")/../../.."
rounds=$1 artifacts=$2
shift 2
names=() opts=()
for spec in "$@"; do names+=("${spec%%=*}"); opts+=("${spec#*=}"); done
for ((r = 1; r <= rounds; r++)); do
  order=$(seq 0 $((${#names[@]} - 1)))
  ((r % 2 == 0)) && order=$(echo "$order" | tac)
  for i in $order; do
    echo "== round $r variant ${names[$i]} $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    java -Xmx128m -XX:+UseSerialGC -cp infra/local/target/local-runner.jar io.agentsafety.local.ColdStartBench \
      --runs 3 --modes cds --only "$artifacts" --java-options "${opts[$i]}" 2>&1 | grep -E '^[a-z-]+ +[A-Z]' || true
  done
done
