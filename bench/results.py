#!/usr/bin/env python3
"""Turns a JMH JSON result and the C baseline's output into bench/RESULTS.md.

Every figure is shown as mean +- error, where the error is the half-width of the 99.9 %
confidence interval (Student's t), the definition JMH uses, so C and Java error bars compare.
Each technique is shown as a ratio to the baseline of its shape measured in the same run, and
each target of issue 6 is marked met, missed, or not evaluated (with the reason).
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import subprocess
import sys

PKG = "dev.pairlock.bench."
MODES = [("Opaque", "OPAQUE"), ("AcquireRelease", "ACQUIRE_RELEASE"), ("Volatile", "VOLATILE")]
# t quantile 0.9995 (two-sided 99.9 %) by degrees of freedom
T_9995 = {1: 636.62, 2: 31.599, 3: 12.924, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041,
          9: 4.781, 10: 4.587, 11: 4.437, 12: 4.318, 13: 4.221, 14: 4.140, 15: 4.073, 16: 4.015,
          17: 3.965, 18: 3.922, 19: 3.883, 20: 3.850, 25: 3.725, 30: 3.646, 40: 3.551, 60: 3.460}
# B/op. The smallest Java object is 16 bytes, so allocating on every call shows as >= 16 B/op;
# JMH never reports exactly 0: the harness thread's own allocations, amortised over the operations
# of an iteration, leave a floor of hundredths of a byte per op, larger for slower operations.
ALLOC_ZERO = 0.5


class Figure:
    """A mean with its error; err is None when not measurable (one sample)."""

    def __init__(self, mean, err, alloc=None):
        self.mean, self.err, self.alloc = mean, err, alloc

    def text(self):
        if self.err is None or math.isnan(self.err):
            return f"{self.mean:.3f}"
        return f"{self.mean:.3f} ± {self.err:.3f}"


def t_quantile(df):
    keys = sorted(k for k in T_9995 if k <= df)
    return T_9995[keys[-1]] if keys else T_9995[1]


def sample_figure(values):
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return Figure(mean, None)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return Figure(mean, t_quantile(n - 1) * sd / math.sqrt(n))


def ratio(a, b):
    """a / b with the relative errors combined in quadrature."""
    if a is None or b is None or b.mean == 0:
        return None
    r = a.mean / b.mean
    if a.err is None or b.err is None or math.isnan(a.err) or math.isnan(b.err):
        return Figure(r, None)
    return Figure(r, r * math.hypot(a.err / a.mean, b.err / b.mean))


def load_jmh(path):
    figures = {}
    if not os.path.exists(path):
        return figures
    with open(path) as f:
        text = f.read().strip()
    for run in json.loads(text) if text else []:
        name = run["benchmark"][len(PKG):] if run["benchmark"].startswith(PKG) else run["benchmark"]
        pm = run["primaryMetric"]
        err = pm.get("scoreError")
        err = None if err in (None, "NaN") else float(err)
        alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        figures[name] = Figure(float(pm["score"]), err, None if alloc in (None, "NaN") else float(alloc))
        events = run.get("secondaryMetrics", {}).get("events")
        if events:  # SimulationBench's auxiliary counter
            e_err = events.get("scoreError")
            figures[name + ":events"] = Figure(float(events["score"]), None if e_err in (None, "NaN") else float(e_err))
    return figures


def failure_reasons(log_path):
    """The first exception line JMH printed for each benchmark that failed."""
    reasons, current = {}, None
    if not os.path.exists(log_path):
        return reasons
    with open(log_path, errors="replace") as f:
        for line in f:
            m = re.match(r"# Benchmark: (\S+)", line)
            if m:
                current = m.group(1)[len(PKG):] if m.group(1).startswith(PKG) else m.group(1)
                continue
            if current and current not in reasons and re.match(r"^\S*(Exception|Error)\b|^\S+(Exception|Error): ", line):
                reasons[current] = line.strip()
    return reasons


def machine():
    model, cores = "unknown", os.cpu_count()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return model, cores


def java_version(java):
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
        return " / ".join(l.strip() for l in out.splitlines()[:2])
    except (OSError, subprocess.SubprocessError) as e:
        return f"unknown ({e})"


def groups(j, c):
    """(title, baseline label, baseline figure, [(label, benchmark key)])."""
    rw = []
    for kind, cls, c_key, extra in (("read", "RegisterReadBench", "read", []),
                                    ("write", "RegisterWriteBench", "write", [("raw FFM VarHandle setRelease", "loop_ffmRelease")])):
        rows = [(f"pairlock clock-regs {m}", f"{cls}.loop_pairlock{k}") for k, m in MODES]
        rows += [("pairlock clock-regs OPAQUE, one call site over 4 windows mapped one by one (megamorphic)",
                  f"{cls}.loop_pairlockOpaqueFourWindows"),
                 ("pairlock clock-regs OPAQUE, one call site over 4 windows mapped together (`mapTogether`)",
                  f"{cls}.loop_pairlockOpaqueFourWindowsMappedTogether")]
        rows += [("raw FFM VarHandle " + ("getVolatile" if kind == "read" else "setVolatile"), f"{cls}.loop_ffmVolatile")]
        rows += [(l, f"{cls}.{k}") for l, k in extra]
        rows += [("raw FFM " + ("getVolatile" if kind == "read" else "setRelease") + ", segment a static final constant",
                  f"{cls}.loop_ffm" + ("VolatileConstant" if kind == "read" else "ReleaseConstant"))]
        rows += [("NIO MappedByteBuffer via VarHandle, volatile", f"{cls}.loop_nioVarHandleVolatile"),
                 ("JNA Pointer." + ("getInt" if kind == "read" else "setInt"), f"{cls}.loop_jnaPointer")]
        rw.append((f"Register {kind}, {1024} accesses per invocation (per-access figure)",
                   f"C volatile {kind} loop (gcc -O2)", c.get(c_key), rows))
        rw.append((f"Register {kind}, one access per invocation (includes JMH's per-call cost)",
                   "pairlock clock-regs VOLATILE, single", j.get(f"{cls}.single_pairlockVolatile"),
                   [("diozero MmapIntBuffer (plain)", f"{cls}.single_diozero"),
                    ("NIO MappedByteBuffer (plain)", f"{cls}.single_nioPlain")]))
    rw.append(("Native call: ioctl(pipe, FIONREAD), one call per invocation", "C ioctl loop (gcc -O2)",
               c.get("ioctl_fionread"),
               [("pairlock libc, `IdempotentIoctl` (FIONREAD as libc calls it: critical, errno captured only if it fails)",
                 "NativeCallBench.pairlockLibcIdempotentCritical"),
                ("pairlock libc, critical handle (ioctls that never wait; errno captured)", "NativeCallBench.pairlockLibcCritical"),
                ("pairlock libc, plain handle (every ioctl that may block; errno captured)", "NativeCallBench.pairlockLibc"),
                ("pairlock libc, plain handle, call state in a shared arena (session acquired per call)",
                 "NativeCallBench.pairlockLibcSharedArena"),
                ("raw FFM downcall, critical, no errno capture", "NativeCallBench.ffmCriticalNoCapture"),
                ("raw FFM downcall, no errno capture", "NativeCallBench.ffmNoCapture"),
                ("JNA direct mapping (LastErrorException)", "NativeCallBench.jnaDirect"),
                ("JNA interface mapping (LastErrorException)", "NativeCallBench.jnaInterface")]))
    rw.append(("Native call: a failing ioctl (I2C_FUNCS on a pipe: ENOTTY), one call per invocation",
               "pairlock libc, critical handle, errno captured on the first call", j.get("NativeCallBench.pairlockLibcCriticalEnotty"),
               [("pairlock libc, `IdempotentIoctl`: the call without capture, then its capturing repeat",
                 "NativeCallBench.pairlockLibcIdempotentCriticalEnotty")]))
    return rw


def paired(values, base):
    """Per-round ratios to the baseline: mean ± 99.9 % half-width (normal quantile), and the median."""
    ratios = [v / b for v, b in zip(values, base)]
    n = len(ratios)
    mean = sum(ratios) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in ratios) / (n - 1)) if n > 1 else float("nan")
    med = sorted(ratios)[n // 2] if n % 2 else sum(sorted(ratios)[n // 2 - 1:n // 2 + 1]) / 2
    return Figure(mean, 3.29 * sd / math.sqrt(n)), med


def interleaved_table(path):
    """The table of one interleaved measurement (dev.pairlock.bench.Interleaved*), or a line saying it is missing."""
    if not os.path.exists(path):
        return [f"Interleaved measurement `{os.path.basename(path)}`: not run.\n"]
    with open(path) as f:
        d = json.load(f)
    data, base_name = d["ns_per_call"], d["baseline"]
    base = data[base_name]
    L = [f"### Interleaved with C: {d.get('what', '?')}\n",
         f"C and Java batches alternate in random order within one process, {len(base)} rounds of "
         f"{d['calls_per_batch']} calls each ({d.get('clock', 'wall')} clock; load average before {d.get('load_before', '?')}, "
         f"after {d.get('load_after', '?')}): each ratio compares two batches taken milliseconds apart, so the "
         "machine's load hits both alike. Mean of the per-round ratios ± 99.9 % half-width, and the median.\n",
         "| Technique | ns/call | ratio to C | median ratio |", "|---|---:|---:|---:|"]
    for name, values in data.items():
        ns = sample_figure(values)
        r, med = paired(values, base)
        label = f"**{name}** (baseline)" if name == base_name else name
        L.append(f"| {label} | {ns.text()} | {r.text()}× | {med:.3f}× |")
    L.append("")
    return L


def fmt_alloc(f):
    return "—" if f is None or f.alloc is None else f"{f.alloc:.3f}"


IOCTL_LIBRARY_PATH = "pairlock-idempotent-critical"  # InterleavedIoctl's row of FIONREAD as libc calls it


def interleaved_ratio(paths, what, technique):
    """(mean ± half-width, median) of one technique's per-round ratio in the interleaved run of `what`, or None."""
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path) as f:
            d = json.load(f)
        data = d.get("ns_per_call", {})
        if d.get("what") == what and technique in data:
            return paired(data[technique], data[d["baseline"]])
    return None


def targets(j, c, interleaved=()):
    """(target, measured text, verdict, note-on-miss)."""
    out = []

    def verdict(ok, fig, limit, upper):
        if fig is None:
            return "not evaluated"
        if fig.err is not None and (fig.mean - fig.err <= limit <= fig.mean + fig.err):
            return ("met" if ok else "missed") + " (limit inside the error bar)"
        return "met" if ok else "missed"

    for kind, cls in (("read", "RegisterReadBench"), ("write", "RegisterWriteBench")):
        base = c.get(kind)
        jna = j.get(f"{cls}.loop_jnaPointer")
        for k, m in MODES:
            p = j.get(f"{cls}.loop_pairlock{k}")
            r = ratio(p, base)
            out.append((f"{kind} {m} ≤ 2× C", f"{r.text()}×" if r else "no figure",
                        verdict(r is not None and r.mean <= 2.0, r, 2.0, True), f"{kind}-vs-c-{m}"))
            s = ratio(jna, p)
            out.append((f"{kind} {m} ≥ 20× faster than JNA", f"{s.text()}×" if s else "no figure",
                        verdict(s is not None and s.mean >= 20.0, s, 20.0, False), "vs-jna"))
    allocs = {k: v for k, v in j.items() if ".loop_pairlock" in k or ".single_pairlock" in k or ".pairlockLibc" in k}
    worst = max((v.alloc for v in allocs.values() if v.alloc is not None), default=None)
    out.append((f"0 B/op allocated by pairlock register access and libc calls (gc.alloc.rate.norm < {ALLOC_ZERO}; "
                "an allocation per call would be >= 16)",
                "no figure" if worst is None else f"max {worst:.4f} B/op over {len(allocs)} benchmarks",
                "not evaluated" if worst is None else ("met" if worst <= ALLOC_ZERO else "missed"), "alloc"))
    # the verdict is on the path libc gives FIONREAD (IdempotentIoctl); the capturing handles beside it
    r = ratio(j.get("NativeCallBench.pairlockLibcIdempotentCritical"), c.get("ioctl_fionread"))
    others = [(name, ratio(j.get(f"NativeCallBench.{key}"), c.get("ioctl_fionread")))
              for name, key in (("critical handle with capture", "pairlockLibcCritical"), ("plain handle", "pairlockLibc"))]
    beside = [f"{name} {o.text()}×" for name, o in others if o]
    il = interleaved_ratio(interleaved, "ioctl(pipe, FIONREAD)", IOCTL_LIBRARY_PATH)
    if il:
        beside.append(f"interleaved with C in the same run {il[0].text()}×, median {il[1]:.3f}×")
    out.append(("ioctl round trip ≤ 1.10× C (FIONREAD as libc calls it: `IdempotentIoctl`, critical, errno captured "
                "only on failure)",
                (f"{r.text()}×" if r else "no figure") + (f" ({'; '.join(beside)})" if beside else ""),
                verdict(r is not None and r.mean <= 1.10, r, 1.10, True), "ioctl"))
    for kind, cls in (("read", "RegisterReadBench"), ("write", "RegisterWriteBench")):
        f = j.get(f"{cls}.loop_pairlockOpaqueFourWindowsMappedTogether")
        apart = j.get(f"{cls}.loop_pairlockOpaqueFourWindows")
        out.append((f"one call site over 4 windows, {kind}, < 2 ns per access (windows mapped together)",
                    (f"{f.text()} ns" if f else "no figure") + (f" (mapped one by one: {apart.text()} ns)" if apart else ""),
                    verdict(f is not None and f.mean < 2.0, f, 2.0, True), "four-windows"))
    core = j.get("CoreReplayBench.replay")
    out.append(("protocol core alone ≥ 55 M events/s", f"{core.mean / 1e6:.1f} ± {(core.err or 0) / 1e6:.1f} M/s" if core else "no figure",
                verdict(core is not None and core.mean >= 55e6, core, 55e6, False), "core"))
    sim = j.get("SimulationBench.scheduleOnTwoThreads")
    per_min = Figure(sim.mean * 60, None if sim.err is None else sim.err * 60) if sim else None
    out.append(("full simulation ≥ 300,000 schedules/min on 2 cores (2 threads)",
                f"{per_min.mean:,.0f} ± {(per_min.err or 0):,.0f} /min" if per_min else "no figure",
                verdict(per_min is not None and per_min.mean >= 300000, per_min, 300000, False), "simulation"))
    return out


NOTES = {
    "read-vs-c": "Since each `MappedRegisterWindow` is its own hidden class holding its segment in a "
                 "`static final` (clock-regs' `FoldedWindow`), C2 folds the segment's address, bounds and "
                 "read-only checks and an inlined access is about C's bare load plus one liveness check "
                 "(compare *segment a static final constant*; *raw FFM getVolatile* shows the old cost of "
                 "a segment in a field). A miss now is either noise (see the error bar and the load "
                 "average) or the *4 windows* row: a call site that sees more than two windows cannot "
                 "inline (one class per window) and pays a megamorphic interface call per access. Keep "
                 "a hot register loop on one window per call site.",
    "write-vs-c": "OPAQUE and ACQUIRE_RELEASE: as for reads. VOLATILE cannot close on x86 by design: C's "
                  "`volatile` store is a plain `mov`, a Java volatile store is sequentially consistent and "
                  "emits a `lock`-prefixed fence per store — the price of the stronger ordering, not of "
                  "pairlock; OPAQUE or ACQUIRE_RELEASE are the right modes for a register write that needs "
                  "no store-load ordering.",
    "vs-jna": "JNA pays a JNI transition per access (~10-20 ns); 20x asks pairlock for about 1 ns or less "
              "per access, which the folded windows reach for OPAQUE and ACQUIRE_RELEASE; a VOLATILE store "
              "pays its fence (see the write note), and on a loaded machine both figures inflate unevenly.",
    "alloc": "A warm register access or libc call must not allocate. Run the benchmark named with "
             "`-prof gc` alone and a longer warmup first (a figure above 0 after a short warmup can be "
             "interpreter or C1 code); if it persists, find the site with JFR allocation sampling "
             "(usually a boxed value or a lambda that escape analysis failed to scalar-replace). A libc row "
             "at 40 B/op in some forks only is the JDK's capture-state slice that C2 did not inline "
             "(libc/README.md: the cause, and the two CompileCommand options that make the zero deterministic).",
    "four-windows": "A call site reaching several windows mapped one by one is megamorphic (one class per "
                    "window): a virtual call per access. Mapped together (`MappedRegisterWindow.mapTogether`) they "
                    "are instances of one class per group, whose constant segment (an automatic arena's: no liveness "
                    "load) spans the address space, so the call site inlines and an access is the window's address "
                    "plus the offset, after one unsigned compare that checks bounds, alignment and openness "
                    "(clock-regs' `FoldedGroup`). What remains is the loop shape itself: the window picked from an "
                    "array, its class checked and its two fields loaded again after every ordered access. The figure "
                    "moves with C2's register allocation of the calling loop (a spill through an XMM register doubles "
                    "it: bench/NOTES.md) and, on a loaded machine, with the rest; compare the interleaved tables' "
                    "ratios to C and to the one-window-via-array shape.",
    "core": "The core is compute-bound (the recorded streams fit in cache: replaying 4 of 90 streams gives "
            "the same figure) and its profile is flat (no method over ~15 % self); the figure is absolute, so "
            "it moves with the host's per-core speed — by 2× on one host in one day (the same code, two quiet "
            "runs: 21.7 M events/s at 11:48, 43.7 M at 15:17 on 2026-12-01, while the C register loop went "
            "0.587 → 0.342 ns). `bench/NOTES.md` has each host's figures and the A/B runs of the protocol's changes.",
    "simulation": "Two JMH threads run independent schedules on the machine's two cores; a miss on a busy "
                  "machine is expected (other processes take cores away), and on a quiet one the figure is "
                  "absolute, so it moves with the host's per-core speed (2× within one day on one host: see the "
                  "core's note) and with how well its two vCPUs scale. "
                  "Most of a schedule is the settle tail the liveness verdict needs, not to be cut for a figure. "
                  "See `bench/NOTES.md`.",
    "ioctl": "An FFM downcall with errno capture costs the Java-to-native transition plus the capture "
             "(the capture segment sliced, errno copied into it after every call). The critical handle "
             "(`Libc.tryIoctlCritical`, for ioctls that never wait: libc/README.md) drops the thread-state "
             "transition and its fence; `IdempotentIoctl` (FIONREAD, I2C_FUNCS, GPIO values of memory-mapped "
             "chips) drops the capture too, repeating a failed call with capture to learn errno; blocking "
             "ioctls keep the plain handle. What is left is the raw *critical, no errno capture* row: the "
             "downcall stub itself. JMH runs "
             "the C loop minutes apart from the Java figure: on a busy machine a syscall's cost varies by "
             "hundreds of ns between them, which alone moves this ratio by more than 0.1 — on a quiet one too "
             "(2026-12-01, 15:00: the C loop 129 ns at the run's start, 199 ns in the interleaved run 20 minutes "
             "later); the interleaved "
             "table (C and Java batches alternating within milliseconds) is the steadier comparison.",
}


def unconfirmed(verdict, quiet):
    """A verdict as the report states it: nothing is "met" on a machine that was not quiet."""
    if quiet:
        return verdict
    if verdict.startswith("met"):
        return "not confirmed: would be met, but the machine was not quiet"
    if verdict.startswith("missed"):
        return verdict + "; the machine was not quiet (noise may account for it)"
    return verdict


def note_key(key):
    if key.startswith("read-vs-c"):
        return "read-vs-c"
    if key.startswith("write-vs-c"):
        return "write-vs-c"
    return key


# The C register-read loop (ns per access) of the run whose protocol figures issue 15 calls "as now"
# (965a37b, 2026-11-23, AMD EPYC: core 57.4 M events/s), where the targets were set.
TARGET_HOST_C_READ_NS = 0.283


def host_normalized(core, sim_two_threads, c_read):
    """The protocol's speeds restated in accesses of this run's C read loop, beside the targets
    restated the same way on the run they were set on: a same-run reference for absolute targets on
    a host whose speed moves. Informational: the verdicts stay on the absolute figures."""
    if c_read is None or c_read.mean <= 0 or (core is None and sim_two_threads is None):
        return []
    L = [f"Against this run's own C read loop ({c_read.mean:.3f} ns per access; {TARGET_HOST_C_READ_NS} ns in the run "
         "that set the targets) — informational, a same-run reference for the absolute targets below, whose "
         "verdicts stay absolute (a proxy of the host's speed: `bench/NOTES.md`, twelfth stop):\n",
         "| Figure | this run | the target, restated | this run / target |", "|---|---:|---:|---:|"]
    rows = []
    if core is not None and core.mean > 0:
        rows.append(("protocol core: C-loop accesses per event", 1e9 / core.mean / c_read.mean,
                     1e9 / 55e6 / TARGET_HOST_C_READ_NS))
    if sim_two_threads is not None and sim_two_threads.mean > 0:
        rows.append(("simulation, 2 threads: thousand C-loop accesses per schedule",
                     1e6 / sim_two_threads.mean / c_read.mean, 1e6 / (300000 / 60) / TARGET_HOST_C_READ_NS))
    for label, here, target in rows:
        L.append(f"| {label} | {here:,.1f} | {target:,.1f} | {here / target:.3f}× |")
    L.append("")
    return L


def render(args):
    j = load_jmh(args.jmh)
    c_raw = {}
    if os.path.exists(args.c):
        with open(args.c) as f:
            c_raw = json.load(f)
    c = {k: sample_figure(v) for k, v in c_raw.items() if isinstance(v, list)}
    reasons = failure_reasons(args.log)
    model, cores = machine()
    quiet = None
    if args.quiet and os.path.exists(args.quiet):
        with open(args.quiet) as f:
            quiet = json.load(f)
    L = []
    L.append("# pairlock benchmark results\n")
    L.append(f"Generated by `bench/results.py` from a `{args.profile}` run of `bench/run`. Figures are ns per "
             "access or call, mean ± the half-width of the 99.9 % confidence interval (JMH's definition, "
             "applied to the C repetitions too). Ratios are to the baseline of the same table, measured in "
             "the same run, with errors combined in quadrature.\n")
    L.append("## Machine and run\n")
    L.append(f"- CPU: {model}, {cores} cores ({platform.machine()}, kernel {platform.release()})")
    L.append(f"- JDK: {java_version(args.java)}")
    # the run's date, not the report's: the report can be regenerated from the raw files later
    stamp = os.path.getmtime(args.jmh) if os.path.exists(args.jmh) else None
    when = datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc) if stamp else datetime.datetime.now(datetime.timezone.utc)
    L.append(f"- Date (UTC): {when.strftime('%Y-%m-%d %H:%M')} (JMH results written)")
    L.append(f"- Command: `{args.command}` ({args.profile} profile), {args.seconds} s including the build")
    L.append(f"- C baseline: {c_raw.get('iterations', '?')} iterations per repetition "
             f"({c_raw.get('ioctl_iterations', '?')} for ioctl), {len(c_raw.get('read', []))} repetitions")
    L.append(f"- Load average (1/5/15 min) before: {args.load_before}; after: {args.load_after}")
    if quiet:
        L.append(f"- Quietness ({quiet['rule']}; `bench/quiet.py`, from /proc): over the {quiet['window_seconds']} s of "
                 f"measurement, other processes used {quiet['others_cpu_seconds']} CPU-s "
                 f"({quiet['others_share_of_one_core'] * 100:.1f} % of one core), this run's own processes "
                 f"{quiet['own_cpu_seconds']} CPU-s, steal {quiet['steal_cpu_seconds']} s: "
                 + ("**quiet**" if quiet["quiet"] else "**not quiet**"))
    if not quiet or not quiet["quiet"]:
        why = "; ".join(quiet["reasons"]) if quiet else "quietness was not measured"
        L.append(f"\n**This run was not quiet** ({why}). Its figures are noisy and no target is marked met: a "
                 "target it would meet reads \"not confirmed\". Rerun on a quiet machine (see Reproduce).")
    L.append("")
    L.append("## Figures\n")
    for title, base_label, base, rows in groups(j, c):
        L.append(f"### {title}\n")
        L.append("| Technique | ns/op | ratio to baseline | alloc B/op |")
        L.append("|---|---:|---:|---:|")
        L.append(f"| **{base_label}** (baseline) | {base.text() if base else 'not run'} | 1 | "
                 f"{fmt_alloc(base) if base else '—'} |")
        for label, key in rows:
            f = j.get(key)
            if f is None:
                why = reasons.get(key)
                L.append(f"| {label} | not run{(': ' + why.replace('|', '/')) if why else ''} | — | — |")
                continue
            r = ratio(f, base)
            L.append(f"| {label} | {f.text()} | {r.text() + '×' if r else '—'} | {fmt_alloc(f)} |")
        L.append("")
    for path in args.interleaved:
        L.extend(interleaved_table(path))
    L.append("### Failover logic under simulation (throughput)\n")
    sim, ev = j.get("SimulationBench.schedule"), j.get("SimulationBench.schedule:events")
    core = j.get("CoreReplayBench.replay")
    if sim is None:
        why = reasons.get("SimulationBench.schedule")
        L.append("Simulation not run in this run" + (f": {why}" if why else "") + ". `SimulationBench` runs one random schedule "
                 "(seeds 1..64, FDT 1 s, 18 boards, faults, S1-S5 checker after every event) per invocation.\n")
    if sim is not None or core is not None:
        L.append("| Figure | per second | alloc B/schedule or B/event |")
        L.append("|---|---:|---:|")
    if sim is not None:
        L.append(f"| random schedules (seeds 1..64, FDT 1 s) | {sim.text()} | {fmt_alloc(sim)} |")
        L.append(f"| simulation events (virtual-time steps: protocol core, lanes, checker) | "
                 f"{ev.text() if ev else '—'} | — |")
    if core is not None:
        L.append(f"| protocol core alone (events/s; recorded streams replayed into `ControllerCore`) | "
                 f"{core.text()} | {fmt_alloc(core)} |")
    elif sim is not None:
        why = reasons.get("CoreReplayBench.replay")
        L.append(f"| protocol core alone (events/s) | not run{(': ' + why.replace('|', '/')) if why else ''} | — |")
    L.append("")
    L.extend(host_normalized(core, j.get("SimulationBench.scheduleOnTwoThreads"), c.get("read")))
    L.append("## Targets (issues 6 and 15)\n")
    L.append("Host targets from this run; the VM, daemon and campaign targets from their own sections below "
             "(each produced by its own run, with its own quietness).\n")
    L.append("| Target | Measured | Verdict |")
    L.append("|---|---:|---|")
    missed = []
    is_quiet = bool(quiet and quiet["quiet"])
    for name, measured, v, key in targets(j, c, args.interleaved):
        v = unconfirmed(v, is_quiet)
        L.append(f"| {name} | {measured} | {v} |")
        if v.startswith("missed") and note_key(key) not in missed:
            missed.append(note_key(key))
    L.append("")
    L.append(EXTERNAL_TARGETS_MARK)
    L.append("")
    if missed:
        L.append("### Why the missed targets missed, and what would close them\n")
        for k in missed:
            L.append(f"- **{k}**: {NOTES[k]}")
        L.append("")
    if args.notes and os.path.exists(args.notes):
        with open(args.notes) as f:
            L.append(f.read().rstrip() + "\n")
    L.append("## Reproduce\n")
    L.append("```\nbench/run            # quick profile, ~3 min on 2 cores\nbench/run --full     # 3 forks, "
             "5 + 5 iterations of 1 s\nbench/run -- 'RegisterRead'   # a subset (JMH regex)\n"
             "sudo bench/run-vm    # I2C and heartbeat inside the kernel-it VM (the \"In the VM\" section)\n"
             "bench/run-daemon     # the daemon's jitter, RSS and threads, 10 min (the \"The daemon\" section)\n```\n")
    L.append("Raw data: `bench/target/jmh-result.json`, `bench/target/c-result.json`, `bench/target/jmh.log`.")
    return "\n".join(L) + "\n"


EXTERNAL_TARGETS_MARK = "<!-- external targets -->"

# Sections bench/run cannot measure: each is written by its own run and kept when bench/run
# regenerates the report; until then a placeholder says what produces it. A section lists its
# targets as lines "<!-- target: NAME | MEASURED | VERDICT -->", which go into the targets table.
EXTERNAL_SECTIONS = [
    ("## In the VM", "## In the VM: I2C and heartbeat (issues 6 and 15)",
     "Not measured yet in this report: `sudo bench/run-vm` writes this section (I2C on i2c-stub against C and "
     "diozero, heartbeat edge to listener against a C reader, inside the kernel-it VM).",
     ["SMBus read-byte-data in the VM ≤ 1.10× C", "SMBus read-byte-data in the VM no slower than diozero",
      "heartbeat edge to listener in the VM ≤ 1.2× C at p50", "heartbeat edge to listener in the VM ≤ 1.2× C at p90"]),
    ("## The daemon", "## The daemon (pairlockd)",
     "Not measured yet: `bench/run-daemon` writes the daemon's figures here (heartbeat period jitter under a "
     "500 MB/s allocation stress in the same JVM for 10 min, missed beats, RSS and threads at idle), with the JVM "
     "flags of the `pairlockd` launcher (issue 9).",
     ["daemon heartbeat period jitter p99.9 ≤ 1 ms with a 500 MB/s allocation stress (10 min)",
      "daemon: no missed probe over 10 min under the stress", "daemon RSS ≤ 64 MiB at idle",
      "daemon thread count fixed at idle"]),
    ("## Two-SC failover", "## Two-SC failover (kernel campaign)",
     "Not measured yet: the kernel campaign (issue 10, `kernel-it/`) writes its two-SC failover figures here "
     "(time from a MAIN's failure to the new MAIN driving the clock, over its scenarios). No target of issue 15; "
     "reported as measured.", []),
]
TARGET_LINE = re.compile(r"<!-- target: (.*?) \| (.*?) \| (.*?) -->")


def section_of(text, mark):
    start = text.find("\n" + mark)
    if start < 0:
        return None
    end = text.find("\n## ", start + 1)
    return text[start + 1:end + 1 if end >= 0 else len(text)].rstrip("\n") + "\n"


def placeholder(heading, text, names):
    lines = [heading, "", text, ""]
    lines += [f"<!-- target: {n} | not measured | not measured yet -->" for n in names]
    return "\n".join(lines) + "\n"


EXTERNAL_BEGIN = "<!-- targets of other runs: begin (regenerated from their sections) -->"
EXTERNAL_END = "<!-- targets of other runs: end -->"


def external_targets_table(sections):
    """The targets table of the sections other runs write, between markers so that it can be regenerated."""
    rows = []
    for sec in sections:
        for name, measured, verdict in TARGET_LINE.findall(sec):
            rows.append(f"| {name} | {measured} | {verdict} |")
    return "\n".join([EXTERNAL_BEGIN, "Measured by other runs (each section below says how and whether it was quiet):", "",
                      "| Target | Measured | Verdict |", "|---|---:|---|"] + rows + [EXTERNAL_END])


def refresh_external_targets(report):
    """After another run replaced its section: the table of other runs' targets, regenerated."""
    start, end = report.find(EXTERNAL_BEGIN), report.find(EXTERNAL_END)
    if start < 0 or end < 0:
        return report
    sections = [sec for sec in (section_of(report, mark) for mark, _, _, _ in EXTERNAL_SECTIONS) if sec]
    return report[:start] + external_targets_table(sections) + report[end + len(EXTERNAL_END):]


def keep_external_sections(out, text):
    """Carries each external section over from the old report (or puts its placeholder), before
    "## Reproduce", and adds their target lines to the targets table."""
    old = ""
    if os.path.exists(out):
        with open(out) as f:
            old = f.read()
    sections = []
    for mark, heading, text_if_missing, names in EXTERNAL_SECTIONS:
        kept = section_of(old, mark)
        sections.append(kept if kept else placeholder(heading, text_if_missing, names))
    text = text.replace(EXTERNAL_TARGETS_MARK, external_targets_table(sections))
    block = "\n".join(sec.rstrip("\n") + "\n" for sec in sections) + "\n"
    at = text.find("\n## Reproduce")
    return text[:at + 1] + block + text[at + 1:] if at >= 0 else text + "\n" + block


def keep_vm_section(out, text):
    """The former name, kept for callers: every external section is kept now."""
    return keep_external_sections(out, text)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--jmh", required=True)
    p.add_argument("--c", required=True)
    p.add_argument("--log", default="")
    p.add_argument("--profile", default="quick")
    p.add_argument("--command", default="bench/run")
    p.add_argument("--seconds", default="?")
    p.add_argument("--load-before", default="")
    p.add_argument("--load-after", default="")
    p.add_argument("--quiet", default="", help="bench/quiet.py judge's verdict (JSON)")
    p.add_argument("--interleaved", nargs="*", default=[], help="JSON files of the interleaved measurements")
    p.add_argument("--java", default="java")
    p.add_argument("--notes", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md"),
                   help="hand-written section appended to the report (what is not measured, and why)")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    text = keep_external_sections(args.out, render(args))
    with open(args.out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
