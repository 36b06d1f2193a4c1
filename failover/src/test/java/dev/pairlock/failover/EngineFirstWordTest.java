package dev.pairlock.failover;

import static dev.pairlock.failover.CoreDriver.only;
import static dev.pairlock.failover.CoreDriver.sentKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Event.SyncStatus.For;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Before a sync engine's first word (CoreConfig.syncEngine), a core counts priority-1 data as not
 * in sync: nothing has said it holds its MAIN's data (S5; HANDOVER.md, seventeenth stop's leftover).
 * A cold start still makes a MAIN, and software without an engine is as before.
 */
class EngineFirstWordTest {
    private static final long FDT_TICKS = 10;

    private static CoreConfig withEngine(ScId sc) {
        return CoreConfig.defaults(sc, 2).withSyncEngine(true);
    }

    /** SC1 follows SC0's claim of epoch 1 and hears its MAIN for a probe round; no sync word. */
    private static CoreDriver spareOfEpoch1(CoreConfig cfg) {
        CoreDriver sc1 = new CoreDriver(cfg);
        sc1.boot(RefSel.FOLLOWER);
        sc1.frame(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 1, RefSel.FOLLOWER);
        sc1.step(new Event.RefSelWritten(RefSel.FOLLOWER, RefSel.FOLLOWER, true));
        for (int i = 0; i < 6; i++) {
            sc1.frame(PeerMessage.Kind.PONG, Role.MAIN, 1, RefSel.LEADER);
            sc1.tick(true);
        }
        assertEquals(Role.SPARE, sc1.core.role());
        return sc1;
    }

    /** The MAIN goes silent on both signals, its clock running (dead, or alive and unseen), for 4 FDT at most. */
    private static void mainSilent(CoreDriver sc1) {
        for (int i = 0; i < 4 * FDT_TICKS && sc1.core.role() == Role.SPARE; i++) {
            sc1.tick(false);
        }
    }

    @Test
    void aSpareWhoseEngineHasNotSpokenWaitsForItsFirstInSyncWordBeforeReplacingASilentMain() {
        CoreDriver sc1 = spareOfEpoch1(withEngine(ScId.SC1));
        assertFalse(sc1.core.status().priority1InSync(), "no word from its engine: nothing says it holds the MAIN's data");
        mainSilent(sc1);
        assertEquals(Role.SPARE, sc1.core.role(), "S5: a MAIN that may be alive is not replaced on unknown data");
        assertTrue(sc1.logged(HealthEvent.Kind.TAKEOVER_DEFERRED));
        assertTrue(only(sc1.all, Command.AssertReset.class).isEmpty());

        // the engine's first word, published before it applied SPARE: not for our role, still "not yet"
        sc1.step(new Event.SyncStatus(true, false, For.NEITHER, 0));
        sc1.tick(false);
        assertEquals(Role.SPARE, sc1.core.role());
        // its word as SPARE of epoch 1, out of sync: still waits
        sc1.step(new Event.SyncStatus(false, false, For.SPARE, 1));
        sc1.tick(false);
        assertEquals(Role.SPARE, sc1.core.role());

        sc1.step(new Event.SyncStatus(true, false, For.SPARE, 1));
        sc1.tick(false);
        assertEquals(Role.BECOMING_MAIN, sc1.core.role(), "in sync for this MAIN: a dead MAIN is replaced");
        assertEquals(1, only(sc1.all, Command.AssertReset.class).size());
        sc1.step(new Event.ResetDone(true, true));
        assertEquals(Role.MAIN, sc1.core.role());
        assertFalse(sc1.logged(HealthEvent.Kind.TAKEOVER_WHILE_NOT_IN_SYNC));
    }

    @Test
    void aSpareWhoseEngineHasNotSpokenStillReplacesAMainWhoseClockIsGone() {
        // S5 guards a MAIN that may be alive: one powered off is dead, whatever the sync
        CoreDriver sc1 = spareOfEpoch1(withEngine(ScId.SC1));
        sc1.peerClock = false;
        mainSilent(sc1);
        assertEquals(Role.MAIN, sc1.core.role());
        assertTrue(sc1.logged(HealthEvent.Kind.TAKEOVER_WHILE_NOT_IN_SYNC));
        assertFalse(sc1.logged(HealthEvent.Kind.TAKEOVER_DEFERRED));
    }

    @Test
    void withoutAnEngineASpareThatHeardNoWordReplacesASilentMainAsBefore() {
        CoreDriver sc1 = spareOfEpoch1(CoreConfig.defaults(ScId.SC1, 2));
        assertTrue(sc1.core.status().priority1InSync(), "no engine: nothing to sync");
        mainSilent(sc1);
        assertEquals(Role.BECOMING_MAIN, sc1.core.role());
        assertFalse(sc1.logged(HealthEvent.Kind.TAKEOVER_DEFERRED));
        assertEquals(1, only(sc1.all, Command.AssertReset.class).size());
    }

    @Test
    void aColdStartWithThePeerPoweredButSilentClaimsOnceTheEngineFirstSpeaks() {
        // SC0 up first, SC1 powered (its clock runs) but its software not started: SC0 cannot tell it
        // from a MAIN it cannot see, so its claim asks S5 (Discovery: mayBeUnseenMain); the engine's
        // first word (data sync starts with the daemon: undecided, any word) answers it
        CoreDriver sc0 = new CoreDriver(withEngine(ScId.SC0));
        sc0.boot(RefSel.FOLLOWER);
        for (int i = 0; i < 3 * FDT_TICKS; i++) {
            sc0.tick(false);
        }
        assertEquals(Role.UNKNOWN, sc0.core.role(), "S5 waits for the engine's word");
        assertTrue(sc0.logged(HealthEvent.Kind.TAKEOVER_DEFERRED));

        sc0.step(new Event.SyncStatus(true, false, For.NEITHER, 0));
        assertTrue(sc0.core.status().priority1InSync(), "undecided: the engine's first word, whatever role it was for");
        for (int i = 0; i < 2 * FDT_TICKS && sc0.core.role() != Role.BECOMING_MAIN; i++) {
            sc0.tick(false);
        }
        assertEquals(Role.BECOMING_MAIN, sc0.core.role());
        for (int i = 0; i < FDT_TICKS && only(sc0.all, Command.AssertReset.class).isEmpty(); i++) {
            sc0.tick(false);
        }
        sc0.step(new Event.ResetDone(true, true));
        assertEquals(Role.MAIN, sc0.core.role(), "nobody acked: fenced, MAIN");
    }

    @Test
    void aColdStartWithThePeerPoweredOffBecomesMainBeforeAnyWord() {
        // no clock from the peer: it is no MAIN, so no claim asks S5 and the engine's word is not waited for
        CoreDriver sc0 = new CoreDriver(withEngine(ScId.SC0));
        sc0.peerClock = false;
        sc0.boot(RefSel.FOLLOWER);
        for (int i = 0; i < 3 * FDT_TICKS && sc0.core.role() != Role.MAIN; i++) {
            sc0.tick(false);
        }
        assertEquals(Role.MAIN, sc0.core.role());
        assertFalse(sc0.core.status().priority1InSync());
        assertFalse(sc0.logged(HealthEvent.Kind.TAKEOVER_DEFERRED));
    }

    @Test
    void aMainElectedBeforeItsEnginesFirstWordRefusesASwitchoverUntilTheEngineSpeaksForIt() {
        // both start at once, SC1 answering every ping undecided (a measured round trip: no MAIN
        // can be hiding, so the election asks no S5); SC1 acks SC0's claim; an operator forces a
        // switchover right after
        CoreDriver sc0 = new CoreDriver(withEngine(ScId.SC0));
        sc0.boot(RefSel.FOLLOWER);
        for (int i = 0; i < 2 * FDT_TICKS && sc0.core.role() == Role.UNKNOWN; i++) {
            answerPings(sc0, sc0.tick(true), Role.UNKNOWN, 0);
        }
        assertEquals(Role.BECOMING_MAIN, sc0.core.role());
        assertFalse(sc0.logged(HealthEvent.Kind.TAKEOVER_DEFERRED));
        long epoch = sc0.core.epoch();
        List<Command> c = sc0.frame(PeerMessage.Kind.SPARE_ACK, Role.SPARE, epoch, RefSel.FOLLOWER, sc0.claimNonce());
        assertEquals(Role.MAIN, sc0.core.role());
        sc0.completeBoards(c);
        sc0.step(new Event.RefSelWritten(RefSel.LEADER, RefSel.LEADER, true));
        for (int i = 0; i < FDT_TICKS; i++) {
            answerPings(sc0, sc0.tick(true), Role.SPARE, epoch);
        }
        c = sc0.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        assertEquals(SwitchoverRefusal.NOT_IN_SYNC, refusal(c), "its SPARE may hold nothing: no word says otherwise");

        sc0.step(new Event.SyncStatus(true, false, For.NEITHER, 0)); // the engine's first: for undecided
        c = sc0.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        assertEquals(SwitchoverRefusal.NOT_IN_SYNC, refusal(c));
        sc0.step(new Event.SyncStatus(true, false, For.MAIN, epoch));
        c = sc0.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        assertEquals(null, refusal(c));
        assertTrue(sentKind(c, PeerMessage.Kind.HANDOVER));
    }

    /** The peer answers each PING in {@code c} at once, as {@code role} of {@code epoch}. */
    private static void answerPings(CoreDriver d, List<Command> c, Role role, long epoch) {
        for (PeerMessage m : CoreDriver.sent(c)) {
            if (m.kind() == PeerMessage.Kind.PING) {
                d.frame(PeerMessage.Kind.PONG, role, epoch, RefSel.FOLLOWER, m.seq());
            }
        }
    }

    private static Object refusal(List<Command> c) {
        return only(c, Command.Log.class).stream().map(Command.Log::event)
                .filter(e -> e.kind() == HealthEvent.Kind.SWITCHOVER_REFUSED).map(HealthEvent::detail)
                .findFirst().orElse(null);
    }
}
