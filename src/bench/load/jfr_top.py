#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: shares by thread group, by area of the code, and the top methods.

Reads the execution samples (jdk.ExecutionSample) of a recording made with -XX:StartFlightRecording (run.sh's
JAVA_EXTRA, or ab.sh with JFR=1) through the JDK's `jfr print --json`, and prints Markdown tables:
- by thread group (request workers, the event loop, the journal's writer, GC is not sampled here);
- by area: each sample is given to the first rule below that one of its frames matches, walking from the top of the
  stack down, so that a sample in Jackson called by the decision record counts as the decision record's;
- the 25 methods most often on top of the stack (self time).
Only the samples of the measured load count when --run-log names run.sh's log (run.log in ab.sh's run folders): from
its line "allocations: C connections, D" for D seconds (the first such line, or the one with --connections C);
with --load heartbeats, its line "heartbeats: C connections, D" instead.
Usage: jfr_top.py RECORDING.jfr [--run-log RUN.LOG [--load allocations|heartbeats] [--connections C]]
"""
import argparse
import collections
import json
import re
import subprocess
import sys

# (area, substring of a frame's "class.method"), first match from the top of the stack wins.
AREAS = [
    ("decision record (document, compression)", "io.peerage.audit.DecisionDocument"),
    ("decision record (document, compression)", "io.peerage.audit.CompressedDocument"),
    ("decision record (document, compression)", "io.peerage.audit.DecisionRows"),
    ("decision record (document, compression)", "io.peerage.audit.DecisionStore"),
    ("rules (Drools)", "io.peerage.policy.PolicySet.evaluate"),
    ("rules (Drools)", "org.drools."),
    ("candidate walk, ranking, reservation", "io.peerage.allocation.CandidateFinder"),
    ("candidate walk, ranking, reservation", "io.peerage.allocation.Ranker"),
    ("candidate walk, ranking, reservation", "io.peerage.swarm."),
    ("pipeline, other", "io.peerage.allocation."),
    ("journal writer (JDBC, MariaDB driver)", "io.peerage.journal."),
    ("token checks (OIDC, JWT)", "io.quarkus.oidc"),
    ("token checks (OIDC, JWT)", "org.jose4j"),
    ("token checks (OIDC, JWT)", "io.smallrye.jwt"),
    ("token checks (OIDC, JWT)", "io.peerage.identity."),
    ("REST, Jackson, validation", "org.jboss.resteasy.reactive"),
    ("REST, Jackson, validation", "com.fasterxml.jackson"),
    ("REST, Jackson, validation", "org.hibernate.validator"),
    ("HTTP (Vert.x, Netty)", "io.vertx."),
    ("HTTP (Vert.x, Netty)", "io.netty."),
    ("metrics", "io.micrometer."),
]


def thread_group(name):
    if name.startswith("executor-thread"):
        return "request workers (executor-thread-*)"
    if name.startswith("vert.x-eventloop"):
        return "HTTP event loop (vert.x-eventloop-*)"
    if name.startswith("peerage-journal"):
        return "journal writer (peerage-journal)"
    return "other (" + name.rstrip("0123456789-") + ")"


def frame_name(frame):
    method = frame.get("method", {})
    return "%s.%s" % (method.get("type", {}).get("name", "?").replace("/", "."), method.get("name", "?"))


def measured_window(run_log, load, connections):
    """The (start, end) seconds of the day, UTC, of the measured level of that load in run.sh's log."""
    with open(run_log) as f:
        for line in f:
            m = re.match(r"\[(\d\d):(\d\d):(\d\d)\] " + load + r": (\d+) connections, (\d+)s", line)
            if m and (connections is None or int(m.group(4)) == connections):
                start = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
                return start, start + int(m.group(5))
    sys.exit("no measured level in " + run_log)


def second_of_day(timestamp):
    """Seconds of the day of a JFR time stamp, which JFR prints in UTC ("2026-12-02T11:14:06.047485168Z")."""
    clock = timestamp.split("T")[1].rstrip("Z")
    hours, minutes, seconds = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("recording")
    p.add_argument("--depth", type=int, default=128)
    p.add_argument("--run-log")
    p.add_argument("--load", choices=["allocations", "heartbeats"], default="allocations")
    p.add_argument("--connections", type=int)
    a = p.parse_args()
    window = measured_window(a.run_log, a.load, a.connections) if a.run_log else None
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", str(a.depth), "--events", "jdk.ExecutionSample", a.recording],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    if window:
        events = [e for e in events if window[0] <= second_of_day(e["values"]["startTime"]) < window[1]]
    if not events:
        sys.exit("no execution samples in " + a.recording)
    by_thread, by_area, top = collections.Counter(), collections.Counter(), collections.Counter()
    for event in events:
        values = event["values"]
        thread = (values.get("sampledThread") or {}).get("javaName") or "?"
        frames = [frame_name(f) for f in (values.get("stackTrace") or {}).get("frames", [])]
        by_thread[thread_group(thread)] += 1
        if frames:
            top[frames[0]] += 1
        area = "other"
        for name in frames:
            match = next((label for label, needle in AREAS if needle in name), None)
            if match:
                area = match
                break
        by_area[area] += 1
    total = len(events)

    def table(title, counter, limit=None):
        print("| share | %s |" % title)
        print("| ---: | --- |")
        for name, n in counter.most_common(limit):
            print("| %.1f %% | %s |" % (100.0 * n / total, name.replace("|", "\\|")))
        print()

    print("%d execution samples in %s%s\n" % (
        total, a.recording, " during the measured level (%d s)" % (window[1] - window[0]) if window else ""))
    table("thread group", by_thread)
    table("area (first match from the top of the stack)", by_area)
    table("method on top of the stack (self)", top, 25)


if __name__ == "__main__":
    main()
