package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Event.Operator.Op;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.LinkDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * FAILOVER_OFF where the off reached the SC only over the peer link: the operator tells the MAIN
 * (SC0), every frame SC0 sends then carries it, and SC1 is held to it only if the link really
 * delivered such a frame to its running, unfrozen software ({@link LinkSettingFacts}). Each schedule:
 * a running chassis (SC0 MAIN, SC1 SPARE), both SCs started at 0, faults healed at 15 s; SC0 loses
 * power, and whether SC1 may take over is the question.
 */
class FailoverSettingLinkTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static RunResult run(SoftwareFactory software, Action... actions) {
        return run(software, false, actions);
    }

    private static RunResult run(SoftwareFactory software, boolean disableAfterFailover, Action... actions) {
        ChassisConfig cc = ChassisConfig.defaults().withSeed(1).withInitialState(InitialState.RUNNING_SC0_LEADS);
        List<Action> all = new ArrayList<>(List.of(new Action.StartSoftware(0, ScId.SC0), new Action.StartSoftware(0, ScId.SC1)));
        all.addAll(List.of(actions));
        return new PairSimulation(new Schedule("link", 1, cc, S, all, 15 * S, 30 * S, disableAfterFailover), true, software).run();
    }

    /**
     * The rules {@code r} broke, but for the one a deaf SC1 breaks by its deafness alone: SC0 comes
     * back at 15 s with its off, SC1 never adopts it, and the pair ends disagreeing (LIVENESS).
     */
    private static Set<String> rules(RunResult r) {
        Set<String> out = new TreeSet<>();
        r.violations().stream().filter(v -> !v.detail().contains("the failover settings differ"))
                .forEach(v -> out.add(v.property()));
        return out;
    }

    private static final String SENT = SentSettingRule.RULE;

    /**
     * When the deaf SC first sent a frame without the off it surely held (FAILOVER_OFF_SENT: it never
     * echoes what it did not hear), or -1: the deafness shows first in what it sends.
     */
    private static long deafnessSent(RunResult r) {
        return r.violations().stream().filter(v -> v.property().equals(SENT)).mapToLong(Violation::timeNanos)
                .findFirst().orElse(-1);
    }

    /** SC1 logged a takeover of a MAIN before the faults healed. */
    private static boolean sc1TookOver(RunResult r) {
        return r.health().stream().anyMatch(h -> h.sc() == ScId.SC1
                && h.event().kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER && h.event().timeNanos() < 15 * S);
    }

    private static final SoftwareFactory SC1_DEAF = PeerOffDeafLogic.factory(ScId.SC1);

    @Test
    void anOffThatReachedTheSpareOnlyOverTheLinkHoldsIt() {
        // SC1 was never told off itself: only SC0's frames carried it. The deaf SC1 says "on", takes
        // over, and is caught; the real one adopted the off and does not take over.
        Action[] schedule = {new Action.OperatorCommand(3 * S, ScId.SC0, Op.FAILOVER_OFF),
                new Action.InjectFault(5 * S, new Fault.PowerOff(ScId.SC0))};
        RunResult deaf = run(SC1_DEAF, schedule);
        assertTrue(sc1TookOver(deaf), deaf.health()::toString);
        assertEquals(Set.of("FAILOVER_OFF", SENT), rules(deaf), deaf.violations()::toString);
        assertTrue(deafnessSent(deaf) > 3 * S && deafnessSent(deaf) < 5 * S, deaf.violations()::toString);
        RunResult real = run(SoftwareFactory.PAIRLOCK, schedule);
        assertTrue(real.ok(), real.violations()::toString);
        assertFalse(sc1TookOver(real), "the off spread over the link holds on the real protocol");
    }

    @Test
    void anOffTheMainTookButNeverSentLetsTheSpareTakeOverRightlyAndTheMainIsCaught() {
        // SC0 takes the off and keeps it, but its frames carry its old on: SC1 never learns it and
        // takes over rightly by what it heard (no FAILOVER_OFF). The off is lost to the pair, and only
        // what SC0 sent can tell: its first frame after the off's instant.
        Action[] schedule = {new Action.OperatorCommand(3 * S, ScId.SC0, Op.FAILOVER_OFF),
                new Action.InjectFault(5 * S, new Fault.PowerOff(ScId.SC0))};
        RunResult mute = run(OffUnsentLogic.factory(ScId.SC0), schedule);
        assertTrue(sc1TookOver(mute), mute.health()::toString);
        assertEquals(Set.of(SentSettingRule.RULE), rules(mute), mute.violations()::toString);
        Violation v = mute.violations().getFirst();
        assertTrue(v.timeNanos() > 3 * S && v.timeNanos() < 3 * S + S / 2, v::toString);
        assertTrue(v.detail().startsWith("SC0 sent ") && v.detail().contains("carrying failover on of generation 0"
                + " while it surely held failover off of generation 1 or above"), v::toString);
        RunResult real = run(SoftwareFactory.PAIRLOCK, schedule);
        assertTrue(real.ok(), real.violations()::toString);
        assertFalse(sc1TookOver(real));
    }

    @Test
    void anOffTheLinkNeverDeliveredIsNoFact() {
        // SC0 -> SC1 is cut before the off: SC0's frames carry it, none arrives. SC1 never learned it,
        // so its takeover is right, deaf or not (a record of what SC0 sent would call it a violation).
        Action[] schedule = {new Action.InjectFault(2 * S, new Fault.Partition(LinkDirection.SC0_TO_SC1)),
                new Action.OperatorCommand(3 * S, ScId.SC0, Op.FAILOVER_OFF),
                new Action.InjectFault(5 * S, new Fault.PowerOff(ScId.SC0))};
        for (SoftwareFactory software : List.of(SoftwareFactory.PAIRLOCK, SC1_DEAF)) {
            RunResult r = run(software, schedule);
            // the deaf SC1 is first told the off once the faults heal (15 s), and then never echoes it
            assertEquals(software == SC1_DEAF ? Set.of(SENT) : Set.of(), rules(r), r.violations()::toString);
            assertTrue(software == SC1_DEAF ? deafnessSent(r) > 15 * S : deafnessSent(r) < 0, r.violations()::toString);
            assertTrue(sc1TookOver(r), r.health()::toString);
        }
        assertTrue(run(SoftwareFactory.PAIRLOCK, schedule).ok(), "the real pair ends agreeing on the setting");
    }

    @Test
    void anOffDeliveredOnlyWhileTheSpareWasFrozenIsNoFact() {
        // SC1 is frozen from 3 s to 5 s; the off comes to SC0 at 3.5 s and SC0 dies at 4 s. Every frame
        // carrying the off arrived during the stall and waited more than a tick: the runtime drops
        // them as stale, SC1 wakes with failover on and takes over, rightly.
        Action[] schedule = {new Action.InjectFault(3 * S, new Fault.Stall(ScId.SC1, Duration.ofSeconds(2))),
                new Action.OperatorCommand(3500 * MS, ScId.SC0, Op.FAILOVER_OFF),
                new Action.InjectFault(4 * S, new Fault.PowerOff(ScId.SC0))};
        for (SoftwareFactory software : List.of(SoftwareFactory.PAIRLOCK, SC1_DEAF)) {
            RunResult r = run(software, schedule);
            // the deaf SC1 is first told the off once the faults heal (15 s), and then never echoes it
            assertEquals(software == SC1_DEAF ? Set.of(SENT) : Set.of(), rules(r), r.violations()::toString);
            assertTrue(software == SC1_DEAF ? deafnessSent(r) > 15 * S : deafnessSent(r) < 0, r.violations()::toString);
            assertTrue(sc1TookOver(r), r.health()::toString);
        }
        assertTrue(run(SoftwareFactory.PAIRLOCK, schedule).ok(), "the real pair ends agreeing on the setting");
    }

    @Test
    void anOnOfItsOwnOutranksAnOffItHeardOverTheLink() {
        // partitioned, SC1 is told on twice (generation 2) and SC0 off (generation 1); only SC0 -> SC1
        // heals, so SC1 hears the off and SC0 never hears the on. By the protocol's rule SC1 keeps its
        // on (the higher generation) and its takeover is right: the off it surely took is outranked.
        RunResult r = run(SoftwareFactory.PAIRLOCK,
                new Action.InjectFault(2 * S, new Fault.Partition(LinkDirection.BOTH)),
                new Action.OperatorCommand(2500 * MS, ScId.SC1, Op.FAILOVER_ON),
                new Action.OperatorCommand(2600 * MS, ScId.SC1, Op.FAILOVER_ON),
                new Action.OperatorCommand(3 * S, ScId.SC0, Op.FAILOVER_OFF),
                new Action.InjectFault(4 * S, new Fault.HealPartition(LinkDirection.SC0_TO_SC1)),
                new Action.InjectFault(6 * S, new Fault.PowerOff(ScId.SC0)));
        assertTrue(r.ok(), r.violations()::toString);
        assertTrue(sc1TookOver(r), r.health()::toString);
    }

    @Test
    void aLaterOnOverTheLinkEndsTheFact() {
        // off then on, both to SC0, both spread over the link: the on (higher generation) wins on SC1 too
        Action[] schedule = {new Action.OperatorCommand(3 * S, ScId.SC0, Op.FAILOVER_OFF),
                new Action.OperatorCommand(4 * S, ScId.SC0, Op.FAILOVER_ON),
                new Action.InjectFault(6 * S, new Fault.PowerOff(ScId.SC0))};
        for (SoftwareFactory software : List.of(SoftwareFactory.PAIRLOCK, SC1_DEAF)) {
            RunResult r = run(software, schedule);
            // the deaf SC1 held the off from 3 s to 4 s without echoing it: only its takeover is right
            assertEquals(software == SC1_DEAF ? Set.of(SENT) : Set.of(), rules(r), r.violations()::toString);
            assertTrue(software == SC1_DEAF ? deafnessSent(r) > 3 * S && deafnessSent(r) < 4 * S : deafnessSent(r) < 0,
                    r.violations()::toString);
            assertTrue(sc1TookOver(r), r.health()::toString);
        }
        assertTrue(run(SoftwareFactory.PAIRLOCK, schedule).ok(), "the real pair ends agreeing on the setting");
    }

    @Test
    void anOnGivenToAnScThatIsNotRunningOutranksNothingItHearsLater() {
        // SMS's rule is on: SC1 takes over the powered-off SC0 and turns failover off (after failover).
        // An on given to SC0 while it has no power is lost; SC0 boots, and SC1's frames carry the off.
        // The deaf SC0 ignores it and takes over when SC1 dies: caught. (The on's ceiling, 3, would
        // outrank the off's generation 1, but it made nothing: no software ran to take it.)
        Action[] schedule = {new Action.InjectFault(3 * S, new Fault.PowerOff(ScId.SC0)),
                new Action.OperatorCommand(5 * S, ScId.SC0, Op.FAILOVER_ON),
                new Action.InjectFault(6 * S, new Fault.PowerOn(ScId.SC0)),
                new Action.InjectFault(9 * S, new Fault.PowerOff(ScId.SC1))};
        RunResult deaf = run(PeerOffDeafLogic.factory(ScId.SC0), true, schedule);
        assertEquals(Set.of("FAILOVER_OFF", SENT), rules(deaf), deaf.violations()::toString);
        RunResult real = run(SoftwareFactory.PAIRLOCK, true, schedule);
        assertTrue(real.ok(), real.violations()::toString);
        assertFalse(real.health().stream().anyMatch(h -> h.sc() == ScId.SC0
                && h.event().kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER), "the real SC0 holds the off it heard");
    }

    @Test
    void anOnMadeBeforeTheOffWasHeardIsBoundedByWhatItsScHadHeard() {
        // partitioned, SC0 is told on then off (generation 2) and SC1 on: SC1 has heard nothing above
        // generation 0, so its on is generation 1, below the off it hears when the link heals. The pair
        // made three changes, a ceiling that alone could not rule out an on above the off.
        Action[] schedule = {new Action.InjectFault(2 * S, new Fault.Partition(LinkDirection.BOTH)),
                new Action.OperatorCommand(2500 * MS, ScId.SC0, Op.FAILOVER_ON),
                new Action.OperatorCommand(3 * S, ScId.SC0, Op.FAILOVER_OFF),
                new Action.OperatorCommand(3500 * MS, ScId.SC1, Op.FAILOVER_ON),
                new Action.InjectFault(4500 * MS, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(7 * S, new Fault.PowerOff(ScId.SC0))};
        RunResult deaf = run(SC1_DEAF, schedule);
        assertTrue(sc1TookOver(deaf), deaf.health()::toString);
        assertEquals(Set.of("FAILOVER_OFF", SENT), rules(deaf), deaf.violations()::toString);
        RunResult real = run(SoftwareFactory.PAIRLOCK, schedule);
        assertTrue(real.ok(), real.violations()::toString);
        assertFalse(sc1TookOver(real), "the real SC1 adopts the off of the higher generation");
    }
}
