#!/usr/bin/env bash
# One command for every benchmark of the project (issue 16); writes docs/benchmarks.md from this run's figures only.
#   bench/run.sh [--quick] [--rebuild] [--out docs/benchmarks.md]
# Runs, in this order, each with short settings (--quick: a few-minute smoke with even shorter ones):
#   1. policy decisions: JMH CommandAnalyzerBenchmark.typicalCommand (shared/commands, in-process, SampleTime)
#   2. redaction: JMH RedactionBenchmark.mixedLog (shared/redaction), MB/s on the mixed log, next to the keyword
#      prefilter alone and a plain java.util.regex scan of the same rows (the engine's limit and the naive way)
#   3. ledger: LedgerBenchmark (shared/budget) at 1,2,4,8,16 client threads, enforced spends vs raw EVALSHA through the
#      same Lettuce connection; with redis-server and redis-benchmark installed (Debian: redis-server redis-tools) both
#      run against one redis-server and redis-benchmark EVALSHA of the same trivial script is measured too; then
#      ScriptCost, the spend script's own Redis CPU per spend (raw output only: ledger-script-cost.txt)
#   4. cold start: infra/local/bench/cold-start.sh on three artifacts
#   5. load: infra/local/bench/LoadRun.java, mixed check/spend/redact/exec traffic through the local runner
#      (start-api.sh on a free port) at several concurrencies, plus /check alone from one client
# Never part of ./mvnw verify. Raw outputs stay in bench/target/<UTC time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
QUICK=0 REBUILD=0 REPORT=docs/benchmarks.md
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --rebuild) REBUILD=1 ;;
    --out) REPORT="$2"; shift ;;
    *) echo "usage: bench/run.sh [--quick] [--rebuild] [--out docs/benchmarks.md]" >&2; exit 2 ;;
  esac
  shift
done
OUT="bench/target/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
# the load average when each part starts: the machine is shared, the report shows what each part ran against
phase() { log "$2"; echo "$1 $(cut -d' ' -f1 /proc/loadavg)" >> "$OUT/phases"; }

if [ "$QUICK" = 1 ]; then
  JMH_POLICY=(-wi 2 -w 1s -i 3 -r 1s) JMH_REDACT=(-p megabytes=1 -wi 2 -w 1s -i 3 -r 1s) JMH_PLAIN=(-wi 1 -w 1s -i 1 -r 1s)
  LEDGER_SECONDS=2 LEDGER_ROUNDS=2 REDIS_BENCH_N=30000 SCRIPT_COST_N=5000
  COLD=(--runs 1 --modes c1 --only policy-check,redact)
  LOAD_LEVELS=4,8 LOAD_WARMUP=5 LOAD_SECONDS=10
else
  JMH_POLICY=(-wi 3 -w 2s -i 5 -r 2s) JMH_REDACT=(-p megabytes=10 -wi 3 -w 2s -i 5 -r 2s) JMH_PLAIN=(-wi 1 -w 1s -i 3 -r 1s)
  LEDGER_SECONDS=3 LEDGER_ROUNDS=4 REDIS_BENCH_N=150000 SCRIPT_COST_N=20000
  COLD=(--runs 3 --modes plain,c1,cds --only policy-check,redact,budget-spend)
  LOAD_LEVELS=2,4,8,16 LOAD_WARMUP=10 LOAD_SECONDS=30
fi
echo "$QUICK" > "$OUT/quick"
cut -d' ' -f1-3 /proc/loadavg > "$OUT/load-before"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/started"
echo "$(git rev-parse --short HEAD)$([ -z "$(git status --porcelain --untracked-files=no)" ] || echo ' + uncommitted changes')" \
  > "$OUT/commit"

# --- build: the function jars, the runner and the bench classpaths (test scope; -Pbench compiles the commands JMH)
MODULES=(shared/commands shared/redaction shared/budget)
need_build=$REBUILD
[ -f infra/local/target/local-runner.jar ] || need_build=1
for m in "${MODULES[@]}"; do [ -f "$m/target/bench.classpath" ] || need_build=1; done
[ -f shared/commands/target/test-classes/io/agentsafety/commands/bench/CommandAnalyzerBenchmark.class ] || need_build=1
while read -r uri; do [ -e "infra/$uri" ] || need_build=1; done < <(sed -n 's/^[[:space:]]*CodeUri:[[:space:]]*//p' infra/template.yaml)
if [ "$need_build" = 1 ]; then
  log "building (./mvnw -DskipTests -Pbench package + test classpaths)..."
  MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}" ./mvnw -B -ntp -q -DskipTests -Dfuzz.skip=true -Pbench package \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
fi
cp_of() { echo "$1/target/test-classes:$1/target/classes:$(cat "$1/target/bench.classpath")"; }

# --- 1. policy decisions (in process)
phase policy "policy decisions: JMH CommandAnalyzerBenchmark.typicalCommand"
java -cp "$(cp_of shared/commands)" org.openjdk.jmh.Main 'CommandAnalyzerBenchmark.typicalCommand' -f 1 \
  "${JMH_POLICY[@]}" -rf json -rff "$OUT/policy.json" > "$OUT/policy.txt"

# --- 2. redaction: the engine and its keyword prefilter alone (same settings, same text), then the plain
#     java.util.regex scan of the same rows (its own short settings: ~30 s per MiB, one call per iteration)
phase redaction "redaction: JMH RedactionBenchmark.mixedLog, mixedLogPrefilterOnly"
java -cp "$(cp_of shared/redaction)" org.openjdk.jmh.Main 'RedactionBenchmark\.mixedLog(PrefilterOnly)?$' -f 1 \
  "${JMH_REDACT[@]}" -rf json -rff "$OUT/redaction.json" > "$OUT/redaction.txt"
phase redaction-plain "redaction: JMH RedactionBenchmark.mixedLogPlainRegex"
java -cp "$(cp_of shared/redaction)" io.agentsafety.redaction.ComparisonBaselines > "$OUT/redaction-plain-rows.txt"
java -cp "$(cp_of shared/redaction)" org.openjdk.jmh.Main 'RedactionBenchmark\.mixedLogPlainRegex$' -f 1 \
  "${JMH_PLAIN[@]}" -rf json -rff "$OUT/redaction-plain.json" > "$OUT/redaction-plain.txt"

# --- 3. ledger vs raw EVALSHA, by concurrency
REDIS_PID=
cleanup() {
  [ -n "${RUNNER_PID:-}" ] && kill "$RUNNER_PID" 2>/dev/null && wait "$RUNNER_PID" 2>/dev/null || true
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null || true
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
if command -v redis-server > /dev/null && command -v redis-benchmark > /dev/null && command -v redis-cli > /dev/null; then
  RPORT=$(free_port)
  redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no > "$OUT/redis-server.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 50); do redis-cli -p "$RPORT" ping > /dev/null 2>&1 && break; sleep 0.1; done
  redis-server --version > "$OUT/redis-version"
  LEDGER_ENV=(env "REDIS_URI=redis://127.0.0.1:$RPORT")
  SHA=$(redis-cli -p "$RPORT" script load "return 'ok'")
else
  LEDGER_ENV=(env) SHA=
  echo "redis-benchmark not installed: raw EVALSHA only through the ledger's own client" > "$OUT/redis-version"
fi
for c in 1 2 4 8 16; do
  phase "ledger-$c" "ledger: $c client threads"
  "${LEDGER_ENV[@]}" java -cp "$(cp_of shared/budget)" io.agentsafety.budget.bench.LedgerBenchmark \
    "$c" "$LEDGER_SECONDS" "$LEDGER_ROUNDS" > "$OUT/ledger-$c.txt" 2> "$OUT/ledger-$c.err"
  if [ -n "$SHA" ]; then
    redis-benchmark -p "$RPORT" -c "$c" -n "$REDIS_BENCH_N" --csv evalsha "$SHA" 1 'budget:{bench}:bench' \
      > "$OUT/redis-benchmark-$c.csv"
  fi
done
# the spend script's own CPU in Redis, without the network (CPU time: the machine's load barely moves it)
phase ledger-script-cost "ledger: ScriptCost, the spend script's Redis CPU"
"${LEDGER_ENV[@]}" java -cp "$(cp_of shared/budget)" io.agentsafety.budget.bench.ScriptCost "$SCRIPT_COST_N" 5 \
  > "$OUT/ledger-script-cost.txt" 2> "$OUT/ledger-script-cost.err" || true
cleanup; REDIS_PID=

# --- 4. cold start
phase cold-start "cold start: ${COLD[*]}"
infra/local/bench/cold-start.sh "${COLD[@]}" > "$OUT/cold-start.txt" 2> "$OUT/cold-start.err"

# --- 5. load through the local runner (as start-api.sh runs it; functions start on first use)
log "load: starting the local runner"
infra/local/start-api.sh --port 0 > "$OUT/runner.out" 2> "$OUT/runner.err" &
RUNNER_PID=$!
BASE=
for _ in $(seq 600); do
  BASE=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$OUT/runner.out" | head -1)
  [ -n "$BASE" ] && break
  kill -0 "$RUNNER_PID" 2> /dev/null || { echo "local runner exited, see $OUT/runner.err" >&2; exit 1; }
  sleep 0.2
done
[ -n "$BASE" ] || { echo "local runner did not listen within 120 s" >&2; exit 1; }
log "load: $BASE, warming the functions up"
java infra/local/bench/LoadRun.java --base "$BASE" --concurrency 2 --warmup 20 --duration 2 > "$OUT/load-warmup.txt"
phase load-check "load: /check alone, one client"
java infra/local/bench/LoadRun.java --base "$BASE" --routes check --concurrency 1 --warmup 3 \
  --duration "$LOAD_SECONDS" --out "$OUT/load-check.json" > "$OUT/load-check.txt"
phase load-mixed "load: mixed, concurrency $LOAD_LEVELS"
java infra/local/bench/LoadRun.java --base "$BASE" --concurrency "$LOAD_LEVELS" --warmup "$LOAD_WARMUP" \
  --duration "$LOAD_SECONDS" --out "$OUT/load.json" > "$OUT/load.txt"
cleanup; RUNNER_PID=

cut -d' ' -f1-3 /proc/loadavg > "$OUT/load-after"
date -u +%Y-%m-%dT%H:%M:%SZ > "$OUT/finished"
python3 bench/report.py "$OUT" > "$REPORT"
log "wrote $REPORT (raw outputs in $OUT)"
