package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Corrupted bytes, on the wire and on the SPARE's disk, are caught and the data is sent again. */
@Timeout(300)
class CorruptionTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long SIZE = 16L << 20;

    @TempDir
    Path tmp;

    /** A pair whose MAIN reaches the SPARE through {@code relay}. */
    private Pair viaRelay(Relay[] relay, long bandwidth) throws Exception {
        Pair.Options o = new Pair.Options();
        o.bandwidth = bandwidth;
        o.links = Relay.mainToSpareThrough(relay);
        return new Pair(tmp, root -> List.of(SyncItem.immediate("images", root.resolve("images"), 2)
                .withRetries(10, Duration.ofMillis(200))), o);
    }

    @Test
    void aBitFlippedOnTheWireFailsItsTagAndTheChunkIsSentAgain() throws Exception {
        Relay[] relay = new Relay[1];
        try (Pair pair = viaRelay(relay, 8L << 20)) {
            Files.createDirectories(pair.sc0.path("images"));
            VolumeSyncTest.writeRandom(pair.sc0.path("images/fw.bin"), SIZE, 5);
            pair.mainIs0(1);
            Pair.await(WAIT, () -> relay[0].forwarded() > 2L << 20, () -> "the transfer did not start");
            relay[0].corruptAfter(1 << 20); // one bit, a MiB further into the stream: inside a data chunk
            Pair.awaitInSync(pair.sc0, 2, WAIT);
            assertTrue(relay[0].corrupted, "the relay never flipped the bit");
            assertTrue(pair.sc1.engine.counters().integrityFailures() == 1, "the SPARE did not catch it: " + pair.sc1.engine.counters());
            assertTrue(pair.sc1.engine.counters().bytesResumed() > 0, "the rest was not resumed from the part");
            assertArrayEquals(VolumeSyncTest.sha256(pair.sc0.path("images/fw.bin")), VolumeSyncTest.sha256(pair.sc1.path("images/fw.bin")));
        } finally {
            relay[0].close();
        }
    }

    @Test
    void aPartThatRottedWhileTheLinkWasDownFailsItsSha256AndIsSentAgainWhole() throws Exception {
        Relay[] relay = new Relay[1];
        try (Pair pair = viaRelay(relay, 8L << 20)) {
            Files.createDirectories(pair.sc0.path("images"));
            VolumeSyncTest.writeRandom(pair.sc0.path("images/fw.bin"), SIZE, 6);
            Path dir = pair.sc1.path("images");
            pair.mainIs0(1);
            Pair.await(WAIT, () -> partSize(dir) > 4L << 20, () -> "the transfer did not start");
            relay[0].close(); // the link goes down: connections cut, nobody listening
            Path part = part(dir);
            Thread.sleep(200);
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
                ch.read(b, 1000);
                b.put(0, (byte) (b.get(0) ^ 0x40));
                ch.write(b.rewind(), 1000); // one bit rots in the part's prefix
            }
            relay[0] = new Relay(pair.sc1.port(), relay[0]);
            Pair.awaitInSync(pair.sc0, 2, WAIT);
            assertTrue(pair.sc1.engine.counters().fileFailures() >= 1, "the rotten part was not caught: " + pair.sc1.engine.counters());
            assertArrayEquals(VolumeSyncTest.sha256(pair.sc0.path("images/fw.bin")), VolumeSyncTest.sha256(pair.sc1.path("images/fw.bin")));
        } finally {
            relay[0].close();
        }
    }

    static Path part(Path dir) throws java.io.IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PathFilter.PART_PREFIX + "*")) {
            for (Path p : ds) {
                return p;
            }
        }
        throw new AssertionError("no part in " + dir);
    }

    static long partSize(Path dir) {
        try {
            return Files.size(part(dir));
        } catch (java.io.IOException | AssertionError e) {
            return -1;
        }
    }
}
