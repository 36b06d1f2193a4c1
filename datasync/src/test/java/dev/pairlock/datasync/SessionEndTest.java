package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the SPARE's Datasync Status reads the end of the MAIN's session: a session its end closed
 * without a BYE (its OS sent FIN or RST: the daemon exited) leaves the MAIN's last word standing and
 * opens the S5 gate (a dead MAIN may be replaced), so a SPARE may still take over from a killed MAIN
 * long after the kill, or one killed mid-pass; a cut link is silent and the last word lapses to
 * FAILED after twice the link timeout, so an isolated live MAIN is not replaced out of sync (S5).
 */
class SessionEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration LINK_TIMEOUT = Duration.ofMillis(400);

    @TempDir
    Path tmp;

    /** SC0 MAIN reaching SC1 through {@code relay}; one priority-1 item with a file, in sync. */
    private Pair inSyncViaRelay(Relay[] relay) throws Exception {
        Pair.Options o = new Pair.Options();
        o.linkTimeout = LINK_TIMEOUT;
        o.links = Relay.mainToSpareThrough(relay);
        Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("users", root.resolve("users"), 1)), o);
        Files.createDirectories(pair.sc0.path("users"));
        Files.writeString(pair.sc0.path("users/admin"), "admin:x:0:0\n");
        pair.mainIs0(1);
        Pair.awaitInSync(pair.sc1, 1, WAIT);
        Pair.await(WAIT, () -> Pair.sameContent(pair.sc0.path("users/admin"), pair.sc1.path("users/admin")), () -> "not copied");
        return pair;
    }

    /** Past the lapse of a silent loss (2 x the link timeout) by a margin. */
    private static void pastTheLapse() throws InterruptedException {
        Thread.sleep(4 * LINK_TIMEOUT.toMillis() + 500);
    }

    @Test
    void aSessionClosedByTheMainsEndLeavesItsLastWordStanding() throws Exception {
        Relay[] relay = new Relay[1];
        try (Pair pair = inSyncViaRelay(relay)) {
            relay[0].close(); // the MAIN's end closes (FIN to the SPARE) and nothing answers it again
            Pair.await(WAIT, () -> pair.sc1.engine.status().source().contains("without a BYE"),
                    () -> pair.sc1.engine.status().describe());
            pastTheLapse();
            DatasyncStatus st = pair.sc1.engine.status();
            assertEquals(SyncState.IN_SYNC, st.priority(1).state(), st.describe());
            assertTrue(st.source().contains("its daemon exited or left the MAIN role"), st.source());
            assertTrue(st.mainExited() && st.failoverGateOpen(), "a dead MAIN may be replaced: " + st);
        }
    }

    @Test
    void aCutLinkLapsesTheMainsLastWordToFailed() throws Exception {
        Relay[] relay = new Relay[1];
        try (Pair pair = inSyncViaRelay(relay)) {
            relay[0].stall(); // the cable is cut: no byte and no close crosses any more
            Pair.await(WAIT, () -> pair.sc1.engine.status().priority(1).state() == SyncState.FAILED,
                    () -> pair.sc1.engine.status().describe());
            DatasyncStatus st = pair.sc1.engine.status();
            assertTrue(st.priority(1).reason().contains("no sync session with the MAIN since"), st.describe());
            assertTrue(!st.mainExited() && !st.failoverGateOpen(), "an isolated MAIN may be alive: the gate stays shut: " + st);
            try {
                relay[0].close();
            } catch (java.io.IOException ignored) {
                // closing
            }
        }
    }
}
