package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.failover.Role;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SEL append throughput with durable writes and per-record latency, against the floor the disk sets
 * in the same run: a bare {@code write} + {@code fdatasync} of a record-sized buffer. Printed, not
 * asserted (unit tests never assert wall-clock time); the counts are asserted.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SelThroughputMeasurement {
    @TempDir
    Path dir;

    static final int N = 400;

    static EventDraft typical(int i) {
        return EventDraft.of(EventKind.SERVICE_RESTARTED, Role.MAIN, 12).with("service", "httpd").with("restart_count", i % 4)
                .with("of", 3).with("reason", "exited with status 1");
    }

    static String stats(String what, long[] nanos, long totalNanos, int records) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("%s: %d records in %.0f ms = %.0f records/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                what, records, totalNanos / 1e6, records * 1e9 / totalNanos, s[s.length / 2] / 1e6,
                s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1e6, s[s.length - 1] / 1e6);
    }

    /** A record-sized write + fdatasync, {@code raw.length} times, appending to a new file; the total time. */
    static long baseline(Path file, byte[] rec, long[] raw) throws java.io.IOException {
        long r0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long pos = 0;
            for (int i = 0; i < raw.length; i++) {
                long t = System.nanoTime();
                pos += ch.write(ByteBuffer.wrap(rec), pos);
                ch.force(false);
                raw[i] = System.nanoTime() - t;
            }
        }
        return System.nanoTime() - r0;
    }

    @Test
    void measureDurableAppends() throws Exception {
        // the floor: one record-sized write + fdatasync, serially
        byte[] rec = SelCodec.encode(new SelRecord(1, java.time.Instant.now(), 0, dev.pairlock.hal.ScId.SC0, Role.MAIN, 12,
                EventKind.SERVICE_RESTARTED, Severity.NOTICE, typical(1).fields()));
        long[] raw = new long[N];
        long rawTotal = baseline(dir.resolve("raw-before"), rec, raw);

        long[] one = new long[N];
        long o0;
        long oneTotal;
        try (SystemEventLog sel = SelTestSupport.open(dir.resolve("one"))) {
            o0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                long t = System.nanoTime();
                sel.appendDurably(typical(i));
                one[i] = System.nanoTime() - t;
            }
            oneTotal = System.nanoTime() - o0;
        }

        int writers = 8;
        long[] many = new long[N * writers];
        long m0;
        long manyTotal;
        long syncs;
        try (SystemEventLog sel = SelTestSupport.open(dir.resolve("many"))) {
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(writers);
            for (int w = 0; w < writers; w++) {
                int base = w * N;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < N; i++) {
                            long t = System.nanoTime();
                            sel.appendDurably(typical(i));
                            many[base + i] = System.nanoTime() - t;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                });
                th.start();
            }
            m0 = System.nanoTime();
            go.countDown();
            done.await();
            manyTotal = System.nanoTime() - m0;
            syncs = sel.stats().syncs();
            assertEquals(N * writers, sel.stats().appended());
        }
        long[] rawAfter = new long[N];
        long rawAfterTotal = baseline(dir.resolve("raw-after"), rec, rawAfter);
        System.out.println(stats("baseline write+fdatasync (" + rec.length + " B), before", raw, rawTotal, N));
        System.out.println(stats("baseline write+fdatasync (" + rec.length + " B), after", rawAfter, rawAfterTotal, N));
        System.out.println(stats("SEL appendDurably, 1 writer", one, oneTotal, N));
        System.out.println(stats("SEL appendDurably, " + writers + " writers", many, manyTotal, N * writers)
                + String.format(" (%d fdatasyncs: %.1f records per sync)", syncs, (double) N * writers / syncs));
        System.out.printf("SEL 1-writer throughput / bare fdatasync rate (mean of before and after) = %.2f%n",
                (rawTotal + rawAfterTotal) / 2.0 / oneTotal);
        assertEquals(N, SelReader.of(dir.resolve("one")).read(SelQuery.all()).records().size());
    }

}
