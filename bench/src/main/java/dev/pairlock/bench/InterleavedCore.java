package dev.pairlock.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

/**
 * {@link InterleavedBuilds} for the protocol core alone: two builds' {@link CoreReplayBench}, each
 * in a class loader of its own, one slice of each per round in random order, B's time over A's per
 * round as a geometric mean with its 99.9 % interval (the statistics are InterleavedBuilds'). A
 * slice is {@code passes} times the recorded streams' length in {@link CoreReplayBench#replay} calls
 * ({@value CoreReplayBench#BATCH} events each): the same loop JMH times, on the streams each build
 * recorded with its own simulator (a change meant only to be faster records the same streams).
 * Single-threaded, as the benchmark is.
 *
 * <p>One JVM is not enough here: which build loads first, and what C2 makes of each build in that
 * JVM, moves one JVM's ratio by 3–7 % either way (the load-order bias of one pair of JVMs ranged
 * 0.93–1.06 here), far more than its 99.9 % interval of ~2 % says. With {@code jvm-pairs} > 0 the
 * tool runs that many pairs of child JVMs, A loaded first in one and B in the other; per pair B/A =
 * sqrt(r1 / r2) (r1 = B/A of the first, r2 = A/B of the second) and the load-order bias
 * sqrt(r1 * r2); the figure is the geometric mean over pairs with a 99.9 % Student's t interval
 * (the spread between JVMs, not within one).
 *
 * <p>{@code java -cp bench/target/classes dev.pairlock.bench.InterleavedBuilds core OLD.jar NEW.jar [rounds [passes [warmup-seconds [jvm-pairs]]]]}
 * (jvm-pairs 0: this JVM only, one order)
 */
final class InterleavedCore {
    private InterleavedCore() {
    }

    /** One build's core benchmark: its recorded streams and its replay loop, in its own loader. */
    static final class CoreBuild implements InterleavedBuilds.Workload {
        private final MethodHandle replay;
        private final int calls;

        CoreBuild(String classPath, int passes) {
            ClassLoader loader = InterleavedBuilds.loader(classPath);
            try {
                Class<?> bench = loader.loadClass("dev.pairlock.bench.CoreReplayBench");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Object state = lookup.findConstructor(bench, MethodType.methodType(void.class)).invoke();
                lookup.findVirtual(bench, "recordStreams", MethodType.methodType(void.class)).invoke(state);
                replay = lookup.findVirtual(bench, "replay", MethodType.methodType(long.class)).bindTo(state);
                java.lang.reflect.Field recorded = bench.getDeclaredField("recordedEvents"); // package-private state
                recorded.setAccessible(true);
                long events = recorded.getLong(state);
                calls = (int) Math.max(1, passes * events / CoreReplayBench.BATCH);
            } catch (Throwable e) {
                throw new IllegalArgumentException("build " + classPath + " has no usable core benchmark "
                        + "(CoreReplayBench: recordStreams, replay, recordedEvents): " + e, e);
            }
        }

        /** {@code calls} replay invocations: the benchmark's loop as JMH runs it (the offset is unused). */
        @Override
        public long pass(int offset) throws Throwable {
            long commands = 0;
            for (int i = 0; i < calls; i++) {
                commands += (long) replay.invokeExact();
            }
            return commands;
        }

        @Override
        public long units() {
            return (long) calls * CoreReplayBench.BATCH;
        }

        @Override
        public String unit() {
            return "events";
        }
    }

    static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: InterleavedBuilds core BUILD_A BUILD_B "
                    + "[rounds [passes [warmup-seconds [jvm-pairs]]]]");
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int passes = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        int pairs = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        if (pairs > 0) {
            double[] r1 = new double[pairs];
            double[] r2 = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                r1[i] = child(args[0], args[1], rounds, passes, warmup);
                r2[i] = child(args[1], args[0], rounds, passes, warmup);
                System.out.printf(java.util.Locale.ROOT, "pair %d: r1 %.4f, r2 %.4f%n", i + 1, r1[i], r2[i]);
            }
            System.out.print(acrossJvms(r1, r2));
            return;
        }
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())); // the runtimes' WARN lines
        InterleavedBuilds.Result r = InterleavedBuilds.measure(new CoreBuild(args[0], passes), new CoreBuild(args[1], passes),
                rounds, 1, warmup * 1_000_000_000L, 42);
        System.out.print(InterleavedBuilds.summary(r));
    }

    private static final java.util.regex.Pattern CPU_RATIO =
            java.util.regex.Pattern.compile("thread CPU: geometric mean ([0-9.]+),");

    /** One child JVM measuring {@code first} against {@code second}, in that load order: its CPU ratio. */
    private static double child(String first, String second, int rounds, int passes, int warmup) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), InterleavedBuilds.class.getName(), "core", first, second,
                String.valueOf(rounds), String.valueOf(passes), String.valueOf(warmup), "0")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the child JVM (" + first + " against " + second + ") exited with "
                    + p.exitValue() + ": " + output);
        }
        return cpuRatio(output);
    }

    /** B/A thread CPU time from one run's summary ({@link InterleavedBuilds#summary}). */
    static double cpuRatio(String summary) {
        java.util.regex.Matcher m = CPU_RATIO.matcher(summary);
        if (!m.find()) {
            throw new IllegalStateException("no \"thread CPU: geometric mean\" line in the run's output: " + summary);
        }
        return Double.parseDouble(m.group(1));
    }

    /**
     * B/A over JVM pairs: per pair sqrt(r1 / r2), their geometric mean with a 99.9 % t interval (in
     * logs, so the interval is a factor), and the load-order bias sqrt(r1 * r2) likewise.
     */
    static String acrossJvms(double[] r1, double[] r2) {
        double[] logRatio = new double[r1.length];
        double[] logBias = new double[r1.length];
        for (int i = 0; i < r1.length; i++) {
            logRatio[i] = 0.5 * Math.log(r1[i] / r2[i]);
            logBias[i] = 0.5 * Math.log(r1[i] * r2[i]);
        }
        double[] ratio = Interleaved.meanAndSmallSampleHalfWidth(logRatio);
        double[] bias = Interleaved.meanAndSmallSampleHalfWidth(logBias);
        return String.format(java.util.Locale.ROOT, "B/A time, thread CPU, %d JVM pairs: geometric mean %.4f, 99.9 %% "
                        + "interval %.4f..%.4f; load-order bias %.4f (%.4f..%.4f)%n", r1.length,
                Math.exp(ratio[0]), Math.exp(ratio[0] - ratio[1]), Math.exp(ratio[0] + ratio[1]),
                Math.exp(bias[0]), Math.exp(bias[0] - bias[1]), Math.exp(bias[0] + bias[1]));
    }
}
