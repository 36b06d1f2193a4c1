"""Runs scenarios on the chassis: the steps scenarios are written in, waiting for the pair to
settle, and one verdict per run (judge.py)."""
import json
import os
import random
import shutil
import signal
import time

import datasync_steps
import judge
import scenarios
from chassis import CHIP_ADDRS, write
from daemons import AUTHORITY, KINDS, DaemonLog, daemon_command, platform_file, sc_cpu, prepare_sync_dirs, realtime_offset, \
    state_dir
from outcome import PreconditionFailed, ScenarioFailed


class Run:
    """One repetition of one scenario: what happened, what was measured, what went wrong."""

    def __init__(self, name, rep, seed):
        self.name, self.rep, self.seed = name, rep, seed
        self.t_begin = self.t_faults_end = self.t_end = None
        self.state_prep = self.state_begin = self.state_end = None
        self.log_marks = [0, 0]
        self.metrics = {}
        self.failures = []
        self.notes = []
        self.expect_takeover = None   # None: either is fine; False: a takeover is a false failover
        self.main_at_begin = None
        # S5's fact as the judge reads it from the files while the MAIN is frozen (stop-main:
        # daemons.priority1_difference): unread (False), or read, with None meaning "the same"
        self.p1_read = False
        self.p1_difference = None

    def fail(self, why):
        self.failures.append(why)


class Runner:
    def __init__(self, ch, args, log):
        self.ch, self.args, self.log = ch, args, log
        import daemons
        daemons.PIN_CPUS = bool(getattr(args, "pin_cpus", False))
        self.kind = KINDS[args.daemon]()
        if getattr(args, "jvm_extra", "") and hasattr(self.kind, "jvm"):
            self.kind.jvm += " " + args.jvm_extra
        self.fdt_ms = args.fdt_ms or self.kind.default_fdt_ms
        self.fdt = self.fdt_ms / 1000
        self.rng = random.Random(args.seed)
        self.offset = realtime_offset()
        self.confs = [os.path.join(ch.sc_dirs[s], "platform.conf") for s in (0, 1)]
        prepare_sync_dirs(ch)
        for s in (0, 1):
            write(self.confs[s], platform_file(ch, s, self.fdt_ms, rt_priority=getattr(args, "rt_priority", 10)))
            os.makedirs(state_dir(ch, s), exist_ok=True)
            ch.daemon_cmd[s] = daemon_command(ch, s, self.kind.command(self.confs[s]))
            if hasattr(self.kind, "check"):
                log(f"SC{s}: " + self.kind.check(self.confs[s]).strip().splitlines()[-1])
        ch.start_backplane()
        self.logs = [DaemonLog(os.path.join(ch.sc_dirs[s], "daemon.log"), self.kind, self.offset) for s in (0, 1)]
        self.run = None
        # how long the pair may take to settle after the last fault and after every live daemon is
        # up (its first log line): detection (FDT), fencing, lock, programming. A JVM's start under
        # TCG on a loaded host is not the protocol's time: it is waited for separately (up to
        # STARTUP_S) and reported as daemon_start_s.
        self.settle_bound = 6 * self.fdt + 10

    # ---- observation ---------------------------------------------------------------------------
    def poll(self):
        self.ch.events.poll()
        self.ch.kmsg.poll()
        for lg in self.logs:
            lg.poll()

    def now(self):
        return time.monotonic()

    def roles(self, st=None):
        """[role of SC0's live incarnation, SC1's]: None if not running, "?" if it logged none yet."""
        st = st or self.ch.state()
        out = []
        for s in (0, 1):
            pid = st["pid"][s]
            out.append(None if pid <= 0 else (self.logs[s].role(pid) or "?"))
        return out

    def main(self):
        self.poll()
        mains = [s for s, r in enumerate(self.roles()) if r == "MAIN"]
        if len(mains) != 1:
            raise ScenarioFailed(f"expected exactly one MAIN, roles are {self.roles()}")
        return mains[0]

    def settled(self, need_spare=False):
        """Exactly one MAIN; the hardware agrees: it alone leads, lock holds, every present and
        reachable board runs locked on its clock. With need_spare: the other SC is a live SPARE."""
        self.poll()
        st = self.ch.state()
        roles = self.roles(st)
        mains = [s for s, r in enumerate(roles) if r == "MAIN"]
        if len(mains) != 1:
            return None
        m = mains[0]
        if st["leader"][m] != 1 or st["leader"][1 - m] != 0:
            return None
        if st["powered"][1 - m] and not st["locked"]:
            return None
        for b in st["boards"]:
            if b["present"] and not b["nack"] and not (b["input"] == m and b["running"] and b["locked"]):
                return None
        if need_spare and roles[1 - m] != "SPARE":
            return None
        return m

    def wait(self, what, predicate, timeout):
        deadline = self.now() + timeout
        while self.now() < deadline:
            self.poll()
            v = predicate()
            if v is not None and v is not False:
                return v
            time.sleep(0.01)
        raise ScenarioFailed(f"{what}: not within {timeout:.1f} s (roles {self.roles()}, state {self.brief()})")

    def brief(self):
        st = self.ch.state()
        on = lambda m: "".join(str(b["input"]) if b["running"] else "-" for b in st["boards"] if b["present"])
        return (f"leader={st['leader']} locked={st['locked']} pid={st['pid']} in_reset={st['in_reset']} "
                f"boards={on(None)}")

    # ---- the steps scenarios are written in -----------------------------------------------------
    def uniform(self, lo, hi):
        return self.rng.uniform(lo, hi)

    def sleep(self, s):
        end = self.now() + s
        while self.now() < end:
            self.poll()
            time.sleep(min(0.02, max(0.0, end - self.now())))

    def cmd(self, line):
        """A backplane command; returns the backplane's time of handling it."""
        self.ch.command(line)
        return self.ch.sync()

    def start(self, sc):
        return self.cmd(f"start {sc}")

    def signal(self, sc, sig):
        """Signal SC sc's daemon; after KILL, wait until the backplane has reaped it."""
        self.run.notes.append(f"signal {sig} -> SC{sc}")
        pid = self.ch.state()["pid"][sc]
        t = self.cmd(f"signal {sc} {sig}")
        if sig == "KILL" and pid > 0:
            self.wait(f"SC{sc} (pid {pid}) gone after kill -9",
                      lambda: any(e.kind == "proc" and f"exit pid={pid} " in e.text + " " for e in self.ch.events.all)
                      or None, 10)
        return t

    def link(self, sc, link, up):
        self.ch.link(sc, link, up)
        self.run.notes.append(f"SC{sc} link {link} {'up' if up else 'down'}")
        return self.now()

    def cut(self, sc, on):
        return self.cmd(f"cut {sc} {'on' if on else 'off'}")

    def failover(self, sc, arg):
        """`scctl failover on|off|force` on SC sc (the stand-in: its socket directly)."""
        if hasattr(self.kind, "scctl"):
            rc, out = self.kind.scctl(self.confs[sc], "failover", arg, *(["-y"] if arg == "force" else []))
            self.run.notes.append(f"scctl failover {arg} on SC{sc}: exit {rc}: {out[-300:]}")
            if rc != 0:
                raise ScenarioFailed(f"scctl failover {arg} on SC{sc} exited {rc}: {out[-300:]}")
        else:
            r = self.kind.control(os.path.join(self.ch.sc_dirs[sc], "control.sock"), "failover", arg)
            self.run.notes.append(f"failover {arg} on SC{sc}: {json.dumps(r)}")
        return self.now()

    def faults_over(self):
        self.run.t_faults_end = self.now()

    STARTUP_S = 600

    def up(self, sc, st=None):
        """The live incarnation of SC sc runs its protocol: it logged, and it beat its heartbeat or
        changed role since it started (a JVM on a loaded TCG guest can take long to warm up its
        native calls after its first line). None: not running."""
        pid = (st or self.ch.state())["pid"][sc]
        if pid <= 0:
            return None
        if not any(p == pid for p, _ in self.logs[sc].lines):
            return False
        if any(p == pid and ev.kind == "role" for p, ev in self.logs[sc].events):
            return True
        began = [e.t for e in self.ch.events.all if e.kind == "proc" and f"start pid={pid} " in e.text + " "]
        return bool(began) and any(e.kind == "hb" and e.fields.get("sc") == str(sc) and e.t > began[-1]
                                   for e in self.ch.events.all[-2000:])

    def started_at(self, sc):
        """When the live incarnation of SC sc logged its first event (its protocol started), or None."""
        pid = self.ch.state()["pid"][sc]
        for p, ev in self.logs[sc].events:
            if p == pid:
                return ev.t
        return None

    def wait_daemons_up(self):
        """Every running daemon has started (logged); returns the time that took (s)."""
        t0 = self.now()
        self.wait("every running daemon started (its first log line)",
                  lambda: all(self.up(s, st) is not False for st in [self.ch.state()] for s in (0, 1)), self.STARTUP_S)
        took = self.now() - t0
        if self.run:
            self.run.metrics["daemon_start_wait_s"] = round(max(took, self.run.metrics.get("daemon_start_wait_s", 0)), 3)
        return took

    def settle(self, need_spare=False):
        """After the faults: within the bound, exactly one MAIN with every board on its clock."""
        t0 = self.run.t_faults_end or self.now()
        if self.wait_daemons_up() > 0.05:
            t0 = self.now()   # the bound starts once the daemons run
        # judge only hardware state sampled after the last fault
        self.wait("a backplane state after the faults", lambda: int(self.ch.state()["t"]) / 1e9 > t0 + 0.03, 10)
        m = self.wait_settled("settle after the faults (exactly one MAIN, every board on its clock)",
                              need_spare, self.settle_bound, "restarts_in_settle")
        self.run.metrics["settle_s"] = round(self.now() - t0, 3)
        return m

    def wait_settled(self, what, need_spare, bound, metric):
        """Waits up to `bound` for a settled pair (see settled). An SC fenced inside the bound is
        restarted by the backplane when released; its new JVM's start under TCG is not the protocol's
        time (see up): wait for it, count it in `metric`, and give the protocol its bound again
        (twice at most). Returns the MAIN."""
        for attempt in range(3):
            pids = self.ch.state()["pid"]
            try:
                return self.wait(what, lambda: self.settled(need_spare), bound)
            except ScenarioFailed:
                st = self.ch.state()
                # a new incarnation, or one fenced near the end of the bound and still held in reset
                restarted = [s for s in (0, 1) if st["pid"][s] != pids[s] and (st["pid"][s] > 0 or st["in_reset"][s])]
                if attempt == 2 or not restarted:
                    raise
                self.run.metrics[metric] = self.run.metrics.get(metric, 0) + len(restarted)
                self.wait_daemons_up()

    # ---- preconditions ---------------------------------------------------------------------------
    def restore_wiring(self):
        st = self.ch.state()
        for s in (0, 1):
            self.ch.link(s, "pri", True)
            self.ch.link(s, "fbk", True)
            if st["hb_cut"][s]:
                self.ch.command(f"cut {s} off")
            if not st["powered"][s]:
                self.ch.command(f"power {s} on")
        for b in st["boards"]:
            if b["nack"]:
                self.ch.command(f"nack {b['slot']} off")
            if not b["present"]:
                self.ch.command(f"insert {b['slot']}")
        self.ch.sync()

    def cold(self):
        """Both SCs powered off and on again, daemons not started, their state wiped: the boards
        lose their clock and wait, stopped, to be programmed."""
        for s in (0, 1):
            self.ch.command(f"power {s} off")
        self.ch.sync()
        # the state file may still show the last tick's power (a first run has no daemons to wait
        # for): restore_wiring below powers on only what it reads as off
        self.wait("both SCs powered off", lambda: not any(self.ch.state()["powered"]) or None, 30)
        self.wait("both daemons gone", lambda: self.ch.state()["pid"] == [0, 0], 30)
        for s in (0, 1):
            shutil.rmtree(state_dir(self.ch, s), ignore_errors=True)
            os.makedirs(state_dir(self.ch, s))
        self.restore_wiring()

    def paired(self):
        """A running pair: one MAIN, one SPARE, every board on the MAIN's clock."""
        self.restore_wiring()
        st = self.ch.state()
        for s in (0, 1):
            if st["pid"][s] <= 0 and not st["in_reset"][s]:
                self.ch.command(f"start {s}")
            if st["stopped"][s]:
                self.ch.command(f"signal {s} CONT")
        self.ch.sync()
        # an SC held in reset by the MAIN is started again by the backplane when released
        self.wait("both daemons running", lambda: all(p > 0 for p in self.ch.state()["pid"]) or None,
                  self.settle_bound + 4 * self.fdt)
        started = self.wait_daemons_up()
        # after a cold start (the last run failed and power-cycled both SCs, or a cold scenario ran)
        # the first MAIN fences the other SC, whose new JVM must start again: on a slow CI host that
        # alone took longer than the bound, and every later run failed its precondition in turn
        m = self.wait_settled("a settled pair (MAIN + SPARE) before the scenario", True, self.settle_bound + 30,
                              "restarts_in_prep")
        # a fenced SC restarted inside that wait: its JVM's start (wait_daemons_up keeps the longest)
        started = max(started, self.run.metrics.get("daemon_start_wait_s", 0))
        self.kind.control(os.path.join(self.ch.sc_dirs[m], "control.sock"), "failover", "on")
        if self.kind.name == "pairlockd":
            # a steady pair holds the MAIN's data: until the SPARE's priority 1 is in sync, S5 rightly
            # keeps it from replacing a MAIN whose clock still runs (a kill -9 leaves the clock running).
            # As SPARE: a daemon just started reports its engine's "not started" (in sync) for a moment
            # (kill-main #12 of a long-100 run killed the MAIN then, and the SPARE rightly deferred)
            # A JVM that has just started answers its first handshakes slowly (cold code, C1 only):
            # the bound grows by the time its start took, which measures this host's speed (55-66 s
            # on a slow CI host, where 36 s alone failed stop-main's precondition)
            datasync_steps.wait_p1(self, 1 - m, True, self.settle_bound + 20 + started, role="SPARE")
        return m

    def dump_threads(self):
        """Each running daemon's JVM prints its threads' stacks into its log (SIGQUIT): a pair that
        did not re-form may be a daemon stuck inside, and the power cycle that follows erases it."""
        if self.kind.name != "pairlockd":
            return   # the Python stand-in has no thread dump: SIGQUIT would kill it
        st = self.ch.state()
        for s in (0, 1):
            if st["pid"][s] > 0:
                try:
                    os.kill(st["pid"][s], signal.SIGQUIT)
                except OSError:
                    pass
        time.sleep(3)
        self.poll()

    # ---- one run ---------------------------------------------------------------------------------
    def run_one(self, sc, rep):
        seed = self.rng.randrange(1 << 30)
        run = self.run = Run(sc.name, rep, seed)
        self.rng_saved = self.rng
        self.rng = random.Random(seed)
        self.poll()
        # the window starts where the last judged one ended (its counters and writes): a violation
        # between two runs (while the last was judged and saved) would otherwise be in neither
        judged = getattr(self, "judged_to", None)
        run.t_prep = judged[0] if judged else self.now()
        run.state_prep = judged[1] if judged else self.ch.state()
        run.log_marks = [len(self.logs[s].lines) for s in (0, 1)]   # where this run's daemon lines begin
        try:
            if sc.pre == "cold":
                self.cold()
            else:
                try:
                    run.main_at_begin = self.paired()
                except ScenarioFailed as e:
                    # the pair did not come back after the last run: a liveness failure of its own;
                    # power-cycle both SCs so that the next runs start clean
                    run.fail(f"precondition: {e}")
                    self.dump_threads()
                    self.cold()
                    raise PreconditionFailed() from e
            self.poll()
            run.t_begin = self.now()
            run.state_begin = self.ch.state()
            self.cmd(f"mark begin {sc.name} {rep}")
            sc.body(self, run)
        except PreconditionFailed:
            pass
        except ScenarioFailed as e:
            run.fail(str(e))
        except Exception as e:   # a harness error is a failed run too, never a skip
            run.fail(f"harness error: {type(e).__name__}: {e}")
        finally:
            self.rng = self.rng_saved
            write(f"{self.ch.params}/kill_tgid", "0")   # disarm a kill-mid-programming that did not fire
            self.poll()
            run.t_end = self.now()
            run.state_end = self.ch.state()
            self.ch.command(f"mark end {sc.name} {rep}")
            if run.t_begin is not None:
                judge.judge(self, run)
                self.judged_to = (run.t_end, run.state_judged)
            run.metrics["lease_lapses"] = judge.lease_lapses(self, run)
        return run


# The judge must be able to fail: each deliberate stand-in bug, in a scenario where it shows,
# and the words the verdict must then contain.
JUDGE_SELFTEST = [("no-fence", "kill-main", "both-leader samples"),
                  ("unlocked-switch", "kill-main", "dstops"),
                  ("spare-writes", "kill-spare", "after its authority lapsed"),
                  ("stray-writer", "kill-main", "whose authority cannot be judged")]


def judge_selftest(runner, log):
    results = []
    by_name = {s.name: s for s in scenarios.ALL}
    for bug, name, words in JUDGE_SELFTEST:
        write(os.path.join(runner.ch.workdir, "standin.bug"), bug)
        for s in (0, 1):   # restart both with the bug
            runner.ch.command(f"signal {s} KILL")
        runner.ch.sync()
        time.sleep(0.5)
        run = runner.run_one(by_name[name], 1)
        caught = any(words in f for f in run.failures)
        if caught:
            detail = f"stand-in bug {bug} in {name}: caught: " + "; ".join(run.failures)[:300]
        else:
            # what the judge saw, so that a miss can be told apart from a bug that never showed
            detail = (f"stand-in bug {bug} in {name}: NOT caught (wanted a failure saying '{words}'): failures "
                      f"[{'; '.join(run.failures)[:300]}], select writes judged {run.metrics.get('select_writes')},"
                      f" notes [{'; '.join(run.notes)[:200]}]")
        log(f"{'PASS' if caught else 'FAIL'} judge-selftest {detail}")
        results.append(dict(scenario=f"judge-selftest:{bug}", rep=1, seed=run.seed, passed=caught, detail=detail,
                            metrics=run.metrics, failures=run.failures, notes=run.notes, fdt_ms=runner.fdt_ms,
                            daemon="standin"))
    write(os.path.join(runner.ch.workdir, "standin.bug"), "")
    return results


def expand(specs):
    plan = []
    for spec in specs:
        if spec == "short":
            plan += [(s, 1) for s in scenarios.ALL if s.short]
        elif spec == "all":
            plan += [(s, 1) for s in scenarios.ALL]
        else:
            name, _, reps = spec.partition("*")
            matches = [s for s in scenarios.ALL if s.name == name]
            if not matches:
                raise SystemExit(f"unknown scenario '{name}' (known: {', '.join(s.name for s in scenarios.ALL)})")
            plan.append((matches[0], int(reps or 1)))
    return plan


def run_specs(ch, args, log):
    runner = Runner(ch, args, log)
    if args.specs == ["judge-selftest"]:
        if args.daemon != "standin":
            raise SystemExit("judge-selftest runs the stand-in with deliberate bugs: use --daemon standin")
        results = judge_selftest(runner, log)
        return all(r["passed"] for r in results), results
    plan = expand(args.specs)
    log(f"campaign: daemon {args.daemon}, FDT {runner.fdt_ms} ms, seed {args.seed}, "
        f"{sum(r for _, r in plan)} runs of {len(plan)} scenarios, settle bound {runner.settle_bound:.0f} s, "
        f"{'each SC pinned to its own vCPU' if sc_cpu(1) is not None else 'SCs sharing the VM' + chr(39) + 's ' + str(os.cpu_count()) + ' vCPUs'}, "
        f"control.rt_priority {getattr(args, 'rt_priority', 10)}")
    results = []
    runs_dir = os.path.join(args.out, "runs")
    os.makedirs(runs_dir, exist_ok=True)
    for sc, reps in plan:
        for rep in range(1, reps + 1):
            run = runner.run_one(sc, rep)
            ok = not run.failures
            detail = "; ".join(run.failures) if run.failures else " ".join(
                f"{k}={v}" for k, v in sorted(run.metrics.items()))
            log(f"{'PASS' if ok else 'FAIL'} {sc.name} #{rep} (seed {run.seed}) {detail}")
            results.append(dict(scenario=sc.name, rep=rep, seed=run.seed, passed=ok, detail=detail,
                                metrics=run.metrics, failures=run.failures, notes=run.notes,
                                fdt_ms=runner.fdt_ms, daemon=args.daemon))
            judge.save_run(runner, run, runs_dir)
            if not ok:
                for line in judge.log_excerpt(runner, run):
                    log(line)
    return all(r["passed"] for r in results), results
