package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.ControllerCore;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.Event.Operator.Op;
import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.InMemoryStateStore;
import dev.pairlock.failover.PersistedState;
import dev.pairlock.failover.StateStore;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.LinkDirection;
import dev.pairlock.mock.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * FAILOVER_OFF's own record of the {@code setfailover} commands ({@link FailoverSettingFacts}): where
 * the pair-wide setting makes "the last command to this SC was off" wrong, and where it is right
 * although the software says otherwise. Each schedule: a running chassis (SC0 MAIN, SC1 SPARE),
 * both SCs started at 0, faults healed at 15 s; SC0 loses power, and whether SC1 may take over is
 * the question.
 */
class FailoverSettingFactsTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static RunResult run(SoftwareFactory software, boolean disableAfterFailover, Action... actions) {
        ChassisConfig cc = ChassisConfig.defaults().withSeed(1).withInitialState(InitialState.RUNNING_SC0_LEADS);
        List<Action> all = new ArrayList<>(List.of(new Action.StartSoftware(0, ScId.SC0), new Action.StartSoftware(0, ScId.SC1)));
        all.addAll(List.of(actions));
        return new PairSimulation(new Schedule("facts", 1, cc, S, all, 15 * S, 30 * S, disableAfterFailover), true,
                software).run();
    }

    private static Set<String> rules(RunResult r) {
        Set<String> out = new TreeSet<>();
        r.violations().forEach(v -> out.add(v.property()));
        return out;
    }

    /** SC1 logged a takeover of a MAIN before the faults healed. */
    private static boolean sc1TookOver(RunResult r) {
        return r.health().stream().anyMatch(h -> h.sc() == ScId.SC1
                && h.event().kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER && h.event().timeNanos() < 15 * S);
    }

    private static final String SENT = SentSettingRule.RULE;

    /** When {@code r} first broke FAILOVER_OFF_SENT (an SC's frames without the off it held), or -1. */
    private static long firstSent(RunResult r) {
        return r.violations().stream().filter(v -> v.property().equals(SENT)).mapToLong(Violation::timeNanos)
                .findFirst().orElse(-1);
    }

    /** SC1's core never gets {@code setfailover off} (so its frames never carry it either). */
    private static SoftwareFactory sc1DropsOff() {
        return BrokenLogic.factory(ScId.SC1, e -> e instanceof Event.Operator o && o.op() == Op.FAILOVER_OFF, c -> false);
    }

    @Test
    void anOnTheOffNeverHeardOfWinsByItsGenerationAndTheTakeoverIsNoViolation() {
        // partitioned, SC0 is told on twice (generation 2), SC1 off once (generation 1); the link heals
        // and SC1 adopts SC0's on by the protocol's rule. SC1's last command was off and no on came
        // after it, yet its takeover of SC0 is right: the record must not call it a violation.
        RunResult r = run(SoftwareFactory.PAIRLOCK, false,
                new Action.InjectFault(2 * S, new Fault.Partition(LinkDirection.BOTH)),
                new Action.OperatorCommand(2500 * MS, ScId.SC0, Op.FAILOVER_ON),
                new Action.OperatorCommand(2600 * MS, ScId.SC0, Op.FAILOVER_ON),
                new Action.OperatorCommand(3 * S, ScId.SC1, Op.FAILOVER_OFF),
                new Action.InjectFault(4 * S, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(7 * S, new Fault.PowerOff(ScId.SC0)));
        assertTrue(r.ok(), r.violations()::toString);
        assertTrue(sc1TookOver(r), "the on won: SC1 takes over");
    }

    @Test
    void anOnThePeerWasGivenBeforeTheOffCannotOutrankItSoADroppedOffIsCaught() {
        // SC0 on (the pair's first change: generation 1), then SC1 off (at least 1: off wins at equal
        // generations). SC1's core drops the off and takes over; the real one keeps off.
        Action[] schedule = {new Action.OperatorCommand(2 * S, ScId.SC0, Op.FAILOVER_ON),
                new Action.OperatorCommand(3 * S, ScId.SC1, Op.FAILOVER_OFF),
                new Action.InjectFault(5 * S, new Fault.PowerOff(ScId.SC0))};
        RunResult broken = run(sc1DropsOff(), false, schedule);
        assertEquals(Set.of("FAILOVER_OFF", SENT), rules(broken), broken.violations()::toString);
        RunResult real = run(SoftwareFactory.PAIRLOCK, false, schedule);
        assertTrue(real.ok(), real.violations()::toString);
        assertTrue(!sc1TookOver(real), "off holds on the real protocol");
    }

    @Test
    void anOnAfterTheOffEndsTheFact() {
        // the same dropped off, but an on to SC0 follows it: failover is on again, the takeover is right;
        // only SC1's frames between the two said on while it was off
        RunResult r = run(sc1DropsOff(), false, new Action.OperatorCommand(3 * S, ScId.SC1, Op.FAILOVER_OFF),
                new Action.OperatorCommand(4 * S, ScId.SC0, Op.FAILOVER_ON),
                new Action.InjectFault(6 * S, new Fault.PowerOff(ScId.SC0)));
        assertEquals(Set.of(SENT), rules(r), r.violations()::toString);
        assertTrue(firstSent(r) > 3 * S && firstSent(r) < 4 * S, r.violations()::toString);
        assertTrue(sc1TookOver(r));
    }

    @Test
    void anOffTakenBeforeARestartStillHoldsAfterIt() {
        // partitioned, SC1 is told off (SC0 cannot learn it) and restarts. The real SC1 boots from its
        // store with off and the pair agrees on off when the link heals. One whose store forgets the
        // setting comes back on, agrees on on with SC0, and takes over: the record still says off.
        Action[] schedule = {new Action.InjectFault(2 * S, new Fault.Partition(LinkDirection.BOTH)),
                new Action.OperatorCommand(3 * S, ScId.SC1, Op.FAILOVER_OFF),
                new Action.StartSoftware(4 * S, ScId.SC1),
                new Action.InjectFault(5 * S, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(8 * S, new Fault.PowerOff(ScId.SC0))};
        RunResult forgetful = run(settingAmnesia(ScId.SC1), true, schedule);
        assertTrue(sc1TookOver(forgetful));
        assertEquals(Set.of("FAILOVER_OFF", SENT), rules(forgetful), forgetful.violations()::toString);
        assertTrue(firstSent(forgetful) > 4 * S, "its frames said off until the restart: " + forgetful.violations());
        RunResult real = run(SoftwareFactory.PAIRLOCK, true, schedule);
        assertTrue(real.ok(), real.violations()::toString);
        assertTrue(!sc1TookOver(real));
    }

    @Test
    void anOffDeliveredDuringAStallAndLostToAResetIsNoFact() {
        // SC1 is frozen when the off comes: it waits for the stall's end, and a reset before that
        // ends the incarnation that would have taken it. SC1 boots with failover on and may take over.
        RunResult r = run(SoftwareFactory.PAIRLOCK, true,
                new Action.InjectFault(3 * S, new Fault.Stall(ScId.SC1, Duration.ofSeconds(2))),
                new Action.OperatorCommand(3500 * MS, ScId.SC1, Op.FAILOVER_OFF),
                new Action.InjectFault(4 * S, new Fault.Reset(ScId.SC1, Duration.ofMillis(100))),
                new Action.InjectFault(9 * S, new Fault.PowerOff(ScId.SC0)));
        assertTrue(r.ok(), r.violations()::toString);
        assertTrue(sc1TookOver(r), "the off was lost with the reset: SC1 takes over");
    }

    @Test
    void anOffDeliveredDuringAStallCountsOnceTheStallIsOver() {
        // the same stall without the reset: the off is taken at its end, and SC1's core drops it
        RunResult r = run(sc1DropsOff(), true,
                new Action.InjectFault(3 * S, new Fault.Stall(ScId.SC1, Duration.ofMillis(400))),
                new Action.OperatorCommand(3200 * MS, ScId.SC1, Op.FAILOVER_OFF),
                new Action.InjectFault(6 * S, new Fault.PowerOff(ScId.SC0)));
        assertEquals(Set.of("FAILOVER_OFF", SENT), rules(r), r.violations()::toString);
        assertTrue(firstSent(r) > 3400 * MS, "taken at the stall's end, not before: " + r.violations());
    }

    // ---- the record alone, on a bare chassis, at chosen instants --------------------------------

    private final CheckerChassisFactsTest.Fake[] sw = {new CheckerChassisFactsTest.Fake(), new CheckerChassisFactsTest.Fake()};
    private final Chassis chassis = new Chassis(ChassisConfig.defaults().withSeed(1)
            .withInitialState(InitialState.RUNNING_SC0_LEADS), new VirtualTime());
    private final FailoverSettingFacts facts = new FailoverSettingFacts(chassis, sw, new ViolationLog());

    /** At {@code at}: whether a claim {@code sc} begins then counts as begun with failover off. */
    private boolean[] claimAt(long at, ScId sc) {
        boolean[] off = new boolean[1];
        chassis.time().scheduleAt(at, () -> {
            facts.claimBegins(sc.index());
            off[0] = facts.offTakeover(sc.index(), new HealthEvent(at, HealthEvent.Kind.DEAD_MAIN_TAKEOVER, 2,
                    new HealthEvent.Detail.Takeover(HealthEvent.Detail.Takeover.Evidence.SEEN_DEAD, true)));
        });
        return off;
    }

    private void at(long at, Runnable r) {
        chassis.time().scheduleAt(at, r);
    }

    private void deliver(long at, ScId sc, Op op) {
        at(at, () -> facts.delivered(sc, op, sw[sc.index()]));
    }

    @Test
    void anOffDeliveredAsAStallBeginsCountsOnlyAfterTheStall() {
        for (CheckerChassisFactsTest.Fake f : sw) {
            f.start();
        }
        deliver(S, ScId.SC1, Op.FAILOVER_OFF);
        // the same instant, after the delivery: the software's task waits for the stall's end
        at(S, () -> chassis.inject(new Fault.Stall(ScId.SC1, Duration.ofSeconds(1))));
        boolean[] during = claimAt(2 * S, ScId.SC1);
        boolean[] after = claimAt(2 * S + 1, ScId.SC1);
        chassis.time().runUntil(3 * S);
        assertEquals(false, during[0], "at the stall's end the off may still wait behind a claim");
        assertEquals(true, after[0], "once the stall's instant has passed, it was taken");
    }

    @Test
    void anOnThePeerMayStillBeAboutToMakeHasNoCeilingYet() {
        for (CheckerChassisFactsTest.Fake f : sw) {
            f.start();
        }
        facts.automaticOff(true);
        // SC1 is frozen when told on: at its stall's end (3 s) it may first become MAIN and turn
        // failover off itself, then make the on, one generation higher than counted at delivery
        at(S, () -> chassis.inject(new Fault.Stall(ScId.SC1, Duration.ofSeconds(2))));
        deliver(1500 * MS, ScId.SC1, Op.FAILOVER_ON);
        deliver(1600 * MS, ScId.SC0, Op.FAILOVER_OFF);
        boolean[] whileItWaits = claimAt(2 * S, ScId.SC0);
        at(3 * S, () -> facts.mainEntered(1));
        boolean[] after = claimAt(4 * S, ScId.SC0);
        chassis.time().runUntil(5 * S);
        assertEquals(false, whileItWaits[0]);
        assertEquals(false, after[0], "the on's ceiling counts the MAIN made ahead of it: above the off's floor");
        // without the stall the on is made at once, with ceiling 1: the off (floor 1) outranks it
        FailoverSettingFactsTest fresh = new FailoverSettingFactsTest();
        for (CheckerChassisFactsTest.Fake f : fresh.sw) {
            f.start();
        }
        fresh.deliver(1500 * MS, ScId.SC1, Op.FAILOVER_ON);
        fresh.deliver(1600 * MS, ScId.SC0, Op.FAILOVER_OFF);
        boolean[] off = fresh.claimAt(2 * S, ScId.SC0);
        fresh.chassis.time().runUntil(3 * S);
        assertEquals(true, off[0]);
    }

    /** The real protocol; {@code only}'s state store keeps its epoch but forgets the failover setting. */
    private static SoftwareFactory settingAmnesia(ScId only) {
        return (hw, cfg, scheduler, lanes, listener, busy) -> {
            InMemoryStateStore disk = new InMemoryStateStore();
            StateStore store = cfg.self() != only ? disk : new StateStore() {
                @Override
                public Optional<PersistedState> load() {
                    return disk.load().map(p -> new PersistedState(p.epoch(), FailoverSetting.initial(true)));
                }

                @Override
                public void save(PersistedState s) {
                    disk.save(s);
                }
            };
            return new RuntimeSoftware(new ControllerRuntime(hw, cfg, scheduler, lanes, ControllerCore::new, listener,
                    3 * cfg.fdtNanos(), store));
        };
    }
}
