#!/usr/bin/env python3
"""Was the machine quiet while a benchmark ran? Judged by what OTHER processes did, from /proc.

    quiet.py snapshot --pid PID            prints a JSON snapshot (stdout)
    quiet.py judge --before A.json --after B.json --load-before "L1 L5 L15" [--out verdict.json]

A snapshot holds the machine's busy CPU time (/proc/stat: user+nice+system+irq+softirq, over all
CPUs), its steal time, and the CPU time of PID's finished children (/proc/PID/stat cutime+cstime:
every process PID has waited for, with the children those waited for in turn). Run by bench/run
with PID = the bench/run shell, after its build and before its measurements, and again after them:
the busy time that grew in between, minus what the run's own processes (the C baseline, JMH and
its forks) used, is what the rest of the machine used meanwhile.

Quiet means: the 1-minute load average before the run (before its own build) was below 0.3, and
the other processes used less than 5 % of one core over the measured window. Our own processes
are not counted, so a benchmark no longer calls its own run busy (bench/run used to read the load
average after the run, which its own JMH forks had raised).
"""
import argparse
import json
import os
import sys
import time

LOAD_LIMIT = 0.3
OTHERS_LIMIT = 0.05  # of one core


def ticks_per_second():
    return os.sysconf("SC_CLK_TCK")


def machine_ticks():
    with open("/proc/stat") as f:
        fields = f.readline().split()
    assert fields[0] == "cpu", "unexpected /proc/stat"
    v = [int(x) for x in fields[1:]]
    user, nice, system, idle, iowait, irq, softirq = v[:7]
    steal = v[7] if len(v) > 7 else 0
    return user + nice + system + irq + softirq, steal


def children_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    # the command name may contain spaces and parentheses: fields start after the last ')'
    rest = text[text.rindex(")") + 2:].split()
    # rest[0] is field 3 (state); cutime and cstime are fields 16 and 17
    return int(rest[13]) + int(rest[14])


def snapshot(pid):
    busy, steal = machine_ticks()
    return {"time": time.monotonic(), "busy_ticks": busy, "steal_ticks": steal,
            "own_children_ticks": children_ticks(pid), "cpus": os.cpu_count(), "hz": ticks_per_second()}


def judge(before, after, load_before):
    hz = before["hz"]
    seconds = after["time"] - before["time"]
    busy = (after["busy_ticks"] - before["busy_ticks"]) / hz
    own = (after["own_children_ticks"] - before["own_children_ticks"]) / hz
    steal = (after["steal_ticks"] - before["steal_ticks"]) / hz
    others = max(0.0, busy - own)
    others_share = others / seconds if seconds > 0 else float("inf")
    load1 = float(load_before.split()[0])
    reasons = []
    if load1 >= LOAD_LIMIT:
        reasons.append(f"load average {load1:.2f} before the run (limit {LOAD_LIMIT})")
    if others_share >= OTHERS_LIMIT:
        reasons.append(f"other processes used {others_share * 100:.1f} % of one core during it (limit {OTHERS_LIMIT * 100:.0f} %)")
    return {"quiet": not reasons, "reasons": reasons, "load_before": load_before, "window_seconds": round(seconds, 1),
            "machine_busy_cpu_seconds": round(busy, 2), "own_cpu_seconds": round(own, 2),
            "others_cpu_seconds": round(others, 2), "others_share_of_one_core": round(others_share, 4),
            "steal_cpu_seconds": round(steal, 2), "cpus": before["cpus"],
            "rule": f"quiet = load average before < {LOAD_LIMIT} and other processes' CPU < {OTHERS_LIMIT * 100:.0f} % of one core"}


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("--pid", type=int, required=True)
    j = sub.add_parser("judge")
    j.add_argument("--before", required=True)
    j.add_argument("--after", required=True)
    j.add_argument("--load-before", required=True)
    j.add_argument("--out")
    a = p.parse_args(argv)
    if a.cmd == "snapshot":
        json.dump(snapshot(a.pid), sys.stdout)
        print()
        return 0
    with open(a.before) as f:
        before = json.load(f)
    with open(a.after) as f:
        after = json.load(f)
    verdict = judge(before, after, a.load_before)
    text = json.dumps(verdict, indent=2)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    print(("quiet" if verdict["quiet"] else "NOT quiet: " + "; ".join(verdict["reasons"]))
          + f" (others {verdict['others_cpu_seconds']} CPU-s over {verdict['window_seconds']} s, ours {verdict['own_cpu_seconds']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
