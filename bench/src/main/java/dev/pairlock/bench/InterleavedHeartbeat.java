package dev.pairlock.bench;

import dev.pairlock.gpio.LinuxGpioChip;
import dev.pairlock.gpio.heartbeat.GpioHeartbeatInput;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Heartbeat kernel edge to listener on gpio-sim, pairlock and C interleaved in one process (kernel-it
 * VM only, {@code bench/run-vm}). The sequential figures ({@code vmbench heartbeat} before the JVM,
 * then JMH) put minutes between the C reader and pairlock's listener, and under TCG the C reader's own
 * median moved 0.4–2.9× between its run before the JVM and its run after: a ratio of two such runs says
 * more about the emulator's speed in those minutes than about the path. Here each round takes
 * {@code edges-per-batch} edges on each side, alternating edge by edge in a random order within each
 * pair, and the figure is the mean (and median) of the per-round ratios of p50 and of p90.
 *
 * <p>C: {@code bench/c/loops.c}'s edge reader, a thread blocked in {@code poll} on its own line
 * request, {@code read}ing each {@code gpio_v2_line_event} (vmbench's reader, started in this JVM's
 * process). pairlock: {@link GpioHeartbeatInput}'s listener on the chip's event thread — one thread and
 * one hop from the kernel's event, as the C reader. Each reader has its own line of the same chip, both
 * requested while the other's batch runs; half the rounds put pairlock on {@code hb-in} and C on
 * {@code reset-in}, the other half the other way round, so that nothing of a line's own (its IRQ
 * thread, say) is taken for the reader's. The writer is the same for both: one {@code write(2)} of the
 * line's gpio-sim {@code pull} file from this thread, a fixed {@link #GAP_NANOS} after the previous
 * edge (of either reader) reached its reader — so that each reader is back in its blocking call,
 * however long its way back is, and wakes from idle as a heartbeat's reader does — then a spin until
 * the reader has the edge. With two CPUs or more the writer runs on CPU 0
 * and both readers on CPU 1: unpinned, which CPU a reader woke on (beside the spinning writer or on
 * the idle one) moved a whole run's ratio by 1.3×. Each sample is the kernel's edge timestamp to the
 * reader having the event (CLOCK_MONOTONIC on both sides).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar -Dbench.loops=.../libbenchloops.so \
 *     dev.pairlock.bench.InterleavedHeartbeat [rounds] [edges-per-batch] [warmup-millis] [out.json]</pre>
 */
public final class InterleavedHeartbeat {
    static final MemorySegment UP = Arena.global().allocateFrom("pull-up", StandardCharsets.US_ASCII);
    static final MemorySegment DOWN = Arena.global().allocateFrom("pull-down", StandardCharsets.US_ASCII);
    static final long TIMEOUT_NANOS = 5_000_000_000L;
    static final long GAP_NANOS = 200_000;
    static final int CAPACITY = 1 << 20;
    static final VarHandle C_COUNT = ValueLayout.JAVA_LONG.varHandle();
    /** pairlock's sample count, published by the listener with a release store as the C reader does. */
    static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    /** One reader: its line's pull file, its samples so far, and how to wait for its next edge. */
    private abstract static class Reader {
        final String name;
        final int pullFd;
        boolean high;

        Reader(String name, int pullFd) {
            this.name = name;
            this.pullFd = pullFd;
        }

        abstract long count();

        /** The sample of edge {@code k} (kernel timestamp to the reader having it), ns. */
        abstract long sample(long k);

        /** Toggles the line's pull and spins until this reader has the edge; the edge's index. */
        long edge(CallState writer) {
            while (System.nanoTime() - lastEdge < GAP_NANOS) {
                Thread.onSpinWait();
            }
            long before = count();
            high = !high;
            MemorySegment value = high ? UP : DOWN;
            if (Libc.tryWrite(writer, pullFd, value, value.byteSize() - 1) < 0) {
                throw new IllegalStateException("write to the gpio-sim pull file of " + name + "'s line failed: errno "
                        + writer.errno());
            }
            long start = System.nanoTime();
            while (count() == before) {
                if (System.nanoTime() - start > TIMEOUT_NANOS) {
                    throw new IllegalStateException(name + ": no edge within 5 s of a pull change");
                }
                Thread.onSpinWait();
            }
            lastEdge = System.nanoTime();
            return before;
        }

        /** One edge; its sample in µs. */
        double edgeMicros(CallState writer) {
            return sample(edge(writer)) / 1e3;
        }

        /** {@code n} edges; their samples in µs. */
        double[] batch(CallState writer, int n) {
            double[] us = new double[n];
            for (int i = 0; i < n; i++) {
                us[i] = edgeMicros(writer);
            }
            return us;
        }
    }

    /** When the last edge, of either reader, reached its reader (the writer's thread only). */
    private static long lastEdge;

    /** The C reader's native side: loops.c's functions and the memory its thread writes. */
    private record CReader(MethodHandle start, MethodHandle stop, MemorySegment samples, MemorySegment count) {
    }

    private InterleavedHeartbeat() {
    }

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long warmupMillis = args.length > 2 ? Long.parseLong(args[2]) : 8000;
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        String chipPath = VmEnv.gpioSimChip();
        int[] lines = {VmEnv.gpioSimLine("hb-in"), VmEnv.gpioSimLine("reset-in")};
        try (Arena arena = Arena.ofConfined(); LinuxGpioChip chip = LinuxGpioChip.open(chipPath)) {
            CallState writer = CallState.allocate(arena);
            SymbolLookup lib = Interleaved.loops(arena);
            CReader c = new CReader(
                    Interleaved.loop(lib, "loops_edge_reader_start", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_INT)),
                    Interleaved.loop(lib, "loops_edge_reader_stop", FunctionDescriptor.ofVoid()),
                    arena.allocate(ValueLayout.JAVA_LONG, CAPACITY), arena.allocate(ValueLayout.JAVA_LONG));
            MethodHandle pin = Interleaved.loop(lib, "loops_pin",
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            int readerCpu = Runtime.getRuntime().availableProcessors() >= 2 ? 1 : -1;
            String placement = "not pinned (one CPU)";
            if (readerCpu > 0) {
                check((int) pin.invokeExact(0, 0), "the writer to CPU 0");
                placement = "writer on CPU 0; the C reader and pairlock's event thread on CPU " + readerCpu;
            }
            EdgeRounds all = EdgeRounds.empty(List.of("c", "pairlock"), perBatch);
            for (int pass = 0; pass < 2; pass++) {
                int pairlockLine = lines[pass];
                int cLine = lines[1 - pass];
                all = pass(all, chip, chipPath, writer, c, pin, readerCpu, pairlockLine, cLine,
                        rounds / 2 + (pass == 0 ? rounds % 2 : 0), pass == 0 ? warmupMillis : warmupMillis / 4);
            }
            String after = Files.readString(Path.of("/proc/loadavg")).strip();
            System.out.print(all.summary());
            System.out.println("loadavg before " + load + ", after " + after + "; " + placement + "; pairlock on line "
                    + lines[0] + " (hb-in) and C on " + lines[1] + " (reset-in) for the first half of the rounds, swapped"
                    + " for the second");
            if (args.length > 3) {
                Files.writeString(Path.of(args[3]), all.json(List.of(
                        new String[] {"what", "heartbeat kernel edge to listener on gpio-sim, C and pairlock interleaved (kernel-it VM)"},
                        new String[] {"clock", "CLOCK_MONOTONIC: the kernel's edge timestamp to the reader having the event"},
                        new String[] {"load_before", load}, new String[] {"load_after", after},
                        new String[] {"placement", placement},
                        new String[] {"lines", "hb-in (" + lines[0] + ") and reset-in (" + lines[1] + "), swapped between the halves"},
                        new String[] {"gap", "the readers alternate edge by edge (random order within each pair); each edge"
                                + " written " + GAP_NANOS / 1000 + " µs after the previous one reached its reader"})));
            }
        }
    }

    /**
     * One half of the run: the C reader on {@code cLine}, pairlock's listener on {@code pairlockLine},
     * {@code rounds} rounds after {@code warmupMillis} of alternating edges. Everything it starts is
     * stopped before it returns or throws: the C thread before the arena that holds its memory and code.
     */
    private static EdgeRounds pass(EdgeRounds all, LinuxGpioChip chip, String chipPath, CallState writer, CReader c,
            MethodHandle pin, int readerCpu, int pairlockLine, int cLine, int rounds, long warmupMillis) throws Throwable {
        int cPull = openPull(writer, cLine);
        try {
            int pPull = openPull(writer, pairlockLine);
            try {
                pullDown(writer, cPull);
                pullDown(writer, pPull);
                c.count().set(ValueLayout.JAVA_LONG, 0, 0L);
                try (Arena path = Arena.ofConfined()) {
                    int r = (int) c.start().invokeExact(path.allocateFrom(chipPath), cLine, c.samples(), (long) CAPACITY,
                            c.count(), readerCpu);
                    if (r < 0) {
                        throw new IllegalStateException("the C edge reader could not start on line " + cLine + " of "
                                + chipPath + ": errno " + -r);
                    }
                }
                try {
                    return measure(all, chip, writer, c, pin, readerCpu, pPull, cPull, pairlockLine, rounds, warmupMillis);
                } finally {
                    c.stop().invokeExact();
                }
            } finally {
                Libc.tryWrite(writer, pPull, DOWN, DOWN.byteSize() - 1);
                Libc.close(writer, pPull);
            }
        } finally {
            Libc.tryWrite(writer, cPull, DOWN, DOWN.byteSize() - 1);
            Libc.close(writer, cPull);
        }
    }

    private static EdgeRounds measure(EdgeRounds all, LinuxGpioChip chip, CallState writer, CReader c, MethodHandle pin,
            int readerCpu, int pPull, int cPull, int pairlockLine, int rounds, long warmupMillis) throws Throwable {
        long[] pSamples = new long[CAPACITY];
        long[] pCount = new long[1];
        try (GpioHeartbeatInput input = GpioHeartbeatInput.open(chip, pairlockLine, "il-bench", Duration.ZERO, 0);
                AutoCloseable listening = input.listen((timestampNanos, sequence) -> {
                    long k = (long) COUNT.getAcquire(pCount, 0);
                    pSamples[(int) (k % CAPACITY)] = System.nanoTime() - timestampNanos;
                    COUNT.setRelease(pCount, 0, k + 1);
                })) {
            if (readerCpu > 0) { // the chip's event thread starts with its first listener
                int tid = threadId("gpio-events");
                check((int) pin.invokeExact(tid, readerCpu), "pairlock's event thread (tid " + tid + ") to CPU " + readerCpu);
            }
            List<Reader> readers = List.of(
                    new Reader("c", cPull) {
                        long count() {
                            return (long) C_COUNT.getAcquire(c.count(), 0L);
                        }

                        long sample(long k) {
                            return c.samples().getAtIndex(ValueLayout.JAVA_LONG, k % CAPACITY);
                        }
                    },
                    new Reader("pairlock", pPull) {
                        long count() {
                            return (long) COUNT.getAcquire(pCount, 0);
                        }

                        long sample(long k) {
                            return pSamples[(int) (k % CAPACITY)];
                        }
                    });
            long until = System.nanoTime() + warmupMillis * 1_000_000;
            while (System.nanoTime() < until) {
                for (Reader r : readers) {
                    r.batch(writer, 16); // C2 compiles the event thread's loop and the listener
                }
            }
            // edge by edge, in random order within each pair: under TCG the wake-up's cost switches between
            // two regimes (~50 and ~120 µs here) from one batch to the next, and batch against batch a
            // round could compare one regime with the other (per-round ratios of 0.5 and 2.4)
            Random random = new Random(pairlockLine);
            int n = all.perBatch();
            for (int round = 0; round < rounds; round++) {
                double[][] batches = new double[2][n];
                for (int i = 0; i < n; i++) {
                    int first = random.nextInt(2);
                    batches[first][i] = readers.get(first).edgeMicros(writer);
                    batches[1 - first][i] = readers.get(1 - first).edgeMicros(writer);
                }
                all = all.plus(batches);
            }
            if (input.missedCount() != 0) {
                throw new IllegalStateException(input.missedCount() + " edges overflowed the kernel buffer");
            }
            return all;
        }
    }

    /** The Linux thread id of this process's thread whose name starts with {@code prefix}. */
    static int threadId(String prefix) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().startsWith(prefix)) {
                        return Integer.parseInt(task.getFileName().toString());
                    }
                } catch (IOException exited) {
                    // a thread that ended during the scan is not the one sought
                }
            }
        }
        throw new IllegalStateException("no thread named " + prefix + "* in /proc/self/task");
    }

    static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException("cannot pin " + what + ": errno " + -result);
        }
    }

    static int openPull(CallState writer, int line) {
        return Libc.open(writer, VmEnv.gpioSimPull(line), Libc.O_WRONLY | Libc.O_CLOEXEC);
    }

    static void pullDown(CallState writer, int fd) {
        if (Libc.tryWrite(writer, fd, DOWN, DOWN.byteSize() - 1) < 0) {
            throw new IllegalStateException("pull-down failed: errno " + writer.errno());
        }
    }
}
