package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Command;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Proof that every rule of the checker can fire: for each of S3, S4, S5 and liveness a deliberately
 * broken controller (plugged in through {@link SoftwareFactory}, like the seed's naive protocol for
 * S1/S2) runs a scenario and the checker must report exactly that rule. If the rule were removed
 * from {@link SafetyChecker}, the test would go red.
 */
class EveryRuleCanFailTest {
    private static final long S = 1_000_000_000L;
    private static final long FDT = S;

    private static Set<String> rules(RunResult r) {
        Set<String> out = new TreeSet<>();
        r.violations().forEach(v -> out.add(v.property()));
        return out;
    }

    private static RunResult runScenario(String name, SoftwareFactory factory) {
        return new PairSimulation(Scenarios.get(name).schedule(1, FDT), true, factory).run();
    }

    /** Running chassis (SC0 leads), both SCs started at 0, the given faults, faults healed at 15 s. */
    private static RunResult run(SoftwareFactory factory, Action... faults) {
        ChassisConfig cc = ChassisConfig.defaults().withSeed(1).withInitialState(InitialState.RUNNING_SC0_LEADS);
        List<Action> actions = new java.util.ArrayList<>(List.of(
                new Action.StartSoftware(0, ScId.SC0), new Action.StartSoftware(0, ScId.SC1)));
        actions.addAll(List.of(faults));
        return new PairSimulation(new Schedule("broken", 1, cc, FDT, actions, 15 * S, 30 * S), true, factory).run();
    }

    private static void assertOnly(String rule, RunResult r) {
        assertEquals(Set.of(rule), rules(r), () -> "expected exactly " + rule + ": " + r.violations());
    }

    @Test
    void s3MainWhoseWatchdogIgnoresTheLeaseAfterAGcPause() {
        // 0.8 FDT: longer than the lease (FDT/2), shorter than the peer's detection: nobody else takes over
        RunResult r = run(RoleCachingWatchdog.factory(),
                new Action.InjectFault(5 * S, new Fault.Stall(ScId.SC0, Duration.ofNanos(8 * FDT / 10))));
        assertOnly("S3", r);
        assertTrue(r.violations().getFirst().detail().contains("REF_SEL=LEADER"), r.violations()::toString);
    }

    @Test
    void s3IsJudgedFromTheStallNotFromTheLeaseTheSoftwareReports() {
        // a MAIN that reports an endless lease, frozen for 2 FDT, writes LEADER again when it thaws
        RunResult r = run(ScriptedSoftware.factory(1, 1),
                new Action.InjectFault(5 * S, new Fault.Stall(ScId.SC0, Duration.ofNanos(2 * FDT))));
        assertOnly("S3", r);
        assertTrue(r.violations().getFirst().timeNanos() >= 7 * S, r.violations()::toString);
        // the same software without the pause is not flagged: the verdict comes from the pause
        assertTrue(run(ScriptedSoftware.factory(1, 1)).ok());
    }

    @Test
    void s4MainWhileThePeerStillHoldsMainAuthority() {
        // SC1 takes MAIN (epoch 2) without ack, fence or absence while SC0 is MAIN with a valid lease.
        // The checker's "proven absent" is "the peer holds no MAIN authority", so S4 fires together
        // with S1 (and S5: a live MAIN replaced unlogged); a running SPARE in another epoch is accepted as absent (see the report)
        RunResult r = new PairSimulation(new Schedule("broken", 1, ChassisConfig.defaults().withSeed(1)
                .withInitialState(InitialState.RUNNING_SC0_LEADS), FDT, List.of(new Action.StartSoftware(0, ScId.SC0),
                new Action.StartSoftware(50_000_000L, ScId.SC1)), 15 * S, 30 * S), true,
                ScriptedSoftware.bothSelfAppointed()).run();
        assertTrue(rules(r).contains("S4"), r.violations()::toString);
        assertEquals(Set.of("S1", "S4", "S5"), rules(r).stream().filter(x -> !x.equals("LIVENESS"))
                .collect(java.util.stream.Collectors.toSet()), r.violations()::toString);
    }

    @Test
    void s5SwitchoverFromALiveMainWhileNotInSync() {
        // both SCs deaf to the sync engine: setfailover force is not refused while out of sync
        SoftwareFactory syncBlind = BrokenLogic.factory(null,
                e -> e instanceof Event.SyncStatus s && !s.priority1InSync(), c -> false);
        RunResult r = runScenario("switchover-refused-sync", syncBlind);
        assertOnly("S5", r);
        assertEquals(ScId.SC1, r.finalMain());
    }

    @Test
    void s5DeadMainTakeoverThatIsNotLogged() {
        SoftwareFactory silent = BrokenLogic.factory(null, e -> false,
                c -> c instanceof Command.Log l && l.event().kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER);
        RunResult r = runScenario("main-power-loss", silent);
        assertOnly("S5", r);
        assertEquals(ScId.SC1, r.finalMain());
    }

    @Test
    void livenessMainThatNeverMovesTheBoards() {
        SoftwareFactory lazy = BrokenLogic.factory(ScId.SC1, e -> false, c -> c instanceof Command.SwitchSpllIfLocked);
        RunResult r = runScenario("main-power-loss", lazy);
        assertOnly("LIVENESS", r);
    }
}
