package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data each SC owns (its own event log): one item per SC with an origin. Only the origin sends it,
 * so the SPARE holds the MAIN's log beside its own, and a copy never goes back over an original. And
 * the same item name with different paths on the two SCs is refused, never written into the wrong place.
 */
@Timeout(300)
class OriginTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void eachScSendsOnlyItsOwnLogAndACopyNeverGoesBack() throws Exception {
        try (Pair pair = new Pair(tmp, root -> List.of(
                SyncItem.immediate("sel-sc0", root.resolve("sel/sc0"), 1).withOrigin(ScId.SC0),
                SyncItem.immediate("sel-sc1", root.resolve("sel/sc1"), 1).withOrigin(ScId.SC1)))) {
            for (Pair.Side side : List.of(pair.sc0, pair.sc1)) {
                String own = side.sc.name().toLowerCase();
                Files.createDirectories(side.path("sel/" + own));
                Files.writeString(side.path("sel/" + own + "/0.log"), "live log of " + side.sc);
            }
            pair.mainIs0(1);
            Pair.await(WAIT, () -> Files.exists(pair.sc1.path("sel/sc0/0.log")), () -> "SC0's log did not reach SC1");
            Pair.awaitInSync(pair.sc0, 1, WAIT);
            assertEquals("live log of SC1", Files.readString(pair.sc1.path("sel/sc1/0.log")), "SC1's own log was touched");
            assertTrue(pair.sc0.engine.status().priority(1).state() == SyncState.IN_SYNC);

            // failover: SC1 is MAIN of epoch 2; SC0 returns as its SPARE with its own log moved on
            pair.sc0.engine.setRole(SyncRole.NONE, 1);
            Files.writeString(pair.sc0.path("sel/sc0/0.log"), "live log of SC0, newer than SC1's copy");
            pair.sc1.engine.setRole(SyncRole.MAIN, 2);
            pair.sc0.engine.setRole(SyncRole.SPARE, 2);
            Pair.await(WAIT, () -> Files.exists(pair.sc0.path("sel/sc1/0.log")), () -> "SC1's log did not reach SC0");
            Pair.awaitInSync(pair.sc1, 1, WAIT);
            assertEquals("live log of SC0, newer than SC1's copy", Files.readString(pair.sc0.path("sel/sc0/0.log")),
                    "SC1 sent its stale copy of SC0's log back over the original");
            assertTrue(pair.sc1.engine.status().priority(1).reason().isEmpty());
        }
    }

    @Test
    void theSameItemAtDifferentPathsIsRefusedAndNothingIsWritten() throws Exception {
        Pair.Options o = new Pair.Options();
        o.adjust = (sc, items) -> List.of(SyncItem.immediate("sel", Path.of(sc == ScId.SC0 ? "/sel/sc0" : "/sel/sc1"), 1)
                .withRetries(0, Duration.ofMillis(200)));
        try (Pair pair = new Pair(tmp, root -> List.of(), o)) {
            Files.createDirectories(pair.sc0.path("sel/sc0"));
            Files.writeString(pair.sc0.path("sel/sc0/0.log"), "SC0");
            Files.createDirectories(pair.sc1.path("sel/sc1"));
            Files.writeString(pair.sc1.path("sel/sc1/0.log"), "SC1's own live log");
            pair.mainIs0(1);
            Pair.await(WAIT, () -> pair.sc0.engine.status().priority(1).state() == SyncState.FAILED,
                    () -> pair.sc0.engine.status().describe());
            String reason = pair.sc0.engine.status().priority(1).reason();
            assertTrue(reason.contains("path=/sel/sc0") && reason.contains("path=/sel/sc1") && reason.contains("origin"), reason);
            assertEquals("SC1's own live log", Files.readString(pair.sc1.path("sel/sc1/0.log")));
            assertEquals(List.of("sel", "sel/sc1", "sel/sc1/0.log"), Pair.listTree(pair.sc1.root));
        }
    }
}
