package dev.pairlock.events;

import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SEL's promise, tested as the issue words it: a child JVM appending under load is
 * {@code kill -9}ed at random points 100 times; after each kill every record it reported written is
 * in the log with the fields it was given, nothing reads as damage, and the next child opens the log
 * cleanly (recovering the torn tail) and goes on. The log is small enough that it rotates many times
 * during the run, so kills also land in rotations.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class SelCrashTest {
    private static final int KILLS = 100;
    private static final long MAX_BYTES = 1L << 20;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedRecordSurvivesKillNine() throws Exception {
        Path dir = tmp.resolve("sel");
        SplittableRandom random = new SplittableRandom(Long.getLong("pairlock.crash.seed", System.nanoTime()));
        long lastSeq = 0;
        int totalAcked = 0;
        int recoveries = 0;
        for (int round = 0; round < KILLS; round++) {
            int killAfter = random.nextInt(60);
            long extraNanos = random.nextLong(3_000_000); // so that kills land between acks too, mid-write
            List<long[]> acks = runAndKill(dir, killAfter, extraNanos, round);
            totalAcked += acks.size();
            SelReader.Result result = SelReader.of(dir).read(SelQuery.all());
            assertEquals(0, result.damagedBytes(), "round " + round + ": damage in the log");
            Map<Long, SelRecord> bySeq = new HashMap<>();
            for (SelRecord r : result.records()) {
                bySeq.put(r.seq(), r);
            }
            for (long[] a : acks) {
                SelRecord r = bySeq.get(a[0]);
                if (r == null) {
                    fail("round " + round + " (killed after " + killAfter + " acks): acknowledged record " + a[0]
                            + " is missing; the log holds " + (result.records().isEmpty() ? "nothing"
                            : result.records().getFirst().seq() + ".." + result.records().getLast().seq()));
                }
                assertEquals(String.valueOf(a[1]), r.field("thread"), "seq " + a[0]);
                assertEquals(String.valueOf(a[2]), r.field("n"), "seq " + a[0]);
                assertEquals(SelCrashChild.pad((int) a[1], a[2]), r.field("pad"), "seq " + a[0]);
                assertTrue(a[0] > lastSeq, "seq " + a[0] + " was used before this round (last " + lastSeq + ")");
            }
            recoveries += (int) result.records().stream().filter(r -> r.kind() == EventKind.SEL_RECOVERED).count();
            if (!result.records().isEmpty()) {
                // a child killed at READY of the first round (killAfter 0) leaves an empty log
                lastSeq = result.records().getLast().seq();
            }
        }
        // the log opens cleanly after the last kill too, and goes on where it was
        try (SystemEventLog sel = SelTestSupport.open(new SelConfig(dir, MAX_BYTES, 4))) {
            assertTrue(sel.appendDurably(SelTestSupport.draft(0)).seq() > lastSeq);
        }
        assertTrue(totalAcked > KILLS, "the children acknowledged only " + totalAcked + " records");
        System.out.printf("SelCrashTest: %d kills, %d records acknowledged, all present; torn tails recovered"
                + " (SEL_RECOVERED records still in the bounded log): %d%n", KILLS, totalAcked, recoveries);
    }

    /** Runs a child until it has acknowledged {@code killAfter} records, then SIGKILLs it; returns its acks. */
    private List<long[]> runAndKill(Path dir, int killAfter, long extraNanos, int round) throws Exception {
        Path err = tmp.resolve("child-" + round + ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), SelCrashChild.class.getName(),
                dir.toString(), "4", String.valueOf(MAX_BYTES));
        pb.redirectError(err.toFile());
        Process p = pb.start();
        List<long[]> acks = new ArrayList<>();
        CountDownLatch reached = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                boolean ready = false;
                while ((line = r.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready = true;
                        if (killAfter == 0) {
                            reached.countDown();
                        }
                        continue;
                    }
                    String[] f = line.split(" ");
                    if (ready && f.length == 4 && f[0].equals("A")) {
                        synchronized (acks) {
                            acks.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
                            if (acks.size() >= killAfter) {
                                reached.countDown();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe closes when the child dies
            }
        });
        reader.start();
        try {
            if (!reached.await(60, TimeUnit.SECONDS)) {
                fail("round " + round + ": the child did not acknowledge " + killAfter + " records in 60 s; its stderr: "
                        + Files.readString(err));
            }
            LockSupport.parkNanos(extraNanos);
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
            reader.join(30_000);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(137, p.exitValue(), "round " + round + ": the child died by SIGKILL, not otherwise; stderr: "
                + Files.readString(err));
        synchronized (acks) {
            return new ArrayList<>(acks);
        }
    }
}
