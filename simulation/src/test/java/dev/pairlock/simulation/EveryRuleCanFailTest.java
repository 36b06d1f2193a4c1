package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Command;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Event.Operator.Op;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.LinkDirection;
import dev.pairlock.mock.TraceEvent;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.InitialState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Proof that every rule of the checker can fire: for each of S3, S4 (alone), S5 (every kind), EPOCH,
 * FAILOVER_OFF (with FAILOVER_OFF_SENT: its core never took the off, so its frames never carry it),
 * FAILOVER_OFF_SENT and liveness a deliberately broken controller (plugged in through
 * {@link SoftwareFactory}, like the seed's naive protocol for S1/S2) runs a scenario and the checker
 * must report exactly that rule. If the rule were removed
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
        // SC1 takes MAIN (epoch 2) without ack, fence or absence while SC0 is MAIN with a valid lease:
        // S4 fires together with S1 (two authorities) and S5 (a live MAIN replaced, unlogged)
        RunResult r = new PairSimulation(new Schedule("broken", 1, ChassisConfig.defaults().withSeed(1)
                .withInitialState(InitialState.RUNNING_SC0_LEADS), FDT, List.of(new Action.StartSoftware(0, ScId.SC0),
                new Action.StartSoftware(50_000_000L, ScId.SC1)), 15 * S, 30 * S), true,
                ScriptedSoftware.bothSelfAppointed()).run();
        assertTrue(rules(r).contains("S4"), r.violations()::toString);
        assertEquals(Set.of("S1", "S4", "S5"), rules(r).stream().filter(x -> !x.equals("LIVENESS"))
                .collect(java.util.stream.Collectors.toSet()), r.violations()::toString);
    }

    @Test
    void s4AloneAClaimantThatCallsItselfMainBeforeAnyAck() {
        // SC1 starts first; SC0 starts later, hears SC1 undecided, claims, and reports MAIN at once.
        // SC1 is running, undecided and within reach: not confirmed, fenced or absent. It then yields
        // to the claim and never holds authority: S4 and nothing else.
        ChassisConfig cc = ChassisConfig.defaults().withSeed(1);
        RunResult r = new PairSimulation(new Schedule("broken", 1, cc, FDT, List.of(new Action.StartSoftware(0, ScId.SC1),
                new Action.StartSoftware(500_000_000L, ScId.SC0)), 15 * S, 30 * S), true,
                LyingLogic.factory(ScId.SC0, LyingLogic.Lie.MAIN_ON_CLAIM)).run();
        assertOnly("S4", r);
        assertTrue(r.violations().getFirst().detail().contains("within reach"), r.violations()::toString);
    }

    @Test
    void s5AloneATakeoverOfALiveMainWhileOutOfSyncEvenIfLogged() {
        // SC1 deaf to the sync engine: the link and both heartbeat lines fail while SC0 is MAIN and
        // priority-1 is out of sync; SC1 sees SC0 dead (it is alive), fences it and takes over, logged
        SoftwareFactory syncBlind = BrokenLogic.factory(ScId.SC1,
                e -> e instanceof Event.SyncStatus s && !s.priority1InSync(), c -> false);
        RunResult r = run(syncBlind, new Action.Sync(4 * S, false),
                new Action.InjectFault(5 * S, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(5 * S, new Fault.CutHeartbeat(ScId.SC0)),
                new Action.InjectFault(5 * S, new Fault.CutHeartbeat(ScId.SC1)));
        assertOnly("S5", r);
        assertTrue(r.violations().getFirst().detail().contains("alive when the claim began"), r.violations()::toString);
        assertTrue(r.health().stream().anyMatch(h -> h.sc() == ScId.SC1 && h.event().kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER));
    }

    @Test
    void s5AloneSyncLostBetweenTheClaimAndTheFence() {
        // seed 814004's one-way partition: SC0 hands over to SC1, never hears the new MAIN and claims
        // at its handover deadline (11.0 s) in sync; sync is lost at 11.2 s, before its fence (11.5 s).
        // SC0 deaf to the sync engine fences the live MAIN out of sync; the real one defers.
        long lost = 11_200_000_000L;
        long back = 12_500_000_000L;
        SoftwareFactory syncBlind = BrokenLogic.factory(ScId.SC0,
                e -> e instanceof Event.SyncStatus s && !s.priority1InSync(), c -> false);
        RunResult r = new PairSimulation(RegressionSchedulesTest.seed814004(lost, back), true, syncBlind).run();
        assertOnly("S5", r);
        assertTrue(r.violations().getFirst().detail().contains("alive when the claim began"), r.violations()::toString);
        RunResult real = new PairSimulation(RegressionSchedulesTest.seed814004(lost, back), true).run();
        assertTrue(real.ok(), real.violations()::toString);
    }

    @Test
    void epochAScThatForgetsItsEpochClaimsOneItHeldBefore() {
        // SC0 is MAIN in epoch 1; its state store forgets. It restarts cut off from SC1 (link and
        // heartbeat), claims epoch 1 again and fences SC1 (a SPARE: S4 is satisfied, S5 has no MAIN
        // to speak of: SC0's own term ended at its restart)
        RunResult r = run(LyingLogic.amnesia(ScId.SC0),
                new Action.InjectFault(5 * S, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(5 * S, new Fault.CutHeartbeat(ScId.SC1)),
                new Action.StartSoftware(5 * S + 1, ScId.SC0));
        assertOnly("EPOCH", r);
        // the real store keeps it: the same schedule holds
        assertTrue(run(SoftwareFactory.PAIRLOCK,
                new Action.InjectFault(5 * S, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(5 * S, new Fault.CutHeartbeat(ScId.SC1)),
                new Action.StartSoftware(5 * S + 1, ScId.SC0)).ok());
    }

    /** FAILOVER_OFF at the takeover, and FAILOVER_OFF_SENT before it: a core that never took the off never sends it. */
    private static void assertOffTakeoverAndUnsentOff(RunResult r) {
        assertEquals(Set.of("FAILOVER_OFF", SentSettingRule.RULE), rules(r), r.violations()::toString);
        Violation sent = r.violations().stream().filter(v -> v.property().equals(SentSettingRule.RULE)).findFirst().orElseThrow();
        Violation off = r.violations().stream().filter(v -> v.property().equals("FAILOVER_OFF")).findFirst().orElseThrow();
        assertTrue(sent.timeNanos() > 3 * S && sent.timeNanos() < off.timeNanos(), r.violations()::toString);
    }

    @Test
    void failoverOffASpareThatSaysOffButTakesOverAnyway() {
        RunResult r = run(LyingLogic.factory(ScId.SC1, LyingLogic.Lie.SETTING_IGNORED),
                new Action.OperatorCommand(3 * S, ScId.SC1, Op.FAILOVER_OFF),
                new Action.InjectFault(5 * S, new Fault.PowerOff(ScId.SC0)));
        assertOffTakeoverAndUnsentOff(r);
        // the real protocol, told off on the SPARE, keeps off: the MAIN's loss is not taken over
        RunResult real = run(SoftwareFactory.PAIRLOCK, new Action.OperatorCommand(3 * S, ScId.SC1, Op.FAILOVER_OFF),
                new Action.InjectFault(5 * S, new Fault.PowerOff(ScId.SC0)));
        assertTrue(real.ok(), real.violations()::toString);
        assertTrue(real.trace().stream().noneMatch(e -> e.kind() == TraceEvent.Kind.PROTOCOL && e.sc() == ScId.SC1
                && e.a() == Role.MAIN.ordinal() && e.time() < 15 * S), "no takeover until the faults end");
    }

    @Test
    void failoverOffASpareThatDropsSetfailoverOffAndTakesOver() {
        // SC1's core never gets the command: its software says "on", honestly by its own lights, and
        // takes over. The checker's facts come from the command the simulator delivered, not from it.
        SoftwareFactory deaf = BrokenLogic.factory(ScId.SC1,
                e -> e instanceof Event.Operator o && o.op() == Op.FAILOVER_OFF, c -> false);
        RunResult r = run(deaf, new Action.OperatorCommand(3 * S, ScId.SC1, Op.FAILOVER_OFF),
                new Action.InjectFault(5 * S, new Fault.PowerOff(ScId.SC0)));
        assertOffTakeoverAndUnsentOff(r);
        assertTrue(r.health().stream().anyMatch(h -> h.sc() == ScId.SC1
                && h.event().kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER && h.event().timeNanos() < 15 * S), r.health()::toString);
    }

    @Test
    void failoverOffSentAMainThatTakesTheOffButSendsItsOldOn() {
        // SC0 keeps the off itself, its frames say on; an on later ends it (and the pair agrees again)
        RunResult r = run(OffUnsentLogic.factory(ScId.SC0), new Action.OperatorCommand(3 * S, ScId.SC0, Op.FAILOVER_OFF),
                new Action.OperatorCommand(6 * S, ScId.SC0, Op.FAILOVER_ON));
        assertOnly(SentSettingRule.RULE, r);
        assertTrue(r.violations().getFirst().timeNanos() < 6 * S, r.violations()::toString);
        assertTrue(run(SoftwareFactory.PAIRLOCK, new Action.OperatorCommand(3 * S, ScId.SC0, Op.FAILOVER_OFF),
                new Action.OperatorCommand(6 * S, ScId.SC0, Op.FAILOVER_ON)).ok());
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
