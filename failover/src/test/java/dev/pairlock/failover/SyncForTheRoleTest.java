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
 * S5 decisions use the sync engine's word only while it speaks for the role and epoch the core
 * holds (SyncView): the engine publishes for a new role only after its own thread applied it, so
 * its last word before that is about the role the core left (HANDOVER.md, sixteenth stop).
 */
class SyncForTheRoleTest {
    private static final long FDT_TICKS = 10;

    /** SC1, SPARE of SC0's epoch 1, data sync having said "in sync" for that. */
    /** SC1 as SPARE of an SC0 MAIN in epoch 1, its engine's word "in sync" for that role (shared with TakeoverDeferredWordsTest). */
    static CoreDriver spareInSync(CoreConfig cfg) {
        CoreDriver sc1 = new CoreDriver(cfg);
        sc1.boot(RefSel.FOLLOWER);
        sc1.frame(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 1, RefSel.FOLLOWER);
        sc1.step(new Event.RefSelWritten(RefSel.FOLLOWER, RefSel.FOLLOWER, true));
        sc1.step(new Event.SyncStatus(true, false, For.SPARE, 1));
        for (int i = 0; i < 6; i++) {
            sc1.frame(PeerMessage.Kind.PONG, Role.MAIN, 1, RefSel.LEADER);
            sc1.tick(true);
        }
        assertEquals(Role.SPARE, sc1.core.role());
        assertTrue(sc1.core.status().priority1InSync());
        return sc1;
    }

    private static CoreDriver spareInSync() {
        return spareInSync(CoreConfig.defaults(ScId.SC1, 2));
    }

    /** The SPARE takes SC0's handover: MAIN of epoch 2, boards moved, SC0 following, signals good. */
    private static CoreDriver mainByHandover(CoreDriver sc1) {
        List<Command> c = sc1.frame(PeerMessage.Kind.HANDOVER, Role.SPARE, 2, RefSel.LEADER);
        assertEquals(Role.MAIN, sc1.core.role());
        assertTrue(sentKind(sc1.completeBoards(c), PeerMessage.Kind.SET_FOLLOWER));
        sc1.frame(PeerMessage.Kind.FOLLOWER_ACK, Role.SPARE, 2, RefSel.FOLLOWER);
        for (int i = 0; i < FDT_TICKS; i++) {
            for (Command.WriteRefSel w : only(sc1.tick(true), Command.WriteRefSel.class)) {
                sc1.step(new Event.RefSelWritten(w.mode(), w.mode(), true));
            }
            sc1.frame(PeerMessage.Kind.PONG, Role.SPARE, 2, RefSel.FOLLOWER);
        }
        assertEquals(RefSel.LEADER, sc1.core.refSel);
        return sc1;
    }

    private static Object refusal(List<Command> c) {
        return only(c, Command.Log.class).stream().map(Command.Log::event)
                .filter(e -> e.kind() == HealthEvent.Kind.SWITCHOVER_REFUSED).map(HealthEvent::detail)
                .findFirst().orElse(null);
    }

    @Test
    void aSpareInSyncThatBecomesMainRefusesASwitchoverUntilDataSyncSpeaksForTheMain() {
        CoreDriver sc1 = mainByHandover(spareInSync());
        List<Command> c = sc1.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        assertEquals(SwitchoverRefusal.NOT_IN_SYNC, refusal(c), "its SPARE holds nothing of this MAIN's yet (S5)");
        assertFalse(sc1.core.status().priority1InSync(), "the SPARE's word is no MAIN's word");
        // a word the engine published before it applied the MAIN role: for the old role, ignored
        sc1.step(new Event.SyncStatus(true, false, For.SPARE, 1));
        c = sc1.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        assertEquals(SwitchoverRefusal.NOT_IN_SYNC, refusal(c));
        // ... and one for MAIN of another epoch
        sc1.step(new Event.SyncStatus(true, false, For.MAIN, 1));
        c = sc1.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        assertEquals(SwitchoverRefusal.NOT_IN_SYNC, refusal(c));
        assertEquals(Role.MAIN, sc1.core.role());

        // data sync speaks for MAIN of epoch 2: the same request now goes
        c = sc1.step(new Event.SyncStatus(true, false, For.MAIN, 2));
        assertTrue(only(c, Command.Log.class).stream().anyMatch(l -> l.event().kind() == HealthEvent.Kind.SYNC_CHANGED));
        c = sc1.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        assertEquals(null, refusal(c));
        assertTrue(sentKind(c, PeerMessage.Kind.HANDOVER));
        assertEquals(Role.SPARE, sc1.core.role());
        assertEquals(3, sc1.core.epoch());
    }

    @Test
    void aSpareOfANewEpochDoesNotReplaceALiveUnseenMainOnItsOldMainsWord() {
        CoreDriver sc1 = spareInSync();
        // a new MAIN of epoch 3 (SC0 restarted and claimed past us): we follow it, our word is epoch 1's
        sc1.frame(PeerMessage.Kind.PING, Role.MAIN, 3, RefSel.LEADER);
        sc1.step(new Event.RefSelWritten(RefSel.FOLLOWER, RefSel.FOLLOWER, true));
        assertEquals(Role.SPARE, sc1.core.role());
        assertEquals(3, sc1.core.epoch());
        for (int i = 0; i < 6; i++) {
            sc1.frame(PeerMessage.Kind.PONG, Role.MAIN, 3, RefSel.LEADER);
            sc1.tick(true);
        }
        // it goes silent on both signals, its clock running: dead or merely unseen
        for (int i = 0; i < 4 * FDT_TICKS && sc1.core.role() == Role.SPARE; i++) {
            sc1.tick(false);
        }
        assertEquals(Role.SPARE, sc1.core.role(), "epoch 1's word is not epoch 3's data: S5 defers");
        assertTrue(sc1.logged(HealthEvent.Kind.TAKEOVER_DEFERRED));
        assertTrue(only(sc1.all, Command.AssertReset.class).isEmpty());

        sc1.step(new Event.SyncStatus(true, false, For.SPARE, 3));
        sc1.tick(false);
        assertEquals(Role.BECOMING_MAIN, sc1.core.role(), "in sync for this MAIN: a dead MAIN is replaced");
        assertEquals(1, only(sc1.all, Command.AssertReset.class).size());
    }

    @Test
    void aClaimTakesOverOnTheWordItHeldAsSpareAndTheNewMainWaitsForItsOwn() {
        CoreDriver sc1 = spareInSync();
        for (int i = 0; i < 4 * FDT_TICKS && sc1.core.role() == Role.SPARE; i++) {
            sc1.tick(false); // the MAIN dies, its clock running: a claim asks S5 at once, on the SPARE's data
        }
        assertEquals(Role.BECOMING_MAIN, sc1.core.role());
        assertFalse(sc1.logged(HealthEvent.Kind.TAKEOVER_DEFERRED), "claiming moves no data: the SPARE's word stands");
        assertTrue(sc1.core.status().priority1InSync());
        sc1.step(new Event.ResetDone(true, true));
        assertEquals(Role.MAIN, sc1.core.role());
        HealthEvent takeover = only(sc1.all, Command.Log.class).stream().map(Command.Log::event)
                .filter(e -> e.kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER).findFirst().orElseThrow();
        assertTrue(((HealthEvent.Detail.Takeover) takeover.detail()).priority1InSync(), "taken over in sync");
        assertFalse(sc1.logged(HealthEvent.Kind.TAKEOVER_WHILE_NOT_IN_SYNC));
        assertFalse(sc1.core.status().priority1InSync(), "the new MAIN waits for data sync's word as MAIN");
        sc1.step(new Event.SyncStatus(true, false, For.MAIN, 2));
        assertTrue(sc1.core.status().priority1InSync());
    }

    @Test
    void theMainsExitSeenAsSpareStillOpensTheGateAtTheEndOfASilentClaim() {
        // no reset line from SC1: its claim goes silent; data sync, told NONE for the claim,
        // publishes the last known status with no exit (only a SPARE's session sees one)
        CoreDriver sc1 = spareInSync(CoreConfig.defaults(ScId.SC1, 2).withWiring(false, true));
        sc1.step(new Event.SyncStatus(false, true, For.SPARE, 1)); // killed mid-pass, its clock running
        for (int i = 0; i < 4 * FDT_TICKS && sc1.core.role() == Role.SPARE; i++) {
            sc1.tick(false);
        }
        assertEquals(Role.BECOMING_MAIN, sc1.core.role());
        sc1.step(new Event.SyncStatus(false, false, For.NEITHER, 2));
        for (int i = 0; i < 10 * FDT_TICKS && sc1.core.role() == Role.BECOMING_MAIN; i++) {
            sc1.tick(false);
        }
        assertEquals(Role.MAIN, sc1.core.role(), "the exit seen as SPARE still stands: a dead MAIN is replaced");
        assertFalse(sc1.logged(HealthEvent.Kind.TAKEOVER_DEFERRED));
        assertTrue(sc1.logged(HealthEvent.Kind.TAKEOVER_WHILE_NOT_IN_SYNC));
    }

    @Test
    void aWordTiedToNoRoleHoldsAcrossRoleChanges() {
        // software without a sync engine (and the tests that stand for it) says it once
        CoreDriver sc1 = spareInSync();
        sc1.step(new Event.SyncStatus(true));
        mainByHandover(sc1);
        assertTrue(sc1.core.status().priority1InSync());
        assertTrue(sentKind(sc1.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE)), PeerMessage.Kind.HANDOVER));
    }

    @Test
    void aSyncEngineThatSpeaksLateForItsFirstRoleIsNotInSyncForOursMeanwhile() {
        // no word yet when the core became SPARE (a slow engine's first): the default stands only
        // until a word tied to a role says an engine exists; one for another role is "not yet"
        CoreDriver sc1 = CoreDriver.of(ScId.SC1);
        sc1.boot(RefSel.FOLLOWER);
        sc1.frame(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 1, RefSel.FOLLOWER);
        assertEquals(Role.SPARE, sc1.core.role());
        assertTrue(sc1.core.status().priority1InSync(), "no sync engine heard: nothing to sync");
        sc1.step(new Event.SyncStatus(true, false, For.NEITHER, 0));
        assertFalse(sc1.core.status().priority1InSync(), "the engine spoke, but not for the SPARE of epoch 1");
        sc1.step(new Event.SyncStatus(true, false, For.SPARE, 1));
        assertTrue(sc1.core.status().priority1InSync());
    }
}
