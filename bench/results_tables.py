"""The figure tables of bench/RESULTS.md: each technique beside the baseline of its shape measured
in the same run, the interleaved C/Java tables, the failover throughput, and the protocol's speeds
restated in this run's C loop."""
import json
import os

from results_inputs import MODES
from results_stats import paired, ratio, sample_figure


# a row of the C run rather than of JMH (regbench's ioctl loop with a second thread in its process)
C_THREADED = "c:ioctl_fionread_threaded"


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
               [("C ioctl loop, with a second (idle) thread in the process: the descriptor table shared, as in every JVM",
                 C_THREADED),
                ("C ioctl loop inside the JMH fork (bench/c/loops.c, 1000 calls per downcall): the same syscall in a JVM's process",
                 "NativeCallBench.cLoopInThisProcess"),
                *([("the same C loop inside a JMH fork, again after every Java row (bench/run)",
                    "NativeCallBench.cLoopInThisProcessAfterJmh")] if "NativeCallBench.cLoopInThisProcessAfterJmh" in j else []),
                ("pairlock libc, `IdempotentIoctl` (FIONREAD as libc calls it: critical, errno captured only if it fails)",
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


def figure_tables(j, c, reasons):
    """Every group's table: the baseline first, then each technique (or why it did not run)."""
    L = []
    for title, base_label, base, rows in groups(j, c):
        L.append(f"### {title}\n")
        L.append("| Technique | ns/op | ratio to baseline | alloc B/op |")
        L.append("|---|---:|---:|---:|")
        L.append(f"| **{base_label}** (baseline) | {base.text() if base else 'not run'} | 1 | "
                 f"{fmt_alloc(base) if base else '—'} |")
        for label, key in rows:
            f = c.get(key[2:]) if key.startswith("c:") else j.get(key)
            if f is None and key.startswith("c:"):
                continue  # a C run from before regbench measured it
            if f is None:
                why = reasons.get(key)
                L.append(f"| {label} | not run{(': ' + why.replace('|', '/')) if why else ''} | — | — |")
                continue
            r = ratio(f, base)
            L.append(f"| {label} | {f.text()} | {r.text() + '×' if r else '—'} | {fmt_alloc(f)} |")
        L.append("")
    return L


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


def interleaved_heartbeat_table(path):
    """The interleaved heartbeat table (dev.pairlock.bench.InterleavedHeartbeat) and pairlock's per-round
    ratios to the C reader, {"p50": (Figure, median), "p90": (Figure, median)}; None when not run."""
    if not os.path.exists(path):
        return [f"Interleaved measurement `{os.path.basename(path)}`: not run.\n"], None
    with open(path) as f:
        d = json.load(f)
    base_name, p50, p90, pooled = d["baseline"], d["p50_us"], d["p90_us"], d["pooled"]
    L = ["### Interleaved with C: heartbeat kernel edge to listener\n",
         f"The C reader thread and pairlock's listener each on its own line of the gpio-sim chip, both requested "
         f"throughout; every round takes {d['edges_per_batch']} edges on each from the same writer "
         f"({d.get('gap', 'a batch of each in random order')}; {d.get('lines', 'lines not recorded')}; "
         f"{d['rounds']} rounds; {d.get('placement', 'placement not recorded')}; "
         f"{d.get('clock', '?')}; load average before "
         f"{d.get('load_before', '?')}, after {d.get('load_after', '?')}). A round's ratio compares the p50 (p90) "
         "of two sets of edges taken within the same milliseconds, so the emulator's speed hits both alike. Mean of "
         "the per-round ratios ± 99.9 % half-width, and the median; pooled percentiles over every round beside them.\n",
         "| Reader | samples | pooled p50 µs | pooled p90 µs | pooled p99 µs | p50 ratio to C | median | p90 ratio to C | median |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    figures = None
    for name in p50:
        r50, m50 = paired(p50[name], p50[base_name])
        r90, m90 = paired(p90[name], p90[base_name])
        q = pooled.get(name, {})
        label = f"**{name}** (baseline)" if name == base_name else name
        L.append(f"| {label} | {q.get('samples', '?')} | {q.get('p50_us', float('nan')):.1f} | "
                 f"{q.get('p90_us', float('nan')):.1f} | {q.get('p99_us', float('nan')):.1f} | {r50.text()}× | "
                 f"{m50:.3f}× | {r90.text()}× | {m90:.3f}× |")
        if name != base_name:
            figures = {"p50": (r50, m50), "p90": (r90, m90)}
    L.append("")
    return L, figures


def fmt_alloc(f):
    return "—" if f is None or f.alloc is None else f"{f.alloc:.3f}"


def failover_table(j, reasons):
    """The failover logic's throughput under simulation, and the protocol core alone."""
    L = []
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
    return L


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
