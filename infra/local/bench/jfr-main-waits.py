#!/usr/bin/env python3
"""Where a cold start's main thread waited: per JFR recording, the milliseconds it spent blocked on a monitor (a bean
lock held by a warm-up thread), parked for a Redis connection (LazyConnection.await) and parked otherwise (replies,
joins), summed. The recording must list every wait, so record with thresholds at 0 (COLD-START.md, cold10):

  infra/local/bench/jfr-main-waits.py --settings /tmp/waits.jfc          # writes the settings file and exits
  infra/local/bench/cold-start.sh --runs 1 --modes cds --only budget-spend --java-options \\
    "-XX:StartFlightRecording=filename=/tmp/b.jfr,settings=/tmp/waits.jfc -XX:FlightRecorderOptions:stackdepth=256 -Xlog:jfr+startup=error"
  infra/local/bench/jfr-main-waits.py /tmp/b.jfr ...

Needs the JDK's `jfr` tool on the PATH.
"""
import json
import os
import re
import subprocess
import sys

WAIT_EVENTS = ("jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait")


def write_settings(path):
    """The JDK's profile.jfc with every wait event at threshold 0 and method sampling every 1 ms."""
    java_home = os.path.dirname(os.path.dirname(os.path.realpath(subprocess.check_output(["which", "jfr"], text=True).strip())))
    text = open(os.path.join(java_home, "lib", "jfr", "profile.jfc")).read()
    for event in WAIT_EVENTS:
        text = re.sub(r'(<event name="%s">.*?<setting name="threshold"[^>]*>)[^<]*(</setting>)' % re.escape(event),
                      r"\g<1>0 ms\g<2>", text, count=1, flags=re.S)
    text = re.sub(r'(<event name="jdk.ExecutionSample">.*?<setting name="period"[^>]*>)[^<]*(</setting>)',
                  r"\g<1>1 ms\g<2>", text, count=1, flags=re.S)
    open(path, "w").write(text)


def millis(duration):
    """JFR's JSON durations are ISO-8601 ("PT0.0123S")."""
    match = re.fullmatch(r"PT(?:(\d+)M)?([\d.]+)S", duration)
    return 0.0 if match is None else (int(match.group(1) or 0) * 60 + float(match.group(2))) * 1000


def main_waits(recording):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "40", "--events", ",".join(WAIT_EVENTS), recording],
                         capture_output=True, text=True, check=True).stdout
    waits = {"lock": 0.0, "connect": 0.0, "other": 0.0}
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        if (values.get("eventThread") or {}).get("javaName") != "main":
            continue
        frames = (values.get("stackTrace") or {}).get("frames") or []
        methods = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
        if event["type"] == "jdk.JavaMonitorEnter":
            kind = "lock"
        elif any(m.endswith("LazyConnection.await") for m in methods):
            kind = "connect"
        else:
            kind = "other"
        waits[kind] += millis(values["duration"])
    return waits


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--settings":
        write_settings(sys.argv[2])
    elif len(sys.argv) < 2:
        sys.exit(__doc__)
    else:
        for path in sys.argv[1:]:
            w = main_waits(path)
            print(f"{os.path.basename(path)}: lock {w['lock']:.1f} connect {w['connect']:.1f} other {w['other']:.1f} ms")
