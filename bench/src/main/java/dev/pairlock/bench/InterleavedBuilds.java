package dev.pairlock.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two builds of the simulator, A and B, measured against each other in one JVM, for a machine
 * whose speed moves 2x within the hour: each build in a class loader of its own, every round one
 * slice of A and one of B in random order — a slice runs each of the 64 seeds of
 * {@link SimulationBench} once on every thread — so the two slices of a round, a tenth of a second
 * apart, see the same machine. The figure is B's time over A's per round (thread CPU time summed
 * over the threads, and wall time), as a geometric mean with its 99.9 % interval.
 *
 * <p>Which build's classes load first shifts the ratio by about 2 % (an A/A run measures it), so run
 * it twice with the builds swapped: with r1 = B/A of the first run and r2 = A/B of the second,
 * B/A = sqrt(r1 / r2) and the load-order bias is sqrt(r1 * r2).
 *
 * <p>{@code java -cp bench/target/classes dev.pairlock.bench.InterleavedBuilds OLD.jar NEW.jar [rounds [threads [warmup-seconds]]]}
 * (each build a jar, or class path entries joined by ':', holding the simulation and everything it
 * needs: bench/target/benchmarks.jar of each commit does). Its own output on stderr is discarded.
 * {@code InterleavedBuilds core OLD.jar NEW.jar ...} compares the protocol core alone ({@link InterleavedCore}).
 */
public final class InterleavedBuilds {
    static final int SEEDS = SimulationBench.SEEDS;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile long sink;

    private InterleavedBuilds() {
    }

    /** What one slice of a build runs on each thread: a pass over its work, and how much work a pass is. */
    interface Workload {
        /** One pass, starting at {@code offset} of its work (threads start apart); returns a value to keep. */
        long pass(int offset) throws Throwable;

        /** Units of work in one pass (schedules, events): the rate reported is units per second. */
        long units();

        /** The unit's name, plural. */
        String unit();
    }

    /** A class loader of its own over one build's class path (a jar, or entries joined by ':'). */
    static ClassLoader loader(String classPath) {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(":")) {
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("build " + classPath + ": " + p + " does not exist (build it with "
                        + "./mvnw -pl bench -am package -DskipTests, then copy bench/target/benchmarks.jar aside)");
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("build " + classPath + ": " + p + " is not a usable path", e);
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** One build: its own loader, the simulation's entry point and the schedules (seeds 1..n) made by that build. */
    static final class Build implements Workload {
        private final MethodHandle run;
        private final Object[] schedules;

        Build(String classPath) {
            this(classPath, SEEDS);
        }

        Build(String classPath, int seeds) {
            schedules = new Object[seeds];
            ClassLoader loader = loader(classPath);
            try {
                Class<?> schedule = loader.loadClass("dev.pairlock.simulation.Schedule");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle generate = lookup.findStatic(loader.loadClass("dev.pairlock.simulation.ScheduleGenerator"),
                        "generate", MethodType.methodType(schedule, long.class, long.class));
                run = lookup.findStatic(loader.loadClass("dev.pairlock.simulation.PairSimulation"), "run",
                                MethodType.methodType(loader.loadClass("dev.pairlock.simulation.RunResult"), schedule))
                        .asType(MethodType.methodType(Object.class, Object.class));
                for (int i = 0; i < seeds; i++) {
                    schedules[i] = generate.invoke((long) i + 1, 1_000_000_000L);
                }
            } catch (Throwable e) {
                throw new IllegalArgumentException("build " + classPath + " has no usable simulator (PairSimulation.run, "
                        + "ScheduleGenerator.generate): " + e, e);
            }
        }

        /** Every seed once, starting at {@code offset} so that threads do not run the same seed at once. */
        @Override
        public long pass(int offset) throws Throwable {
            long h = 0;
            for (int i = 0; i < schedules.length; i++) {
                h += run.invokeExact(schedules[(i + offset) % schedules.length]).hashCode();
            }
            return h;
        }

        @Override
        public long units() {
            return schedules.length;
        }

        @Override
        public String unit() {
            return "schedules";
        }
    }

    /** Per round, B's time over A's: thread CPU and wall; and each build's median wall time per slice. */
    record Result(double[] cpuRatio, double[] wallRatio, double medianWallA, double medianWallB, int threads, long units,
                  String unit) {
        double perSecond(double wallNanos) {
            return (double) units * threads * 1e9 / wallNanos;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("core")) {
            InterleavedCore.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: InterleavedBuilds [core] BUILD_A BUILD_B [rounds [threads [warmup-seconds]]]");
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())); // the runtimes' WARN lines
        Result r = measure(new Build(args[0]), new Build(args[1]), rounds, threads, warmup * 1_000_000_000L, 42);
        System.out.print(summary(r));
    }

    static Result measure(Workload a, Workload b, int rounds, int threads, long warmupNanos, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long until = System.nanoTime() + warmupNanos;
            do {
                slice(pool, a, threads);
                slice(pool, b, threads);
            } while (System.nanoTime() < until);
            Random order = new Random(seed);
            double[] cpu = new double[rounds];
            double[] wall = new double[rounds];
            double[] wallA = new double[rounds];
            double[] wallB = new double[rounds];
            for (int k = 0; k < rounds; k++) {
                long[] ta;
                long[] tb;
                if (order.nextBoolean()) {
                    ta = slice(pool, a, threads);
                    tb = slice(pool, b, threads);
                } else {
                    tb = slice(pool, b, threads);
                    ta = slice(pool, a, threads);
                }
                wall[k] = (double) tb[0] / ta[0];
                cpu[k] = (double) tb[1] / ta[1];
                wallA[k] = ta[0];
                wallB[k] = tb[0];
            }
            return new Result(cpu, wall, Interleaved.median(wallA), Interleaved.median(wallB), threads, a.units(), a.unit());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One slice of {@code build} on every thread at once: {wall nanoseconds, thread CPU nanoseconds summed}. */
    private static long[] slice(ExecutorService pool, Workload build, int threads) throws Exception {
        List<Callable<Long>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = (int) (t * build.units() / threads);
            work.add(() -> {
                long c0 = THREADS.getCurrentThreadCpuTime();
                try {
                    sink += build.pass(offset);
                } catch (Throwable e) {
                    throw new IllegalStateException("a pass failed in the build under test", e);
                }
                return THREADS.getCurrentThreadCpuTime() - c0;
            });
        }
        long w0 = System.nanoTime();
        long cpu = 0;
        for (Future<Long> f : pool.invokeAll(work)) {
            cpu += f.get();
        }
        return new long[] {System.nanoTime() - w0, cpu};
    }

    static double geometricMean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.log(x);
        }
        return Math.exp(s / v.length);
    }

    static String summary(Result r) {
        double[] cpu = Interleaved.meanAndHalfWidth(r.cpuRatio());
        double[] wall = Interleaved.meanAndHalfWidth(r.wallRatio());
        return String.format(Locale.ROOT, "threads %d, rounds %d: A %.0f %s/s, B %.0f %s/s (median slices)%n"
                        + "B/A time, thread CPU: geometric mean %.4f, median %.4f, 99.9 %% +-%.4f%n"
                        + "B/A time, wall:       geometric mean %.4f, median %.4f, 99.9 %% +-%.4f%n",
                r.threads(), r.cpuRatio().length, r.perSecond(r.medianWallA()), r.unit(), r.perSecond(r.medianWallB()), r.unit(),
                geometricMean(r.cpuRatio()), Interleaved.median(r.cpuRatio()), cpu[1],
                geometricMean(r.wallRatio()), Interleaved.median(r.wallRatio()), wall[1]);
    }
}
