#!/usr/bin/env bash
# Resident memory of the whole local stack with every routed function warm, after a mixed load.
# Starts start-api.sh --warm on a free port (extra arguments are passed on, e.g. --worker-heap-mb 96), sends
# ROUNDS rounds of one request to every route of the template (a policy check, a redaction, budget create/spend/
# can-spend/status/reserve/update, approvals, audit, sandbox health...), then sums VmRSS (/proc/<pid>/status) of the
# runner, every worker and the embedded Redis. Report: infra/local/BENCHMARK.md.
#   infra/local/bench/memory.sh [--worker-heap-mb N]      (ROUNDS=40 by default)
set -euo pipefail
cd "$(dirname "$0")/../../.."
rounds="${ROUNDS:-40}"
log="$(mktemp)"
infra/local/start-api.sh --port 0 --warm "$@" >"$log.out" 2>"$log" &
runner=$!
trap 'kill $runner 2>/dev/null || true; wait $runner 2>/dev/null || true; rm -f "$log" "$log.out"' EXIT
for _ in $(seq 1 600); do grep -q "listening on" "$log.out" 2>/dev/null && break; sleep 1; done
base="$(sed -n 's/^listening on //p' "$log.out")"
[ -n "$base" ] || { echo "runner did not start:"; tail -20 "$log"; exit 1; }
# the java process: start-api.sh execs it, so $runner is the runner JVM itself
post() { curl -s -o /dev/null -w '%{http_code} ' -X "$1" "$base$2" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
codes=""
for i in $(seq 1 "$rounds"); do
  run="mem-$i"
  codes+=$(post POST /api/v1/safety/check '{"action_type":"execute_code","params":{"command":"rm -rf ./build node_modules"}}')
  codes+=$(post POST /api/v1/safety/check '{"action_type":"deploy","params":{"environment":"production","target":"api"}}')
  codes+=$(post GET /api/v1/safety/policy)
  codes+=$(post POST /api/v1/safety/redact '{"text":"aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and more"}')
  codes+=$(post POST /api/v1/safety/budget/create "{\"run_id\":\"$run\",\"limit_usd\":10}")
  codes+=$(post POST /api/v1/safety/budget/spend "{\"run_id\":\"$run\",\"amount_usd\":0.5,\"description\":\"llm call\"}")
  codes+=$(post POST /api/v1/safety/budget/can-spend "{\"run_id\":\"$run\",\"amount_usd\":1}")
  codes+=$(post GET "/api/v1/safety/budget/$run")
  codes+=$(post POST /api/v1/safety/budget/reserve "{\"run_id\":\"$run\",\"amount_usd\":1}")
  codes+=$(post PATCH "/api/v1/safety/budget/$run" '{"limit_usd":20}')
  codes+=$(post GET /api/v1/safety/approvals)
  codes+=$(post GET "/api/v1/safety/approvals/apr-$i")
  codes+=$(post GET /api/v1/safety/audit)
  codes+=$(post GET /api/v1/safety/sandbox/health)
  codes+=$(post DELETE "/api/v1/safety/budget/$run")
done
echo "status codes: $(echo "$codes" | tr ' ' '\n' | sort | uniq -c | tr -s ' \n' ' ')"
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
total=0
printf '%-8s %-10s %s\n' pid RSS_MiB process
pids="$runner $(ps -o pid= --ppid $runner | tr '\n' ' ')"
for pid in $pids; do
  kb=$(rss "$pid"); total=$((total + kb))
  name=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -oE 'WorkerMain [^ ]+ [^ ]+|redis-server|local-runner.jar' | awk '{print ($1=="WorkerMain") ? $3 : $0}')
  printf '%-8s %-10s %s\n' "$pid" "$((kb / 1024))" "$name"
done
echo "total RSS: $((total / 1024)) MiB across $(echo $pids | wc -w) processes"
