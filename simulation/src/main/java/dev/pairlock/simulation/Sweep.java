package dev.pairlock.simulation;

import dev.pairlock.hal.time.SystemClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Runs random schedules for seeds {@code first .. first+count-1} on several threads (seed k goes
 * to thread k mod threads), collects violations and failover times.
 */
public final class Sweep {
    /** The result of a sweep; failover percentiles are virtual nanoseconds (-1 when none happened). */
    public record Summary(long schedules, long violating, List<RunResult> failures, long failovers,
                          long p50, long p90, long p99, long max, double schedulesPerMinute, long wallNanos,
                          long takeoverP50, long takeoverP90, long takeoverP99, long takeoverMax) {
    }

    private static final int KEEP_FAILURES = 10;

    private Sweep() {
    }

    public static Summary run(long firstSeed, long count, long fdtNanos, int threads, LongConsumer progress) {
        AtomicLong done = new AtomicLong();
        List<RunResult> failures = new ArrayList<>();
        long[][] times = new long[threads][];
        long[][] takeovers = new long[threads][];
        int[] timeCounts = new int[threads];
        long[] violating = new long[threads];
        long start = SystemClock.INSTANCE.nanos();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                long[] mine = new long[1024];
                long[] mineTakeover = new long[1024];
                int n = 0;
                for (long k = id; k < count; k += threads) {
                    RunResult r = PairSimulation.run(ScheduleGenerator.generate(firstSeed + k, fdtNanos));
                    if (!r.ok()) {
                        violating[id]++;
                        synchronized (failures) {
                            if (failures.size() < KEEP_FAILURES) {
                                failures.add(r);
                            }
                        }
                    }
                    if (r.failoverNanos() >= 0) {
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                            mineTakeover = Arrays.copyOf(mineTakeover, n * 2);
                        }
                        mineTakeover[n] = r.takeoverNanos();
                        mine[n++] = r.failoverNanos();
                    }
                    long d = done.incrementAndGet();
                    if (progress != null && d % 100 == 0) {
                        progress.accept(d);
                    }
                }
                times[id] = mine;
                takeovers[id] = mineTakeover;
                timeCounts[id] = n;
            }, "sweep-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("sweep interrupted", e);
            }
        }
        long wall = SystemClock.INSTANCE.nanos() - start;
        int total = Arrays.stream(timeCounts).sum();
        long[] all = new long[total];
        long[] allTakeover = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(times[t], 0, all, at, timeCounts[t]);
            System.arraycopy(takeovers[t], 0, allTakeover, at, timeCounts[t]);
            at += timeCounts[t];
        }
        Arrays.sort(all);
        Arrays.sort(allTakeover);
        failures.sort((a, b) -> Long.compare(a.schedule().seed(), b.schedule().seed()));
        return new Summary(count, Arrays.stream(violating).sum(), List.copyOf(failures), total,
                pct(all, 50), pct(all, 90), pct(all, 99), total == 0 ? -1 : all[total - 1],
                count * 60e9 / Math.max(1, wall), wall, pct(allTakeover, 50), pct(allTakeover, 90), pct(allTakeover, 99),
                total == 0 ? -1 : allTakeover[total - 1]);
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
