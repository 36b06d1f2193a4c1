package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The MAIN's decisions alone: no files, no sockets, time given by the test. */
class SyncPlannerTest {
    private static final long S = 1_000_000_000L;
    private static final Instant WALL = Instant.parse("2026-11-29T23:00:00Z");

    private static SyncItem item(String name, int priority) {
        return SyncItem.immediate(name, Path.of("/data", name), priority).withRetries(2, Duration.ofSeconds(10));
    }

    private static SyncPlanner.Synced ok() {
        return new SyncPlanner.Synced(true, List.of(), List.of());
    }

    @Test
    void priorityOneGoesFirstThenConfigOrder() {
        SyncPlanner p = new SyncPlanner(List.of(item("logs", 3), item("users", 1), item("scripts", 2), item("keys", 1)));
        List<String> order = new java.util.ArrayList<>();
        for (SyncPlanner.Job j; (j = p.next(0)) != null; ) {
            order.add(j.syncItem().name());
            p.done(j, ok(), 0, WALL);
        }
        assertEquals(List.of("users", "keys", "scripts", "logs"), order);
        assertEquals(SyncState.IN_SYNC, p.statusOf(1, 0).state());
        assertEquals(WALL, p.statusOf(1, 0).lastFullSync().orElseThrow());
    }

    @Test
    void aChangeOfHigherPriorityPreemptsARunningPass() {
        SyncPlanner p = new SyncPlanner(List.of(item("users", 1), item("logs", 3)));
        p.done(p.next(0), ok(), 0, WALL);
        SyncPlanner.Job logs = p.next(0);
        assertEquals("logs", logs.syncItem().name());
        assertFalse(p.preempts(3, 0));
        p.changed(0, "passwd");
        assertTrue(p.preempts(3, 0), "a priority-1 change must make the priority-3 pass yield");
        p.done(logs, new SyncPlanner.Synced(false, List.of(), List.of()), 0, WALL); // it yielded: still due
        SyncPlanner.Job next = p.next(0);
        assertEquals("users", next.syncItem().name());
        assertFalse(next.full());
        assertEquals(Set.of("passwd"), next.paths());
        p.done(next, ok(), 0, WALL);
        SyncPlanner.Job again = p.next(0);
        assertEquals("logs", again.syncItem().name());
        assertTrue(again.full(), "the yielded full pass runs again");
    }

    @Test
    void failuresAreRetriedAtTheIntervalAndCountAsFailedAfterTheRetries() {
        SyncPlanner p = new SyncPlanner(List.of(item("users", 1)));
        SyncPlanner.Job j = p.next(0);
        p.done(j, new SyncPlanner.Failed("disk full", false), 0, WALL);
        assertEquals(SyncState.SYNCING, p.statusOf(1, 0).state(), "one failure of 2 retries is still being retried");
        assertNull(p.next(5 * S), "no retry before the interval");
        assertEquals(10 * S, p.nextRetry(5 * S));
        j = p.next(10 * S);
        assertNotNull(j);
        p.done(j, new SyncPlanner.Failed("disk full", false), 10 * S, WALL);
        assertEquals(SyncState.SYNCING, p.statusOf(1, 10 * S).state());
        j = p.next(20 * S);
        p.done(j, new SyncPlanner.Failed("disk full", false), 20 * S, WALL);
        PriorityStatus st = p.statusOf(1, 20 * S);
        assertEquals(SyncState.FAILED, st.state());
        assertTrue(st.reason().contains("users") && st.reason().contains("disk full"), st.reason());
        j = p.next(30 * S);
        assertNotNull(j, "retried on after FAILED, at the interval");
        p.done(j, ok(), 30 * S, WALL);
        assertEquals(SyncState.IN_SYNC, p.statusOf(1, 30 * S).state());
    }

    @Test
    void transientRefusalsRetryQuicklyAndFailOnlyAfterTheWholeRetryBudget() {
        SyncPlanner p = new SyncPlanner(List.of(item("users", 1)));
        long t = 0;
        for (int i = 0; i < 20; i++) {
            SyncPlanner.Job j = p.next(t);
            assertNotNull(j, "a transient refusal is retried within half a second, at " + t);
            p.done(j, new SyncPlanner.Failed("SC1 is NONE, not a SPARE", true), t, WALL);
            assertEquals(SyncState.SYNCING, p.statusOf(1, t).state());
            t += SyncPlanner.TRANSIENT_RETRY_NANOS;
        }
        // (retries + 1) x interval = 30 s of refusals: failed
        assertEquals(SyncState.FAILED, p.statusOf(1, 31 * S).state());
        assertTrue(p.nextEscalation(0) <= 30 * S + 1);
    }

    @Test
    void noLinkIsRetriedWithABackoffFromHalfASecondAndFailsOnlyAfterTheWholeRetryBudget() {
        // kernel VM campaign: a restarted SPARE's peer link talks before its sync port listens; one
        // refused connection made the item wait its whole 30 s interval, S5's gate shut meanwhile
        SyncPlanner p = new SyncPlanner(List.of(item("users", 1), item("sel", 1)));
        long t = 0;
        List<Long> retries = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            SyncPlanner.Job j = p.next(t);
            assertNotNull(j, "due again at " + t);
            p.done(j, new SyncPlanner.NoLink("no sync link to the SPARE: refused"), t, WALL);
            assertEquals(SyncState.SYNCING, p.statusOf(1, t).state(), "a missing link is retried, not yet failed");
            assertNull(p.next(t), "the other item was charged too: nothing due at once");
            retries.add(p.nextRetry(t) - t);
            t = p.nextRetry(t);
        }
        assertEquals(List.of(S / 2, S, 2 * S, 4 * S, 8 * S, 10 * S, 10 * S), retries,
                "0.5 s, doubling, capped at the item's retry interval");
        // (retries + 1) x interval = 30 s without any link: failed
        assertEquals(SyncState.FAILED, p.statusOf(1, 31 * S).state());
        assertTrue(p.statusOf(1, 31 * S).reason().contains("no sync link"), p.statusOf(1, 31 * S).reason());
        SyncPlanner.Job j = p.next(t);
        p.done(j, ok(), t, WALL);
        j = p.next(t);
        p.done(j, ok(), t, WALL);
        assertEquals(SyncState.IN_SYNC, p.statusOf(1, t).state());
        p.changed(0, "passwd");
        j = p.next(t);
        p.done(j, new SyncPlanner.NoLink("no sync link to the SPARE: refused"), t, WALL);
        assertEquals(t + S / 2, p.nextRetry(t), "a session in between starts the backoff again");
    }

    @Test
    void aNewSessionMakesEveryItemThatWaitsForTheLinkDueAtOnce() {
        // CI, kernel VM: over a SPARE's 45 s restart the SEL item's no-link backoff grew to its 30 s
        // interval; the users item (2 s) got a session, and priority 1 stayed "retrying item sel-sc1"
        // for the SEL's remaining backoff, past the campaign's 36 s bound, S5's gate shut meanwhile
        SyncItem users = SyncItem.immediate("users", Path.of("/data/users"), 1).withRetries(2, Duration.ofSeconds(2));
        SyncItem sel = SyncItem.immediate("sel", Path.of("/data/sel"), 1).withRetries(2, Duration.ofSeconds(30));
        SyncPlanner p = new SyncPlanner(List.of(users, sel));
        long t = 0;
        for (int i = 0; i < 8; i++) {   // refused 8 times: users backs off 2 s at most, sel 30 s
            for (SyncPlanner.Job j; (j = p.next(t)) != null; ) {
                p.done(j, new SyncPlanner.NoLink("no sync link to the SPARE: refused"), t, WALL);
            }
            t = p.nextRetry(t);
        }
        SyncPlanner.Job j = p.next(t);
        assertEquals("users", j.syncItem().name());
        assertNull(p.next(t), "sel still backs off");
        assertTrue(p.nextRetry(t) - t > 10 * S, "sel's backoff grew long: " + (p.nextRetry(t) - t));
        p.done(j, ok(), t, WALL);
        p.linkUp(); // SyncReports: the job opened a new session
        SyncPlanner.Job next = p.next(t);
        assertNotNull(next, "the link is back: sel is due now, not at the end of its backoff");
        assertEquals("sel", next.syncItem().name());
        p.done(next, ok(), t, WALL);
        assertEquals(SyncState.IN_SYNC, p.statusOf(1, t).state());
        p.changed(1, "sc0.log");
        p.done(p.next(t), new SyncPlanner.NoLink("refused"), t, WALL);
        assertEquals(t + S / 2, p.nextRetry(t), "and its backoff starts again from half a second");
    }

    @Test
    void anotherScsOwnItemIsNeverDueHereNorChargedForAMissingLink() {
        SyncItem mine = SyncItem.immediate("sel-sc0", Path.of("/sel/sc0"), 1).withOrigin(dev.pairlock.hal.ScId.SC0);
        SyncItem theirs = SyncItem.immediate("sel-sc1", Path.of("/sel/sc1"), 1).withOrigin(dev.pairlock.hal.ScId.SC1);
        SyncPlanner p = new SyncPlanner(List.of(theirs, mine), dev.pairlock.hal.ScId.SC0);
        SyncPlanner.Job j = p.next(0);
        assertEquals("sel-sc0", j.syncItem().name());
        p.done(j, new SyncPlanner.NoLink("no sync link to the SPARE: refused"), 0, WALL);
        p.fullAll(); // a new role or session judges flags again: an origin is not a flag
        p.changed(0, "sc1.log");
        p.rootChanged(0, false);
        SyncPlanner.Job again = p.next(10 * S);
        assertEquals("sel-sc0", again.syncItem().name());
        p.done(again, ok(), 10 * S, WALL);
        assertNull(p.next(10 * S), "SC1's own log is never sent by SC0");
        assertEquals(SyncState.IN_SYNC, p.statusOf(1, 10 * S).state(), "nor does it hold priority 1 out of sync");
    }

    @Test
    void aChangedFileIsSentAgainAtOnceWithoutCountingAFailure() {
        SyncPlanner p = new SyncPlanner(List.of(item("users", 1)));
        SyncPlanner.Job j = p.next(0);
        p.done(j, new SyncPlanner.Synced(true, List.of(), List.of("shadow")), 0, WALL);
        SyncPlanner.Job again = p.next(0);
        assertNotNull(again);
        assertEquals(Set.of("shadow"), again.paths());
        assertEquals(SyncState.SYNCING, p.statusOf(1, 0).state());
    }

    @Test
    void aFlagRefusalDisablesTheItemUntilTheNextSession() {
        SyncPlanner p = new SyncPlanner(List.of(item("scripts", 1)));
        p.done(p.next(0), new SyncPlanner.Disabled("flag upgrade: ..."), 0, WALL);
        assertEquals(SyncState.DISABLED, p.statusOf(1, 0).state());
        p.changed(0, "x.sh");
        assertNull(p.next(0), "a disabled item has no work");
        p.fullAll();
        assertNotNull(p.next(0), "a new session judges the flag again");
    }

    @Test
    void manyChangesBecomeOneFullPassAndPrioritiesWithoutItemsAreDisabled() {
        SyncPlanner p = new SyncPlanner(List.of(item("logs", 3)));
        p.done(p.next(0), ok(), 0, WALL);
        for (int i = 0; i <= SyncPlanner.MAX_DELTA; i++) {
            p.changed(0, "f" + i);
        }
        assertTrue(p.next(0).full());
        assertEquals(SyncState.DISABLED, p.statusOf(1, 0).state());
        assertEquals("no items", p.statusOf(2, 0).reason());
    }
}
