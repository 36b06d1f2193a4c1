package dev.pairlock.failover;

import static dev.pairlock.failover.CoreDriver.only;
import static dev.pairlock.failover.CoreDriver.sentKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerCoreTest {
    /** SC0 that has seen SC1 alive in UNKNOWN claims; returns the driver in BECOMING_MAIN. */
    private static CoreDriver sc0Claiming() {
        CoreDriver sc0 = CoreDriver.of(ScId.SC0);
        sc0.boot(RefSel.FOLLOWER);
        sc0.frame(PeerMessage.Kind.PING, Role.UNKNOWN, 0, RefSel.FOLLOWER);
        sc0.tick(true);
        sc0.tick(true);
        sc0.tick(true);
        assertEquals(Role.BECOMING_MAIN, sc0.core.role());
        return sc0;
    }

    private static CoreDriver sc0Main() {
        CoreDriver sc0 = sc0Claiming();
        List<Command> c = sc0.frame(PeerMessage.Kind.SPARE_ACK, Role.SPARE, 1, RefSel.FOLLOWER, sc0.claimNonce());
        sc0.completeBoards(c);
        sc0.step(new Event.RefSelWritten(RefSel.LEADER, RefSel.LEADER, true));
        assertEquals(Role.MAIN, sc0.core.role());
        return sc0;
    }

    @Test
    void aBoardThatFailedIsReportedOnceAndAgainWhenItAnswers() {
        CoreDriver sc0 = sc0Claiming();
        List<Command> c = sc0.frame(PeerMessage.Kind.SPARE_ACK, Role.SPARE, 1, RefSel.FOLLOWER, sc0.claimNonce());
        for (Command.ReadPresence r : only(c, Command.ReadPresence.class)) {
            sc0.step(new Event.PresenceRead(r.slot(), r.slot() == 1 ? Event.PresenceRead.Outcome.ERROR
                    : Event.PresenceRead.Outcome.PRESENT, 0x5A));
        }
        sc0.step(new Event.RefSelWritten(RefSel.LEADER, RefSel.LEADER, true));
        assertEquals(Role.MAIN, sc0.core.role());
        assertEquals(List.of(1), slotsLogged(sc0, HealthEvent.Kind.BOARD_ERROR));
        int rereads = 0; // the bus still hangs at the first rescan (no second BOARD_ERROR), answers at the second
        for (int i = 0; i < 60 && rereads < 2; i++) {
            for (Command.ReadPresence r : only(sc0.tick(true), Command.ReadPresence.class)) {
                boolean hangs = r.slot() == 1 && rereads++ == 0;
                sc0.step(new Event.PresenceRead(r.slot(), hangs ? Event.PresenceRead.Outcome.ERROR
                        : Event.PresenceRead.Outcome.PRESENT, 0x5A));
            }
            sc0.frame(PeerMessage.Kind.PING, Role.SPARE, 1, RefSel.FOLLOWER);
        }
        assertEquals(2, rereads, "slot 1 was not read again twice");
        assertEquals(List.of(1), slotsLogged(sc0, HealthEvent.Kind.BOARD_ERROR), "one event per failure, not per retry");
        assertEquals(List.of(1), slotsLogged(sc0, HealthEvent.Kind.BOARD_REPAIRED));
    }

    private static List<Integer> slotsLogged(CoreDriver d, HealthEvent.Kind kind) {
        return only(d.all, Command.Log.class).stream().filter(l -> l.event().kind() == kind)
                .map(l -> ((HealthEvent.Detail.Slot) l.event().detail()).slot()).toList();
    }

    @Test
    void simultaneousStartSc0ClaimsSc1YieldsWithoutReset() {
        CoreDriver sc0 = sc0Claiming();
        assertTrue(sentKind(sc0.all, PeerMessage.Kind.CLAIM));
        CoreDriver sc1 = CoreDriver.of(ScId.SC1);
        sc1.boot(RefSel.FOLLOWER);
        List<Command> c = sc1.frame(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 1, RefSel.FOLLOWER, sc0.claimNonce());
        assertEquals(Role.SPARE, sc1.core.role());
        assertEquals(List.of(new Command.WriteRefSel(RefSel.FOLLOWER)), only(c, Command.WriteRefSel.class));
        // the ack only after the follower write read back
        assertFalse(sentKind(c, PeerMessage.Kind.SPARE_ACK));
        c = sc1.step(new Event.RefSelWritten(RefSel.FOLLOWER, RefSel.FOLLOWER, true));
        PeerMessage ack = CoreDriver.sent(c).getFirst();
        assertEquals(PeerMessage.Kind.SPARE_ACK, ack.kind());
        assertEquals(1, ack.epoch());
        assertEquals(RefSel.FOLLOWER, ack.refSel());
        assertEquals(sc0.claimNonce(), ack.seq(), "the ack names the claim it answers");

        c = sc0.frame(ack.kind(), ack.role(), ack.epoch(), ack.refSel(), ack.seq());
        assertEquals(Role.MAIN, sc0.core.role());
        assertTrue(only(c, Command.WriteRefSel.class).contains(new Command.WriteRefSel(RefSel.LEADER)));
        assertEquals(2, only(c, Command.ReadPresence.class).size(), "every slot read at once");
        assertTrue(only(sc0.all, Command.AssertReset.class).isEmpty(), "a peer that acked is never reset");
        assertTrue(only(sc1.all, Command.AssertReset.class).isEmpty());
    }

    @Test
    void anAckForAnotherClaimDoesNotConfirmThisOne() {
        CoreDriver sc0 = sc0Claiming();
        sc0.frame(PeerMessage.Kind.SPARE_ACK, Role.SPARE, 1, RefSel.FOLLOWER, sc0.claimNonce() + 7);
        assertEquals(Role.BECOMING_MAIN, sc0.core.role(), "a stale ack from an earlier incarnation's claim");
        sc0.frame(PeerMessage.Kind.SPARE_ACK, Role.SPARE, 1, RefSel.FOLLOWER, sc0.claimNonce());
        assertEquals(Role.MAIN, sc0.core.role());
    }

    @Test
    void sc1NeverClaimsWhileSc0IsAliveAndUndecided() {
        CoreDriver sc1 = CoreDriver.of(ScId.SC1);
        sc1.boot(RefSel.FOLLOWER);
        for (int i = 0; i < 50; i++) {
            sc1.frame(PeerMessage.Kind.PING, Role.UNKNOWN, 0, RefSel.FOLLOWER);
            sc1.tick(true);
        }
        assertEquals(Role.UNKNOWN, sc1.core.role());
        assertFalse(sentKind(sc1.all, PeerMessage.Kind.CLAIM));
    }

    @Test
    void anUndecidedScWhoseLoopDropsThePeersFramesAsStaleListensLongerButNotForever() {
        for (ScId sc : ScId.values()) {
            // heard nothing usable: without stale drops it decides alone after one FDT (10 ticks)
            CoreDriver quiet = CoreDriver.of(sc);
            quiet.boot(RefSel.FOLLOWER);
            int ticks = 0;
            while (quiet.core.role() == Role.UNKNOWN && ticks < 100) {
                quiet.tickWithStaleFrames(0);
                ticks++;
            }
            assertEquals(10, ticks, sc + " decides alone after an FDT when nothing was dropped");
            // the same silence, but the runtime dropped a frame of the peer's every tick (our loop lags)
            CoreDriver lagging = CoreDriver.of(sc);
            lagging.boot(RefSel.FOLLOWER);
            for (int i = 0; i < 5 * 10; i++) {
                lagging.tickWithStaleFrames(1);
            }
            assertEquals(Role.UNKNOWN, lagging.core.role(), sc + ": the peer spoke, so it is not silent: no claim yet");
            assertFalse(sentKind(lagging.all, PeerMessage.Kind.CLAIM));
            ticks = 50;
            while (lagging.core.role() == Role.UNKNOWN && ticks < 1000) {
                lagging.tickWithStaleFrames(1);
                ticks++;
            }
            assertEquals(ControllerCore.MAX_DISCOVERY_FDTS * 10, ticks,
                    sc + ": a loop that lags for good still decides, MAX_DISCOVERY_FDTS FDTs after boot");
        }
    }

    @Test
    void claimantThatCannotConfirmSpareFencesThenLeads() {
        CoreDriver sc0 = sc0Claiming();
        List<Command> c = List.of();
        int ticks = 0;
        for (; ticks < 20 && only(c, Command.AssertReset.class).isEmpty(); ticks++) {
            c = sc0.tick(true); // the heartbeat is alive, but no ack (and no frame at all) ever comes
        }
        // the claim waits FDT/2, and while the peer's frames still arrive, two round trips of the
        // oldest unanswered ping: the peer's last frame came just before the claim, so an FDT
        assertTrue(ticks >= 5 && ticks <= 12, "fenced after " + ticks + " ticks");
        assertEquals(1, only(c, Command.AssertReset.class).size());
        assertEquals(Role.BECOMING_MAIN, sc0.core.role(), "not MAIN before the fence is in place");
        c = sc0.step(new Event.ResetDone(true, true));
        assertEquals(Role.MAIN, sc0.core.role());
        assertTrue(only(c, Command.WriteRefSel.class).contains(new Command.WriteRefSel(RefSel.LEADER)));
        assertTrue(sc0.logged(HealthEvent.Kind.PEER_FENCED));
    }

    @Test
    void leaseLapsedAfterAPauseHaltsInsteadOfWriting() {
        CoreDriver sc0 = sc0Main();
        long lease = sc0.core.leaseExpiry();
        assertTrue(lease > sc0.now);
        sc0.now = lease + 1; // a GC pause: the next tick runs late
        List<Command> c = sc0.step(new Event.Tick(sc0.edges + 2, true, true));
        assertEquals(Role.HALTED, sc0.core.role());
        assertEquals(List.of(new Command.Halt()), only(c, Command.Halt.class));
        assertTrue(only(c, Command.SwitchSpllIfLocked.class).isEmpty());
        assertEquals(Long.MIN_VALUE, sc0.core.leaseExpiry());
        assertTrue(sc0.step(new Event.Tick(sc0.edges + 4, true, true)).isEmpty(), "a halted core does nothing");
    }

    @Test
    void leaseIsRenewedOnEveryTimelyTick() {
        CoreDriver sc0 = sc0Main();
        for (int i = 0; i < 20; i++) {
            sc0.frame(PeerMessage.Kind.PONG, Role.SPARE, 1, RefSel.FOLLOWER);
            sc0.tick(true);
            assertEquals(sc0.now + sc0.cfg.leaseNanos(), sc0.core.leaseExpiry());
        }
        assertEquals(Role.MAIN, sc0.core.role());
    }

    private static CoreDriver sc1Spare() {
        CoreDriver sc1 = CoreDriver.of(ScId.SC1);
        sc1.boot(RefSel.FOLLOWER);
        sc1.frame(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 1, RefSel.FOLLOWER);
        sc1.step(new Event.RefSelWritten(RefSel.FOLLOWER, RefSel.FOLLOWER, true));
        sc1.frame(PeerMessage.Kind.PING, Role.MAIN, 1, RefSel.LEADER);
        assertEquals(Role.SPARE, sc1.core.role());
        return sc1;
    }

    @Test
    void aSpareTakesAHandoverTheMainDecidedEvenIfItsOwnSyncWordLagsBehind() {
        CoreDriver sc1 = sc1Spare();
        // the MAIN's last STATUS said "syncing" (the switchover's own SEL record), the HANDOVER follows
        sc1.step(new Event.SyncStatus(false));
        sc1.frame(PeerMessage.Kind.HANDOVER, Role.SPARE, 2, RefSel.FOLLOWER);
        assertEquals(Role.MAIN, sc1.core.role(), "S5 for a planned switchover is the MAIN's to judge");
        assertEquals(2, sc1.core.epoch());
        // a stale handover (an epoch not one above ours) is still ignored
        CoreDriver other = sc1Spare();
        other.frame(PeerMessage.Kind.HANDOVER, Role.SPARE, 5, RefSel.FOLLOWER);
        assertEquals(Role.SPARE, other.core.role());
    }

    @Test
    void spareTakesOverOnlyAfterFiveMissesOnBothSignals() {
        CoreDriver sc1 = sc1Spare();
        for (int i = 0; i < 6; i++) {
            sc1.frame(PeerMessage.Kind.PONG, Role.MAIN, 1, RefSel.LEADER);
            sc1.tick(true);
        }
        int ticks = 0;
        while (sc1.core.role() == Role.SPARE && ticks < 40) {
            sc1.tick(false);
            ticks++;
        }
        assertEquals(Role.BECOMING_MAIN, sc1.core.role());
        // 5 probes of FDT/5, 2 ticks each: the takeover starts at the 10th silent tick
        assertEquals(10, ticks);
        assertEquals(2, sc1.core.epoch());
        assertEquals(1, only(sc1.all, Command.AssertReset.class).size());
        assertFalse(sc1.logged(HealthEvent.Kind.DEAD_MAIN_TAKEOVER), "logged once the takeover is done, not before");
        sc1.step(new Event.ResetDone(true, true));
        assertEquals(Role.MAIN, sc1.core.role());
        assertTrue(sc1.logged(HealthEvent.Kind.DEAD_MAIN_TAKEOVER));
    }

    @Test
    void aSilentMainWhoseClockRunsIsReplacedOutOfSyncOnlyWhenItsDaemonIsKnownToHaveExited() {
        for (boolean exited : new boolean[] {false, true}) {
            CoreDriver sc1 = sc1Spare();
            for (int i = 0; i < 6; i++) {
                sc1.frame(PeerMessage.Kind.PONG, Role.MAIN, 1, RefSel.LEADER);
                sc1.tick(true);
            }
            // priority 1 not in sync when the MAIN goes silent; its clock keeps running (a kill -9)
            sc1.step(new Event.SyncStatus(false, exited));
            for (int i = 0; i < 40 && sc1.core.role() == Role.SPARE; i++) {
                sc1.tick(false);
            }
            if (exited) {
                assertEquals(Role.BECOMING_MAIN, sc1.core.role(), "its sync session closed by its OS: a dead MAIN");
                assertTrue(sc1.logged(HealthEvent.Kind.TAKEOVER_WHILE_NOT_IN_SYNC), "S5's takeover out of sync is logged");
                assertFalse(sc1.logged(HealthEvent.Kind.TAKEOVER_DEFERRED));
            } else {
                assertEquals(Role.SPARE, sc1.core.role(), "silent is not dead: it may be alive and unseen (S5)");
                assertTrue(sc1.logged(HealthEvent.Kind.TAKEOVER_DEFERRED));
            }
        }
    }

    @Test
    void oneSignalAliveMeansThePeerIsAlive() {
        CoreDriver sc1 = sc1Spare();
        for (int i = 0; i < 40; i++) {
            sc1.tick(true); // heartbeat fine, the link says nothing at all
        }
        assertEquals(Role.SPARE, sc1.core.role());
        assertTrue(sc1.logged(HealthEvent.Kind.SIGNAL_FAILED));
    }

    @Test
    void everySignalLostOnOurSideIsALocalFaultNotATakeover() {
        CoreDriver sc1 = sc1Spare();
        sc1.carrier = false;
        for (int i = 0; i < 40; i++) {
            sc1.tick(false);
        }
        assertEquals(Role.SPARE, sc1.core.role());
        assertTrue(sc1.logged(HealthEvent.Kind.LOCAL_FAULT));
        assertTrue(only(sc1.all, Command.AssertReset.class).isEmpty());
        // carrier back while the peer beats again: still no takeover
        sc1.carrier = true;
        sc1.tick(true);
        sc1.tick(true);
        assertEquals(Role.SPARE, sc1.core.role());
    }

    @Test
    void failoverOffMeansADeadMainIsNotReplaced() {
        CoreDriver sc1 = sc1Spare();
        sc1.step(new Event.Operator(Event.Operator.Op.FAILOVER_OFF));
        for (int i = 0; i < 40; i++) {
            sc1.tick(false);
        }
        assertEquals(Role.SPARE, sc1.core.role());
        assertTrue(sc1.logged(HealthEvent.Kind.FAILOVER_DISABLED_PEER_DEAD));
    }

    @Test
    void switchoverIsRefusedWhilePriorityOneIsNotInSync() {
        CoreDriver sc0 = sc0Main();
        sc0.step(new Event.SyncStatus(false));
        List<Command> c = sc0.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        assertEquals(Role.MAIN, sc0.core.role());
        assertFalse(sentKind(c, PeerMessage.Kind.HANDOVER));
        HealthEvent refusal = only(c, Command.Log.class).getFirst().event();
        assertEquals(HealthEvent.Kind.SWITCHOVER_REFUSED, refusal.kind());
        assertEquals(SwitchoverRefusal.NOT_IN_SYNC, refusal.detail());
    }

    @Test
    void aMainPausedPastItsLeaseRefusesASwitchoverThatWaitedInItsQueue() {
        // seed 584792: the operator's force waited out a 3 s pause; the MAIN's view (peer SPARE,
        // sync) is that old and its lease lapsed: not a MAIN any more, and its next tick halts it
        CoreDriver sc0 = sc0Main();
        for (int i = 0; i < 4; i++) {
            sc0.frame(PeerMessage.Kind.PONG, Role.SPARE, 1, RefSel.FOLLOWER);
            sc0.tick(true);
        }
        sc0.now += 3_000 * CoreDriver.MS;
        List<Command> c = sc0.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        assertFalse(sentKind(c, PeerMessage.Kind.HANDOVER));
        HealthEvent refusal = only(c, Command.Log.class).getFirst().event();
        assertEquals(HealthEvent.Kind.SWITCHOVER_REFUSED, refusal.kind());
        assertEquals(SwitchoverRefusal.NOT_MAIN, refusal.detail());
        sc0.tick(true);
        assertEquals(Role.HALTED, sc0.core.role());
    }

    @Test
    void plannedSwitchoverNeverHasTwoLeadersOrTwoMains() {
        CoreDriver a = sc0Main();
        for (int i = 0; i < 4; i++) {
            a.frame(PeerMessage.Kind.PONG, Role.SPARE, 1, RefSel.FOLLOWER);
            a.tick(true);
        }
        CoreDriver b = sc1Spare();
        List<Command> c = a.step(new Event.Operator(Event.Operator.Op.FAILOVER_FORCE));
        // A demotes first: SPARE in epoch 2, no LEADER->FOLLOWER yet (it keeps clocking the boards)
        assertEquals(Role.SPARE, a.core.role());
        assertEquals(2, a.core.epoch());
        assertTrue(only(c, Command.WriteRefSel.class).isEmpty());
        assertTrue(sentKind(c, PeerMessage.Kind.HANDOVER));

        c = b.frame(PeerMessage.Kind.HANDOVER, Role.SPARE, 2, RefSel.LEADER);
        assertEquals(Role.MAIN, b.core.role());
        assertTrue(only(c, Command.WriteRefSel.class).isEmpty(), "B must not lead while A leads");
        c = b.completeBoards(c);
        assertTrue(sentKind(c, PeerMessage.Kind.SET_FOLLOWER), "boards moved while locked, then A steps back");

        c = a.frame(PeerMessage.Kind.SET_FOLLOWER, Role.MAIN, 2, RefSel.FOLLOWER);
        assertEquals(List.of(new Command.WriteRefSel(RefSel.FOLLOWER)), only(c, Command.WriteRefSel.class));
        c = a.step(new Event.RefSelWritten(RefSel.FOLLOWER, RefSel.FOLLOWER, true));
        assertTrue(sentKind(c, PeerMessage.Kind.FOLLOWER_ACK));

        b.frame(PeerMessage.Kind.FOLLOWER_ACK, Role.SPARE, 2, RefSel.FOLLOWER);
        c = b.tick(true);
        assertTrue(only(c, Command.WriteRefSel.class).contains(new Command.WriteRefSel(RefSel.LEADER)));
    }

    @Test
    void staleEpochClaimsAreIgnored() {
        CoreDriver sc1 = sc1Spare();
        sc1.frame(PeerMessage.Kind.PING, Role.MAIN, 5, RefSel.LEADER);
        sc1.frame(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 6, RefSel.FOLLOWER);
        assertEquals(6, sc1.core.epoch());
        List<Command> c = sc1.frame(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 3, RefSel.FOLLOWER);
        assertEquals(6, sc1.core.epoch());
        assertTrue(only(c, Command.WriteRefSel.class).isEmpty());
    }

    @Test
    void withThePeersHealthUnknownSc0ClaimsAtItsDeadlineNotAnFdtLater() {
        // SC1 has not counted its boards yet (its frames say -1): not "SC1 reaches more"
        CoreDriver sc0 = new CoreDriver(CoreConfig.defaults(ScId.SC0, 4));
        sc0.peerReachable = -1;
        sc0.boot(RefSel.FOLLOWER);
        int ticksPerFdt = (int) (sc0.cfg.fdtNanos() / sc0.cfg.tickNanos());
        for (int i = 1; i < ticksPerFdt; i++) {
            sc0.frame(PeerMessage.Kind.PING, Role.UNKNOWN, 0, RefSel.FOLLOWER);
            sc0.tick(true);
            assertEquals(Role.UNKNOWN, sc0.core.role(), "before its deadline it waits for the counts (tick " + i + ")");
        }
        sc0.frame(PeerMessage.Kind.PING, Role.UNKNOWN, 0, RefSel.FOLLOWER);
        sc0.tick(true);
        assertEquals(Role.BECOMING_MAIN, sc0.core.role(), "at its deadline (1 FDT) it claims");
    }

    @Test
    void theScThatReachesMoreBoardsIsElectedAndSc0StillWinsAnEvenTie() {
        // SC0 reaches 2 of 4 boards, SC1 all 4: SC1 claims as soon as it hears SC0 undecided...
        CoreDriver sc1 = new CoreDriver(CoreConfig.defaults(ScId.SC1, 4));
        sc1.boot(RefSel.FOLLOWER);
        sc1.peerReachable = 2;
        sc1.frame(PeerMessage.Kind.PING, Role.UNKNOWN, 0, RefSel.FOLLOWER);
        sc1.tick(true);
        sc1.tick(true);
        assertEquals(Role.BECOMING_MAIN, sc1.core.role());
        // ...and SC0 does not claim before its deadline plus an FDT, waiting for SC1's claim
        CoreDriver sc0 = new CoreDriver(CoreConfig.defaults(ScId.SC0, 4));
        sc0.unreachableSlots = 2;
        sc0.boot(RefSel.FOLLOWER);
        for (int i = 0; i < 15; i++) {
            sc0.frame(PeerMessage.Kind.PING, Role.UNKNOWN, 0, RefSel.FOLLOWER);
            sc0.tick(true);
        }
        assertEquals(Role.UNKNOWN, sc0.core.role());
        assertEquals(2, CoreDriver.sent(sc0.all).getLast().reachable(), "it announces what it reaches");
        // an even tie: SC0 claims at once, SC1 does not
        CoreDriver tie0 = new CoreDriver(CoreConfig.defaults(ScId.SC0, 4));
        tie0.boot(RefSel.FOLLOWER);
        tie0.frame(PeerMessage.Kind.PING, Role.UNKNOWN, 0, RefSel.FOLLOWER);
        tie0.tick(true);
        tie0.tick(true);
        assertEquals(Role.BECOMING_MAIN, tie0.core.role());
        CoreDriver tie1 = new CoreDriver(CoreConfig.defaults(ScId.SC1, 4));
        tie1.boot(RefSel.FOLLOWER);
        for (int i = 0; i < 30; i++) {
            tie1.frame(PeerMessage.Kind.PING, Role.UNKNOWN, 0, RefSel.FOLLOWER);
            tie1.tick(true);
        }
        assertEquals(Role.UNKNOWN, tie1.core.role());
    }
}
