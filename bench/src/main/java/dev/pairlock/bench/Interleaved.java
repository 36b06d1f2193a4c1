package dev.pairlock.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Interleaved measurement of native-call techniques against a C loop in the same process: every
 * round runs one batch of each technique, in a fresh random order, back to back. A round's ratio
 * (technique / C) compares two batches taken within milliseconds of each other, so the machine's
 * load, frequency and the other engineers' builds hit both alike; the figure is the mean of the
 * per-round ratios with its 99.9 % confidence half-width. Complements JMH's sequential runs (whose
 * C baseline runs minutes away from the Java figure) on a machine that is not quiet.
 *
 * <p>The C baseline is {@code bench/c/loops.c}, built as {@code libbenchloops.so}: the C loop runs
 * entirely in C and times itself; one downcall per batch reaches it.
 *
 * <p>Clock ({@code -Dbench.clock}): {@code wall} (default; monotonic time, what JMH measures) or
 * {@code cpu} (the measuring thread's CPU time, on both sides: on a machine whose cores are
 * oversubscribed, time spent descheduled inflates wall-clock batches at random, CPU time not).
 */
final class Interleaved {
    /** One technique: makes {@code n} calls and returns the nanoseconds the loop took. */
    @FunctionalInterface
    interface Batch {
        long run(long n);
    }

    static final Linker LINKER = Linker.nativeLinker();
    static final boolean CPU_CLOCK = switch (System.getProperty("bench.clock", "wall")) {
        case "wall" -> false;
        case "cpu" -> true;
        default -> throw new IllegalArgumentException("-Dbench.clock=" + System.getProperty("bench.clock")
                + ": use wall or cpu");
    };
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private Interleaved() {
    }

    /** The C loops library, from {@code -Dbench.loops=PATH} (bench/run builds bench/target/libbenchloops.so). */
    static SymbolLookup loops(Arena arena) {
        String path = System.getProperty("bench.loops", "bench/target/libbenchloops.so");
        if (!Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: build it with gcc -O2 -shared -fPIC -o " + path
                    + " bench/c/loops.c (bench/run and bench/run-vm do), or point -Dbench.loops at it");
        }
        SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(path), arena);
        selectClock(lib);
        return lib;
    }

    /** Now on the chosen clock: what a Java batch reads before and after its loop. */
    static long now() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Tells the C loops which clock to use (the same as {@link #now()}). */
    static void selectClock(SymbolLookup lib) {
        try {
            LINKER.downcallHandle(lib.findOrThrow("loops_use_thread_cpu_clock"),
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)).invokeExact(CPU_CLOCK ? 1 : 0);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot select the C loops' clock", e);
        }
    }

    static String clockName() {
        return CPU_CLOCK ? "thread CPU time" : "wall (monotonic)";
    }

    static MethodHandle loop(SymbolLookup lib, String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(lib.findOrThrow(name), fd);
    }

    /** A C batch: the C function's own timing; a failed call inside it fails the measurement. */
    static long checked(long elapsed, String what) {
        if (elapsed < 0) {
            throw new IllegalStateException(what + ": a call in the C loop failed");
        }
        return elapsed;
    }

    /**
     * Warms every technique for {@code warmupMillis} (C2 compiles the Java loops; the C side warms
     * caches and the driver), sizes a batch so that one of {@code baseline} lasts about
     * {@code batchMillis}, then runs {@code rounds} rounds of one batch per technique in random
     * order. Returns ns per call, per technique, per round, and the batch size under key "".
     */
    static Map<String, double[]> measure(Map<String, Batch> techniques, String baseline, int rounds, long batchMillis,
            long warmupMillis, long seed) {
        for (Map.Entry<String, Batch> t : techniques.entrySet()) {
            long until = System.nanoTime() + warmupMillis * 1_000_000;
            long n = 64;
            while (System.nanoTime() < until) {
                long took = t.getValue().run(n);
                if (took < 2_000_000) {
                    n *= 2; // short warmup batches until one lasts a few ms (OSR, then the loop's method compiles)
                }
            }
        }
        long n = calibrate(techniques.get(baseline), batchMillis);
        Map<String, double[]> out = new LinkedHashMap<>();
        techniques.keySet().forEach(k -> out.put(k, new double[rounds]));
        List<String> order = new ArrayList<>(techniques.keySet());
        Random random = new Random(seed);
        for (int r = 0; r < rounds; r++) {
            Collections.shuffle(order, random);
            for (String k : order) {
                out.get(k)[r] = (double) techniques.get(k).run(n) / n;
            }
        }
        out.put("", new double[] {n});
        return out;
    }

    /** The calls per batch that make one C batch last about {@code targetMillis}. */
    static long calibrate(Batch c, long targetMillis) {
        long n = 16;
        while (true) {
            long t = Math.min(c.run(n), c.run(n)); // the better of two: one descheduling does not shrink the batch
            if (t > targetMillis * 1_000_000 / 4 || n > (1L << 30)) {
                return Math.max(16, (long) (n * (targetMillis * 1e6 / Math.max(1, t))));
            }
            n *= 2;
        }
    }

    /** The result as JSON: ns per call per round, the baseline's name and what the run was. */
    static String json(Map<String, double[]> measured, String baseline, Map<String, String> meta) {
        Map<String, double[]> data = new LinkedHashMap<>(measured);
        long n = (long) data.remove("")[0];
        StringBuilder b = new StringBuilder("{\n");
        for (Map.Entry<String, String> m : meta.entrySet()) {
            b.append("  \"").append(m.getKey()).append("\": \"").append(m.getValue().replace("\"", "'")).append("\",\n");
        }
        b.append("  \"baseline\": \"").append(baseline).append("\",\n");
        b.append("  \"calls_per_batch\": ").append(n).append(",\n");
        b.append("  \"ns_per_call\": {\n");
        int i = 0;
        for (Map.Entry<String, double[]> e : data.entrySet()) {
            b.append("    \"").append(e.getKey()).append("\": [");
            double[] v = e.getValue();
            for (int k = 0; k < v.length; k++) {
                b.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v[k]));
            }
            b.append(++i < data.size() ? "],\n" : "]\n");
        }
        return b.append("  }\n}\n").toString();
    }

    /** Human-readable: per technique the mean ns/call and the mean per-round ratio to the baseline ± 99.9 % CI. */
    static String summary(Map<String, double[]> measured, String baseline) {
        Map<String, double[]> data = new LinkedHashMap<>(measured);
        long n = (long) data.remove("")[0];
        double[] base = data.get(baseline);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, double[]> e : data.entrySet()) {
            double[] v = e.getValue();
            double[] ratio = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                ratio[k] = v[k] / base[k];
            }
            double[] ns = meanAndHalfWidth(v);
            double[] r = meanAndHalfWidth(ratio);
            b.append(String.format(Locale.ROOT, "%-28s %10.1f ± %7.1f ns/call   ratio %.3f ± %.3f  (median %.3f)%n",
                    e.getKey(), ns[0], ns[1], r[0], r[1], median(ratio)));
        }
        return b.append("calls per batch ").append(n).append(", rounds ").append(base.length)
                .append(", clock ").append(clockName()).append('\n').toString();
    }

    /** Mean and the 99.9 % confidence half-width (normal quantile 3.29; rounds are 30 or more). */
    static double[] meanAndHalfWidth(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN;
        return new double[] {mean, 3.29 * sd / Math.sqrt(v.length)};
    }

    /** Student's t, two-sided 99.9 %, for 1..30 degrees of freedom (the last one beyond: on the safe side). */
    private static final double[] T999 = {636.62, 31.60, 12.92, 8.61, 6.87, 5.96, 5.41, 5.04, 4.78, 4.59, 4.44, 4.32,
        4.22, 4.14, 4.07, 4.01, 3.97, 3.92, 3.88, 3.85, 3.82, 3.79, 3.77, 3.75, 3.73, 3.71, 3.69, 3.67, 3.66, 3.65};

    /**
     * Mean and the 99.9 % confidence half-width of a few values (one per JVM, say): Student's t,
     * since the normal quantile of {@link #meanAndHalfWidth} understates a handful's spread.
     */
    static double[] meanAndSmallSampleHalfWidth(double[] v) {
        double[] m = meanAndHalfWidth(v);
        int df = v.length - 1;
        double t = df < 1 ? Double.NaN : T999[Math.min(df, T999.length) - 1];
        return new double[] {m[0], m[1] / 3.29 * t};
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static FunctionDescriptor longOf(ValueLayout... args) {
        return FunctionDescriptor.of(ValueLayout.JAVA_LONG, args);
    }
}
