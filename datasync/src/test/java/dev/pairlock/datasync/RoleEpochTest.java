package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Direction follows the roles: only the MAIN of the SPARE's epoch may write into the SPARE's data. */
@Timeout(300)
class RoleEpochTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Function<Path, List<SyncItem>> ITEMS = root -> List.of(SyncItem.immediate("users", root.resolve("users"), 1)
            .withRetries(1, Duration.ofMillis(200)));

    @TempDir
    Path tmp;

    @Test
    void aStaleMainIsRefusedAndItsDataNeverLands() throws Exception {
        try (Pair pair = new Pair(tmp, ITEMS)) {
            Files.createDirectories(pair.sc0.path("users"));
            Files.writeString(pair.sc0.path("users/passwd"), "stale");
            Files.createDirectories(pair.sc1.path("users"));
            Files.writeString(pair.sc1.path("users/passwd"), "current");
            // SC1 is SPARE of epoch 5; SC0 still believes it is MAIN of epoch 4 (it missed the takeover and handover)
            pair.sc1.engine.setRole(SyncRole.SPARE, 5);
            pair.sc0.engine.setRole(SyncRole.MAIN, 4);
            Pair.await(WAIT, () -> pair.sc0.engine.status().priority(1).state() == SyncState.FAILED,
                    () -> pair.sc0.engine.status().describe());
            assertTrue(pair.sc0.engine.status().priority(1).reason().contains("stale MAIN"), pair.sc0.engine.status().describe());
            assertEquals("current", Files.readString(pair.sc1.path("users/passwd")));
            assertTrue(pair.sc1.engine.counters().sessionsRefused() > 0);
            assertEquals(0, pair.sc1.engine.counters().sessionsAccepted());
        }
    }

    @Test
    void aSpareThatIsNotYetInTheMainsEpochIsRetriedQuicklyAndThenSynced() throws Exception {
        try (Pair pair = new Pair(tmp, ITEMS)) {
            Files.createDirectories(pair.sc0.path("users"));
            Files.writeString(pair.sc0.path("users/passwd"), "v2");
            pair.sc1.engine.setRole(SyncRole.SPARE, 6);
            pair.sc0.engine.setRole(SyncRole.MAIN, 7);
            Pair.await(WAIT, () -> pair.sc1.engine.counters().sessionsRefused() > 0, () -> "no refusal");
            assertEquals(SyncState.SYNCING, pair.sc0.engine.status().priority(1).state(), "a transient refusal is not a failure yet");
            pair.sc1.engine.setRole(SyncRole.SPARE, 7); // its protocol acked epoch 7
            Pair.awaitInSync(pair.sc0, 1, WAIT);
            assertEquals("v2", Files.readString(pair.sc1.path("users/passwd")));
        }
    }

    @Test
    void afterAFailoverTheNewMainSyncsBackAndTheOldMainsDataNeverOverwritesIt() throws Exception {
        try (Pair pair = new Pair(tmp, ITEMS)) {
            Path m0 = pair.sc0.path("users/passwd");
            Path m1 = pair.sc1.path("users/passwd");
            Files.createDirectories(m0.getParent());
            Files.writeString(m0, "epoch 1 data");
            pair.mainIs0(1);
            Pair.awaitInSync(pair.sc0, 1, WAIT);
            assertEquals("epoch 1 data", Files.readString(m1));

            // SC0 dies; SC1 takes over in epoch 2 and its data moves on. SC0 comes back with its old data and,
            // for a moment, still believes it is MAIN of epoch 1
            pair.sc0.engine.setRole(SyncRole.NONE, 1);
            pair.sc1.engine.setRole(SyncRole.MAIN, 2);
            Files.writeString(m1, "epoch 2 data");
            Files.writeString(m0, "stale edit on the old MAIN");
            pair.sc0.engine.setRole(SyncRole.MAIN, 1);
            Pair.await(WAIT, () -> pair.sc1.engine.counters().sessionsRefused() > 0, () -> "SC1 did not refuse SC0");
            assertEquals("epoch 2 data", Files.readString(m1), "the stale MAIN's data landed on the new MAIN");

            // the protocol makes SC0 SPARE of epoch 2: now SC1 syncs to it
            pair.sc0.engine.setRole(SyncRole.SPARE, 2);
            Pair.awaitInSync(pair.sc1, 1, WAIT);
            assertEquals("epoch 2 data", Files.readString(m0));
            assertEquals("epoch 2 data", Files.readString(m1));
            Pair.await(WAIT, () -> pair.sc0.engine.status().priority1InSync(), () -> pair.sc0.engine.status().describe());
            assertTrue(pair.sc0.engine.status().source().contains("SC1"));
        }
    }

    /**
     * The failure seen once under load at the check above (SC0 still held the stale edit right after SC1
     * said in sync): setRole(MAIN, 2) had returned, but SC1's engine thread had not yet applied it, and
     * status() still gave the SPARE's view of epoch 1 (SC0's last word: in sync). A held scheduler keeps
     * that role change unapplied for as long as the test says.
     */
    @Test
    void aNewMainIsNotInSyncBeforeItHasSyncedItsSpareEvenWhileItsRoleChangeIsStillBeingApplied() throws Exception {
        HeldScheduler held = new HeldScheduler();
        Pair.Options o = new Pair.Options();
        o.scheduler1 = held;
        try (Pair pair = new Pair(tmp, ITEMS, o)) {
            Path m0 = pair.sc0.path("users/passwd");
            Path m1 = pair.sc1.path("users/passwd");
            Files.createDirectories(m0.getParent());
            Files.writeString(m0, "epoch 1 data");
            pair.mainIs0(1);
            // the same before any role: SC1's engine thread has not applied SPARE of epoch 1 (nor published
            // anything since start), and "not started" (disabled) must not open the gate either
            assertFalse(pair.sc1.engine.priority1InSync(), pair.sc1.engine.status().describe());
            held.runUntil(WAIT, () -> pair.sc1.engine.status().source().contains("SC0") && pair.sc1.engine.priority1InSync());
            assertEquals("epoch 1 data", Files.readString(m1));

            pair.sc0.engine.setRole(SyncRole.NONE, 1);
            pair.sc1.engine.setRole(SyncRole.MAIN, 2); // applied on SC1's engine thread only when held runs it
            Files.writeString(m1, "epoch 2 data");
            Files.writeString(m0, "stale edit on the old MAIN");
            pair.sc0.engine.setRole(SyncRole.SPARE, 2);
            DatasyncStatus st = pair.sc1.engine.status();
            assertEquals(SyncRole.MAIN, st.role(), st.describe());
            assertEquals(2, st.epoch(), st.describe());
            assertNotEquals(SyncState.IN_SYNC, st.priority(1).state(),
                    "SC1, MAIN of epoch 2, says in sync while its SPARE holds '" + Files.readString(m0) + "': " + st.describe());
            assertFalse(pair.sc1.engine.priority1InSync(), "the S5 gate of a MAIN that has synced nothing yet");

            held.runUntil(WAIT, () -> pair.sc1.engine.status().priority(1).state() == SyncState.IN_SYNC);
            assertEquals(SyncState.IN_SYNC, pair.sc1.engine.status().priority(1).state(), pair.sc1.engine.status().describe());
            assertEquals("epoch 2 data", Files.readString(m0));
        }
    }

    @Test
    void aSpareThatTakesOverStopsTakingDataAtOnce() throws Exception {
        Pair.Options o = new Pair.Options();
        o.bandwidth = 4L << 20; // 4 MiB/s: the transfer below takes seconds
        try (Pair pair = new Pair(tmp, root -> List.of(SyncItem.immediate("images", root.resolve("images"), 2)), o)) {
            Files.createDirectories(pair.sc0.path("images"));
            VolumeSyncTest.writeRandom(pair.sc0.path("images/a.bin"), 2L << 20, 1);
            VolumeSyncTest.writeRandom(pair.sc0.path("images/b.bin"), 20L << 20, 2);
            pair.mainIs0(1);
            Pair.await(WAIT, () -> pair.sc1.engine.counters().filesCommitted() == 1, () -> "a.bin did not arrive");
            pair.sc1.engine.setRole(SyncRole.MAIN, 2); // SC1 takes over while b.bin is on its way
            long committed = pair.sc1.engine.counters().filesCommitted();
            Thread.sleep(1500);
            assertEquals(committed, pair.sc1.engine.counters().filesCommitted());
            assertTrue(!Files.exists(pair.sc1.path("images/b.bin")), "a file of the old epoch landed after the takeover");
        }
    }

    /** Runs the engine's tasks only when the test says, on the test's thread: the test orders a dispatch and a role change. */
    private static final class HeldScheduler implements dev.pairlock.hal.time.Scheduler {
        private final java.util.concurrent.LinkedBlockingQueue<Runnable> due = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public Timer schedule(long delayNanos, Runnable task) {
            if (delayNanos <= 0) {
                due.add(task);
            }
            return () -> { }; // timers (ticker, retries) never fire: nothing happens that the test did not order
        }

        /** Runs what is due, and what that posts, until {@code done} or {@code max} has passed. */
        void runUntil(Duration max, java.util.function.BooleanSupplier done) throws InterruptedException {
            long end = System.nanoTime() + max.toNanos();
            while (!done.getAsBoolean() && System.nanoTime() < end) {
                Runnable r = due.poll(2, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                }
            }
        }
    }

    /**
     * setRole(SPARE) preempted the sender with a flag that a dispatch already queued on the engine's
     * scheduler cleared again: that job, run after setRole had returned, opened a new session stating
     * MAIN of the old epoch, and a SPARE still in that epoch let its data land. The job now checks the
     * role setRole gave (the receiving gate), which no dispatch sets.
     */
    @Test
    void aJobQueuedBeforeARoleChangeOpensNoSessionAfterIt() throws Exception {
        HeldScheduler held = new HeldScheduler();
        Pair.Options o = new Pair.Options();
        o.scheduler0 = held;
        try (Pair pair = new Pair(tmp, ITEMS, o)) {
            Files.createDirectories(pair.sc0.path("users"));
            Files.writeString(pair.sc0.path("users/passwd"), "v1");
            pair.mainIs0(1);
            held.runUntil(WAIT, () -> pair.sc0.engine.status().priority(1).state() == SyncState.IN_SYNC);
            assertEquals("v1", Files.readString(pair.sc1.path("users/passwd")));
            long opened = pair.sc0.engine.counters().sessionsOpened();

            Files.writeString(pair.sc0.path("users/shadow"), "written while SC0 was MAIN");
            pair.sc0.engine.requestFullSync(); // queued: its dispatch runs after the role change below
            pair.sc0.engine.setRole(SyncRole.SPARE, 2);
            held.runUntil(Duration.ofSeconds(2), () -> false);
            assertEquals(opened, pair.sc0.engine.counters().sessionsOpened(),
                    "SC0 opened a session as MAIN of epoch 1 after setRole(SPARE, 2) had returned");
            assertTrue(!Files.exists(pair.sc1.path("users/shadow")), "a stale job's data landed: " + Pair.listTree(pair.sc1.path("users")));
        }
    }
}
