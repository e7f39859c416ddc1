#!/usr/bin/env bash
# One /check tail run through the local runner (issue 16; BENCHMARK.md "the tail", 2026-12-07 evening):
# a fresh runner on its own port, LoadRun --routes check --concurrency 1 (a warm-up pass, then 3 s + the measured
# seconds), JFR on the runner AND on the policy-check worker (GC pauses and heap summaries, safepoints, deopts),
# CPU per process from /proc/<pid>/stat, each thread's context switches (runner, worker, redis-server; /proc/<pid>/task)
# and Redis's INFO commandstats (redis-cli) over the measured pass. Prints one summary line (check-tail.py) and keeps
# everything under OUT. Usage (from the repository root):
#   infra/local/bench/check-tail.sh LABEL [RUNNER_JAR] [TEMPLATE]
# RUNNER_JAVA_OPTS as in start-api.sh; WARMUP (30) and DURATION (20) seconds; PORT (18187); OUT (/tmp/check-tail).
set -euo pipefail
label=$1
jar=${2:-infra/local/target/local-runner.jar}
template=${3:-infra/template.yaml}
port=${PORT:-18187}
warmup=${WARMUP:-30}
duration=${DURATION:-20}
out=${OUT:-/tmp/check-tail}/$label-$(date -u +%H%M%S)
mkdir -p "$out"
opts=${RUNNER_JAVA_OPTS:--Xms16m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}
# JFR's default settings, with every safepoint and VM operation recorded (default: only those over 10 ms);
# SAMPLE_MS (default 20, JFR's own) sets the execution-sample period, e.g. 1 for a CPU profile (cpu-profile.py)
jfc=$out/tail.jfc
python3 - "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/default.jfc" "$jfc" "${SAMPLE_MS:-20}" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r'(<event name="jdk.ExecutionSample">.*?<setting name="period"[^>]*>)[^<]*', r"\g<1>%s ms" % sys.argv[3], text, flags=re.S)
for event in ("jdk.SafepointBegin", "jdk.ExecuteVMOperation"):
    text = re.sub(r'(<event name="%s">.*?<setting name="threshold">)[^<]*' % re.escape(event), r"\g<1>0 ms", text, flags=re.S)
open(sys.argv[2], "w").write(text)
PY
classes=${LOADRUN_CLASSES:-/tmp/check-tail/loadrun}
if [ ! -f "$classes/LoadRun.class" ]; then
  mkdir -p "$classes" && javac -d "$classes" infra/local/bench/LoadRun.java
fi

# shellcheck disable=SC2086
java $opts -XX:StartFlightRecording=settings="$jfc",filename="$out/runner.jfr",dumponexit=true \
  -jar "$jar" start-api --template "$template" --port "$port" > "$out/runner.log" 2>&1 &
runner=$!
trap 'kill $runner 2>/dev/null || true; wait $runner 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://127.0.0.1:$port/openapi.yaml" && break
  sleep 0.5
done
load() { java -cp "$classes" LoadRun --base "http://127.0.0.1:$port" --routes check --concurrency 1 "$@"; }
load --warmup "$warmup" --duration 1 > "$out/warmup.txt"
worker=$(pgrep -P "$runner" -f 'WorkerMain .*PolicyCheckFunction' | head -1)
jcmd "$worker" JFR.start settings="$jfc" filename="$out/worker.jfr" name=tail > /dev/null
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
redis=$(pgrep -P "$runner" redis-server | head -1 || true)
# per thread of each process: "process thread-name voluntary nonvoluntary" context switches (a voluntary one is a
# thread that blocked and had to be woken: the hand-offs a check crosses)
switches() {
  for p in "runner:$runner" "worker:$worker" ${redis:+"redis:$redis"}; do
    for t in /proc/${p#*:}/task/*; do
      printf '%s %s %s %s\n' "${p%%:*}" "$(tr ' ' '_' < "$t/comm")" \
        "$(awk '/^voluntary_ctxt/{print $2}' "$t/status")" "$(awk '/^nonvoluntary_ctxt/{print $2}' "$t/status")"
    done
  done
}
# Redis's own count of the commands it ran over the pass (INFO commandstats; the commands scripts call count too)
rport=""
if [ -n "$redis" ]; then
  rport=$(tr '\0' ' ' < "/proc/$redis/cmdline" | grep -o -- '--port [0-9]*' | awk '{print $2}' || true)
  [ -n "$rport" ] || rport=$(ss -ltnpH 2>/dev/null | grep "pid=$redis," | grep -o '127.0.0.1:[0-9]*' | head -1 | cut -d: -f2 || true)
fi
commandstats() { if [ -n "$rport" ]; then redis-cli -p "$rport" INFO commandstats > "$1" 2>/dev/null || true; fi; }
uptime > "$out/uptime.txt"
commandstats "$out/commandstats0.txt"
switches > "$out/switches0.txt"
w0=$(ticks "$worker"); r0=$(ticks "$runner"); t0=$(date -u +%s.%N)
load --warmup 3 --duration "$duration" > "$out/load.txt"
w1=$(ticks "$worker"); r1=$(ticks "$runner"); t1=$(date -u +%s.%N)
switches > "$out/switches1.txt"
commandstats "$out/commandstats1.txt"
uptime >> "$out/uptime.txt"
jcmd "$worker" JFR.stop name=tail > /dev/null
printf '%s %s %s %s %s %s %s\n' "$t0" "$t1" "$w0" "$w1" "$r0" "$r1" "$(getconf CLK_TCK)" > "$out/cpu.txt"
kill "$runner"; wait "$runner" 2>/dev/null || true
trap - EXIT
python3 "$(dirname "$0")/check-tail.py" "$label" "$out"
