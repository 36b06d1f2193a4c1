#!/usr/bin/env python3
"""What the guest was doing when an SC's control loop stopped running (issue 10's lapses).

    stallwatch.py --state FILE --out FILE [--threshold-ms 250] [--period-ms 10] [--rt 60]

Runs beside the campaign (campaign.py --stallwatch) at SCHED_FIFO --rt, memory locked, so that it
samples on while the daemons' loops (SCHED_FIFO 10) do not. Every period it reads each SC daemon's
`control` thread's /proc schedstat; a thread that has not been scheduled for --threshold-ms is a
stall. At that moment it writes a snapshot: the loop thread's state, wchan and kernel stack; every
thread of both daemons that is not sleeping; every runnable or blocked (D) task of the guest with
its CPU and policy; the pressure files. When the loop runs again it writes how long it was off the
CPU and how much of that it spent *runnable* on a run queue (schedstat's wait time: starved of a
CPU) rather than asleep or blocked, and the major page faults meanwhile (its process's and the
guest's: a file page read back over 9p).

Written for diagnosis, not judging: nothing here decides a verdict. Output lines start with the
guest's realtime clock, so they line up with the daemons' logs and stalls.py.
"""
import argparse
import ctypes
import datetime
import os
import sys
import time

POLICY = {0: "OTHER", 1: "FIFO", 2: "RR", 3: "BATCH", 5: "IDLE", 6: "DEADLINE"}


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def stat_fields(path):
    """/proc/.../stat split after the comm (which may hold spaces): fields[0] is the state (field 3)."""
    s = read(path)
    r = s.rfind(")")
    return s[r + 2:].split() if r > 0 else None


def wall():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S.%f")[:-3]


def sc_pids(state_path):
    for line in read(state_path).splitlines():
        if line.startswith("pid="):
            return [int(x) for x in line[4:].split(",")]
    return [0, 0]


def control_tid(pid):
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            if read(f"/proc/{pid}/task/{tid}/comm").strip() == "control":
                return int(tid)
    except OSError:
        pass
    return 0


def majflt(pid):
    f = stat_fields(f"/proc/{pid}/stat")
    return int(f[9]) if f else 0        # field 12


def sys_majflt():
    for line in read("/proc/vmstat").splitlines():
        if line.startswith("pgmajfault "):
            return int(line.split()[1])
    return 0


def describe(pid, tid):
    f = stat_fields(f"/proc/{pid}/task/{tid}/stat")
    if not f:
        return "gone"
    comm = read(f"/proc/{pid}/task/{tid}/comm").strip()
    # fields after the comm: [0] state (3), [16] nice (19), [36] processor (39), [37] rt_priority (40), [38] policy (41)
    nice = f" nice={f[16]}" if f[38] == "0" and f[16] != "0" else ""
    return (f"{pid}/{tid} {comm!r} state={f[0]} cpu={f[36]} {POLICY.get(int(f[38]), f[38])}:{f[37]}{nice} "
            f"wchan={read(f'/proc/{pid}/task/{tid}/wchan') or '-'}")


def threads(procs):
    """(pid, tid, state) of every thread of procs that still exists."""
    for p in procs:
        try:
            tids = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tids:
            f = stat_fields(f"/proc/{p}/task/{t}/stat")
            if f:
                yield p, t, f[0]


def thp_system():
    """The bracketed word of /sys/kernel/mm/transparent_hugepage/enabled (always, madvise or never)."""
    s = read("/sys/kernel/mm/transparent_hugepage/enabled", "?")
    return s[s.find("[") + 1:s.find("]")] if "[" in s else s.strip()


def snapshot(out, sc, pid, tid, pids):
    w = out.write
    w(f"{wall()}   loop {describe(pid, tid)}\n")
    # khugepaged holds a process's mmap lock while it collapses pages: is this daemon exempt (pairlockd's prctl)?
    thp = [x.split(":")[1].strip() for x in read(f"/proc/{pid}/status").splitlines() if x.startswith("THP_enabled:")]
    w(f"{wall()}   thp system '{thp_system()}', daemon THP_enabled={thp[0] if thp else '?'}\n")
    for line in read(f"/proc/{pid}/task/{tid}/stack").splitlines()[:16]:
        w(f"{wall()}     {line}\n")
    for p, t, state in threads(p for p in pids if p > 0):
        if state not in ("S", "I"):
            w(f"{wall()}   daemon {describe(p, t)}\n")
    for p, t, state in threads(int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in pids):
        if state in ("R", "D"):
            w(f"{wall()}   guest {describe(p, t)}\n")
            if state == "D":
                for line in read(f"/proc/{p}/task/{t}/stack").splitlines()[:8]:
                    w(f"{wall()}     {line}\n")
    for r in ("cpu", "memory", "io"):
        lines = [x for x in read(f"/proc/pressure/{r}", "-").splitlines() if x.strip()]
        w(f"{wall()}   pressure {r}: {' | '.join(lines)}\n")
    w(f"{wall()}   loadavg {read('/proc/loadavg').strip()}\n")
    out.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--state", required=True, help="the backplane's state file (its pid= line)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--threshold-ms", type=float, default=250)
    ap.add_argument("--period-ms", type=float, default=10)
    ap.add_argument("--rt", type=int, default=60, help="SCHED_FIFO priority (0: time-shared)")
    a = ap.parse_args()
    if a.rt > 0:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(a.rt))
        ctypes.CDLL(None, use_errno=True).mlockall(3)    # MCL_CURRENT | MCL_FUTURE: no page faults of its own
    out = open(a.out, "a", buffering=1 << 16)
    out.write(f"{wall()} stallwatch: threshold {a.threshold_ms} ms, period {a.period_ms} ms, SCHED_FIFO {a.rt},"
              f" transparent huge pages '{thp_system()}'\n")
    out.flush()
    watch = [None, None]   # per SC: [pid, tid, pcount, since, stalled, run_ns, wait_ns, majflt, sysmaj]
    period = a.period_ms / 1000
    while True:
        pids = sc_pids(a.state)
        now = time.monotonic()
        for sc in (0, 1):
            pid = pids[sc]
            w = watch[sc]
            if pid <= 0:
                watch[sc] = None
                continue
            if w is None or w[0] != pid or w[1] == 0:
                watch[sc] = w = [pid, control_tid(pid), -1, now, False, 0, 0, 0, 0]
                if w[1] == 0:
                    continue
            ss = read(f"/proc/{pid}/task/{w[1]}/schedstat").split()
            if len(ss) != 3:
                watch[sc] = None
                continue
            run_ns, wait_ns, pcount = (int(x) for x in ss)
            if pcount != w[2]:
                if w[4]:
                    out.write(f"{wall()} END sc={sc} pid={pid} off the CPU {1000 * (now - w[3]):.0f} ms, of which "
                              f"runnable on a run queue {(wait_ns - w[6]) / 1e6:.0f} ms; major faults: daemon "
                              f"{majflt(pid) - w[7]}, guest {sys_majflt() - w[8]}\n")
                    out.flush()
                w[2:] = [pcount, now, False, run_ns, wait_ns, majflt(pid), sys_majflt()]
            elif not w[4] and now - w[3] >= a.threshold_ms / 1000:
                w[4] = True
                out.write(f"{wall()} STALL sc={sc} pid={pid} tid={w[1]}: not scheduled for {1000 * (now - w[3]):.0f} ms\n")
                snapshot(out, sc, pid, w[1], pids)
        time.sleep(period)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
