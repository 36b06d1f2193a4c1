"""The targets of issues 6 and 15 that bench/run measures, each judged met, missed or not evaluated
on this run's figures (the quietness rule is applied after: results_quiet)."""
import json
import os

from results_inputs import MODES
from results_stats import Figure, paired, ratio

# B/op. The smallest Java object is 16 bytes, so allocating on every call shows as >= 16 B/op;
# JMH never reports exactly 0: the harness thread's own allocations, amortised over the operations
# of an iteration, leave a floor of hundredths of a byte per op, larger for slower operations.
ALLOC_ZERO = 0.5

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


def verdict(ok, fig, limit, upper):
    if fig is None:
        return "not evaluated"
    if fig.err is not None and (fig.mean - fig.err <= limit <= fig.mean + fig.err):
        return ("met" if ok else "missed") + " (limit inside the error bar)"
    return "met" if ok else "missed"


def against_c(fig, key, limit, c, c_after):
    """A "≤ limit × C" target on the C run before JMH and, when bench/run made one, on the C run after
    it: the Java rows run up to 20 minutes after the first C run, in which this host's speed has moved
    2×, so a verdict holds only if it holds against both C runs. (measured text, verdict)."""
    r = ratio(fig, c.get(key))
    if r is None:
        return "no figure", "not evaluated"
    v = verdict(r.mean <= limit, r, limit, True)
    after = ratio(fig, c_after.get(key)) if c_after else None
    if after is None:
        return f"{r.text()}×", v
    text = f"{r.text()}× (against the C run after JMH: {after.text()}×)"
    v_after = verdict(after.mean <= limit, after, limit, True)
    return text, against_both(v, v_after, "the C run before JMH", "the one after",
                              f"C moved {c_after[key].mean / c[key].mean - 1:+.1%} during the run")


def against_both(v, v_after, before, after, drift):
    """The verdict against two runs of one baseline: as it is when both agree, else unresolved (why)."""
    if v.startswith("met") == v_after.startswith("met"):
        return v
    return (f"unresolved: {'met' if v.startswith('met') else 'missed'} against {before}, "
            f"{'met' if v_after.startswith('met') else 'missed'} against {after} ({drift})")


def targets(j, c, interleaved=(), c_after=None):
    """(target, measured text, verdict, note-on-miss)."""
    out = []
    for kind, cls in (("read", "RegisterReadBench"), ("write", "RegisterWriteBench")):
        jna = j.get(f"{cls}.loop_jnaPointer")
        for k, m in MODES:
            p = j.get(f"{cls}.loop_pairlock{k}")
            text, v = against_c(p, kind, 2.0, c, c_after)
            out.append((f"{kind} {m} ≤ 2× C", text, v, f"{kind}-vs-c-{m}"))
            s = ratio(jna, p)
            out.append((f"{kind} {m} ≥ 20× faster than JNA", f"{s.text()}×" if s else "no figure",
                        verdict(s is not None and s.mean >= 20.0, s, 20.0, False), "vs-jna"))
    allocs = {k: v for k, v in j.items() if ".loop_pairlock" in k or ".single_pairlock" in k or ".pairlockLibc" in k}
    worst = max((v.alloc for v in allocs.values() if v.alloc is not None), default=None)
    out.append((f"0 B/op allocated by pairlock register access and libc calls (gc.alloc.rate.norm < {ALLOC_ZERO}; "
                "an allocation per call would be >= 16)",
                "no figure" if worst is None else f"max {worst:.4f} B/op over {len(allocs)} benchmarks",
                "not evaluated" if worst is None else ("met" if worst <= ALLOC_ZERO else "missed"), "alloc"))
    # the verdict is on the path libc gives FIONREAD (IdempotentIoctl), against the C loop run inside
    # the JMH forks (NativeCallBench.cLoopInThisProcess) when the run has it: the same syscall costs a
    # JVM's process more than a C program alone (a shared descriptor table: fs/file.c, __fget_light;
    # and more, measured), so a C program's loop times the process, not the call. Beside it: the
    # standalone C loops (with a second thread when regbench measured it, and alone) and the handles.
    idempotent = j.get("NativeCallBench.pairlockLibcIdempotentCritical")
    in_process = j.get("NativeCallBench.cLoopInThisProcess")
    c_key = "ioctl_fionread_threaded" if "ioctl_fionread_threaded" in c else "ioctl_fionread"
    beside = []
    in_process_after = j.get("NativeCallBench.cLoopInThisProcessAfterJmh")
    if in_process:
        r = ratio(idempotent, in_process)
        text = f"{r.text()}× the C loop run in the same JMH forks" if r else "no figure"
        v = verdict(r.mean <= 1.10, r, 1.10, True) if r else "not evaluated"
        after = ratio(idempotent, in_process_after) if r else None
        if after:
            # JMH ran that loop first, minutes before the Java rows; bench/run runs it again after them
            beside.append(f"against the same loop run again after JMH {after.text()}×")
            v = against_both(v, verdict(after.mean <= 1.10, after, 1.10, True),
                             "the in-fork C loop before the Java rows", "the one after them",
                             f"it moved {in_process_after.mean / in_process.mean - 1:+.1%} during the run")
        alone_text, _ = against_c(idempotent, c_key, 1.10, c, c_after)
        beside.append(f"against the standalone C program{' with a second thread' if c_key != 'ioctl_fionread' else ''} "
                      f"{alone_text}")
    else:
        text, v = against_c(idempotent, c_key, 1.10, c, c_after)
        if c_key != "ioctl_fionread":
            text = f"{text} against C with a second thread"
    if c_key != "ioctl_fionread":
        alone = ratio(idempotent, c.get("ioctl_fionread"))
        if alone:
            beside.append(f"against single-threaded C {alone.text()}×")
    others = [(name, ratio(j.get(f"NativeCallBench.{key}"), in_process or c.get(c_key)))
              for name, key in (("critical handle with capture", "pairlockLibcCritical"), ("plain handle", "pairlockLibc"))]
    beside += [f"{name} {o.text()}×" for name, o in others if o]
    il = interleaved_ratio(interleaved, "ioctl(pipe, FIONREAD)", IOCTL_LIBRARY_PATH)
    if il:
        beside.append(f"interleaved with C in the same run {il[0].text()}×, median {il[1]:.3f}×")
    out.append(("ioctl round trip ≤ 1.10× C (FIONREAD as libc calls it: `IdempotentIoctl`, critical, errno captured "
                "only on failure)",
                text + (f" ({'; '.join(beside)})" if beside else ""), v, "ioctl"))
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
