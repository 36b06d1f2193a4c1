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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Heartbeat kernel edge to listener on gpio-sim, pairlock and C interleaved in one process (kernel-it
 * VM only, {@code bench/run-vm}). The sequential figures ({@code vmbench heartbeat} before the JVM,
 * then JMH) put minutes between the C reader and pairlock's listener, and under TCG the C reader's own
 * median moved 2.9× between its run before the JVM and its run after: a ratio of two such runs says
 * more about the emulator's speed at those minutes than about the path. Here each round takes a batch
 * of edges on each side, in a fresh random order, back to back, and the figure is the mean (and
 * median) of the per-round ratios of p50 and of p90, as {@link Interleaved} does for calls.
 *
 * <p>C: {@code bench/c/loops.c}'s edge reader, a thread blocked in {@code poll} on its own line
 * request, {@code read}ing each {@code gpio_v2_line_event} (vmbench's reader, started in this JVM's
 * process). pairlock: {@link GpioHeartbeatInput}'s listener on the chip's event thread — one thread and
 * one hop from the kernel's event, as the C reader. Each reader has its own line of the same chip
 * ({@code hb-in} for pairlock, {@code reset-in} for C), so both stay requested and idle while the
 * other's batch runs. The writer is the same for both: one {@code write(2)} of the line's gpio-sim
 * {@code pull} file from this thread, which then spins until the reader has the edge. Each sample is the
 * kernel's edge timestamp to the reader having the event (CLOCK_MONOTONIC on both sides).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar -Dbench.loops=.../libbenchloops.so \
 *     dev.pairlock.bench.InterleavedHeartbeat [rounds] [edges-per-batch] [warmup-millis] [out.json]</pre>
 */
public final class InterleavedHeartbeat {
    static final MemorySegment UP = Arena.global().allocateFrom("pull-up", StandardCharsets.US_ASCII);
    static final MemorySegment DOWN = Arena.global().allocateFrom("pull-down", StandardCharsets.US_ASCII);
    static final long TIMEOUT_NANOS = 5_000_000_000L;
    static final int C_CAPACITY = 1 << 20;
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
            long before = count();
            high = !high;
            MemorySegment value = high ? UP : DOWN;
            if (Libc.tryWrite(writer, pullFd, value, value.byteSize() - 1) < 0) {
                throw new IllegalStateException("write to the gpio-sim pull file of " + name + " failed: errno "
                        + writer.errno());
            }
            long start = System.nanoTime();
            while (count() == before) {
                if (System.nanoTime() - start > TIMEOUT_NANOS) {
                    throw new IllegalStateException(name + ": no edge within 5 s of a pull change");
                }
                Thread.onSpinWait();
            }
            return before;
        }

        /** {@code n} edges; their samples in µs. */
        double[] batch(CallState writer, int n) {
            double[] us = new double[n];
            for (int i = 0; i < n; i++) {
                us[i] = sample(edge(writer)) / 1e3;
            }
            return us;
        }
    }

    private InterleavedHeartbeat() {
    }

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long warmupMillis = args.length > 2 ? Long.parseLong(args[2]) : 8000;
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        String chipPath = VmEnv.gpioSimChip();
        int pairlockLine = VmEnv.gpioSimLine("hb-in");
        int cLine = VmEnv.gpioSimLine("reset-in");
        try (Arena arena = Arena.ofConfined(); LinuxGpioChip chip = LinuxGpioChip.open(chipPath)) {
            CallState writer = CallState.allocate(arena);
            SymbolLookup lib = Interleaved.loops(arena);
            MethodHandle start = Interleaved.loop(lib, "loops_edge_reader_start", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT));
            MethodHandle pin = Interleaved.loop(lib, "loops_pin",
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            // The writer spins on one CPU while a reader wakes: on which CPU each reader wakes (beside the
            // spinning writer, or on the idle one) moved a whole run's ratio by 1.3x under TCG, so with two
            // CPUs or more the writer has CPU 0 and both readers CPU 1.
            boolean pinned = Runtime.getRuntime().availableProcessors() >= 2;
            int readerCpu = pinned ? 1 : -1;
            MethodHandle stop = Interleaved.loop(lib, "loops_edge_reader_stop", FunctionDescriptor.ofVoid());
            MemorySegment cSamples = arena.allocate(ValueLayout.JAVA_LONG, C_CAPACITY);
            MemorySegment cCount = arena.allocate(ValueLayout.JAVA_LONG);
            int cPull = openPull(writer, cLine);
            int pPull = openPull(writer, pairlockLine);
            pullDown(writer, cPull);
            pullDown(writer, pPull);
            int r = (int) start.invokeExact(arena.allocateFrom(chipPath), cLine, cSamples, (long) C_CAPACITY, cCount, readerCpu);
            if (r < 0) {
                throw new IllegalStateException("the C edge reader could not request line " + cLine + " of " + chipPath
                        + ": errno " + -r);
            }
            long[] pSamples = new long[C_CAPACITY];
            long[] pCount = new long[1];
            GpioHeartbeatInput input = GpioHeartbeatInput.open(chip, pairlockLine, "il-bench", Duration.ZERO, 0);
            try (AutoCloseable ignored = input.listen((timestampNanos, sequence) -> {
                long k = (long) COUNT.getAcquire(pCount, 0);
                pSamples[(int) (k % C_CAPACITY)] = System.nanoTime() - timestampNanos;
                COUNT.setRelease(pCount, 0, k + 1);
            })) {
                String placement = "not pinned (one CPU)";
                if (pinned) {
                    int tid = threadId("gpio-events");
                    check((int) pin.invokeExact(tid, readerCpu), "pairlock's event thread to CPU " + readerCpu);
                    check((int) pin.invokeExact(0, 0), "the writer to CPU 0");
                    placement = "writer on CPU 0; the C reader and pairlock's event thread (tid " + tid + ") on CPU "
                            + readerCpu;
                }
                Reader c = new Reader("c", cPull) {
                    long count() {
                        return (long) C_COUNT.getAcquire(cCount, 0L);
                    }

                    long sample(long k) {
                        return cSamples.getAtIndex(ValueLayout.JAVA_LONG, k % C_CAPACITY);
                    }
                };
                Reader pairlock = new Reader("pairlock", pPull) {
                    long count() {
                        return (long) COUNT.getAcquire(pCount, 0);
                    }

                    long sample(long k) {
                        return pSamples[(int) (k % C_CAPACITY)];
                    }
                };
                Result result = measure(List.of(c, pairlock), writer, rounds, perBatch, warmupMillis, 1);
                String after = Files.readString(Path.of("/proc/loadavg")).strip();
                System.out.print(result.summary());
                System.out.println("loadavg before " + load + ", after " + after + "; lines: pairlock " + pairlockLine
                        + " (hb-in), C " + cLine + " (reset-in); " + placement);
                if (input.missedCount() != 0) {
                    throw new IllegalStateException(input.missedCount() + " edges overflowed the kernel buffer");
                }
                if (args.length > 3) {
                    Files.writeString(Path.of(args[3]), result.json(load, after, pairlockLine, cLine, placement));
                }
            } finally {
                input.close();
                stop.invokeExact();
                pullDown(writer, pPull);
                pullDown(writer, cPull);
                Libc.close(writer, cPull);
                Libc.close(writer, pPull);
            }
        }
    }

    /** The Linux thread id of this process's thread whose name starts with {@code prefix}. */
    static int threadId(String prefix) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().startsWith(prefix)) {
                    return Integer.parseInt(task.getFileName().toString());
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

    /** Per technique, per round: the p50 and p90 of the round's batch (µs); and every sample, pooled. */
    record Result(List<String> names, double[][] p50, double[][] p90, double[][] pooled, int perBatch) {
        String summary() {
            StringBuilder b = new StringBuilder();
            for (int t = 0; t < names.size(); t++) {
                double[] r50 = ratios(p50[t], p50[0]);
                double[] r90 = ratios(p90[t], p90[0]);
                double[] m50 = Interleaved.meanAndHalfWidth(r50);
                double[] m90 = Interleaved.meanAndHalfWidth(r90);
                b.append(String.format(Locale.ROOT,
                        "%-10s pooled p50 %8.1f µs p90 %8.1f µs   per-round ratio p50 %.3f ± %.3f (median %.3f), p90 %.3f ± %.3f (median %.3f)%n",
                        names.get(t), percentile(pooled[t], 0.5), percentile(pooled[t], 0.9), m50[0], m50[1],
                        Interleaved.median(r50), m90[0], m90[1], Interleaved.median(r90)));
            }
            return b.append("edges per batch ").append(perBatch).append(", rounds ").append(p50[0].length).append('\n')
                    .toString();
        }

        String json(String loadBefore, String loadAfter, int pairlockLine, int cLine, String placement) {
            StringBuilder b = new StringBuilder("{\n");
            b.append("  \"what\": \"heartbeat kernel edge to listener on gpio-sim, C and pairlock interleaved (kernel-it VM)\",\n");
            b.append("  \"clock\": \"CLOCK_MONOTONIC: the kernel's edge timestamp to the reader having the event\",\n");
            b.append("  \"load_before\": \"").append(loadBefore).append("\",\n");
            b.append("  \"load_after\": \"").append(loadAfter).append("\",\n");
            b.append("  \"placement\": \"").append(placement).append("\",\n");
            b.append("  \"lines\": {\"pairlock\": ").append(pairlockLine).append(", \"c\": ").append(cLine).append("},\n");
            b.append("  \"baseline\": \"").append(names.get(0)).append("\",\n");
            b.append("  \"edges_per_batch\": ").append(perBatch).append(",\n");
            b.append("  \"rounds\": ").append(p50[0].length).append(",\n");
            appendPerRound(b, "p50_us", p50);
            appendPerRound(b, "p90_us", p90);
            b.append("  \"pooled\": {\n");
            for (int t = 0; t < names.size(); t++) {
                double[] v = pooled[t];
                b.append(String.format(Locale.ROOT,
                        "    \"%s\": {\"samples\": %d, \"p50_us\": %.2f, \"p90_us\": %.2f, \"p99_us\": %.2f}%s%n",
                        names.get(t), v.length, percentile(v, 0.5), percentile(v, 0.9), percentile(v, 0.99),
                        t + 1 < names.size() ? "," : ""));
            }
            return b.append("  }\n}\n").toString();
        }

        private void appendPerRound(StringBuilder b, String key, double[][] v) {
            b.append("  \"").append(key).append("\": {");
            for (int t = 0; t < names.size(); t++) {
                b.append(t == 0 ? "" : ", ").append('"').append(names.get(t)).append("\": [");
                for (int r = 0; r < v[t].length; r++) {
                    b.append(r == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v[t][r]));
                }
                b.append(']');
            }
            b.append("},\n");
        }
    }

    /**
     * Warms both readers (edges alternating, for {@code warmupMillis}: C2 compiles the event thread's
     * loop and the listener), then runs {@code rounds} rounds of one batch of {@code perBatch} edges per
     * reader in a fresh random order. The first reader is the baseline.
     */
    static Result measure(List<Reader> readers, CallState writer, int rounds, int perBatch, long warmupMillis, long seed) {
        long until = System.nanoTime() + warmupMillis * 1_000_000;
        while (System.nanoTime() < until) {
            for (Reader r : readers) {
                r.batch(writer, 16);
            }
        }
        int n = readers.size();
        double[][] p50 = new double[n][rounds];
        double[][] p90 = new double[n][rounds];
        double[][] pooled = new double[n][rounds * perBatch];
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            order.add(t);
        }
        Random random = new Random(seed);
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(order, random);
            for (int t : order) {
                double[] us = readers.get(t).batch(writer, perBatch);
                System.arraycopy(us, 0, pooled[t], round * perBatch, perBatch);
                p50[t][round] = percentile(us, 0.5);
                p90[t][round] = percentile(us, 0.9);
            }
        }
        List<String> names = readers.stream().map(r -> r.name).toList();
        return new Result(names, p50, p90, pooled, perBatch);
    }

    /** The q-quantile of {@code v} as the C side prints it (sorted, index {@code floor(n q)}). */
    static double percentile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) (s.length * q))];
    }

    static double[] ratios(double[] v, double[] base) {
        double[] r = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            r[k] = v[k] / base[k];
        }
        return r;
    }
}
