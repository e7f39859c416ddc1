"""Summary of one check-tail.sh run: latency (LoadRun), per request the runner's time and the worker's handler time
(the runner's log), CPU per check per process, and from JFR of both JVMs: young GCs per 1,000 checks, their pauses,
allocated KB per check (heap used before a GC minus after the previous one), safepoints and deopts; then which of the
slowest 1 % of requests (by the runner's time) overlap a GC pause or a safepoint of either JVM, by timestamp.

    python3 check-tail.py LABEL OUT_DIR
"""
import datetime
import json
import re
import subprocess
import sys

label, out = sys.argv[1], sys.argv[2]


def ts(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def seconds(duration):
    # JFR's JSON durations: "PT0.000891S" (or with minutes for long ones)
    m = re.fullmatch(r"PT(?:(\d+)M)?([\d.]+)S", duration)
    return (int(m.group(1) or 0) * 60 + float(m.group(2))) if m else 0.0


def events(jfr, names):
    raw = subprocess.run(["jfr", "print", "--json", "--events", ",".join(names), jfr],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(raw)["recording"]["events"]


def pct(values, p):
    s = sorted(values)
    return s[max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))] if s else float("nan")


t0, t1, w0, w1, r0, r1, hz = open(f"{out}/cpu.txt").read().split()
t0, t1, hz = float(t0), float(t1), float(hz)
measured_from = t0 + 3.5  # LoadRun's 3 s warm-up plus its own start
load = open(f"{out}/load.txt").read()
row = re.search(r"^check\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)", load, re.M)
requests, rps, p50, p90, p99, pmax, errors = row.groups()

all_checks = 0  # every /check of the pass (LoadRun's 3 s warm-up included), for the per-thread switches
line = re.compile(r"^(\S+Z) POST /api/v1/safety/check 200 ([\d.]+)ms PolicyCheckFunction \(handler ([\d.]+)ms\)")
reqs = []  # (end time, runner ms, handler ms)
for text in open(f"{out}/runner.log"):
    m = line.match(text)
    all_checks += 1 if m and t0 <= ts(m.group(1)) <= t1 else 0
    if m and measured_from <= ts(m.group(1)) <= t1:
        reqs.append((ts(m.group(1)), float(m.group(2)), float(m.group(3))))
checks = len(reqs)


def jvm(name):
    evs = events(f"{out}/{name}.jfr", ["jdk.GarbageCollection", "jdk.GCHeapSummary", "jdk.SafepointBegin",
                                       "jdk.SafepointEnd", "jdk.Deoptimization"])
    gcs, heap, safepoints, deopts = [], {}, [], 0
    for e in evs:
        v, start = e["values"], ts(e["values"]["startTime"])
        if e["type"] == "jdk.GarbageCollection" and measured_from <= start <= t1:
            gcs.append((start, start + seconds(v["sumOfPauses"]), v["name"], v["gcId"]))
        elif e["type"] == "jdk.GCHeapSummary":
            heap[(v["gcId"], v["when"])] = v["heapUsed"]
        elif e["type"] == "jdk.SafepointBegin" and measured_from <= start <= t1:
            safepoints.append((start, start + seconds(v["duration"])))
        elif e["type"] == "jdk.Deoptimization" and measured_from <= start <= t1:
            deopts += 1
    young = [g for g in gcs if g[2] in ("DefNew", "G1New", "ParallelScavenge")]
    allocated = [heap[(g[3], "Before GC")] - heap[(g[3] - 1, "After GC")] for g in gcs
                 if (g[3], "Before GC") in heap and (g[3] - 1, "After GC") in heap]
    per_gc = sum(allocated) / len(allocated) if allocated else 0
    pauses = [1000 * (g[1] - g[0]) for g in gcs]
    after = [heap[(g[3], "After GC")] for g in gcs if (g[3], "After GC") in heap]
    growth = (after[-1] - after[0]) / 1024 / 1024 if len(after) > 1 else 0  # what survives: tenured growth
    return {"gcs": gcs, "young": len(young), "pauses": pauses, "safepoints": safepoints, "deopts": deopts,
            "after_gc_growth_mb": round(growth, 2), "kb_per_check": per_gc * len(gcs) / max(checks, 1) / 1024}


worker, runner = jvm("worker"), jvm("runner")
cpu_w = (int(w1) - int(w0)) / hz * 1000 / max(checks, 1)
cpu_r = (int(r1) - int(r0)) / hz * 1000 / max(checks, 1)

slow_n = max(1, checks // 100)
slowest = sorted(reqs, key=lambda r: -r[1])[:slow_n]


def overlaps(req, spans):
    end, ms = req[0], req[1]
    begin = end - ms / 1000 - 0.001  # log time is whole ms, the runner's time is measured before the log line
    return any(s < end + 0.001 and e > begin for s, e in spans)


def share(rs, spans):
    return sum(1 for r in rs if overlaps(r, spans)) / max(len(rs), 1)


wgc = [(g[0], g[1]) for g in worker["gcs"]]
rgc = [(g[0], g[1]) for g in runner["gcs"]]
sp = worker["safepoints"] + runner["safepoints"]
uptime = " -> ".join(u.split("load average:")[1].split(",")[0].strip() for u in open(f"{out}/uptime.txt"))
summary = {
    "label": label, "load_1min": uptime, "req_s": float(rps), "p50": float(p50), "p90": float(p90), "p99": float(p99),
    "max": float(pmax), "errors": int(errors), "checks_logged": checks,
    "runner_ms_p50_p99": [pct([r[1] for r in reqs], 50), pct([r[1] for r in reqs], 99)],
    "handler_ms_p50_p99": [pct([r[2] for r in reqs], 50), pct([r[2] for r in reqs], 99)],
    "runner_own_ms_p50_p99": [round(pct([r[1] - r[2] for r in reqs], 50), 2), round(pct([r[1] - r[2] for r in reqs], 99), 2)],
    "cpu_ms_per_check_worker_runner": [round(cpu_w, 3), round(cpu_r, 3)],
    "young_gcs_per_1000_worker_runner": [round(1000 * worker["young"] / max(checks, 1), 1),
                                         round(1000 * runner["young"] / max(checks, 1), 1)],
    "gc_pause_ms_p50_max_worker": [round(pct(worker["pauses"], 50), 2), round(max(worker["pauses"], default=0), 2)],
    "gc_pause_ms_p50_max_runner": [round(pct(runner["pauses"], 50), 2), round(max(runner["pauses"], default=0), 2)],
    "alloc_kb_per_check_worker_runner": [round(worker["kb_per_check"], 1), round(runner["kb_per_check"], 1)],
    "heap_after_gc_growth_mb_worker_runner": [worker["after_gc_growth_mb"], runner["after_gc_growth_mb"]],
    "safepoints_worker_runner": [len(worker["safepoints"]), len(runner["safepoints"])],
    "deopts_worker_runner": [worker["deopts"], runner["deopts"]],
    "slowest_1pct": {"n": slow_n, "runner_ms_min": min((r[1] for r in slowest), default=0),
                     "with_worker_gc": round(share(slowest, wgc), 2), "with_runner_gc": round(share(slowest, rgc), 2),
                     "with_safepoint": round(share(slowest, sp), 2),
                     "handler_share_of_time": round(sum(r[2] for r in slowest) / max(sum(r[1] for r in slowest), 1e-9), 2)},
    "all_with_worker_gc": round(share(reqs, wgc), 3), "all_with_runner_gc": round(share(reqs, rgc), 3),
}


def switches(path):
    # threads grouped by name with digits dropped (http-1, http-2 -> http-): "process/name" -> [voluntary, involuntary]
    totals = {}
    for text in open(path):
        if len(text.split()) != 4:
            continue  # a thread that ended while it was read
        proc, name, vol, invol = text.split()
        key = f"{proc}/{re.sub(r'[0-9]+', '', name)}"
        t = totals.setdefault(key, [0, 0])
        t[0] += int(vol)
        t[1] += int(invol)
    return totals


try:
    s0, s1 = switches(f"{out}/switches0.txt"), switches(f"{out}/switches1.txt")
    # threads that started during the pass count from zero; per check over the whole pass
    per_check = {k: [round((v[0] - s0.get(k, [0, 0])[0]) / max(all_checks, 1), 2),
                     round((v[1] - s0.get(k, [0, 0])[1]) / max(all_checks, 1), 2)] for k, v in s1.items()}
    woken = {k: v for k, v in sorted(per_check.items(), key=lambda kv: -kv[1][0]) if v[0] >= 0.05 or v[1] >= 0.05}
    summary["switches_per_check_voluntary_involuntary"] = woken
    summary["wakeups_per_check"] = round(sum(v[0] for v in per_check.values()), 2)
    summary["preemptions_per_check"] = round(sum(v[1] for v in per_check.values()), 2)
except FileNotFoundError:
    pass  # a run made before the switches were recorded


def commandstats(path):
    # "cmdstat_evalsha:calls=12,usec=..." -> {"evalsha": 12}
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^cmdstat_(\S+?):calls=(\d+)", open(path).read(), re.M)}


try:
    c0, c1 = commandstats(f"{out}/commandstats0.txt"), commandstats(f"{out}/commandstats1.txt")
    calls = {k: round((v - c0.get(k, 0)) / max(all_checks, 1), 3) for k, v in c1.items() if k != "info"}
    summary["redis_calls_per_check"] = {k: v for k, v in sorted(calls.items(), key=lambda kv: -kv[1]) if v >= 0.005}
except FileNotFoundError:
    pass  # a run made before commandstats were recorded
print(json.dumps(summary))
open(f"{out}/summary.json", "w").write(json.dumps(summary, indent=1) + "\n")
