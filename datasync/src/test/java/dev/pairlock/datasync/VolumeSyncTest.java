package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The sizes the issue names: one 50 MiB file (streamed, never held whole), and 10,000 small files. */
@Timeout(300)
class VolumeSyncTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    static void writeRandom(Path p, long size, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; ) {
                for (int i = 0; i < buf.length; i += 8) {
                    long v = r.nextLong();
                    for (int k = 0; k < 8 && i + k < buf.length; k++) {
                        buf[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    static byte[] sha256(Path p) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(p)) {
            byte[] b = new byte[1 << 20];
            for (int n; (n = in.read(b)) > 0; ) {
                d.update(b, 0, n);
            }
        }
        return d.digest();
    }

    static void writeSmallFiles(Path dir, int count, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            Path d = dir.resolve("d" + (i % 100));
            Files.createDirectories(d);
            byte[] b = new byte[200 + r.nextInt(3800)];
            r.nextBytes(b);
            Files.write(d.resolve("f" + i + ".dat"), b);
        }
    }

    @Test
    void fiftyMebibytesArriveVerified() throws Exception {
        try (Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("images", root.resolve("images"), 2)))) {
            Path m = pair.sc0.path("images");
            Files.createDirectories(m);
            writeRandom(m.resolve("fw.bin"), 50L << 20, 7);
            long t0 = System.nanoTime();
            pair.mainIs0(1);
            Pair.awaitInSync(pair.sc0, 2, WAIT);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Path s = pair.sc1.path("images/fw.bin");
            assertArrayEquals(sha256(m.resolve("fw.bin")), sha256(s));
            assertEquals(Files.getLastModifiedTime(m.resolve("fw.bin")), Files.getLastModifiedTime(s));
            DatasyncCounters c = pair.sc0.engine.counters();
            assertEquals(50L << 20, c.dataBytesSent());
            System.out.println("50 MiB synced in " + ms + " ms (first session included)");

            // unchanged: a full pass sends nothing
            pair.sc0.engine.requestFullSync();
            Pair.await(WAIT, () -> pair.sc0.engine.counters().passesCompleted() > c.passesCompleted(), () -> "no second pass");
            Pair.awaitInSync(pair.sc0, 2, WAIT);
            assertEquals(50L << 20, pair.sc0.engine.counters().dataBytesSent(), "an unchanged file was sent again");
        }
    }

    @Test
    void tenThousandSmallFilesArrive() throws Exception {
        try (Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("many", root.resolve("many"), 1)))) {
            Path m = pair.sc0.path("many");
            writeSmallFiles(m, 10_000, 11);
            long t0 = System.nanoTime();
            pair.mainIs0(1);
            Pair.awaitInSync(pair.sc0, 1, WAIT);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Path s = pair.sc1.path("many");
            List<String> names = Pair.listTree(m);
            assertEquals(names, Pair.listTree(s));
            for (int i = 0; i < 10_000; i += 997) {
                Path f = Path.of("d" + (i % 100), "f" + i + ".dat");
                assertArrayEquals(Files.readAllBytes(m.resolve(f)), Files.readAllBytes(s.resolve(f)));
            }
            assertEquals(10_000, pair.sc1.engine.counters().filesCommitted());
            System.out.println("10,000 files synced in " + ms + " ms (first session included)");
            assertTrue(names.size() == 10_100);
        }
    }
}
