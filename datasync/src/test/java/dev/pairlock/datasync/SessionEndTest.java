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

    /**
     * A local error reading a file on the MAIN mid-pass (here: the file became a symbolic link after
     * the scan, so the O_NOFOLLOW open fails with ELOOP; EACCES or EIO do the same) was taken for a
     * broken link: the session was dropped without a BYE, so the SPARE read a FIN and reported
     * mainExited (S5's gate open) for a live MAIN, and the MAIN counted a PRIMARY link failure. Now
     * it is that file's failure and the session goes on.
     */
    @Test
    void aLocalReadErrorOnTheMainIsNotALinkFailure() throws Exception {
        try (SteppedTime time = new SteppedTime()) {
            Pair.Options o = new Pair.Options();
            o.clock = time;
            o.scheduler0 = time;
            o.scheduler1 = time;
            o.linkTimeout = Duration.ofHours(1);
            o.bandwidth = 1000; // the sender waits on virtual time after reading each file
            try (Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("etc", root.resolve("etc"), 1)), o)) {
                Path m = pair.sc0.path("etc");
                Files.createDirectories(m);
                Files.writeString(m.resolve("a"), "a".repeat(400));
                Files.writeString(m.resolve("b"), "b".repeat(400));
                pair.mainIs0(1);
                Pair.await(Duration.ofSeconds(20), () -> Thread.getAllStackTraces().entrySet().stream().anyMatch(e ->
                        e.getKey().getName().equals("datasync-sender") && java.util.Arrays.stream(e.getValue())
                                .anyMatch(f -> f.getMethodName().equals("acquire") && f.getClassName().endsWith("Pacer"))),
                        () -> "the sender never waited in the pacer");
                // the first file is read and waits for its bandwidth; both become links meanwhile
                for (String n : List.of("a", "b")) {
                    Files.delete(m.resolve(n));
                    Files.createSymbolicLink(m.resolve(n), Path.of("elsewhere"));
                }
                for (int i = 0; i < 5; i++) {
                    time.advance(Duration.ofSeconds(1));
                    Thread.sleep(20);
                }
                assertTrue(pair.sc1.statuses.stream().noneMatch(DatasyncStatus::mainExited),
                        "the SPARE took a live MAIN's local read error for its exit (mainExited)");
                assertEquals(1, pair.sc0.engine.counters().sessionsOpened(), "the session was dropped: "
                        + pair.sc0.engine.counters());
                assertEquals(0, pair.sc0.engine.counters().linkSwitches());
            }
        }
    }
}
