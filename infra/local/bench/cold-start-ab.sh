#!/usr/bin/env bash
# Variants of a cold start against each other in alternated rounds (issue 17, COLD-START.md "cold11", "cold12"): per
# round every variant runs cold-start.sh's bench once (--modes cds: each variant dumps its own archive), the order
# reversed every other round, so a load change on a shared machine spreads over all variants. A variant is either
# JVM options (--vary java-options) or a directory holding a build's <x>-lambda.zip packages (--vary jar-dir).
#   infra/local/bench/cold-start-ab.sh --vary java-options|jar-dir ROUNDS ARTIFACTS NAME=VALUE NAME=VALUE ...
#   e.g. infra/local/bench/cold-start-ab.sh --vary java-options 4 policy-check,budget-spend base="-Dv=base" noperf="-XX:-UsePerfData"
#        infra/local/bench/cold-start-ab.sh --vary jar-dir 6 policy-check,budget-spend before=/tmp/a after=/tmp/b
# Prints one line per round, variant and artifact (wall median, total and main-thread CPU medians of 3 fresh JVMs).
# Needs the built runner (infra/local/target/local-runner.jar).
set -euo pipefail
cd "$(dirname "$0")/../../.."
if [[ $# -lt 4 || $1 != --vary || ! $2 =~ ^(java-options|jar-dir)$ ]]; then
  echo "usage: cold-start-ab.sh --vary java-options|jar-dir ROUNDS ARTIFACTS NAME=VALUE ..." >&2
  exit 2
fi
vary=$2 rounds=$3 artifacts=$4
shift 4
names=() values=()
for spec in "$@"; do names+=("${spec%%=*}"); values+=("${spec#*=}"); done
for ((r = 1; r <= rounds; r++)); do
  order=$(seq 0 $((${#names[@]} - 1)))
  ((r % 2 == 0)) && order=$(echo "$order" | tac)
  for i in $order; do
    echo "== round $r variant ${names[$i]} $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    java -Xmx128m -XX:+UseSerialGC -cp infra/local/target/local-runner.jar io.agentsafety.local.ColdStartBench \
      --runs 3 --modes cds --only "$artifacts" "--$vary" "${values[$i]}" 2>&1 | grep -E '^[a-z-]+ +[A-Z]' || true
  done
done
