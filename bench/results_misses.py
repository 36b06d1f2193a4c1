"""What each missed target of bench/RESULTS.md means and what would close it: the notes the report
prints under "Why the missed targets missed", keyed as results_targets.targets names them."""

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
             "table (C and Java batches alternating within milliseconds) is the steadier comparison. "
             "And the C program is single-threaded, which no JVM is: the kernel looks up a descriptor of a "
             "process whose descriptor table is not shared without touching the file's reference count "
             "(fs/file.c, `__fget_light`), and a second thread costs every call an atomic increment and "
             "decrement (2026-12-02, AMD EPYC: 258 → 305 ns per FIONREAD with one idle thread beside the "
             "loop). `regbench` measures both since the nineteenth stop, and `NativeCallBench.cLoopInThisProcess` "
             "runs the same C loop inside the JMH forks (359 ns there on that host): the verdict is against "
             "it, the standalone programs' ratios beside. JMH runs that loop first, minutes before the Java "
             "rows (2026-12-02, 14:22: 330 ns, while the host slowed 12–14 % over the run), so `bench/run` "
             "runs it again after every Java row, and the verdict holds only if it holds against both.",
}


def note_key(key):
    """The note a target's miss points to: every mode of a register loop against C shares one."""
    if key.startswith("read-vs-c"):
        return "read-vs-c"
    if key.startswith("write-vs-c"):
        return "write-vs-c"
    return key
