package dev.pairlock.failover;

import static dev.pairlock.failover.CoreDriver.only;
import static dev.pairlock.failover.CoreDriver.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.FailoverSetting.Reason;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The pair-wide, persistent failover setting and the persisted epoch, at the core. */
class FailoverSettingTest {
    @Property(tries = 300)
    void supersedesIsATotalOrderSoBothScsPickTheSameWinner(
            @ForAll boolean e1, @ForAll @LongRange(max = 3) long g1, @ForAll Reason r1,
            @ForAll boolean e2, @ForAll @LongRange(max = 3) long g2, @ForAll Reason r2) {
        FailoverSetting a = new FailoverSetting(e1, g1, r1);
        FailoverSetting b = new FailoverSetting(e2, g2, r2);
        if (a.equals(b)) {
            assertFalse(a.supersedes(b));
        } else {
            assertNotEquals(a.supersedes(b), b.supersedes(a), a + " vs " + b);
        }
        if (g1 == g2 && e1 != e2) {
            assertEquals(!e1, a.supersedes(b), "at equal generation OFF wins");
        }
    }

    /** Hands every frame {@code from} sent in {@code cmds} to {@code to}; returns what {@code to} answered. */
    private static List<Command> deliver(List<Command> cmds, CoreDriver to) {
        List<Command> answer = new java.util.ArrayList<>();
        for (PeerMessage m : sent(cmds)) {
            answer.addAll(to.step(new Event.Frame(m)));
        }
        return answer;
    }

    /** A running pair: SC0 MAIN, SC1 SPARE, both signals established. Returns {sc0, sc1}. */
    private static CoreDriver[] pair(CoreConfig c0, CoreConfig c1) {
        CoreDriver sc0 = new CoreDriver(c0);
        CoreDriver sc1 = new CoreDriver(c1);
        deliver(sc0.boot(RefSel.FOLLOWER), sc1);
        deliver(sc1.boot(RefSel.FOLLOWER), sc0);
        for (int i = 0; i < 40; i++) {
            List<Command> a = sc0.tick(true);
            List<Command> b = sc1.tick(true);
            List<Command> a2 = deliver(a, sc1);
            List<Command> b2 = deliver(b, sc0);
            deliver(deliver(a2, sc0), sc1);
            deliver(deliver(b2, sc1), sc0);
            for (CoreDriver d : new CoreDriver[] {sc0, sc1}) {
                for (Command.WriteRefSel w : only(d.all.subList(Math.max(0, d.all.size() - 60), d.all.size()),
                        Command.WriteRefSel.class)) {
                    if (d.core.role() != Role.HALTED) {
                        // complete writes at once (read back as written)
                        deliver(d.step(new Event.RefSelWritten(w.mode(), w.mode(), true)), d == sc0 ? sc1 : sc0);
                    }
                }
                d.completeBoards(d.all);
            }
            sc0.now = sc1.now;
        }
        assertEquals(Role.MAIN, sc0.core.role());
        assertEquals(Role.SPARE, sc1.core.role());
        return new CoreDriver[] {sc0, sc1};
    }

    private static CoreDriver[] pair() {
        return pair(CoreConfig.defaults(ScId.SC0, 2), CoreConfig.defaults(ScId.SC1, 2));
    }

    private static PersistedState lastPersisted(List<Command> cmds) {
        return only(cmds, Command.Persist.class).getLast().state();
    }

    @Test
    void operatorOffOnTheMainReachesTheSpareIsPersistedOnBothAndAcknowledged() {
        CoreDriver[] p = pair();
        CoreDriver main = p[0];
        CoreDriver spare = p[1];
        assertEquals(FailoverState.ACTIVE, main.core.status().mechanism());
        List<Command> c = main.step(new Event.Operator(Event.Operator.Op.FAILOVER_OFF));
        FailoverSetting off = new FailoverSetting(false, 1, Reason.OPERATOR);
        assertEquals(off, lastPersisted(c).setting());
        assertTrue(main.logged(HealthEvent.Kind.FAILOVER_MODE));
        assertEquals(FailoverState.DISABLED, main.core.status().mechanism());
        assertFalse(main.core.status().settingConfirmed(), "the SPARE has not echoed it yet");

        // the MAIN's next ping carries it; the SPARE adopts and persists it before its pong echoes it
        c = deliver(main.tick(true), spare);
        c = deliver(main.tick(true), spare);
        assertEquals(off, spare.core.status().setting());
        List<Command> spareAll = spare.all;
        int persistAt = -1;
        int firstEcho = -1;
        for (int i = 0; i < spareAll.size(); i++) {
            if (persistAt < 0 && spareAll.get(i) instanceof Command.Persist ps && ps.state().setting().equals(off)) {
                persistAt = i;
            }
            if (firstEcho < 0 && spareAll.get(i) instanceof Command.Send s && s.message().setting().equals(off)) {
                firstEcho = i;
            }
        }
        assertTrue(persistAt >= 0 && persistAt < firstEcho, "persisted before echoed");
        deliver(c, main);
        assertTrue(main.core.status().settingConfirmed());
        assertEquals(1, main.core.status().peerConfirmedGeneration());

        // the MAIN dies: the SPARE, off, does not take over
        for (int i = 0; i < 40; i++) {
            spare.tick(false);
        }
        assertEquals(Role.SPARE, spare.core.role());
        assertTrue(spare.logged(HealthEvent.Kind.FAILOVER_DISABLED_PEER_DEAD));
    }

    @Test
    void equalGenerationsThatDisagreeSettleOnOffOnBothScs() {
        CoreDriver[] p = pair();
        // both operators act at once, each seeing the other's generation 0
        List<Command> on = p[0].step(new Event.Operator(Event.Operator.Op.FAILOVER_ON));
        List<Command> off = p[1].step(new Event.Operator(Event.Operator.Op.FAILOVER_OFF));
        assertEquals(1, p[0].core.status().setting().generation());
        assertEquals(1, p[1].core.status().setting().generation());
        deliver(p[0].tick(true), p[1]);
        deliver(p[1].tick(true), p[0]);
        deliver(p[0].tick(true), p[1]);
        deliver(p[1].tick(true), p[0]);
        assertFalse(p[0].core.status().setting().enabled());
        assertFalse(p[1].core.status().setting().enabled());
        assertEquals(p[0].core.status().setting(), p[1].core.status().setting());
        assertTrue(on.size() > 0 && off.size() > 0);
    }

    @Test
    void anOperatorChangeBeatsEverythingEitherScHasSeen() {
        CoreDriver sc1 = CoreDriver.of(ScId.SC1);
        sc1.boot(RefSel.FOLLOWER);
        sc1.peerSetting = new FailoverSetting(true, 7, Reason.OPERATOR);
        sc1.frame(PeerMessage.Kind.PING, Role.MAIN, 1, RefSel.LEADER);
        assertEquals(sc1.peerSetting, sc1.core.status().setting(), "the peer's higher generation wins on receipt");
        sc1.step(new Event.Operator(Event.Operator.Op.FAILOVER_OFF));
        assertEquals(new FailoverSetting(false, 8, Reason.OPERATOR), sc1.core.status().setting());
    }

    @Test
    void aRestartedScKeepsItsSettingAndClaimsAboveItsPersistedEpoch() {
        CoreDriver sc0 = CoreDriver.of(ScId.SC0);
        FailoverSetting off = new FailoverSetting(false, 4, Reason.AFTER_FAILOVER);
        sc0.boot(RefSel.FOLLOWER, new PersistedState(9, off));
        assertEquals(off, sc0.core.status().setting());
        assertEquals(9, sc0.core.epoch(), "announced from boot on");
        List<Command> c = List.of();
        for (int i = 0; i < 12 && sc0.core.role() == Role.UNKNOWN; i++) {
            c = sc0.tick(false); // nobody answers: claim at the discovery deadline
        }
        assertEquals(Role.BECOMING_MAIN, sc0.core.role());
        assertEquals(10, sc0.core.epoch());
        // the new epoch is persisted before the claim goes out
        int persist = -1;
        int claim = -1;
        for (int i = 0; i < c.size(); i++) {
            if (persist < 0 && c.get(i) instanceof Command.Persist ps && ps.state().epoch() == 10) {
                persist = i;
            }
            if (claim < 0 && c.get(i) instanceof Command.Send s && s.message().kind() == PeerMessage.Kind.CLAIM) {
                claim = i;
            }
        }
        assertTrue(persist >= 0 && persist < claim, c::toString);
        assertEquals(off, lastPersisted(c).setting());
    }

    @Test
    void aClaimantRaisesItsEpochAboveAnUndecidedPeersOwn() {
        CoreDriver sc0 = CoreDriver.of(ScId.SC0);
        sc0.boot(RefSel.FOLLOWER);
        for (int i = 0; i < 12 && sc0.core.role() == Role.UNKNOWN; i++) {
            sc0.tick(false);
        }
        assertEquals(1, sc0.core.epoch());
        // the peer restarted with epoch 5 persisted and has not heard our claim yet
        List<Command> c = sc0.frame(PeerMessage.Kind.PING, Role.UNKNOWN, 5, RefSel.FOLLOWER);
        assertEquals(Role.BECOMING_MAIN, sc0.core.role());
        assertEquals(6, sc0.core.epoch());
        assertTrue(sent(c).stream().anyMatch(m -> m.kind() == PeerMessage.Kind.CLAIM && m.epoch() == 6));
    }

    @Test
    void afterAnAutomaticFailoverFailoverIsOffUntilAnOperatorSaysOn() {
        CoreDriver[] p = pair();
        CoreDriver spare = p[1];
        for (int i = 0; i < 12 && spare.core.role() == Role.SPARE; i++) {
            spare.tick(false); // the MAIN is gone
        }
        List<Command> c = spare.step(new Event.ResetDone(true, true));
        assertEquals(Role.MAIN, spare.core.role());
        assertEquals(new FailoverSetting(false, 1, Reason.AFTER_FAILOVER), spare.core.status().setting());
        assertEquals(spare.core.status().setting(), lastPersisted(c).setting());
        assertEquals(FailoverState.DISABLED, spare.core.status().mechanism());
        spare.step(new Event.Operator(Event.Operator.Op.FAILOVER_ON));
        assertEquals(new FailoverSetting(true, 2, Reason.OPERATOR), spare.core.status().setting());
    }

    @Test
    void theAntiPingPongRuleIsASetting() {
        CoreDriver[] p = pair(CoreConfig.defaults(ScId.SC0, 2),
                CoreConfig.defaults(ScId.SC1, 2).withFailover(true, false));
        CoreDriver spare = p[1];
        for (int i = 0; i < 12 && spare.core.role() == Role.SPARE; i++) {
            spare.tick(false);
        }
        spare.step(new Event.ResetDone(true, true));
        assertEquals(Role.MAIN, spare.core.role());
        assertTrue(spare.core.status().setting().enabled());
    }

    @Test
    void showfailoverStatesFollowTheSignalsAndTheSetting() {
        CoreDriver sc1 = CoreDriver.of(ScId.SC1);
        sc1.boot(RefSel.FOLLOWER);
        assertEquals(FailoverState.ACTIVATING, sc1.core.status().mechanism());
        assertNull(sc1.core.status().failure());
        CoreDriver[] p = pair();
        CoreDriver spare = p[1];
        assertEquals(FailoverState.ACTIVE, spare.core.status().mechanism());
        for (int i = 0; i < 12; i++) {
            spare.tick(true); // heartbeat fine, no frame at all
        }
        assertEquals(FailoverState.FAILED, spare.core.status().mechanism());
        assertEquals(FailoverFailure.PEER_LINK_DOWN, spare.core.status().failure());
        spare.step(new Event.SyncStatus(false));
        spare.step(new Event.Operator(Event.Operator.Op.FAILOVER_OFF));
        assertEquals(FailoverState.DISABLED, spare.core.status().mechanism());
        assertNull(spare.core.status().failure());
    }
}
