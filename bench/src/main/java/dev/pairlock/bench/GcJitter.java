package dev.pairlock.bench;

import dev.pairlock.daemon.RealTimeSetup;
import dev.pairlock.gpio.heartbeat.HeartbeatGenerator;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.hal.time.ThreadScheduler;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Heartbeat period jitter under a co-located allocation stress, in one JVM: the daemon's heartbeat
 * path ({@link HeartbeatGenerator} on a {@link ThreadScheduler}, as pairlockd runs it) beats every
 * period while a second thread allocates at a fixed rate (arrays of 64 B - 4 KiB, the last 1,024 (-Dbench.keep)
 * kept alive, a power of two, so some survive a young collection), for a while, then idles. Run it with the GC and
 * heap flags under test; it prints one JSON object: the beat intervals' deviation from the period
 * (p50/p99/p99.9/max), beats later than a whole period ("missed"), the generator's skipped beats,
 * GC counts and times, and RSS and thread count at the end of the idle phase.
 *
 * <p>With an {@code rt-priority} above 0 the process is set up as pairlockd sets up its own with that
 * {@code control.rt_priority} ({@link RealTimeSetup}: the beating thread SCHED_FIFO, the VM Thread at
 * nice -20, transparent huge pages off); the JSON says what it got ({@code "setup"}).
 *
 * <pre>java [GC flags] -cp bench/target/benchmarks.jar dev.pairlock.bench.GcJitter \
 *     [stress-seconds=60] [period-ms=10] [alloc-MB/s=500] [idle-seconds=10] [out.json|-] [rt-priority=0]</pre>
 */
public final class GcJitter {
    private GcJitter() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        long periodMillis = args.length > 1 ? Long.parseLong(args[1]) : 10;
        long mbPerSecond = args.length > 2 ? Long.parseLong(args[2]) : 500;
        long idleSeconds = args.length > 3 ? Long.parseLong(args[3]) : 10;
        String out = args.length > 4 && !args[4].equals("-") ? args[4] : null;
        int rtPriority = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        long period = periodMillis * 1_000_000;
        int capacity = (int) (seconds * 1000 / periodMillis + 1000);
        long[] beatAt = new long[capacity];
        int[] count = new int[1];
        HeartbeatOutput output = () -> {
            int i = count[0];
            if (i < beatAt.length) {
                beatAt[i] = System.nanoTime();
                count[0] = i + 1;
            }
        };
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        Thread stress = Thread.ofPlatform().daemon().name("allocation-stress").unstarted(() -> allocate(mbPerSecond));
        HeartbeatGenerator generator;
        try (ThreadScheduler scheduler = new ThreadScheduler("heartbeat")) {
            String setup = RealTimeSetup.apply(scheduler, rtPriority); // before the stress, as the daemon before its loop
            generator = new HeartbeatGenerator(output, scheduler, SystemClock.INSTANCE, period);
            if (mbPerSecond > 0) {
                stress.start();
            }
            Thread.sleep(1000); // the stress reaches its rate; beats start after that
            synchronized (count) {
                count[0] = 0;
            }
            generator.start();
            Thread.sleep(seconds * 1000);
            generator.stop();
            stress.interrupt();
            if (mbPerSecond > 0) {
                stress.join();
            }
            long skipped = generator.skipped();
            int n = Math.min(count[0], beatAt.length);
            long[] deviation = new long[Math.max(0, n - 1)];
            long missed = 0;
            for (int i = 1; i < n; i++) {
                long interval = beatAt[i] - beatAt[i - 1];
                deviation[i - 1] = Math.abs(interval - period);
                if (interval > 2 * period) {
                    missed++;
                }
            }
            String late = lateBeats(beatAt, deviation, period);
            Arrays.sort(deviation);
            long gcCount = 0;
            long gcMillis = 0;
            StringBuilder gcs = new StringBuilder();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcCount += Math.max(0, gc.getCollectionCount());
                gcMillis += Math.max(0, gc.getCollectionTime());
                gcs.append(gcs.isEmpty() ? "" : ", ").append(gc.getName()).append(": ").append(gc.getCollectionCount())
                        .append(" in ").append(gc.getCollectionTime()).append(" ms");
            }
            Thread.sleep(Math.min(1000, idleSeconds * 1000));
            long threadsAtIdleStart = Files.list(Path.of("/proc/self/task")).count();
            Thread.sleep(Math.max(0, idleSeconds * 1000 - 1000)); // idle: what the daemon looks like between events
            String json = String.format(Locale.ROOT, "{%n  \"jvm_args\": \"%s\",%n  \"setup\": \"%s\",%n  \"stress_seconds\": %d, \"period_ms\": %d, "
                    + "\"alloc_mb_per_s\": %d,%n  \"beats\": %d, \"skipped\": %d, \"intervals_over_two_periods\": %d,%n"
                    + "  \"deviation_us\": {\"p50\": %.1f, \"p99\": %.1f, \"p99_9\": %.1f, \"max\": %.1f},%n  %s,%n"
                    + "  \"gc\": \"%s\", \"gc_count\": %d, \"gc_ms\": %d,%n  \"rss_kib_idle\": %d, \"threads_idle\": %d, "
                    + "\"threads_idle_start\": %d,%n"
                    + "  \"load_before\": \"%s\", \"load_after\": \"%s\"%n}%n",
                    String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()).replace("\"", "'"),
                    setup.replace("\"", "'"),
                    seconds, periodMillis, mbPerSecond, n, skipped, missed,
                    pct(deviation, 0.5), pct(deviation, 0.99), pct(deviation, 0.999),
                    deviation.length == 0 ? 0 : deviation[deviation.length - 1] / 1e3, late, gcs, gcCount, gcMillis,
                    status("VmRSS"), Files.list(Path.of("/proc/self/task")).count(), threadsAtIdleStart, load,
                    Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.print(json);
            if (out != null) {
                Files.writeString(Path.of(out), json);
            }
        }
    }

    /**
     * Where the deviations over 1 ms fell: how many in the first 10 s of beats (the heap still growing
     * from -Xms under the stress) and after, and the 12 largest with their time since the first beat,
     * so a tail can be matched against the GC log.
     */
    static String lateBeats(long[] beatAt, long[] deviation, long period) {
        int early = 0;
        int later = 0;
        Integer[] order = new Integer[deviation.length];
        for (int i = 0; i < deviation.length; i++) {
            order[i] = i;
            if (deviation[i] > 1_000_000) {
                if (beatAt[i + 1] - beatAt[0] < 10_000_000_000L) {
                    early++;
                } else {
                    later++;
                }
            }
        }
        Arrays.sort(order, (a, b) -> Long.compare(deviation[b], deviation[a]));
        StringBuilder worst = new StringBuilder();
        for (int k = 0; k < Math.min(12, order.length); k++) {
            int i = order[k];
            worst.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "[%.3f, %.1f]",
                    (beatAt[i + 1] - beatAt[0]) / 1e9, deviation[i] / 1e3));
        }
        return String.format(Locale.ROOT, "\"over_1ms_first_10s\": %d, \"over_1ms_after\": %d, \"worst_s_us\": [%s]",
                early, later, worst);
    }

    static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e3;
    }

    static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Allocates about {@code mbPerSecond} MB/s until interrupted, keeping the last -Dbench.keep (1,024) arrays alive. */
    static void allocate(long mbPerSecond) {
        Object[] keep = new Object[Integer.getInteger("bench.keep", 1024)];
        long bytesPerMilli = mbPerSecond * 1_000_000 / 1000;
        long start = System.nanoTime();
        long allocated = 0;
        int k = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!Thread.currentThread().isInterrupted()) {
            int size = 64 << random.nextInt(7); // 64 B .. 4 KiB
            keep[k++ & (keep.length - 1)] = new byte[size];
            allocated += size + 16;
            if ((k & 255) == 0) {
                long due = allocated / bytesPerMilli * 1_000_000; // when this much should have been allocated
                long ahead = due - (System.nanoTime() - start);
                if (ahead > 1_000_000) {
                    try {
                        Thread.sleep(ahead / 1_000_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }
}
