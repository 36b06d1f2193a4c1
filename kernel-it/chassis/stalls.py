#!/usr/bin/env python3
"""Who stalled: each late tick and lease lapse of a campaign's daemons beside what the rest of the
guest did at that moment.

    stalls.py DIR...     (campaign result dirs: kernel-it/target/kit-run/out/campaign, or the
                          batch-N dirs of a long campaign; each with sc0/sc1-daemon.log and
                          backplane.events)

For each "the control loop lags: a tick ran N ms late" and each LEASE_LAPSED line, prints the
backplane's worst gap between two samples in the per-second stats around it (the backplane runs
at SCHED_FIFO 50, so a gap there means the guest's vCPUs did not run), whether the other SC's loop
was late within 200 ms of it (two JVMs stalling together is the guest, not a JVM), and the longest
GC or safepoint pause the same daemon logged in the second before (with --jvm-extra=-Xlog:gc,...).
Then a count by likely cause. Daemon lines are read by their wall-clock timestamps; the backplane's
by its "clock" line (CLOCK_MONOTONIC to realtime at its start).
"""
import datetime
import os
import re
import sys

STATS_GAP = re.compile(r"max_gap_us=(\d+)")
LATE = re.compile(r"control loop lags: a tick ran (\d+) ms late")
PAUSE = re.compile(r"^\[(\d{4}-\d\d-\d\dT[\d:.]+)[+-]\d{4}\].*(?:Pause \w+ \([^)]*\).* ([\d.]+)ms$|At safepoint: (\d+) ns)")
STAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)Z ")


def wall(stamp):
    return datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp()


def backplane_gaps(path):
    """[(realtime s, worst gap ms in that second)] from backplane.events' stats lines."""
    out, mono0, real0 = [], None, None
    with open(path, errors="replace") as f:
        for line in f:
            p = line.split()
            if len(p) < 2:
                continue
            if p[1] == "clock" and mono0 is None:
                mono0, real0 = int(p[0]), int(re.search(r"realtime_ns=(\d+)", line).group(1))
            elif p[1] == "stats" and "final" not in line and mono0 is not None:
                m = STATS_GAP.search(line)
                if m:
                    out.append(((int(p[0]) - mono0 + real0) / 1e9, int(m.group(1)) / 1000))
    return out


def daemon_events(path):
    """Late ticks, lapses and JVM pauses of one daemon log: [(t, kind, ms)]."""
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            m = STAMP.match(line)
            if m:
                late = LATE.search(line)
                if late:
                    out.append((wall(m.group(1)), "late", int(late.group(1))))
                elif "event=LEASE_LAPSED" in line:
                    out.append((wall(m.group(1)), "lapse", 0))
                continue
            p = PAUSE.match(line)
            if p:
                ms = float(p.group(2)) if p.group(2) else int(p.group(3)) / 1e6
                out.append((wall(p.group(1)), "pause", ms))
    return out


def main(dirs):
    causes = {"guest-wide": 0, "gc/safepoint": 0, "this JVM, no pause logged": 0}
    for d in dirs:
        logs = [os.path.join(d, f"sc{s}-daemon.log") for s in (0, 1)]
        bp = os.path.join(d, "backplane.events")
        if not all(os.path.exists(p) for p in logs + [bp]):
            print(f"{d}: no daemon logs or backplane.events: skipped")
            continue
        gaps = backplane_gaps(bp)
        evs = [daemon_events(p) for p in logs]
        print(f"# {d}")
        for s in (0, 1):
            for t, kind, ms in evs[s]:
                if kind == "pause":
                    continue
                around = [round(g) for (st, g) in gaps if t - 1.5 <= st <= t + 1.0]
                peer_late = any(k == "late" and abs(pt - t) <= 0.2 for pt, k, _ in evs[1 - s])
                pause = max((pm for pt, k, pm in evs[s] if k == "pause" and t - 1.0 <= pt <= t), default=0)
                worst = max(around, default=0)
                if kind == "lapse":
                    cause = ("guest-wide" if peer_late or worst >= 100 else
                             "gc/safepoint" if pause >= 100 else "this JVM, no pause logged")
                    causes[cause] += 1
                when = datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%H:%M:%S.%f")[:-3]
                what = f"late {ms} ms" if kind == "late" else "LEASE_LAPSED"
                print(f"SC{s} {when} {what:<14} backplane worst gap/s around: {around} ms; other SC late too: "
                      f"{'yes' if peer_late else 'no'}; longest pause logged in the second before: {pause:.0f} ms")
    print("lapses by likely cause: " + ", ".join(f"{k} {v}" for k, v in causes.items()))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) > 1 else 2)
    sys.exit(main(sys.argv[1:]))
