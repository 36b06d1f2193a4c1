package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SPARE's reading of the MAIN's sessions, and the MAIN's own status, on the keeper alone (virtual time). */
class StatusKeeperTest {
    private long now;
    private final SyncConfig cfg = new SyncConfig(true, 7780, List.of(), Duration.ofSeconds(2), Duration.ofSeconds(2), 0,
            List.of(SyncItem.immediate("users", Path.of("/tmp/users"), 1)));
    private final StatusKeeper keeper = new StatusKeeper(cfg, () -> now, InstantSource.system(), new DatasyncListener() { }, ScId.SC1);

    private static List<PriorityStatus> word(SyncState p1) {
        return List.of(new PriorityStatus(1, p1, "", Optional.empty(), 0, 0),
                new PriorityStatus(2, SyncState.DISABLED, "no items", Optional.empty(), 0, 0),
                new PriorityStatus(3, SyncState.DISABLED, "no items", Optional.empty(), 0, 0));
    }

    private DatasyncStatus publish() {
        keeper.publish(SyncRole.SPARE, 3, true, null, 0, 0, true, Optional.empty());
        return keeper.current();
    }

    @Test
    void aSessionWithoutAStatusOfItsOwnThatTheMainsOsClosedStillMeansItsDaemonExited() {
        keeper.mirror(ScId.SC0, word(SyncState.SYNCING), now, false); // the last word, on the fallback
        keeper.mirror(ScId.SC0, null, now, false);                    // that session closed with a BYE (moved to the primary)
        now += 10_000_000_000L;                                       // the primary's session carries no STATUS
        assertFalse(publish().mainExited(), "a planned close is no exit");
        keeper.mirror(ScId.SC0, null, now, true);                     // the primary's session: FIN, no BYE
        DatasyncStatus st = publish();
        assertTrue(st.mainExited() && st.failoverGateOpen(), st.toString());
    }

    @Test
    void aSilentEndNeverMeansAnExit() {
        keeper.mirror(ScId.SC0, word(SyncState.IN_SYNC), now, false);
        keeper.mirror(ScId.SC0, null, now, false);
        now += 10_000_000_000L;
        DatasyncStatus st = publish();
        assertFalse(st.mainExited() || st.failoverGateOpen(), st.toString());
    }

    private static final java.time.Instant WALL = java.time.Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aMainWithoutSparePresentIsInSyncOnlyWhileNothingWaitsForOne() {
        SyncPlanner planner = new SyncPlanner(cfg.items());
        planner.done(planner.next(0), new SyncPlanner.Synced(true, List.of(), List.of()), 0, WALL);
        keeper.publish(SyncRole.MAIN, 3, false, planner, 0, 0, false, Optional.empty());
        assertEquals(SyncState.DISABLED, keeper.current().priority(1).state(), keeper.current().toString());
        assertTrue(keeper.current().priority1InSync(), "synced, then the SPARE went: nothing to sync to");
        // a change while the SPARE is away (or stalled: the protocol may hear it again before
        // presence polling does): not in sync, so no planned switchover counts it as synced (S5)
        planner.changed(0, "passwd");
        keeper.publish(SyncRole.MAIN, 3, false, planner, 0, 0, false, Optional.empty());
        PriorityStatus p1 = keeper.current().priority(1);
        assertEquals(SyncState.SYNCING, p1.state());
        assertEquals("no SPARE present: 1 item(s) wait for one", p1.reason());
        assertFalse(keeper.current().priority1InSync());
    }

    @Test
    void syncFailedAndClearedAreAnnouncedAfterTheStatusSaysSo() {
        List<String> seen = new java.util.ArrayList<>();
        StatusKeeper k = new StatusKeeper(cfg, () -> now, InstantSource.system(), new DatasyncListener() {
            @Override
            public void onStatus(DatasyncStatus status) {
                seen.add("status " + status.priority(1).state().name());
            }

            @Override
            public void onEvent(DatasyncEvent e) {
                seen.add(e.kind() + " while the status says " + (seen.isEmpty() ? "nothing yet" : seen.getLast()));
            }
        }, ScId.SC0);
        SyncItem users = cfg.items().getFirst().withRetries(0, Duration.ofSeconds(10));
        SyncPlanner planner = new SyncPlanner(List.of(users));
        planner.done(planner.next(0), new SyncPlanner.Failed("disk full", false), 0, WALL);
        k.publish(SyncRole.MAIN, 3, true, planner, 0, 0, false, Optional.empty());
        assertEquals(List.of("status FAILED", "SYNC_FAILED while the status says status FAILED"), seen);
        planner.done(planner.next(10_000_000_000L), new SyncPlanner.Synced(true, List.of(), List.of()), 10_000_000_000L, WALL);
        k.publish(SyncRole.MAIN, 3, true, planner, 0, 0, false, Optional.empty());
        assertEquals("SYNC_CLEARED while the status says status IN_SYNC", seen.getLast(), seen.toString());
    }

    /**
     * What status() says between setRole and the engine's thread applying it: the old role's "in sync"
     * is no word on the new role (a SPARE's copy of its old MAIN's data says nothing of what a new MAIN
     * has sent, nor of a new epoch's MAIN), so a priority with items reads SYNCING until the new role's
     * own status is published.
     */
    @Test
    void aStatusComputedForAnotherRoleOrEpochIsNotTakenForTheNewOnes() {
        keeper.mirror(ScId.SC0, word(SyncState.IN_SYNC), now, false);
        DatasyncStatus spare = publish(); // SPARE of epoch 3, SC0's word: in sync
        assertTrue(spare.priority1InSync(), spare.describe());
        assertTrue(keeper.forRole(spare, SyncRole.SPARE, 3) == spare, "the role it was computed for: as published");
        for (var given : List.of(new ReceiverGate.Given(SyncRole.MAIN, 4), new ReceiverGate.Given(SyncRole.SPARE, 4))) {
            DatasyncStatus st = keeper.forRole(spare, given.role(), given.epoch());
            assertEquals(given.role(), st.role(), st.describe());
            assertEquals(given.epoch(), st.epoch(), st.describe());
            assertEquals(SyncState.SYNCING, st.priority(1).state(), st.describe());
            assertEquals("the change to " + given.role() + " of epoch 4 is being applied", st.priority(1).reason());
            assertFalse(st.priority1InSync() || st.failoverGateOpen() || st.link().isPresent(), st.describe());
            assertEquals(SyncState.DISABLED, st.priority(2).state(), "no items of priority 2: nothing changes that");
        }
        // "not started" (disabled everywhere) opens no gate for a role given before the first publish
        DatasyncStatus fresh = new StatusKeeper(cfg, () -> now, InstantSource.system(), new DatasyncListener() { }, ScId.SC1).current();
        assertTrue(fresh.priority1InSync(), fresh.describe());
        assertFalse(keeper.forRole(fresh, SyncRole.SPARE, 1).priority1InSync());
        // NONE: the last known sensors, as publish gives them for NONE
        DatasyncStatus none = keeper.forRole(spare, SyncRole.NONE, 3);
        assertEquals(spare.priorities(), none.priorities());
        assertEquals(SyncRole.NONE, none.role());
    }
}
