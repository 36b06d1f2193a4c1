"""Checks of the report generator: python3 -m unittest discover -s bench -p 'test_results.py'"""
import json
import os
import tempfile
import unittest

import results
import results_external
import results_inputs
import results_stats
import results_tables
import results_vm


class StatisticsTest(unittest.TestCase):
    def test_error_is_the_99_9_percent_half_width(self):
        f = results_stats.sample_figure([1.0, 2.0, 3.0])
        self.assertAlmostEqual(f.mean, 2.0)
        # sd 1, n 3, t(0.9995, 2) = 31.599
        self.assertAlmostEqual(f.err, 31.599 / 3 ** 0.5, places=3)

    def test_ratio_combines_relative_errors_in_quadrature(self):
        r = results_stats.ratio(results_stats.Figure(4.0, 0.4), results_stats.Figure(2.0, 0.2))
        self.assertAlmostEqual(r.mean, 2.0)
        self.assertAlmostEqual(r.err, 2.0 * (0.1 ** 2 + 0.1 ** 2) ** 0.5)


class ReportTest(unittest.TestCase):
    def test_targets_are_marked_met_or_missed_and_misses_get_a_note(self):
        def run(name, score, alloc=0.0):
            return {"benchmark": results_inputs.PKG + name, "mode": "avgt",
                    "primaryMetric": {"score": score, "scoreError": score / 100, "scoreUnit": "ns/op"},
                    "secondaryMetrics": {"gc.alloc.rate.norm": {"score": alloc}}}
        jmh = [run(f"RegisterReadBench.loop_pairlock{k}", 0.5) for k, _ in results_inputs.MODES]
        jmh += [run(f"RegisterWriteBench.loop_pairlock{k}", 0.5) for k, _ in results_inputs.MODES]
        jmh += [run("RegisterReadBench.loop_jnaPointer", 20.0), run("RegisterWriteBench.loop_jnaPointer", 20.0),
                run("NativeCallBench.pairlockLibcIdempotentCritical", 360.0),
                run("NativeCallBench.pairlockLibcCritical", 400.0), run("NativeCallBench.pairlockLibc", 450.0),
                run("RegisterReadBench.loop_pairlockOpaqueFourWindowsMappedTogether", 1.2)]
        text = self.report(jmh, quiet=True)
        self.assertIn("| read OPAQUE ≤ 2× C | 1.667 ± 0.017× | met |", text)
        self.assertIn("| read VOLATILE ≥ 20× faster than JNA | 40.000 ± 0.566× | met |", text)
        self.assertIn("| ioctl round trip ≤ 1.10× C (FIONREAD as libc calls it: `IdempotentIoctl`, critical, errno "
                      "captured only on failure) | 1.200 ± 0.012× (critical handle with capture 1.333 ± 0.013×; "
                      "plain handle 1.500 ± 0.015×) | missed |", text)
        self.assertIn("| one call site over 4 windows, read, < 2 ns per access (windows mapped together) | 1.200 ± 0.012 ns | met |", text)
        self.assertIn("- **ioctl**:", text)
        self.assertNotIn("- **read-vs-c**:", text)
        self.assertIn("**quiet**", text)

    def test_a_run_that_was_not_quiet_marks_nothing_met(self):
        def run(name, score):
            return {"benchmark": results_inputs.PKG + name, "mode": "avgt",
                    "primaryMetric": {"score": score, "scoreError": score / 100, "scoreUnit": "ns/op"}}
        jmh = [run("RegisterReadBench.loop_pairlockOpaque", 0.5), run("NativeCallBench.pairlockLibcIdempotentCritical", 400.0)]
        text = self.report(jmh, quiet=False)
        self.assertIn("**This run was not quiet** (other processes used 50.0 % of one core", text)
        self.assertIn("| read OPAQUE ≤ 2× C | 1.667 ± 0.017× | not confirmed: would be met, but the machine was not quiet |", text)
        self.assertIn("1.333 ± 0.013× | missed; the machine was not quiet (noise may account for it) |", text)
        self.assertNotIn("| met |", text)
        # the external sections get placeholders, and their targets rows in the table
        self.assertIn("## The daemon (pairlockd)", text)
        self.assertIn("| daemon RSS ≤ 64 MiB at idle | not measured | not measured yet |", text)
        self.assertLess(text.index("## Two-SC failover"), text.index("## Reproduce"))

    def test_the_ioctl_target_is_judged_on_the_path_libc_gives_fionread_with_its_interleaved_ratio(self):
        def run(name, score):
            return {"benchmark": results_inputs.PKG + name, "mode": "avgt",
                    "primaryMetric": {"score": score, "scoreError": score / 100, "scoreUnit": "ns/op"},
                    "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 0.0}}}
        jmh = [run("NativeCallBench.pairlockLibcIdempotentCritical", 315.0), run("NativeCallBench.pairlockLibcCritical", 345.0),
               run("NativeCallBench.pairlockLibcCriticalEnotty", 400.0),
               run("NativeCallBench.pairlockLibcIdempotentCriticalEnotty", 600.0)]
        il = {"what": "ioctl(pipe, FIONREAD)", "baseline": "c", "calls_per_batch": 1000,
              "ns_per_call": {"c": [200.0, 200.0, 200.0, 200.0], "pairlock-critical": [222.0, 220.0, 221.0, 221.0],
                              "pairlock-idempotent-critical": [210.0, 210.0, 212.0, 208.0]}}
        text = self.report(jmh, quiet=True, interleaved=il)
        # met on the fast path although the capturing critical handle (1.150×) would miss
        self.assertIn("| 1.050 ± 0.011× (critical handle with capture 1.150 ± 0.011×; interleaved with C in the same "
                      "run 1.050 ± 0.013×, median 1.050×) | met |", text)
        self.assertIn("| pairlock-idempotent-critical | 210.000 ± ", text)
        self.assertIn("### Native call: a failing ioctl (I2C_FUNCS on a pipe: ENOTTY), one call per invocation", text)
        self.assertIn("| pairlock libc, `IdempotentIoctl`: the call without capture, then its capturing repeat | "
                      "600.000 ± 6.000 | 1.500 ± 0.021× | 0.000 |", text)

    def test_a_target_relative_to_c_holds_only_against_the_c_runs_before_and_after_jmh(self):
        def run(name, score):
            return {"benchmark": results_inputs.PKG + name, "mode": "avgt",
                    "primaryMetric": {"score": score, "scoreError": score / 100, "scoreUnit": "ns/op"},
                    "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 0.0}}}
        jmh = [run("NativeCallBench.pairlockLibcIdempotentCritical", 315.0),
               run("RegisterReadBench.loop_pairlockOpaque", 0.5)]
        # the host slowed down between the two C runs: ioctl 300 -> 250 ns (1.050x before, 1.260x after),
        # read 0.3 -> 0.28 ns (1.667x, 1.786x: met against both)
        text = self.report(jmh, quiet=True, c_after={"read": [0.28] * 3, "write": [0.3] * 3,
                                                      "ioctl_fionread": [250.0] * 3})
        self.assertIn("- C baseline before → after JMH: read 0.300 → 0.280 ns (-6.7%); write 0.300 → 0.300 ns (+0.0%); "
                      "ioctl_fionread 300.000 → 250.000 ns (-16.7%).", text)
        self.assertIn("| 1.050 ± 0.011× (against the C run after JMH: 1.260 ± 0.013×) | unresolved: met against the C run "
                      "before JMH, missed against the one after (C moved -16.7% during the run) |", text)
        self.assertIn("| read OPAQUE ≤ 2× C | 1.667 ± 0.017× (against the C run after JMH: 1.786 ± 0.018×) | met |", text)
        # no C run after JMH (an older bench/run's files): judged on the one before, as before
        text = self.report(jmh, quiet=True)
        self.assertIn("| 1.050 ± 0.011× | met |", text)
        self.assertNotIn("before → after", text)

    def test_the_ioctl_target_is_judged_against_c_with_a_second_thread_when_regbench_measured_it(self):
        # a single-threaded C process skips the descriptor's reference count (fs/file.c, __fget_light);
        # a JVM never can: the verdict is against regbench's loop with a second thread, both shown
        jmh = [{"benchmark": results_inputs.PKG + "NativeCallBench.pairlockLibcIdempotentCritical", "mode": "avgt",
                "primaryMetric": {"score": 345.0, "scoreError": 3.45, "scoreUnit": "ns/op"},
                "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 0.0}}}]
        text = self.report(jmh, quiet=True, c_extra={"ioctl_fionread_threaded": [330.0] * 3})
        self.assertIn("| 1.045 ± 0.010× against C with a second thread (against single-threaded C 1.150 ± 0.011×) | met |", text)
        self.assertIn("| C ioctl loop, with a second (idle) thread in the process: the descriptor table shared, as in every JVM "
                      "| 330.000 ± 0.000 | 1.100 ± 0.000× | — |", text)
        # with the C loop run inside the JMH forks: judged against it, the standalone C beside
        in_process = {"benchmark": results_inputs.PKG + "NativeCallBench.cLoopInThisProcess", "mode": "avgt",
                      "primaryMetric": {"score": 360.0, "scoreError": 0.0, "scoreUnit": "ns/op"},
                      "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 0.0}}}
        text = self.report(jmh + [in_process], quiet=True, c_extra={"ioctl_fionread_threaded": [330.0] * 3})
        self.assertIn("| 0.958 ± 0.010× the C loop run in the same JMH forks (against the standalone C program with a second "
                      "thread 1.045 ± 0.010×; against single-threaded C 1.150 ± 0.011×) | met |", text)
        # the in-fork loop run again after JMH (bench/run): met only if met against both, else unresolved
        after = dict(in_process, benchmark=results_inputs.PKG + "NativeCallBench.cLoopInThisProcessAfterJmh",
                     primaryMetric={"score": 300.0, "scoreError": 0.0, "scoreUnit": "ns/op"})
        text = self.report(jmh + [in_process, after], quiet=True, c_extra={"ioctl_fionread_threaded": [330.0] * 3})
        self.assertIn("| 0.958 ± 0.010× the C loop run in the same JMH forks (against the same loop run again after JMH "
                      "1.150 ± 0.011×; against the standalone C program with a second thread 1.045 ± 0.010×; against "
                      "single-threaded C 1.150 ± 0.011×) | unresolved: met against the in-fork C loop before the Java "
                      "rows, missed against the one after them (it moved -16.7% during the run) |", text)
        self.assertIn("| the same C loop inside a JMH fork, again after every Java row (bench/run) | 300.000 ± 0.000 |", text)
        after["primaryMetric"] = {"score": 340.0, "scoreError": 0.0, "scoreUnit": "ns/op"}
        text = self.report(jmh + [in_process, after], quiet=True, c_extra={"ioctl_fionread_threaded": [330.0] * 3})
        self.assertIn("(against the same loop run again after JMH 1.015 ± 0.010×; against the standalone C program", text)
        self.assertIn("single-threaded C 1.150 ± 0.011×) | met |", text)
        # an older regbench's file (no threaded loop): judged against the single-threaded loop, no row
        text = self.report(jmh, quiet=True)
        self.assertIn("| 1.150 ± 0.011× | missed |", text)
        self.assertNotIn("second (idle) thread", text)

    def report(self, jmh, quiet, interleaved=None, c_after=None, c_extra=None):
        with tempfile.TemporaryDirectory() as d:
            paths = {k: os.path.join(d, k) for k in ("jmh", "c", "out", "quiet", "il", "c_after")}
            extra = []
            if c_after:
                with open(paths["c_after"], "w") as f:
                    json.dump(dict(iterations=10, **c_after), f)
                extra += ["--c-after", paths["c_after"]]
            if interleaved:
                with open(paths["il"], "w") as f:
                    json.dump(interleaved, f)
                extra += ["--interleaved", paths["il"]]
            with open(paths["jmh"], "w") as f:
                json.dump(jmh, f)
            with open(paths["c"], "w") as f:
                json.dump({"iterations": 10, "read": [0.3, 0.3, 0.3], "write": [0.3, 0.3, 0.3],
                           "ioctl_fionread": [300.0, 300.0, 300.0], **(c_extra or {})}, f)
            with open(paths["quiet"], "w") as f:
                json.dump({"quiet": quiet, "reasons": [] if quiet else ["other processes used 50.0 % of one core during it"],
                           "rule": "r", "window_seconds": 10, "others_cpu_seconds": 0 if quiet else 5,
                           "others_share_of_one_core": 0 if quiet else 0.5, "own_cpu_seconds": 20,
                           "steal_cpu_seconds": 0}, f)
            results.main(["--jmh", paths["jmh"], "--c", paths["c"], "--out", paths["out"], "--notes", "",
                          "--quiet", paths["quiet"]] + extra)
            with open(paths["out"]) as f:
                return f.read()


class FailoverTableTest(unittest.TestCase):
    def test_core_replay_gets_its_row_with_bytes_per_event(self):
        run = {"benchmark": results_inputs.PKG + "CoreReplayBench.replay", "mode": "thrpt",
               "primaryMetric": {"score": 5.0e7, "scoreError": 1.0e6, "scoreUnit": "ops/s"},
               "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 34.5}}}
        with tempfile.TemporaryDirectory() as d:
            paths = {k: os.path.join(d, k) for k in ("jmh", "c", "out")}
            with open(paths["jmh"], "w") as f:
                json.dump([run], f)
            with open(paths["c"], "w") as f:
                json.dump({}, f)
            results.main(["--jmh", paths["jmh"], "--c", paths["c"], "--out", paths["out"], "--notes", ""])
            with open(paths["out"]) as f:
                text = f.read()
        self.assertIn("| protocol core alone (events/s; recorded streams replayed into `ControllerCore`) | "
                      "50000000.000 ± 1000000.000 | 34.500 |", text)

    def test_the_report_states_each_jmh_setting_and_which_benchmarks_ran_under_it(self):
        def run(name, wi):
            return {"benchmark": results_inputs.PKG + name, "mode": "thrpt", "forks": 3,
                    "warmupIterations": wi, "warmupTime": "1 s", "measurementIterations": 5, "measurementTime": "1 s",
                    "primaryMetric": {"score": 1.0, "scoreError": 0.1, "scoreUnit": "ops/s"}}
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "jmh.json")
            with open(path, "w") as f:
                json.dump([run("CoreReplayBench.replay", 5), run("RegisterReadBench.x", 5)], f)
            self.assertEqual(["3 forks, 5 × 1 s warm-up, 5 × 1 s measured"], results_inputs.jmh_settings(path))
            with open(path, "w") as f:
                json.dump([run("CoreReplayBench.replay", 5), run("SimulationBench.schedule", 20),
                           run("SimulationBench.scheduleOnTwoThreads", 20)], f)
            self.assertEqual(["3 forks, 5 × 1 s warm-up, 5 × 1 s measured: CoreReplayBench",
                              "3 forks, 20 × 1 s warm-up, 5 × 1 s measured: SimulationBench"],
                             results_inputs.jmh_settings(path))


class HostNormalizedTest(unittest.TestCase):
    def test_protocol_speeds_are_restated_in_this_runs_c_loop_accesses(self):
        core = results_stats.Figure(55e6, None)
        sim = results_stats.Figure(5000.0, None)
        at_target_host = results_tables.host_normalized(core, sim, results_stats.Figure(results_tables.TARGET_HOST_C_READ_NS, None))
        self.assertIn("| protocol core: C-loop accesses per event | 64.2 | 64.2 | 1.000× |", at_target_host)
        self.assertIn("| simulation, 2 threads: thousand C-loop accesses per schedule | 706.7 | 706.7 | 1.000× |",
                      at_target_host)
        # the same figures on a host whose C loop is twice as fast cost twice the accesses
        faster = results_tables.host_normalized(core, sim, results_stats.Figure(results_tables.TARGET_HOST_C_READ_NS / 2, None))
        self.assertIn("| protocol core: C-loop accesses per event | 128.5 | 64.2 | 2.000× |", faster)
        self.assertEqual([], results_tables.host_normalized(core, sim, None))
        self.assertEqual([], results_tables.host_normalized(None, None, results_stats.Figure(0.3, None)))


class VmSectionTest(unittest.TestCase):
    def test_vm_section_is_replaced_in_place_and_kept_by_bench_run(self):
        import results_vm
        report = "# r\n\n## Figures\n\nx\n\n## Reproduce\n\ny\n"
        once = results_vm.splice(report, results_vm.HEADING + "\n\nold\n")
        twice = results_vm.splice(once, results_vm.HEADING + "\n\nnew\n")
        self.assertEqual(twice.count(results_vm.MARK), 1)
        self.assertIn("new", twice)
        self.assertNotIn("old", twice)
        self.assertLess(twice.index(results_vm.MARK), twice.index("## Reproduce"))
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "RESULTS.md")
            with open(out, "w") as f:
                f.write(twice)
            kept = results_external.keep_vm_section(out, report)
        self.assertIn(results_vm.HEADING + "\n\nnew\n", kept)
        self.assertLess(kept.index(results_vm.MARK), kept.index("## Reproduce"))

    @staticmethod
    def vm_sections(files, accels=("tcg",)):
        """The VM section rendered from these raw files (name -> JSON object) of a quiet run, once per accelerator."""
        with tempfile.TemporaryDirectory() as d:
            files = dict(files, **{"quiet.json": {"rule": "r", "others_cpu_seconds": 0.0, "window_seconds": 200.0,
                                                  "others_share_of_one_core": 0.0, "load_before": "0.1", "quiet": True,
                                                  "reasons": []}})
            for name, obj in files.items():
                with open(os.path.join(d, name), "w") as f:
                    json.dump(obj, f)
            return [results_vm.render(type("A", (), {"dir": d, "command": "bench/run-vm", "seconds": 1, "accel": a})())
                    for a in accels]

    @staticmethod
    def heartbeat_files(c_p50, listener_p50):
        return {"vm-c-heartbeat.json": {"heartbeat_thread_edge_to_reader": {"samples": 2000, "p50_us": c_p50,
                                                                            "p90_us": 50.0, "p99_us": 100.0}},
                "vm-hb-edge-pairlockEdgeToListener.json": {"samples": 9000, "p50_us": listener_p50, "p90_us": 150.0,
                                                           "p99_us": 400.0}}

    def test_edge_to_listener_is_judged_on_the_interleaved_rounds_not_on_runs_minutes_apart(self):
        # sequentially the listener looks 3x slower than the C reader measured before the JVM; round by
        # round, with the emulator's speed the same for both sides, it is 1.1x at p50 and 1.3x at p90
        rounds = 40
        files = self.heartbeat_files(20.0, 60.0)
        files["vm-il-heartbeat.json"] = {
            "baseline": "c", "edges_per_batch": 200, "rounds": rounds, "clock": "CLOCK_MONOTONIC",
            "p50_us": {"c": [50.0 + k for k in range(rounds)], "pairlock": [1.1 * (50.0 + k) for k in range(rounds)]},
            "p90_us": {"c": [90.0] * rounds, "pairlock": [117.0] * rounds},
            "pooled": {"c": {"samples": 8000, "p50_us": 70.0, "p90_us": 90.0, "p99_us": 200.0},
                       "pairlock": {"samples": 8000, "p50_us": 77.0, "p90_us": 117.0, "p99_us": 260.0}}}
        section, on_kvm = self.vm_sections(files, ("tcg", "kvm"))
        self.assertIn("**TCG, no KVM**", section)
        self.assertIn("**KVM**", on_kvm)
        self.assertNotIn("TCG", on_kvm.split("\n\n")[1])
        self.assertIn("### Interleaved with C: heartbeat kernel edge to listener", section)
        self.assertIn("<!-- target: heartbeat edge to listener in the VM ≤ 1.2× C at p50 | 1.100 ± 0.000× "
                      "(interleaved, per-round p50; median 1.100×; sequential 3.00×) | met -->", section)
        self.assertIn("<!-- target: heartbeat edge to listener in the VM ≤ 1.2× C at p90 | 1.300 ± 0.000× "
                      "(interleaved, per-round p90; median 1.300×; sequential 3.00×) | missed -->", section)

    def test_edge_to_listener_without_interleaved_figures_is_not_judged_and_a_limit_in_the_error_bar_is_said(self):
        files = self.heartbeat_files(50.0, 40.0)
        files["vm-il-smbus.json"] = {"baseline": "c", "calls_per_batch": 100,
                                     "ns_per_call": {"c": [100.0, 100.0, 100.0, 100.0],
                                                     "pairlock": [105.0, 115.0, 100.0, 120.0],
                                                     "diozero": [110.0, 110.0, 110.0, 110.0]}}
        section, = self.vm_sections(files)
        # sequentially the listener looks faster than C (0.80x), but runs minutes apart are not judged
        self.assertIn("<!-- target: heartbeat edge to listener in the VM ≤ 1.2× C at p50 | no interleaved figure "
                      "(sequential 0.80×, not judged) | not evaluated -->", section)
        # pairlock 1.10 ± 0.2x: the 1.10 limit is inside its error bar
        self.assertRegex(section, r"SMBus read-byte-data in the VM ≤ 1.10× C \| 1.100 ± [0-9.]+× .* \| "
                                  r"(met|missed) \(limit inside the error bar\) -->")

class QuietTest(unittest.TestCase):
    def test_others_are_the_machine_busy_time_minus_our_own_children(self):
        import quiet
        before = {"time": 0.0, "busy_ticks": 1000, "steal_ticks": 0, "own_children_ticks": 50, "cpus": 2, "hz": 100}
        after = {"time": 100.0, "busy_ticks": 1000 + 10000 + 300, "steal_ticks": 5, "own_children_ticks": 50 + 10000,
                 "cpus": 2, "hz": 100}
        v = quiet.judge(before, after, "0.10 0.20 0.30")
        self.assertAlmostEqual(v["others_cpu_seconds"], 3.0)
        self.assertAlmostEqual(v["others_share_of_one_core"], 0.03)
        self.assertTrue(v["quiet"], v)
        self.assertFalse(quiet.judge(before, after, "0.31 0.2 0.1")["quiet"])
        after["busy_ticks"] += 300  # others now 6 CPU-s over 100 s: 6 % of one core
        busy = quiet.judge(before, after, "0.1 0.1 0.1")
        self.assertFalse(busy["quiet"])
        self.assertIn("6.0 % of one core", busy["reasons"][0])


if __name__ == "__main__":
    unittest.main()


class DaemonSectionTest(unittest.TestCase):
    def test_daemon_section_carries_its_targets_into_the_table(self):
        import results_daemon
        d = {"jvm_args": "-XX:+UseZGC", "stress_seconds": 600, "period_ms": 10, "alloc_mb_per_s": 500, "beats": 60000,
             "skipped": 0, "intervals_over_two_periods": 0,
             "deviation_us": {"p50": 50.0, "p99": 300.0, "p99_9": 800.0, "max": 2500.0},
             "gc": "ZGC", "gc_count": 1, "gc_ms": 1, "rss_kib_idle": 70 * 1024, "threads_idle": 22, "threads_idle_start": 22}
        quiet = {"quiet": True, "reasons": [], "others_cpu_seconds": 1, "window_seconds": 700,
                 "others_share_of_one_core": 0.001, "load_before": "0.1 0.1 0.1"}
        idle = {"rss_kib_40s": 62000, "threads_40s": 34, "rss_kib_60s": 70 * 1024, "threads_60s": 34}
        section = results_daemon.render(d, quiet, "bench/run-daemon", "Harness", idle)
        self.assertIn("<!-- target: daemon heartbeat period jitter p99.9 ≤ 1 ms with a 500 MB/s allocation stress "
                      "(10 min) | 0.800 ms over 600 s (harness) | met -->", section)
        self.assertIn("<!-- target: daemon RSS ≤ 64 MiB at idle | 70.0 MiB (pairlockd --sim) | missed -->", section)
        self.assertIn("| 34 → 34 (pairlockd --sim) | met -->", section)
        with tempfile.TemporaryDirectory() as dir_:
            out = os.path.join(dir_, "RESULTS.md")
            with open(out, "w") as f:
                f.write("# r\n\n## Reproduce\n")
            with open(out) as f:
                report = results_vm.splice_section(f.read(), results_daemon.MARK, section)
            with open(out, "w") as f:
                f.write(report)
            kept = results_external.keep_external_sections(out, "# r\n\n## Targets\n\n" + results_external.EXTERNAL_TARGETS_MARK + "\n\n## Reproduce\n")
        self.assertIn("| daemon RSS ≤ 64 MiB at idle | 70.0 MiB (pairlockd --sim) | missed |", kept)
        self.assertEqual(kept.count("## The daemon"), 1)


class DaemonFloorTest(unittest.TestCase):
    def test_the_floor_is_read_as_gcjitter_reads_its_beats_and_names_the_cause_of_a_miss(self):
        import results_daemon
        with tempfile.TemporaryDirectory() as dir_:
            path = os.path.join(dir_, "floor.txt")
            with open(path, "w") as f:
                # cyclictest -v: a header, then "thread: loop: latency-us"; deviations |L_i - L_(i-1)|
                f.write("Max CPUs = 2\n# /dev/cpu_dma_latency set to 0us\nThread 0 Interval: 10000\n")
                for i, lat in enumerate([50] * 1000 + [3050, 50, 12050, 50]):
                    f.write(f"       0:{i:8d}:{lat:8d}\n")
            floor = results_daemon.floor_from_cyclictest(path, 10_000)
        self.assertEqual(floor["wakeups"], 1004)
        self.assertEqual(floor["max"], 12000.0)
        self.assertEqual(floor["over_1ms"], 4)
        self.assertEqual(floor["intervals_over_two_periods"], 1)
        self.assertEqual(floor["p99_9"], 12000.0)
        d = {"jvm_args": "-XX:+UseSerialGC", "setup": "control loop SCHED_FIFO 10", "stress_seconds": 600, "period_ms": 10,
             "alloc_mb_per_s": 500, "beats": 60000, "skipped": 0, "intervals_over_two_periods": 2,
             "deviation_us": {"p50": 14.0, "p99": 600.0, "p99_9": 3000.0, "max": 20000.0},
             "over_1ms_first_10s": 1, "over_1ms_after": 80,
             "gc": "Copy", "gc_count": 1, "gc_ms": 1, "rss_kib_idle": 60 * 1024, "threads_idle": 14, "threads_idle_start": 14}
        quiet = {"quiet": True, "reasons": [], "others_cpu_seconds": 1, "window_seconds": 700,
                 "others_share_of_one_core": 0.001, "load_before": "0.1 0.1 0.1"}
        section = results_daemon.render(d, quiet, "bench/run-daemon", "Harness", None, floor)
        self.assertIn("| heartbeat p99.9 / the floor's p99.9 | 0.25× |", section)
        self.assertIn("Process set up as pairlockd's (`RealTimeSetup`): control loop SCHED_FIFO 10.", section)
        self.assertIn("| 3.000 ms over 600 s (harness) | missed: below the machine's floor (C thread p99.9 12.000 ms "
                      "in the same run) -->", section)
        self.assertIn("missed: the machine's floor missed too (1 C intervals over two periods) -->", section)


class RefreshTest(unittest.TestCase):
    def test_a_section_written_after_bench_run_updates_the_targets_table(self):
        with tempfile.TemporaryDirectory() as d:
            paths = {k: os.path.join(d, k) for k in ("jmh", "c", "out")}
            with open(paths["jmh"], "w") as f:
                json.dump([], f)
            with open(paths["c"], "w") as f:
                json.dump({}, f)
            results.main(["--jmh", paths["jmh"], "--c", paths["c"], "--out", paths["out"], "--notes", ""])
            with open(paths["out"]) as f:
                report = f.read()
        self.assertIn("| SMBus read-byte-data in the VM ≤ 1.10× C | not measured | not measured yet |", report)
        section = results_vm.HEADING + "\n\nfigures\n\n<!-- target: SMBus read-byte-data in the VM ≤ 1.10× C | 1.05× | met -->\n"
        updated = results_vm.splice(report, section)
        self.assertIn("| SMBus read-byte-data in the VM ≤ 1.10× C | 1.05× | met |", updated)
        self.assertNotIn("| SMBus read-byte-data in the VM ≤ 1.10× C | not measured |", updated)
        self.assertIn("| daemon RSS ≤ 64 MiB at idle | not measured | not measured yet |", updated)
        self.assertEqual(updated.count(results_external.EXTERNAL_BEGIN), 1)
