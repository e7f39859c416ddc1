#!/usr/bin/env python3
"""Writes docs/benchmarks.md (on stdout) from the raw outputs of one bench/run.sh run: bench/report.py <run dir>.

Every figure comes from the files of that directory; a bench whose output is missing is reported as not run."""
import csv
import json
import os
import re
import subprocess
import sys

RUN = sys.argv[1]


def read(name, default=None):
    path = os.path.join(RUN, name)
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return f.read().strip()


def load_json(name):
    text = read(name)
    return json.loads(text) if text else None


def fmt(x, digits=1):
    return f"{x:,.{digits}f}"


def verdict(ok):
    return "**met**" if ok else "**not met**"


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    return [
        ("CPU", f"{os.cpu_count()} × {cpu} (nproc {os.cpu_count()})"),
        ("RAM", f"{mem_kb / 1048576:.1f} GiB"),
        ("OS", " ".join(os.uname()[i] for i in (0, 2, 4))),
        ("JDK", java[1] if len(java) > 1 else "?"),
        ("Redis", read("redis-version", "?")),
        ("code", read("commit") or f"{commit}{' + uncommitted changes' if dirty else ''} (at report time)"),
        ("run", f"{read('started')} → {read('finished')} UTC" + (" (`--quick`)" if read("quick") == "1" else "")),
        ("load average (1, 5, 15 min)", f"before {read('load-before')}, after {read('load-after')}"),
        ("1-min load average as each part started", ", ".join(read("phases", "").split("\n"))),
    ]


def policy(lines, goals):
    data = load_json("policy.json")
    lines += ["## 1. Policy decisions in process (`CommandAnalyzerBenchmark.typicalCommand`)", ""]
    if not data:
        lines += ["Not run (no `policy.json`).", ""]
        return
    first = data[0]
    lines += [
        "What: `CommandAnalyzer.analyzeShell(command)` — parse, abstract interpretation, SQL parsing where a client runs "
        "SQL, every built-in rule — which is what an `execute_code` check decides on; no HTTP. The existing JMH bench "
        "of `shared/commands` (`src/bench`, see its BENCHMARK.md), `Mode.SampleTime` (every call timed), "
        f"1 fork, {first['warmupIterations']} × {first['warmupTime']} warm-up, "
        f"{first['measurementIterations']} × {first['measurementTime']} measured, the bench's JVM flags "
        f"`{' '.join(first.get('jvmArgs', []))}`. All eleven inputs are under 1 KB.", "",
        "| command (< 1 KB) | samples | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    worst = (0, "")
    for b in data:
        m = b["primaryMetric"]
        p = m["scorePercentiles"]
        samples = sum(c for it in m.get("rawDataHistogram", []) for hist in it for _, c in hist)
        name = b["params"]["typical"]
        lines.append(f"| {name} | {samples:,} | {fmt(p['50.0'])} | {fmt(p['90.0'])} | {fmt(p['99.0'])} | "
                     f"{fmt(p['99.9'])} | {fmt(p['100.0'])} |")
        worst = max(worst, (p["99.0"], name))
    lines.append("")
    goals.append(("policy decision p99 ≤ 200 µs in process, commands < 1 KB",
                  f"worst p99 {fmt(worst[0])} µs ({worst[1]})", worst[0] <= 200))


def redaction(lines, goals):
    data = load_json("redaction.json")
    lines += ["## 2. Redaction (`RedactionBenchmark.mixedLog`)", ""]
    if not data:
        lines += ["Not run (no `redaction.json`).", ""]
        return
    first = data[0]
    lines += [
        "What: `Redactor.redact(text)` of the generated mixed log of `shared/redaction` (access, JSON, SQL, stack-trace "
        "and deploy lines, ~1 % carrying a secret; ASCII, so one character is one byte), one thread, next to two "
        "reference points on the same text: the engine's **keyword prefilter alone** (its Aho-Corasick pass over the "
        "text and nothing after it: the floor under the engine) and a **plain `java.util.regex` scan** (every row's "
        "regex compiled with `java.util.regex`, a `find()` loop over the whole text per row, no prefilter: the naive way). "
        f"The existing JMH bench, `Mode.AverageTime`, 1 fork, {first['warmupIterations']} × {first['warmupTime']} warm-up, "
        f"{first['measurementIterations']} × {first['measurementTime']} measured, engine and prefilter back to back. "
        "MB = 10^6 bytes; the text is at least `megabytes × 2^20` characters, so MB/s is slightly understated.", "",
        "| input | what | ms per call (± 99.9 % CI) | MB/s |", "|---|---|---:|---:|",
    ]
    rates = {}

    def row(b, size_param, what):
        mb = int(b["params"][size_param])
        m = b["primaryMetric"]
        rate = mb * 1048576 / 1e6 / (m["score"] / 1000)
        lines.append(f"| mixed log {mb} MiB | {what} | {fmt(m['score'])} ± {fmt(m['scoreError'])} | "
                     f"{fmt(rate, 1 if rate >= 1 else 3)} |")
        return rate

    for b in data:
        name = b["benchmark"].rsplit(".", 1)[1]
        what = {"mixedLog": "**engine** (`redact`)", "mixedLogPrefilterOnly": "keyword prefilter alone"}.get(name, name)
        rates[name] = max(rates.get(name, 0), row(b, "megabytes", what))
    plain = load_json("redaction-plain.json")
    if plain:
        p = plain[0]
        rates["plain"] = row(p, "plainMegabytes", f"plain `java.util.regex`, every row ({p['measurementIterations']} "
                                                  f"call(s) after {p['warmupIterations']} warm-up)")
    lines.append("")
    best = rates.get("mixedLog", 0)
    notes = []
    if best and rates.get("mixedLogPrefilterOnly"):
        notes.append(f"the engine runs at {fmt(100 * best / rates['mixedLogPrefilterOnly'])} % of its prefilter's speed "
                     "(everything after the keyword pass costs the rest)")
    if best and rates.get("plain"):
        notes.append(f"it is {fmt(best / rates['plain'], 0)}× as fast as the plain `java.util.regex` scan of the same rows")
    if notes:
        lines += ["Reading: " + "; ".join(notes) + ".", ""]
    rows = read("redaction-plain-rows.txt")
    if rows:
        lines += ["The plain scan's patterns: " + rows.splitlines()[0].replace("java.util.regex: ", "") +
                  " (a skipped row's RE2J syntax has no `java.util.regex` equivalent; RE2J's `(?P<name>` groups are "
                  "rewritten to `(?<name>`). Its text is the first MiB of the same log (the scan is linear; 10 MiB "
                  "would take minutes per call).", ""]
    lines += ["`shared/redaction/BENCHMARK.md` has the per-detector profile (`DetectorProfile`) and the history of what "
              "made the engine fast.", ""]
    goals.append(("redaction ≥ 100 MB/s on the mixed log (one thread)", f"{fmt(best)} MB/s", best >= 100))


LEDGER_ROUND = re.compile(r"round \d+: raw EVALSHA (\d+)/s \(server ([\d.?]+) us/call\), ledger enforced spend (\d+)/s "
                          r"\(server ([\d.?]+) us/call\), ratio ([\d.]+)%")
LEDGER_MEAN = re.compile(r"mean: raw (\d+)/s, ledger (\d+)/s, ratio ([\d.]+)%")


def ledger(lines, goals):
    lines += ["## 3. Budget ledger vs raw EVALSHA (`LedgerBenchmark`, `redis-benchmark`)", ""]
    rows, ratios_rb, ratios_raw = [], [], []
    settings = None
    for c in (1, 2, 4, 8, 16):
        text = read(f"ledger-{c}.txt")
        if not text:
            continue
        settings = settings or re.search(r"seconds/round=(\d+) rounds=(\d+).*redis=(\S+)", text)
        mean = LEDGER_MEAN.search(text)
        rounds = LEDGER_ROUND.findall(text)
        if not mean:
            rows.append(f"| {c} | failed: see ledger-{c}.err | | | | | |")
            ratios_raw.append(0)
            continue
        raw, spend, ratio = int(mean.group(1)), int(mean.group(2)), float(mean.group(3))
        ratios_raw.append(ratio)
        server = ", ".join(sorted({r[3] for r in rounds}))
        per_round = "–".join(fmt(x) for x in (min(float(r[4]) for r in rounds), max(float(r[4]) for r in rounds)))
        rb_cell, rb_ratio = "not run", ""
        rb = read(f"redis-benchmark-{c}.csv")
        if rb:
            rec = list(csv.reader(rb.splitlines()))
            rps = float(rec[1][1])
            rb_cell = f"{rps:,.0f} (p50 {rec[1][4]} ms)"
            ratios_rb.append(100 * spend / rps)
            rb_ratio = f"**{fmt(100 * spend / rps)} %**"
        rows.append(f"| {c} | {spend:,} | {raw:,} | {fmt(ratio)} % ({per_round} %) | {rb_cell} | {rb_ratio} | {server} |")
    if not rows:
        lines += ["Not run (no `ledger-*.txt`).", ""]
        return
    external = settings and settings.group(3) == "external"
    lines += [
        "What: enforced spends/s through `BudgetLedger.spend` (the whole atomic check-and-spend script plus the Java "
        "around it; a limit never reached, so every call takes the full write path) against raw `EVALSHA` of a trivial "
        "one-key script (`return 'ok'`), at 1–16 client threads. The existing `shared/budget` bench: one shared "
        "Lettuce connection (as in a warm Lambda), rounds alternating raw/ledger"
        + (f", {settings.group(2)} rounds × {settings.group(1)} s after 2 s warm-ups" if settings else "") + ". "
        + ("Both it and `redis-benchmark -c <threads> --csv EVALSHA <sha of the same script> 1 <key>` (Redis's own C "
           "client, one connection per client, no pipelining) ran against one `redis-server` started for the run "
           "(loopback, no persistence), one after the other."
           if external else "It ran against its embedded Redis; `redis-benchmark` is not installed, so only the "
                            "raw `EVALSHA` through the same Lettuce connection is measured."), "",
        "| client threads | ledger spends/s | raw EVALSHA/s (Lettuce) | ledger / raw (rounds) | redis-benchmark EVALSHA/s | "
        "ledger / redis-benchmark | Redis µs per spend |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ] + rows + ["",
                "Reading: `redis-benchmark` uses one connection per client and no Java, the ledger bench one shared "
                "Lettuce connection; the Lettuce raw column shows how much of the gap to `redis-benchmark` is the "
                "Java client's own cost per call, the ledger / raw column what the spend script and its Java add. "
                "The Redis column (`INFO commandstats`, per round) is the spend script's server time.", ""]
    if ratios_rb:
        goals.append(("ledger ≥ 70 % of raw EVALSHA (redis-benchmark) at every concurrency 1..16",
                      f"{fmt(min(ratios_rb))}–{fmt(max(ratios_rb))} %", min(ratios_rb) >= 70))
    goals.append(("same, raw EVALSHA through the ledger's own Lettuce connection",
                  f"{fmt(min(ratios_raw))}–{fmt(max(ratios_raw))} %", min(ratios_raw) >= 70))


def cold_start(lines):
    text = read("cold-start.txt")
    lines += ["## 4. Cold start (`infra/local/bench/cold-start.sh`)", ""]
    if not text:
        lines += ["Not run (no `cold-start.txt`).", ""]
        return
    lines += [
        "What: per artifact, a fresh worker JVM (the local runner's worker flags `-Xms32m -Xmx128m -XX:+UseSerialGC`) "
        "from process spawn to one real event of its route answered (the HTTP status is the last column); median and "
        "every run in ms. Modes: `plain` = no compiler flags, `c1` = the template's `-XX:TieredStopAtLevel=1`, "
        "`cds` = c1 + an AppCDS archive dumped by one training run. See `infra/local/COLD-START.md`. The status is the "
        "function's answer to its `infra/events/<module>.json` sample in the bench's fresh Redis (budget-spend's sample "
        "spends on a run no budget was created for, so its answer is a 404; the time still covers start-up and one "
        "handled event).", "",
        "```", text, "```", "",
    ]


def load_table(level):
    out = ["| route | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |",
           "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, r in level["routes"].items():
        errs = str(r["errors"]) + (f" {r['error_detail']}" if r["errors"] else "")
        label = f"**{name}**" if name == "all" else name
        out.append(f"| {label} | {r['requests']:,} | {fmt(r['rps'])} | {r['p50_ms']:.2f} | {r['p90_ms']:.2f} | "
                   f"{r['p99_ms']:.2f} | {r['max_ms']:.1f} | {errs} |")
    return out


def load(lines, goals):
    lines += ["## 5. Mixed load through the local runner (`infra/local/bench/LoadRun.java`)", ""]
    data, check = load_json("load.json"), load_json("load-check.json")
    if not data:
        lines += ["Not run (no `load.json`).", ""]
        return
    weights = ", ".join(f"{k} {v}" for k, v in data["weights"].items())
    lines += [
        "What: `infra/local/start-api.sh --port 0` (the runner as documented: one JVM per function from its own jar, "
        "embedded Redis, one worker per function, functions started on first use), then a closed-loop Java load "
        "generator (JDK `HttpClient`, HTTP/1.1 keep-alive): C client threads each send the next request as soon as the "
        f"answer arrives. Route weights: {weights}. `check`: eight bodies — `execute_code` commands (allowed, denied, "
        "approval-required), a production deploy, two URLs; `spend`: 0.01 on a budget per client thread created by the "
        "run, every tenth a replay of the previous idempotency key; `redact`: nine log lines with four planted secrets "
        "plus one `extra_secrets` value (an answer that still holds one counts as an error); `exec`: `echo hello` in "
        "the local bubblewrap sandbox. Expected status 200 everywhere; anything else, a transport error or a leak is "
        "an error. A 20 s warm-up pass starts the functions first; each level then has "
        f"{data['warmup_s']} s of unrecorded warm-up and {data['duration_s']} s measured. Percentiles are nearest-rank "
        "over every measured answer (a sorted array, no histogram).", "",
    ]
    if data.get("exec_skipped"):
        lines += [f"`exec` was **skipped, not failed**: {data['exec_skipped']}.", ""]
    best = max(data["levels"], key=lambda lv: lv["routes"]["all"]["rps"])
    total_errors = sum(lv["routes"]["all"]["errors"] for lv in data["levels"])
    lines += ["| concurrency | req/s | p50 ms | p99 ms | errors | /check p99 ms |", "|---:|---:|---:|---:|---:|---:|"]
    for lv in data["levels"]:
        a = lv["routes"]["all"]
        lines.append(f"| {lv['concurrency']} | {fmt(a['rps'])} | {a['p50_ms']:.2f} | {a['p99_ms']:.2f} | {a['errors']} | "
                     f"{lv['routes']['check']['p99_ms']:.2f} |")
    lines += ["", f"Highest throughput at **concurrency {best['concurrency']}**; per route at that level "
                  f"({best['seconds']} s measured):", ""]
    lines += load_table(best) + [""]
    decisions = best["routes"]["check"].get("decisions")
    if decisions:
        lines += ["Decisions of the measured /check answers at that level: "
                  + ", ".join(f"{k} {v:,}" for k, v in decisions.items()) + ".", ""]
    for lv in data["levels"]:
        if lv is not best:
            lines += [f"<details><summary>concurrency {lv['concurrency']} per route</summary>", ""]
            lines += load_table(lv) + ["", "</details>", ""]
    lines += ["Reading: every function runs in one worker JVM (the runner's default `--workers-per-function 1`), so "
              "past the best concurrency requests queue in front of the busiest function — the route whose latency "
              "grows with the concurrency in the tables above — while the two cores are already busy. Not tried in "
              "this run: `--workers-per-function 2`.", ""]
    goals.append(("mixed load: zero errors", f"{total_errors} errors over all levels", total_errors == 0))
    if check:
        lv = check["levels"][0]
        c = lv["routes"]["check"]
        lines += ["`/check` alone from one client (same runner, right before the mixed levels, "
                  f"{check['warmup_s']} s warm-up, {check['duration_s']} s measured):", ""]
        lines += load_table(lv)[:2] + [load_table(lv)[2]] + [""]
        goals.append(("/check through the local runner p99 ≤ 5 ms (one client)",
                      f"p99 {c['p99_ms']:.2f} ms, {c['errors']} errors", c["p99_ms"] <= 5 and c["errors"] == 0))


def main():
    lines = ["# Benchmarks", "",
             "Written by `bench/run.sh` from one run; every figure below comes from that run (raw outputs: "
             f"`{RUN}/`, not committed). Re-run: `bench/run.sh` (about 15 minutes) or `bench/run.sh --quick` "
             "(a few minutes, shorter settings). Per-module history and deeper analyses stay in the modules' "
             "BENCHMARK.md files.", "", "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine()]
    lines += ["", "The two cores are shared with other builds and agents: the load average above is the whole "
              "machine's. Absolute figures are therefore **pessimistic**, and tails (p99, max) the most; "
              "the comparisons inside one table were measured in the same run, alternated or back to back.", ""]
    goals = []
    body = []
    policy(body, goals)
    redaction(body, goals)
    ledger(body, goals)
    cold_start(body)
    load(body, goals)
    lines += ["## Goals (issue 16)", "", "| goal | measured | |", "|---|---|---|"]
    lines += [f"| {g} | {m} | {verdict(ok)} |" for g, m, ok in goals]
    lines += [""] + body
    print("\n".join(lines).rstrip() + "\n")


main()
