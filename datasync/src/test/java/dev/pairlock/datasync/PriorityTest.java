package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Priority 1 first: at the start, and when it changes in the middle of a long lower-priority transfer. */
@Timeout(300)
class PriorityTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void aPriorityOneChangeOvertakesALargePriorityThreeTransfer() throws Exception {
        Pair.Options o = new Pair.Options();
        o.bandwidth = 4L << 20; // 4 MiB/s: the 16 MiB priority-3 file takes about 4 s
        try (Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("logs", root.resolve("logs"), 3),
                SyncItem.immediate("users", root.resolve("users"), 1)), o)) {
            Files.createDirectories(pair.sc0.path("logs"));
            Files.createDirectories(pair.sc0.path("users"));
            VolumeSyncTest.writeRandom(pair.sc0.path("logs/big.log"), 16L << 20, 9);
            Files.writeString(pair.sc0.path("users/passwd"), "v1");
            pair.mainIs0(1);
            // priority 1 is listed last but synced first
            Pair.await(WAIT, () -> "v1".equals(TimedSyncTest.text(pair.sc1.path("users/passwd"))), () -> "users first");
            assertTrue(!Files.exists(pair.sc1.path("logs/big.log")), "priority 3 landed before priority 1");
            Pair.await(WAIT, () -> CorruptionTest.partSize(pair.sc1.path("logs")) > 1L << 20, () -> "logs did not start");

            Files.writeString(pair.sc0.path("users/passwd"), "v2");
            Pair.await(WAIT, () -> "v2".equals(TimedSyncTest.text(pair.sc1.path("users/passwd"))), () -> "users not synced");
            assertTrue(!Files.exists(pair.sc1.path("logs/big.log")), "the priority-1 change waited for the priority-3 file");
            assertEquals(SyncState.SYNCING, pair.sc0.engine.status().priority(3).state());

            Pair.awaitInSync(pair.sc0, 3, WAIT);
            assertArrayEquals(VolumeSyncTest.sha256(pair.sc0.path("logs/big.log")), VolumeSyncTest.sha256(pair.sc1.path("logs/big.log")));
            assertTrue(pair.sc1.engine.counters().bytesResumed() > 0, "the yielded file did not resume from its part");
            assertTrue(pair.sc0.engine.counters().dataBytesSent() < (16L << 20) + Msg.CHUNK * 4L + 100,
                    "the yielded file was sent again from the start: " + pair.sc0.engine.counters());
        }
    }
}
