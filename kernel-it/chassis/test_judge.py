#!/usr/bin/env python3
"""Host-side unit tests of the judge (judge.py): crafted backplane events, kernel write records and
daemon log lines, no VM, no devices, no daemon.

    python3 -m unittest kernel-it/chassis/test_judge.py      (or: cd kernel-it/chassis && python3 test_judge.py)
"""
import os
import random
import sys
import tempfile
import time
import types
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import daemons  # noqa: E402
import judge  # noqa: E402
from chassis import CHIP_ADDRS, Event  # noqa: E402
from daemons import LogEvent, PairlockdKind  # noqa: E402
import runner  # noqa: E402
from runner import Run  # noqa: E402
from scenarios import Scenario  # noqa: E402

SELECT = 0x10
COUNTERS = dict(both_leader_samples=0, dstops=0, writes_in_reset=0)
BACKPLANE_PID = 50


def ev(t, kind, text):
    return Event(t, kind, text)


def role(t, r, epoch=1):
    return LogEvent(t, "role", r, epoch, f"{r} epoch={epoch} ROLE_CHANGE cause=test")


def lapse(t, what="LEASE_LAPSED"):
    return LogEvent(t, "lapse", None, 1, f"UNKNOWN epoch=1 {what} cause=test")


def select_write(t, pid, slot, value):
    return (t, pid, "java", CHIP_ADDRS[slot], SELECT, value)


def boards(sc, n=3):
    return [dict(slot=i, present=1, nack=0, input=sc, locked=1, running=1) for i in range(n)]


class FakeRunner:
    """What judge.py reads of a Runner: the backplane's events and state, the kernel's write log,
    each SC's parsed daemon log as (pid, LogEvent)."""

    def __init__(self, events=(), kmsg=(), logs=((), ()), state=None):
        ch = types.SimpleNamespace()
        ch.events = types.SimpleNamespace(all=sorted(events, key=lambda e: e.t))
        ch.kmsg = types.SimpleNamespace(all=list(kmsg))
        ch.backplane = types.SimpleNamespace(pid=BACKPLANE_PID)
        st = dict(COUNTERS, t=int(30e9), **(state or {}))   # the state file at the judge's read
        ch.state = lambda: dict(st)
        self.ch = ch
        self.logs = [types.SimpleNamespace(events=list(lg)) for lg in logs]
        self.fdt = 1.0

    def poll(self):
        pass


def new_run(t_prep=0.0, t_begin=1.0, t_end=30.0, main=0, fault=None, expect_takeover=None):
    run = Run("test", 1, 0)
    run.t_prep, run.t_begin, run.t_end = t_prep, t_begin, t_end
    run.state_prep = dict(COUNTERS)
    run.state_begin = dict(t=int(t_begin * 1e9), boards=boards(main))
    run.main_at_begin = main
    run.expect_takeover = expect_takeover
    if fault:
        run.fault = fault
    return run


def starts(*pairs):
    return [ev(t, "proc", f"sc={sc} start pid={pid} incarnation=1") for t, sc, pid in pairs]


class StaleWrites(unittest.TestCase):
    def test_write_while_the_peer_is_still_main_is_stale_whatever_the_writer_claims(self):
        # SC1 (pid 200) is MAIN from t=2 and stays MAIN, alive, to the end. SC0 (pid 100) then claims
        # authority of its own (BECOMING_MAIN, MAIN: a split brain) and switches a board: two SCs
        # with authority at once, and the write must be judged stale
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)),
                       kmsg=[select_write(12.0, 100, 3, 0)],
                       logs=([(100, role(0.9, "SPARE")), (100, role(11.0, "BECOMING_MAIN")), (100, role(11.5, "MAIN"))],
                             [(200, role(2.0, "MAIN"))]))
        found = judge.stale_writes(r, new_run(main=1))
        self.assertTrue(found, "a select write by SC0 while SC1 held MAIN was not flagged")
        self.assertIn("SC0 (pid 100)", found[0])

    def test_refsel_to_leader_while_the_peer_is_still_main_is_stale(self):
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)) + [ev(12.0, "refsel", "sc=0 leader=1")],
                       logs=([(100, role(11.0, "BECOMING_MAIN"))], [(200, role(2.0, "MAIN"))]))
        self.assertTrue(judge.stale_writes(r, new_run(main=1)))

    def test_takeover_after_the_peer_died_is_not_stale(self):
        # the same logs, but SC1's process exited (kill -9: no log line) before SC0 took over
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)) + [ev(10.5, "proc", "sc=1 exit pid=200 signal=9")],
                       kmsg=[select_write(12.0, 100, 3, 0)],
                       logs=([(100, role(11.0, "BECOMING_MAIN")), (100, role(11.5, "MAIN"))],
                             [(200, role(2.0, "MAIN"))]))
        self.assertEqual([], judge.stale_writes(r, new_run(main=1)))

    def test_takeover_after_the_peer_was_fenced_is_not_stale(self):
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)) + [ev(10.5, "reset", "sc=1 held=1 by=sc0 pid=200")],
                       kmsg=[select_write(12.0, 100, 3, 0)],
                       logs=([(100, role(11.0, "BECOMING_MAIN")), (100, role(11.5, "MAIN"))],
                             [(200, role(2.0, "MAIN"))]))
        self.assertEqual([], judge.stale_writes(r, new_run(main=1)))

    def test_takeover_after_the_peer_gave_up_is_not_stale(self):
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)),
                       kmsg=[select_write(12.0, 100, 3, 0)],
                       logs=([(100, role(11.0, "BECOMING_MAIN")), (100, role(11.5, "MAIN"))],
                             [(200, role(2.0, "MAIN")), (200, lapse(10.0))]))
        self.assertEqual([], judge.stale_writes(r, new_run(main=1)))

    def test_write_after_own_lapse_without_reacquiring_is_stale(self):
        # the rule that held before: unchanged
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)),
                       kmsg=[select_write(12.0, 100, 3, 1)],
                       logs=([(100, role(1.0, "MAIN")), (100, lapse(10.0))], [(200, role(1.0, "SPARE"))]))
        self.assertTrue(judge.stale_writes(r, new_run(main=0)))


class UnknownWriters(unittest.TestCase):
    def test_a_select_write_by_a_process_nobody_started_fails(self):
        # the SCs are pids 100 and 200; pid 300 (an operator's i2cset, a stray service) switches a board
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)),
                       kmsg=[(12.0, 300, "i2cset", CHIP_ADDRS[2], SELECT, 1)],
                       logs=([(100, role(1.0, "MAIN"))], [(200, role(1.0, "SPARE"))]))
        run = new_run(main=0)
        found = judge.stale_writes(r, run)
        self.assertEqual(1, len(found), found)
        self.assertIn("i2cset (pid 300)", found[0])
        self.assertIn(f"board 0x{CHIP_ADDRS[2]:02x}", found[0])
        self.assertEqual(0, run.metrics["select_writes"])

    def test_the_backplane_resetting_an_inserted_board_is_no_writer_to_judge(self):
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)),
                       kmsg=[(12.0, BACKPLANE_PID, "backplane", CHIP_ADDRS[2], SELECT, 0),
                             (12.5, 100, "java", CHIP_ADDRS[2], SELECT, 0)],
                       logs=([(100, role(1.0, "MAIN"))], [(200, role(1.0, "SPARE"))]))
        run = new_run(main=0)
        self.assertEqual([], judge.stale_writes(r, run))
        self.assertEqual(1, run.metrics["select_writes"], "the MAIN's write is the one judged")

    def test_other_registers_by_others_are_not_selects(self):
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)),
                       kmsg=[(12.0, 300, "i2cget", CHIP_ADDRS[2], 0x11, 0)],
                       logs=([(100, role(1.0, "MAIN"))], [(200, role(1.0, "SPARE"))]))
        self.assertEqual([], judge.stale_writes(r, new_run(main=0)))


def sample(t, slot, was, now, writes, locked=0, running=1, read_at=None):
    """A backplane select event: a sample at t whose read (completed at read_at) saw `writes` writes."""
    ra = int((t if read_at is None else read_at) * 1e9)
    return ev(t, "select", f"slot={slot} from=sc{was} to=sc{now} writes={writes} phase_locked={locked}"
                           f" running={running} read_at={ra}")


class UnseenSwitches(unittest.TestCase):
    """switches.py: a select written to the other SC and back between two samples."""

    def judge(self, events, kmsg):
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)) + events, kmsg=kmsg,
                       logs=([(100, role(1.0, "MAIN"))], [(200, role(1.0, "SPARE"))]))
        run = new_run(main=0)
        judge.judge(r, run)
        return run

    def test_there_and_back_between_samples_while_unlocked_fails(self):
        run = self.judge([sample(5.0, 2, 0, 0, 1), sample(12.004, 2, 0, 0, 2)],
                         [select_write(4.99, 100, 2, 0), select_write(12.001, 100, 2, 1),
                          select_write(12.002, 100, 2, 0)])
        self.assertEqual(1, run.metrics["unseen_switches"], run.failures)
        found = [f for f in run.failures if "and back" in f]
        self.assertEqual(1, len(found), run.failures)
        self.assertIn(f"board 0x{CHIP_ADDRS[2]:02x} (slot 2) to SC1 at +11.001 s", found[0])

    def test_the_same_while_phase_locked_is_glitch_free(self):
        run = self.judge([sample(5.0, 2, 0, 0, 1), sample(12.004, 2, 0, 0, 2, locked=1)],
                         [select_write(4.99, 100, 2, 0), select_write(12.001, 100, 2, 1),
                          select_write(12.002, 100, 2, 0)])
        self.assertEqual(0, run.metrics["unseen_switches"], run.failures)

    def test_a_stopped_board_has_no_clock_to_glitch(self):
        run = self.judge([sample(5.0, 2, 0, 0, 1), sample(12.004, 2, 0, 0, 2, running=0)],
                         [select_write(4.99, 100, 2, 0), select_write(12.001, 100, 2, 1),
                          select_write(12.002, 100, 2, 0)])
        self.assertEqual(0, run.metrics["unseen_switches"], run.failures)

    def test_rewriting_the_same_value_is_no_switch(self):
        run = self.judge([sample(5.0, 2, 0, 0, 1), sample(12.004, 2, 0, 0, 2)],
                         [select_write(4.99, 100, 2, 0), select_write(12.001, 100, 2, 0),
                          select_write(12.002, 100, 2, 0)])
        self.assertEqual(0, run.metrics["unseen_switches"], run.failures)

    def test_a_write_after_the_read_belongs_to_the_next_sample(self):
        # the switch away was logged after the 12.0 s read completed: the next sample saw it (a dstop
        # the physics counted itself), so the 12.0 s sample's "unchanged" is no there-and-back
        run = self.judge([sample(5.0, 2, 0, 0, 1), sample(12.0, 2, 0, 0, 1),
                          sample(12.01, 2, 0, 1, 1)],
                         [select_write(4.99, 100, 2, 0), select_write(11.99, 100, 2, 0),
                          select_write(12.0005, 100, 2, 1)])
        self.assertEqual(0, run.metrics["unseen_switches"], run.failures)

    def test_an_inserted_boards_reset_is_not_a_switch_of_its_first_sample(self):
        # slot 2 is removed and inserted: the backplane writes 0 and reads it back, a read no event
        # marks, so the sample after it has no window to judge
        run = self.judge([sample(5.0, 2, 1, 1, 1), ev(8.0, "board", "slot=2 removed"),
                          ev(9.0, "board", "slot=2 inserted"), sample(12.004, 2, 1, 1, 1)],
                         [select_write(4.99, 100, 2, 1), (9.0001, BACKPLANE_PID, "backplane", CHIP_ADDRS[2], SELECT, 0),
                          select_write(12.002, 100, 2, 1)])
        self.assertEqual(0, run.metrics["unseen_switches"], run.failures)

    def test_another_boards_switch_is_not_this_ones(self):
        run = self.judge([sample(5.0, 2, 0, 0, 1), sample(12.004, 2, 0, 0, 2)],
                         [select_write(4.99, 100, 2, 0), select_write(12.001, 100, 3, 1),
                          select_write(12.002, 100, 2, 0), select_write(12.003, 100, 2, 0)])
        self.assertEqual(0, run.metrics["unseen_switches"], run.failures)


class DaemonLines(unittest.TestCase):
    def kind(self):
        return object.__new__(PairlockdKind)   # parse() needs none of what __init__ looks up

    def test_a_failsafe_give_up_is_a_lapse(self):
        # FailSafe gives up authority with this line and no event=: the judge must still see a lapse
        line = ("2026-12-01T17:00:00.123Z ERROR ControllerRuntime - SC1 role=MAIN epoch=3 cause=unexpected"
                " java.lang.IllegalStateException: boom in tick (fault #1): giving up authority (FOLLOWER written,"
                " MAIN dropped), restarting as UNKNOWN in 4500 ms")
        e = self.kind().parse(line, 0.0)
        self.assertIsNotNone(e, "the give-up line was not parsed")
        self.assertEqual("lapse", e.kind)
        self.assertAlmostEqual(1796144400.123, e.t, places=3)

    def test_role_change_still_parsed(self):
        e = self.kind().parse("2026-12-01T17:00:00.123Z INFO DaemonLog - SC0 role=MAIN epoch=2 event=ROLE_CHANGE"
                              " cause=x", 0.0)
        self.assertEqual(("role", "MAIN", 2), (e.kind, e.role, e.epoch))

    def test_peer_fault_ends_its_authority(self):
        # SC1 MAIN, then FailSafe gives up (parsed as a lapse), SC0 takes over and writes: lawful
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)),
                       kmsg=[select_write(12.0, 100, 3, 0)],
                       logs=([(100, role(11.0, "BECOMING_MAIN")), (100, role(11.5, "MAIN"))],
                             [(200, role(2.0, "MAIN")), (200, lapse(10.0, "FAULT"))]))
        self.assertEqual([], judge.stale_writes(r, new_run(main=1)))


class ExpectedTakeover(unittest.TestCase):
    def test_a_takeover_scenario_without_a_takeover_fails(self):
        # stop-main: the MAIN (SC0) frozen at t=5; the SPARE never took over, the MAIN resumed and
        # is MAIN again; no both-leader sample, no dstop, no stale write: the run must still fail
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)),
                       logs=([(100, role(0.9, "MAIN"))], [(200, role(0.9, "SPARE"))]))
        run = new_run(main=0, fault=dict(sc=0, t=5.0), expect_takeover=True)
        judge.judge(r, run)
        self.assertTrue(run.failures, "a run expecting a takeover passed without one")

    def test_a_takeover_scenario_with_the_takeover_passes(self):
        evs = starts((0.5, 0, 100), (0.5, 1, 200)) + [ev(5.0, "proc", "sc=0 exit pid=100 signal=9")]
        evs += [ev(7.0, "reset-line", "sc=1 level=1 wired=1")]
        evs += [ev(8.0 + i / 100, "select", f"slot={i} from=sc0 to=sc1 writes=1 phase_locked=1 running=1") for i in range(3)]
        evs += [ev(8.0 + i / 100, "spll", f"slot={i} status=0x6 input=sc1 locked=0 running=1") for i in range(3)]
        evs += [ev(8.1, "spll", f"slot={i} status=0x7 input=sc1 locked=1 running=1") for i in range(3)]
        r = FakeRunner(events=evs, kmsg=[select_write(8.0 + i / 100, 200, i, 1) for i in range(3)],
                       logs=([(100, role(0.9, "MAIN"))], [(200, role(0.9, "SPARE")), (200, role(7.5, "MAIN", 2))]))
        run = new_run(main=0, fault=dict(sc=0, t=5.0), expect_takeover=True)
        judge.judge(r, run)
        self.assertEqual([], run.failures)
        self.assertEqual(3.1, run.metrics["failover_s"])


def note(t, text, epoch=1):
    return LogEvent(t, "note", None, epoch, f"SPARE epoch={epoch} {text}")


class FrozenMainS5(unittest.TestCase):
    """stop-main: the SPARE may leave a frozen MAIN (its clock running) in place only while the
    judge's own reading of the files shows the MAIN's priority-1 data differing from the copy."""

    FROZEN = dict(text="sync.item.sel-sc0: 0.log: MAIN ('0o644', 900, 1, 'a') SPARE ('0o644', 800, 1, 'b')", age_s=3.0)

    def frozen(self, spare_log, diff):
        r = FakeRunner(events=starts((0.5, 0, 100), (0.5, 1, 200)),
                       logs=([(100, role(0.9, "MAIN"))], [(200, role(0.9, "SPARE"))] + spare_log))
        run = new_run(main=0, fault=dict(sc=0, t=5.0), expect_takeover=True)
        run.p1_read, run.p1_difference = True, diff
        judge.judge(r, run)
        return run

    def test_a_deferral_while_the_copy_differs_is_lawful(self):
        run = self.frozen([(200, note(6.2, "TAKEOVER_DEFERRED cause=test"))], self.FROZEN)
        self.assertEqual([], run.failures)
        self.assertEqual(1, run.metrics["deferred_by_s5"])

    def test_a_deferral_while_the_copy_is_the_same_fails(self):
        run = self.frozen([(200, note(6.2, "TAKEOVER_DEFERRED cause=test"))], None)
        self.assertTrue(any("deferred the takeover" in f for f in run.failures), run.failures)

    def test_no_takeover_without_a_deferral_fails_even_when_the_copy_differs(self):
        run = self.frozen([], self.FROZEN)
        self.assertTrue(any("no takeover" in f for f in run.failures), run.failures)

    def test_a_deferral_before_the_freeze_does_not_count(self):
        run = self.frozen([(200, note(4.0, "TAKEOVER_DEFERRED cause=test"))], self.FROZEN)
        self.assertTrue(any("no takeover" in f for f in run.failures), run.failures)

    def test_a_takeover_over_an_old_difference_breaks_s5(self):
        run = self.frozen([(200, role(7.5, "MAIN", 2))], self.FROZEN)
        self.assertTrue(any(f.startswith("S5:") for f in run.failures), run.failures)

    def test_a_takeover_over_a_change_made_as_the_main_froze_is_not_s5s(self):
        run = self.frozen([(200, role(7.5, "MAIN", 2))], dict(self.FROZEN, age_s=0.7))
        self.assertFalse(any(f.startswith("S5:") for f in run.failures), run.failures)
        self.assertTrue(any("just before it froze" in n for n in run.notes), run.notes)


class Priority1Files(unittest.TestCase):
    """daemons.priority1_difference on real directories laid out as the campaign's."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = self.tmp.name
        self.ch = types.SimpleNamespace(sc_dirs=[os.path.join(root, "sc0"), os.path.join(root, "sc1")])
        for sc in (0, 1):
            os.makedirs(os.path.join(daemons.sync_backing(self.ch, sc), daemons.SYNC_ITEM))
            os.makedirs(os.path.join(daemons.sel_backing(self.ch, sc), "sc0"))

    def tearDown(self):
        self.tmp.cleanup()

    def put(self, sc, rel, data, mtime_ns=1_000_000_000):
        path = os.path.join(self.ch.sc_dirs[sc], rel)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, ns=(mtime_ns, mtime_ns))
        return path

    def test_the_same_files_are_no_difference(self):
        for sc in (0, 1):
            self.put(sc, "data/users/passwd", b"root:x:0:0\n")
            self.put(sc, "sel/sc0/0.log", b"record")
        self.put(1, "data/users/.passwd.part", b"half")      # a receiver's part file is not data
        self.put(0, "sel/sc0/sel.lock", b"")                 # nor is the SEL's lock (include *.log)
        self.assertIsNone(daemons.priority1_difference(self.ch, 0))

    def test_a_longer_sel_on_the_main_is_a_difference_with_its_age(self):
        self.put(0, "data/users/passwd", b"a")
        self.put(1, "data/users/passwd", b"a")
        self.put(0, "sel/sc0/0.log", b"record record", mtime_ns=time.time_ns() - 5_000_000_000)
        self.put(1, "sel/sc0/0.log", b"record")
        d = daemons.priority1_difference(self.ch, 0)
        self.assertIn("sync.item.sel-sc0: 0.log", d["text"])
        self.assertGreater(d["age_s"], 4.0)

    def test_a_file_deleted_on_the_main_is_a_difference(self):
        self.put(1, "data/users/gone", b"x")
        d = daemons.priority1_difference(self.ch, 0)
        self.assertIn("deleted on the MAIN", d["text"])

    def test_a_mode_change_is_a_difference(self):
        os.chmod(self.put(0, "data/users/passwd", b"a"), 0o600)
        os.chmod(self.put(1, "data/users/passwd", b"a"), 0o644)
        self.assertIn("passwd", daemons.priority1_difference(self.ch, 0)["text"])


class BetweenRuns(unittest.TestCase):
    def test_a_violation_between_two_runs_is_judged_in_one(self):
        # run 1 is judged (its counters read), then, while it is saved and logged, the backplane
        # counts a both-leader sample; run 2 must not start its window after it
        st = dict(COUNTERS, t=int(30e9))
        params = tempfile.mkdtemp()
        clock = [10.0]
        r = object.__new__(runner.Runner)
        r.ch = types.SimpleNamespace(events=types.SimpleNamespace(all=starts((0.5, 0, 100), (0.5, 1, 200))),
                                     kmsg=types.SimpleNamespace(all=[]), params=params,
                                     state=lambda: dict(st), command=lambda line: None)
        r.logs = [types.SimpleNamespace(events=[(100, role(0.9, "MAIN"))], lines=[]),
                  types.SimpleNamespace(events=[(200, role(0.9, "SPARE"))], lines=[])]
        r.rng = random.Random(1)
        r.poll = lambda: None
        r.now = lambda: clock[0]
        r.cmd = lambda line: clock[0]
        r.paired = lambda: 0

        def body(rr, run):
            clock[0] += 5
            st["t"] = int(clock[0] * 1e9)

        quiet = Scenario("quiet", "paired", body, True, "")
        first = r.run_one(quiet, 1)
        self.assertEqual([], first.failures)
        st["both_leader_samples"] += 1        # between the runs
        clock[0] += 1
        st["t"] = int(clock[0] * 1e9)
        second = r.run_one(quiet, 2)
        self.assertTrue(any("both-leader" in f for f in second.failures),
                        f"a both-leader sample between two runs was judged in neither: {second.failures}")


if __name__ == "__main__":
    unittest.main()
