#!/usr/bin/env python3
"""Host-side unit tests of the campaign runner's own judgement (no VM, no devices, no daemon):
how a tie is measured, how a pair re-forming after a cold start is waited for, what a failed run
leaves for a person to read.

    python3 -m unittest discover -s kernel-it/chassis -p 'test_*.py'     (./mvnw verify runs it)
"""
import os
import sys
import tempfile
import types
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import judge  # noqa: E402
import scenarios  # noqa: E402
from chassis import Event  # noqa: E402
from daemons import LogEvent  # noqa: E402
from runner import Run, Runner, ScenarioFailed  # noqa: E402


def start(t, sc, pid):
    return Event(t, "proc", f"sc={sc} start pid={pid} incarnation=1")


def beat(t, sc, level=1):
    return Event(t, "hb", f"sc={sc} level={level}")


def role(t, r):
    return LogEvent(t, "role", r, 1, f"{r} epoch=1 ROLE_CHANGE cause=test")


class FakeRunner:
    """What the helpers read of a Runner: backplane events and state, each SC's daemon log."""

    def __init__(self, events=(), logs=((), ()), lines=((), ()), pid=(0, 0)):
        self.ch = types.SimpleNamespace(events=types.SimpleNamespace(all=sorted(events, key=lambda e: e.t)),
                                        kmsg=types.SimpleNamespace(all=[]),
                                        state=lambda: dict(pid=list(pid)))
        self.logs = [types.SimpleNamespace(events=list(logs[s]), lines=list(lines[s])) for s in (0, 1)]
        self.run = Run("start-simultaneous", 1, 7)
        self.run.t_prep = self.run.t_begin = 10.0
        self.run.t_end = 100.0

    def started_at(self, sc):
        pid = self.ch.state()["pid"][sc]
        return next((ev.t for p, ev in self.logs[sc].events if p == pid), None)


class TieTest(unittest.TestCase):
    def test_the_skew_is_between_first_heartbeats_not_first_log_lines(self):
        # both JVMs started in the same tick; SC0's protocol beat first 0.9 s later than SC1's, and
        # both logged their first line only at the decision (SC1's claim, SC0's yielding)
        r = FakeRunner(events=[start(10.0, 0, 201), start(10.0, 1, 202), beat(50.2, 1), beat(51.1, 0),
                               beat(9.0, 0)],   # an edge of an earlier incarnation: before the run
                       logs=[[(201, role(51.3, "SPARE"))], [(202, role(51.2, "BECOMING_MAIN"))]], pid=(201, 202))
        run = r.run
        scenarios.record_skew(r, run)
        self.assertEqual(run.metrics["start_skew_s"], -0.1)   # SC1's line first: reads as SC1 began first
        self.assertEqual(run.metrics["beat_skew_s"], -0.9)

    def test_no_beat_of_one_sc_gives_no_beat_skew(self):
        r = FakeRunner(events=[start(10.0, 0, 201), start(10.0, 1, 202), beat(50.2, 1)], pid=(201, 202))
        scenarios.record_skew(r, r.run)
        self.assertNotIn("beat_skew_s", r.run.metrics)
        self.assertIsNone(scenarios.first_beat(r, 0))
        self.assertEqual(scenarios.first_beat(r, 1), 50.2)


class StartSimultaneousTest(unittest.TestCase):
    def test_sc1_winning_after_sc0_beat_first_is_not_described_as_sc1_first(self):
        # SC0's protocol beat 1 s (2 FDT) before SC1's, yet SC1 became MAIN: the note must not say SC1
        # beat first ("came -1.000 s before SC0's")
        r = FakeRunner(events=[start(10.0, 0, 201), start(10.0, 1, 202), beat(50.0, 0), beat(51.0, 1)], pid=(201, 202))
        r.ch.command = lambda c: None
        r.ch.sync = lambda: None
        r.faults_over = lambda: None
        r.settle = lambda need_spare=False: 1
        r.fdt = 0.5
        scenarios.start_simultaneous(r, r.run)
        said = r.run.failures + r.run.notes
        self.assertTrue(said, "SC1 became MAIN: the run must say something")
        self.assertFalse([x for x in said if "-1.000" in x], said)
        self.assertTrue([x for x in said if "SC0's first beat came 1.000 s before SC1's" in x], said)


class WaitSettledTest(unittest.TestCase):
    """The pair re-forming: a fenced SC's restart gives the protocol its bound again, twice at most."""

    def runner(self, pids, settled_at):
        r = Runner.__new__(Runner)
        r.run = Run("x", 1, 1)
        seq = iter(pids)
        cur = {"pid": next(seq)}
        calls = {"n": 0}

        def wait(what, predicate, bound):
            calls["n"] += 1
            if calls["n"] == settled_at:
                return 1
            cur["pid"] = next(seq)   # the bound passed; meanwhile the backplane may have restarted an SC
            raise ScenarioFailed(f"{what}: not within {bound} s")
        r.wait = wait
        # an SC whose pid reads 0 is held in reset (fenced, not yet released)
        r.ch = types.SimpleNamespace(state=lambda: dict(pid=list(cur["pid"]), in_reset=[int(p == 0) for p in cur["pid"]]))
        r.wait_daemons_up = lambda: 0.0
        return r, calls

    def test_a_restart_inside_the_bound_is_waited_for_and_counted(self):
        r, calls = self.runner([[5, 6], [5, 9]], settled_at=2)
        self.assertEqual(r.wait_settled("a settled pair", True, 46, "restarts_in_prep"), 1)
        self.assertEqual(r.run.metrics["restarts_in_prep"], 1)
        self.assertEqual(calls["n"], 2)

    def test_without_a_restart_the_bound_is_the_bound(self):
        r, calls = self.runner([[5, 6], [5, 6]], settled_at=99)
        with self.assertRaises(ScenarioFailed):
            r.wait_settled("a settled pair", True, 46, "restarts_in_prep")
        self.assertEqual(calls["n"], 1)

    def test_an_sc_still_held_in_reset_at_the_bound_counts_as_restarting(self):
        r, calls = self.runner([[5, 6], [5, 0], [5, 11]], settled_at=3)
        self.assertEqual(r.wait_settled("a settled pair", True, 46, "restarts_in_prep"), 1)
        self.assertEqual(calls["n"], 3)

    def test_three_bounds_at_most(self):
        r, calls = self.runner([[5, 6], [7, 6], [8, 6], [9, 6]], settled_at=99)
        with self.assertRaises(ScenarioFailed):
            r.wait_settled("a settled pair", True, 46, "restarts_in_prep")
        self.assertEqual(calls["n"], 3)
        self.assertEqual(r.run.metrics["restarts_in_prep"], 2)


class PairedTest(unittest.TestCase):
    def test_the_spares_p1_bound_grows_by_a_jvm_start_inside_the_settle_wait(self):
        # both daemons up at once (the last run ended paired); the pair re-forms only after a fence,
        # and the fenced SC's new JVM takes 60 s to start: it is the SPARE whose priority 1 is then
        # awaited, and its first handshakes are as slow as the bound's growth is meant to allow
        import runner as runner_mod
        r = Runner.__new__(Runner)
        r.run = Run("x", 1, 1)
        r.settle_bound, r.fdt = 16.0, 0.5
        r.restore_wiring = lambda: None
        r.ch = types.SimpleNamespace(state=lambda: dict(pid=[5, 9], in_reset=[0, 0], stopped=[0, 0]),
                                     command=lambda c: None, sync=lambda: None, sc_dirs=["/x0", "/x1"])
        r.kind = types.SimpleNamespace(name="pairlockd", control=lambda *a: None)
        r.wait = lambda what, predicate, bound: predicate() or True
        starts = iter([0.0, 60.0])

        def up():
            took = next(starts)
            r.run.metrics["daemon_start_wait_s"] = max(took, r.run.metrics.get("daemon_start_wait_s", 0))
            return took
        r.wait_daemons_up = up

        def wait_settled(what, need_spare, bound, metric):
            r.wait_daemons_up()   # the fenced SC restarted inside the bound: its JVM's start waited for
            return 0
        r.wait_settled = wait_settled
        bounds = []
        saved = runner_mod.datasync_steps.wait_p1
        runner_mod.datasync_steps.wait_p1 = lambda rr, sc, in_sync, bound, role=None: bounds.append(bound)
        try:
            self.assertEqual(r.paired(), 0)
        finally:
            runner_mod.datasync_steps.wait_p1 = saved
        self.assertGreaterEqual(bounds[0], 16.0 + 20 + 60.0, bounds)


class FailedRunTest(unittest.TestCase):
    def test_a_failed_run_keeps_the_daemons_own_lines_of_its_incarnations(self):
        lines0 = [(100, "WARN datasync: a line of the run before: not this run's"),
                  (100, "INFO the incarnation alive when the run began, killed in it"),
                  (201, "INFO datasync: SC0 is SPARE of epoch 3"),
                  (201, "WARN datasync: handshake from 10.70.0.2 timed out")]
        r = FakeRunner(events=[start(20.0, 0, 201)], logs=[[(201, role(30.0, "SPARE"))], []],
                       lines=[lines0, [(300, "INFO quiet SC1 line")]], pid=(201, 300))
        r.run.state_prep = dict(pid=[100, 300])
        r.run.log_marks = [1, 0]   # SC0's first line came before this run
        r.run.t_prep = 15.0
        r.run.fail("precondition: SC0 reports priority 1 in sync as SPARE: not within 36.0 s")
        self.assertEqual(judge.window_pids(r, r.run, 0), {100, 201})
        excerpt = judge.log_excerpt(r, r.run)
        self.assertEqual(excerpt, ["  SC0: INFO datasync: SC0 is SPARE of epoch 3",
                                   "  SC0: WARN datasync: handshake from 10.70.0.2 timed out"])
        with tempfile.TemporaryDirectory() as d:
            judge.save_run(r, r.run, d)
            with open(os.path.join(d, "start-simultaneous-1.txt")) as f:
                text = f.read()
        self.assertIn("--- SC0 daemon log, incarnations [100, 201]: last 3 of 3 lines", text)
        self.assertNotIn("the run before", text)
        self.assertIn("  WARN datasync: handshake from 10.70.0.2 timed out", text)
        self.assertIn("--- SC1 daemon log, incarnations [300]", text)

    def test_a_passing_run_file_has_no_log_section(self):
        r = FakeRunner(lines=[[(1, "x")], []], pid=(1, 2))
        with tempfile.TemporaryDirectory() as d:
            judge.save_run(r, r.run, d)
            with open(os.path.join(d, "start-simultaneous-1.txt")) as f:
                text = f.read()
        self.assertNotIn("daemon log", text)


if __name__ == "__main__":
    unittest.main()
