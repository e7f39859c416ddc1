"""CPU profile of one JFR recording by inclusive frame: of all jdk.ExecutionSample events (a thread running Java code
at the sample; check-tail.sh SAMPLE_MS=1 asks for one every millisecond), the share whose stack contains each method
(counted once per sample), the top N; then, for each method named with --callers, which frames called it (the first
caller outside the method's own class), so one cost is split by who pays it (e.g. the redactor: audit, log, evidence).

    python3 cpu-profile.py RECORDING.jfr [--top N] [--callers Class.method ...]
"""
import argparse
import collections
import json
import subprocess

parser = argparse.ArgumentParser()
parser.add_argument("jfr")
parser.add_argument("--top", type=int, default=40)
parser.add_argument("--callers", nargs="*", default=[])
args = parser.parse_args()
raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample", args.jfr],
                     capture_output=True, text=True, check=True).stdout
samples = json.loads(raw)["recording"]["events"]


def frames(sample):
    trace = sample["values"].get("stackTrace") or {}
    return [f["method"]["type"]["name"].rsplit("/", 1)[-1] + "." + f["method"]["name"] for f in trace.get("frames", [])]


stacks = [frames(s) for s in samples]
threads = collections.Counter((s["values"].get("sampledThread") or {}).get("javaName") or "?" for s in samples)
inclusive = collections.Counter()
for stack in stacks:
    inclusive.update(set(stack))
n = len(samples)
print(f"{n} samples; by thread: " + ", ".join(f"{t} {c}" for t, c in threads.most_common(5)))
for name, c in inclusive.most_common(args.top):
    print(f"{100.0 * c / n:6.1f} %  {c:6d}  {name}")
for target in args.callers:
    own = target.split(".")[0] + "."
    callers = collections.Counter()
    for stack in stacks:
        if target in stack:
            i = max(j for j, f in enumerate(stack) if f == target)
            rest = [f for f in stack[i + 1:] if not f.startswith(own)]
            callers[" < ".join(rest[:2]) or "?"] += 1
    print(f"\n{target}: {100.0 * sum(callers.values()) / n:.1f} % of samples, by caller")
    for name, c in callers.most_common(10):
        print(f"{100.0 * c / n:6.1f} %  {c:6d}  {name}")
