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
 * What depends on time, on virtual time ({@link SteppedTime}): a periodic item waits for its period
 * while an immediate one follows at once; a failure is retried at its interval, reported once when
 * the retries are used up, and cleared once. Real files, real sockets, no sleeping for periods.
 */
class TimedSyncTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private Pair.Options stepped(SteppedTime time) {
        Pair.Options o = new Pair.Options();
        o.clock = time;
        o.scheduler0 = time;
        o.scheduler1 = time;
        o.linkTimeout = Duration.ofHours(1); // virtual hours pass in jumps: no link is judged by them here
        return o;
    }

    @Test
    void aPeriodicItemWaitsForItsPeriodWhileAnImmediateOneFollowsAtOnce() throws Exception {
        try (SteppedTime time = new SteppedTime();
             Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("now", root.resolve("now.conf"), 1),
                     SyncItem.immediate("later", root.resolve("later.log"), 2).periodic(Duration.ofMinutes(10))), stepped(time))) {
            Files.writeString(pair.sc0.path("now.conf"), "1");
            Files.writeString(pair.sc0.path("later.log"), "1");
            pair.mainIs0(1);
            Pair.awaitInSync(pair.sc0, 2, WAIT);
            assertEquals("1", Files.readString(pair.sc1.path("later.log")), "the first session compares everything");

            Files.writeString(pair.sc0.path("later.log"), "2");
            Files.writeString(pair.sc0.path("now.conf"), "2");
            Pair.await(WAIT, () -> "2".equals(text(pair.sc1.path("now.conf"))), () -> "the immediate item did not follow");
            time.advance(Duration.ofMinutes(9));
            Pair.awaitInSync(pair.sc0, 1, WAIT);
            assertEquals("1", text(pair.sc1.path("later.log")), "the periodic item moved before its period");
            time.advance(Duration.ofMinutes(1));
            Pair.await(WAIT, () -> "2".equals(text(pair.sc1.path("later.log"))), () -> "the periodic item did not follow its period");
        }
    }

    @Test
    void aFailureIsRetriedReportedOnceAndClearedOnce() throws Exception {
        SteppedTime time = new SteppedTime();
        Pair.Options o = stepped(time);
        Relay[] relay = new Relay[1]; // the MAIN reaches the SPARE through it: the SPARE restarts on a new port
        o.links = peer -> {
            int port = peer.port();
            if (peer.sc == dev.pairlock.hal.ScId.SC1) {
                try {
                    relay[0] = new Relay(port);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                port = relay[0].port();
            }
            return List.of(new SyncLink(SyncLink.Name.PRIMARY, new Endpoint("127.0.0.1", port), java.util.Optional.empty()));
        };
        // the SPARE's copy of the item has another filter: it refuses the passes (its deletions would differ)
        java.util.function.Function<Path, List<SyncItem>> items = root -> List.of(SyncItem.immediate("users",
                root.resolve("users"), 1).withRetries(2, Duration.ofSeconds(30)));
        o.adjust = (sc, list) -> sc == dev.pairlock.hal.ScId.SC1
                ? List.of(list.getFirst().withFilter(List.of(), List.of("*.bak"))) : list;
        try (time; Pair pair = new Pair(tmp, items, o)) {
            Files.createDirectories(pair.sc0.path("users"));
            Files.writeString(pair.sc0.path("users/passwd"), "root:x:0:0");
            pair.mainIs0(1);
            Pair.await(WAIT, () -> pair.sc0.engine.status().priority(1).reason().contains("differs between the SCs"),
                    () -> pair.sc0.engine.status().describe());
            assertEquals(SyncState.SYNCING, pair.sc0.engine.status().priority(1).state(), "1 failure of 2 retries: retrying");
            attempt(pair, time, 2);
            assertEquals(SyncState.SYNCING, pair.sc0.engine.status().priority(1).state(), "2 failures of 2 retries: retrying");
            attempt(pair, time, 3);
            Pair.await(WAIT, () -> pair.sc0.engine.status().priority(1).state() == SyncState.FAILED,
                    () -> pair.sc0.engine.status().describe());
            for (int i = 4; i < 9; i++) {
                attempt(pair, time, i); // retried on, at the interval
            }
            List<DatasyncEvent> failed = pair.sc0.events.stream().filter(e -> e.kind() == DatasyncEvent.Kind.SYNC_FAILED).toList();
            assertEquals(1, failed.size(), "reported once: " + pair.sc0.events);
            assertEquals(1, failed.getFirst().priority());
            assertTrue(failed.getFirst().detail().contains("users") && failed.getFirst().detail().contains("*.bak"),
                    failed.getFirst().detail());
            assertTrue(pair.sc0.engine.counters().passesCompleted() == 0);

            // the operator fixes the SPARE's platform file and restarts its daemon: the next retry gets through
            pair.sc1.engine.close();
            Pair.Side fixed = new Pair.Side(dev.pairlock.hal.ScId.SC1, pair.sc1.root);
            relay[0].target(fixed.port());
            o.adjust = (sc, list) -> list;
            DatasyncEngine e1 = DatasyncEngine.builder(Pair.config(fixed, pair.sc0,
                            root -> List.of(SyncItem.immediate("users", root.resolve("users"), 1)), o), Pair.KEY)
                    .self(fixed.sc).clock(time).scheduler(time).listenOn(List.of(fixed.socket)).build();
            try (e1; Relay r = relay[0]) {
                e1.start();
                e1.setRole(SyncRole.SPARE, 1);
                time.advance(Duration.ofSeconds(30));
                Pair.awaitInSync(pair.sc0, 1, WAIT);
                assertEquals("root:x:0:0", text(pair.sc1.path("users/passwd")));
                time.advance(Duration.ofSeconds(1));
                List<DatasyncEvent.Kind> kinds = pair.sc0.events.stream().map(DatasyncEvent::kind).toList();
                assertEquals(List.of(DatasyncEvent.Kind.SYNC_FAILED, DatasyncEvent.Kind.SYNC_CLEARED), kinds);
            }
        }
    }

    /** Lets a retry interval pass and waits for attempt number {@code n} to have failed. */
    private static void attempt(Pair pair, SteppedTime time, int n) {
        time.advance(Duration.ofSeconds(29));
        assertEquals(n - 1, pair.sc0.engine.counters().passesFailed(), "no retry before the interval");
        time.advance(Duration.ofSeconds(1));
        Pair.await(WAIT, () -> pair.sc0.engine.counters().passesFailed() >= n, () -> "attempt " + n + " did not run");
        time.run(() -> { });
    }

    static String text(Path p) {
        byte[] b = Pair.read(p);
        return b == null ? null : new String(b);
    }
}
