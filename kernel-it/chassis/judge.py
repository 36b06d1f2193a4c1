"""The verdict on one run, from the devices (the backplane's samples and events, kit-i2c-stub's
write log naming each writer) and the daemons' role and lease/halt log lines:

- 0 both-leader samples, 0 dstops, 0 REF_SEL writes while held in reset (backplane counters), and 0
  dstops the samples could not see (a select switched there and back between two: switches.py);
- 0 writes by an SC after its authority lapsed: an SC's select write, or its REF_SEL going to
  leader, after the peer logged MAIN, or after it logged a lapse (lease lapsed, halt, giving up
  MAIN), without logging its own authority (BECOMING_MAIN/MAIN) again in between;
- what the scenario expected (e.g. no takeover), and the settle check the scenario ran.
Measurements: detection time (fault -> the survivor's first log line saying the peer failed, or
its first fence or authority, whichever is first) and failover time (fault -> every reachable board
running locked on the new MAIN's clock, replayed from the backplane's events).
"""
import os
import re

from daemons import AUTHORITY
from switches import SELECT_REG, unseen_switches

# A daemon logs a role change right after making it; a write may precede its log line by this much.
LOG_SLACK_S = 0.05


def window(run):
    return run.t_prep, run.t_end


def pids_of(runner):
    """pid -> SC, from the backplane's process starts."""
    out = {}
    for ev in runner.ch.events.all:
        if ev.kind == "proc" and "start pid=" in ev.text:
            out[int(ev.fields["pid"])] = int(ev.fields["sc"])
    return out


def authority_lapses(runner, sc, pid):
    """Times after which incarnation `pid` of SC `sc` has no authority until it logs it again."""
    lapses = []
    had = False
    for p, ev in runner.logs[sc].events:
        if p != pid:
            continue
        if ev.kind == "lapse":
            lapses.append((ev.t, f"SC{sc} logged: {ev.text}"))
            had = False
        elif ev.kind == "role":
            if ev.role in AUTHORITY:
                had = True
            elif had:
                lapses.append((ev.t, f"SC{sc} left MAIN ({ev.role})"))
                had = False
    for p, ev in runner.logs[1 - sc].events:
        if ev.kind == "role" and ev.role == "MAIN":
            lapses.append((ev.t, f"SC{1 - sc} became MAIN (epoch {ev.epoch})"))
    return sorted(lapses)


def authority_ends(runner, sc, pid, since):
    """The first time after `since` at which incarnation `pid` of SC `sc` certainly held no authority:
    the devices say so (its process exited, its SC held in reset or powered off) or it logged so
    (a lapse, a role without authority). None: it may still hold it."""
    ends = []
    for ev in runner.ch.events.all:
        if ev.t <= since:
            continue
        f = ev.fields
        if ev.kind == "proc" and f.get("sc") == str(sc) and f.get("pid") == str(pid) and " exit " in f" {ev.text} ":
            ends.append(ev.t)
        elif ev.kind == "reset" and f.get("sc") == str(sc) and f.get("held") == "1":
            ends.append(ev.t)
        elif ev.kind == "power" and f.get("sc") == str(sc) and f.get("on") == "0":
            ends.append(ev.t)
    for p, ev in runner.logs[sc].events:
        if p == pid and ev.t > since and (ev.kind == "lapse" or ev.kind == "role" and ev.role not in AUTHORITY):
            ends.append(ev.t - LOG_SLACK_S)   # it gave up a little before its line (a planned handover)
    return min(ends) if ends else None


def peer_authority(runner, sc):
    """[(from, until, why)]: when the peer of SC `sc` held MAIN by its own log, until it certainly lost
    it (authority_ends; None = to the end). A write by `sc` inside one is a second SC acting with
    authority at once (S1, S3), whatever `sc` itself logged: its own claim does not end the peer's."""
    out = []
    peer = 1 - sc
    for p, ev in runner.logs[peer].events:
        if ev.kind == "role" and ev.role == "MAIN":
            out.append((ev.t, authority_ends(runner, peer, p, ev.t),
                        f"SC{peer} (pid {p}) MAIN since epoch {ev.epoch}, not yet given up, dead, fenced or off"))
    return out


def acquisitions(runner, sc, pid):
    return sorted(ev.t for p, ev in runner.logs[sc].events if p == pid and ev.kind == "role" and ev.role in AUTHORITY)


def stale(t, lapses, acqs, peer=()):
    """The lapse that makes a write at t stale, or None."""
    for since, until, why in peer:
        if since < t and (until is None or t < until):
            return since, why
    before = [lp for lp in lapses if lp[0] < t]
    if not before:
        return None
    last = before[-1]
    if any(last[0] <= a <= t + LOG_SLACK_S for a in acqs):
        return None
    return last


def unknown_select_writes(runner, run, writes, pids):
    """Select writes by a process that is neither an SC the backplane started nor the backplane itself
    (which resets a board's select when it is inserted): nobody else may switch a board's clock during
    a run, and a writer the judge cannot attribute is one whose authority it cannot judge. (The
    selftest's i2cset runs before the campaign, outside every run's window.)"""
    bp = getattr(getattr(runner.ch, "backplane", None), "pid", None)
    found = []
    for w in writes:
        if w[4] == SELECT_REG and w[1] not in pids and w[1] != bp:
            found.append(f"{w[2]} (pid {w[1]}), not an SC's daemon nor the backplane, wrote the SPLL select of"
                         f" board 0x{w[3]:02x} = {w[5]} at +{w[0] - run.t_begin:.3f} s: a writer whose authority"
                         f" cannot be judged")
    return found


def stale_writes(runner, run):
    t0, t1 = window(run)
    pids = pids_of(runner)
    found = []
    writes = [w for w in runner.ch.kmsg.all if w[0] != "lost" and t0 < w[0] <= t1]
    selects = [(w[0], w[1], w[3]) for w in writes if w[4] == SELECT_REG and w[1] in pids]
    run.metrics["select_writes"] = len(selects)
    found.extend(unknown_select_writes(runner, run, writes, pids))
    refsels = []
    for ev in runner.ch.events.all:
        if ev.kind == "refsel" and ev.fields.get("leader") == "1" and t0 < ev.t <= t1:
            refsels.append(ev)
    cache = {}

    def info(sc, pid):
        if (sc, pid) not in cache:
            cache[(sc, pid)] = (authority_lapses(runner, sc, pid), acquisitions(runner, sc, pid),
                                peer_authority(runner, sc))
        return cache[(sc, pid)]

    for t, pid, addr in selects:
        sc = pids[pid]
        lp = stale(t, *info(sc, pid))
        if lp:
            found.append(f"SC{sc} (pid {pid}) wrote the SPLL select of board 0x{addr:02x} at +{t - run.t_begin:.3f} s,"
                         f" after its authority lapsed at +{lp[0] - run.t_begin:.3f} s ({lp[1]})")
    live = {}   # which incarnation of each SC ran at a time
    for ev in runner.ch.events.all:
        if ev.kind == "proc" and "start pid=" in ev.text:
            live.setdefault(int(ev.fields["sc"]), []).append((ev.t, int(ev.fields["pid"])))
    for ev in refsels:
        sc = int(ev.fields["sc"])
        cands = [p for t, p in live.get(sc, []) if t <= ev.t]
        if not cands:
            continue
        pid = cands[-1]
        lp = stale(ev.t, *info(sc, pid))
        if lp:
            found.append(f"SC{sc} (pid {pid}) set REF_SEL to leader at +{ev.t - run.t_begin:.3f} s, after its"
                         f" authority lapsed at +{lp[0] - run.t_begin:.3f} s ({lp[1]})")
    lost = sum(1 for w in runner.ch.kmsg.all if w[0] == "lost")
    if lost:
        found.append(f"the kernel log lost {lost} write records: the write check is incomplete")
    return found


def replay_boards(runner, since_state, t_from):
    """Board states from a state snapshot, then every backplane event after it: yields (t, boards)."""
    boards = {b["slot"]: dict(b) for b in since_state["boards"]}
    t_snap = int(since_state["t"]) / 1e9
    for ev in runner.ch.events.all:
        if ev.t <= t_snap:
            continue
        f = ev.fields
        if ev.kind == "select" and "slot" in f:
            b = boards[int(f["slot"])]
            if b["present"]:
                b["input"] = int(f["to"][-1])
        elif ev.kind == "spll":
            b = boards[int(f["slot"])]
            b["input"], b["locked"], b["running"] = int(f["input"][-1]), int(f["locked"]), int(f["running"])
        elif ev.kind == "board" and "slot" in f:
            b = boards[int(f["slot"])]
            if "removed" in ev.text:
                b["present"] = 0
            elif "inserted" in ev.text:
                b["present"], b["input"], b["running"] = 1, 0, 0
            elif "nack" in f:
                b["nack"] = int(f["nack"])
        if ev.t >= t_from:
            yield ev.t, boards


def measure_failover(runner, run):
    f = run.fault
    survivor = 1 - f["sc"]
    t_fault = f["t"]
    det = None
    for p, ev in runner.logs[survivor].events:
        if ev.t > t_fault and (ev.kind == "detect" or ev.kind == "role" and ev.role in AUTHORITY):
            det = ev.t
            break
    fence = None
    for ev in runner.ch.events.all:
        if ev.t > t_fault and ev.kind == "reset-line" and ev.fields.get("sc") == str(survivor) \
                and ev.fields.get("level") == "1":
            fence = ev.t
            break
    firsts = [t for t in (det, fence) if t is not None]
    if firsts:
        run.metrics["detection_s"] = round(min(firsts) - t_fault, 3)
    for t, boards in replay_boards(runner, run.state_begin, t_fault):
        reach = [b for b in boards.values() if b["present"] and not b["nack"]]
        if reach and all(b["input"] == survivor and b["running"] and b["locked"] for b in reach):
            run.metrics["failover_s"] = round(t - t_fault, 3)
            break


LEASE_LAPSED = re.compile(r"^\S+ epoch=\d+ LEASE_LAPSED\b")


def lease_lapses(runner, run):
    """LEASE_LAPSED lines of either daemon over the whole run, its preparation included: a MAIN that
    lapses while the pair re-forms (beside a peer's JVM starting, say) lapsed all the same, and
    counting only the scenario's window hid three of them in a long-100 batch."""
    t0, t1 = window(run)
    return sum(1 for s in (0, 1) for p, ev in runner.logs[s].events
               if ev.kind == "lapse" and t0 < ev.t <= t1 and LEASE_LAPSED.match(ev.text))


def judge(runner, run):
    import time
    time.sleep(0.06)   # the state file is refreshed every 20 ms
    end = runner.ch.state()
    time.sleep(0.005)  # the backplane flushes its events just after writing the state
    runner.poll()      # after the read: every write and event up to its time is in
    # the counters are read now: the run's window (the writes judged below, the next run's start)
    # ends here too, so that nothing between this read and the next run falls outside every window
    run.state_judged = end
    run.t_end = max(run.t_end, int(end["t"]) / 1e9)
    start = run.state_prep
    for key, what in (("both_leader_samples", "both-leader samples"), ("dstops", "dstops"),
                      ("writes_in_reset", "REF_SEL writes while held in reset")):
        n = end[key] - start[key]
        run.metrics[key] = n
        if n:
            run.fail(f"{n} {what}")
    for s in stale_writes(runner, run):
        run.fail(s)
    t0, t1 = window(run)
    glitches = unseen_switches(runner.ch.events.all, runner.ch.kmsg.all, t0, t1, run.t_begin)
    run.metrics["unseen_switches"] = len(glitches)
    for s in glitches:
        run.fail(s)
    takeovers = [(ev.t, s) for s in (0, 1) for p, ev in runner.logs[s].events
                 if ev.kind == "role" and ev.role == "MAIN" and run.t_begin < ev.t <= t1
                 and s != run.main_at_begin]
    run.metrics["takeovers"] = len(takeovers)
    # lapsed leases, failfast halts, faults: an SC giving up authority on its own (on a slow VM, a
    # stalled JVM); counted whatever the scenario, reported with the false failovers
    run.metrics["halts"] = sum(1 for s in (0, 1) for p, ev in runner.logs[s].events
                               if ev.kind == "lapse" and run.t_begin < ev.t <= t1)
    if run.expect_takeover is False and takeovers and run.main_at_begin is not None:
        run.metrics["false_failovers"] = len(takeovers)
        run.fail(f"false failover: SC{takeovers[0][1]} became MAIN at +{takeovers[0][0] - run.t_begin:.3f} s "
                 f"although SC{run.main_at_begin} was alive and failover was not expected")
    deferred = s5_deferral(runner, run, takeovers, t1)
    if run.expect_takeover is True and run.main_at_begin is not None and getattr(run, "fault", None) \
            and not takeovers and not deferred:
        # a takeover scenario whose SPARE never took over (stop-main: the frozen MAIN resumed and is
        # MAIN again) has not done what its name says, and its S3 check saw nothing to check (one
        # that failed before its fault has its own failure: nothing was there to take over from)
        run.fail(f"no takeover: a takeover was expected, but SC{1 - run.main_at_begin} never became MAIN")
    if getattr(run, "fault", None):
        measure_failover(runner, run)
        if run.expect_takeover is True and "failover_s" not in run.metrics and not deferred:
            run.fail(f"no failover on the devices: the boards never all ran locked on SC{1 - run.fault['sc']}'s"
                     f" clock after the fault")
    stats = [ev for ev in runner.ch.events.all if ev.kind == "stats" and "final" not in ev.text and t0 < ev.t <= t1]
    if stats:
        rates = sorted(int(ev.fields["samples"]) for ev in stats)
        run.metrics["sample_max_gap_ms"] = round(max(int(ev.fields["max_gap_us"]) for ev in stats) / 1000, 1)
        run.metrics["samples_per_s_median"] = rates[len(rates) // 2]

def s5_deferral(runner, run, takeovers, t1):
    """S5 on a frozen MAIN (stop-main), judged on the judge's own reading of the files
    (run.p1_difference, taken half an FDT into the freeze, before a takeover could start): a SPARE
    may defer replacing a MAIN whose clock runs only while its copy of the MAIN's priority-1 data
    differs, and must defer then — unless the MAIN changed it so shortly before it froze that no word
    of it can have reached the SPARE (the change younger than the freeze's first second). True when
    the run lawfully had no takeover; failures otherwise."""
    if not run.p1_read or run.main_at_begin is None or not getattr(run, "fault", None):
        return False
    spare = 1 - run.main_at_begin
    diff = run.p1_difference
    said = [ev for p, ev in runner.logs[spare].events
            if ev.kind == "note" and "TAKEOVER_DEFERRED" in ev.text and run.fault["t"] < ev.t <= t1]
    if takeovers:
        if diff and diff["age_s"] > runner.fdt / 2 + 1.0:
            run.fail(f"S5: SC{spare} replaced the frozen MAIN (alive, its clock running) while its copy of the"
                     f" MAIN's priority-1 data differed, changed {diff['age_s']:.1f} s before the files were"
                     f" read: {diff['text']}")
        elif diff:
            run.notes.append(f"taken over with a priority-1 change the MAIN made just before it froze"
                             f" ({diff['age_s']:.1f} s before the read; no word of it could reach the SPARE): {diff['text']}")
        return False
    if not said:
        return False   # no takeover and no word of S5: the caller's "no takeover" verdict stands
    if not diff:
        run.fail(f"SC{spare} deferred the takeover (TAKEOVER_DEFERRED: priority 1 not in sync) although its copy"
                 f" of the MAIN's priority-1 data was the same as the MAIN's on the files (or the MAIN froze"
                 f" between a pass's last file and its status word)")
        return False
    run.metrics["deferred_by_s5"] = 1
    run.notes.append(f"no takeover, lawfully: S5 deferred it (SC{spare} said TAKEOVER_DEFERRED at"
                     f" +{said[0].t - run.t_begin:.3f} s; on the files: {diff['text']})")
    return True


def save_run(runner, run, runs_dir):
    """Everything that happened during the run, for a person to read after a failure."""
    path = os.path.join(runs_dir, f"{run.name}-{run.rep}.txt")
    t0, t1 = window(run)
    rows = []
    for ev in runner.ch.events.all:
        if t0 <= ev.t <= t1 and ev.kind not in ("hb", "stats"):
            rows.append((ev.t, f"backplane {ev.kind} {ev.text}"))
    for s in (0, 1):
        for p, ev in runner.logs[s].events:
            if t0 <= ev.t <= t1:
                rows.append((ev.t, f"SC{s}[{p}] {ev.kind} {ev.text}"))
    for w in runner.ch.kmsg.all:
        if w[0] != "lost" and t0 <= w[0] <= t1 and w[2] != "backplane":
            rows.append((w[0], f"write by {w[2]}[{w[1]}] 0x{w[3]:02x} reg 0x{w[4]:02x} = 0x{w[5]:x}"))
    rows.sort()
    with open(path, "w") as f:
        f.write(f"{run.name} #{run.rep} seed {run.seed}: {'PASS' if not run.failures else 'FAIL'}\n")
        for x in run.failures:
            f.write(f"  failure: {x}\n")
        f.write(f"  metrics: {run.metrics}\n  notes: {run.notes}\n")
        base = run.t_begin or t0
        for t, text in rows:
            f.write(f"{t - base:+10.4f} {text}\n")
        if run.failures:
            # the daemons' own words (INFO and up, data sync's DEBUG too; untimed): what the events above do not say, e.g. why
            # a sync session failed; the incarnations that lived in the window
            for s in (0, 1):
                pids = window_pids(runner, run, s)
                lines = [line for p, line in runner.logs[s].lines[run.log_marks[s]:] if p in pids]
                f.write(f"--- SC{s} daemon log, incarnations {sorted(pids)}: last {min(len(lines), 1500)} of {len(lines)} lines\n")
                for line in lines[-1500:]:
                    f.write(f"  {line}\n")


def window_pids(runner, run, s):
    """SC s's incarnations in the run's window: alive when it began, started or logging in it."""
    t0, t1 = window(run)
    pids = {p for p, ev in runner.logs[s].events if t0 <= ev.t <= t1}
    pids |= {int(ev.fields["pid"]) for ev in runner.ch.events.all if t0 <= ev.t <= t1 and ev.kind == "proc"
             and ev.fields.get("sc") == str(s) and "start pid=" in ev.text}
    if run.state_prep:
        pids.add(run.state_prep["pid"][s])
    return pids - {0}


def log_excerpt(runner, run, pattern=r"WARN|ERROR|datasync", n=25):
    """The last n lines of each SC's daemon log matching pattern, since the run began: printed after a
    failed run, where CI shows the output (the run files stay in the VM's output directory)."""
    import re
    out = []
    for s in (0, 1):
        pids = window_pids(runner, run, s)
        lines = [line for p, line in runner.logs[s].lines[run.log_marks[s]:] if p in pids and re.search(pattern, line)]
        out += [f"  SC{s}: {line[:400]}" for line in lines[-n:]]
    return out
