package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.Command;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.LinkDirection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The checker re-reads a fact only after an event that can have changed it ({@link SafetyChecker.Mode#INCREMENTAL}).
 * These tests hold it to the full re-read after every event ({@link SafetyChecker.Mode#FULL}): over random
 * schedules, with the real protocol and with deliberately broken ones (so that rules fire), the
 * incremental facts equal the full ones after every event ({@link SafetyChecker.Mode#VERIFIED} throws at the
 * first difference) and both modes report the same violations, word for word and at the same instants.
 */
class IncrementalCheckerTest {
    private static final long S = 1_000_000_000L;

    /** Software that breaks rules in different ways, and the real protocol. */
    private static final List<SoftwareFactory> SOFTWARE = List.of(
            SoftwareFactory.PAIRLOCK,
            (hw, cfg, scheduler, lanes, listener, busy) -> new NaiveSeedSoftware(hw, scheduler, listener, busy, cfg.slots()),
            BrokenLogic.factory(null, e -> e instanceof Event.SyncStatus s && !s.priority1InSync(), c -> false),
            BrokenLogic.factory(null, e -> false,
                    c -> c instanceof Command.Log l && l.event().kind() == HealthEvent.Kind.DEAD_MAIN_TAKEOVER),
            BrokenLogic.factory(ScId.SC1, e -> false, c -> c instanceof Command.SwitchSpllIfLocked),
            BrokenLogic.factory(ScId.SC0, e -> false, c -> c instanceof Command.Beat),
            BrokenLogic.factory(ScId.SC1, e -> false, c -> c instanceof Command.Send),
            LyingLogic.factory(ScId.SC0, LyingLogic.Lie.MAIN_ON_CLAIM),
            LyingLogic.factory(ScId.SC1, LyingLogic.Lie.SETTING_IGNORED),
            BrokenLogic.factory(ScId.SC1, e -> e instanceof Event.Operator o && o.op() == Event.Operator.Op.FAILOVER_OFF,
                    c -> false),
            LyingLogic.amnesia(ScId.SC0),
            PeerOffDeafLogic.factory(ScId.SC1),
            OffUnsentLogic.factory(ScId.SC0),
            RoleCachingWatchdog.factory(),
            ScriptedSoftware.factory(1, 1));

    private static RunResult run(Schedule s, SoftwareFactory software, SafetyChecker.Mode mode) {
        return new PairSimulation(s, false, software).checkerMode(mode).run();
    }

    private static void assertSameVerdicts(RunResult full, RunResult incremental) {
        assertEquals(full.violations(), incremental.violations());
        assertEquals(full.violationCount(), incremental.violationCount());
        assertEquals(full.traceHash(), incremental.traceHash());
        assertEquals(full.events(), incremental.events());
        assertEquals(full.failoverNanos(), incremental.failoverNanos());
        assertEquals(full.takeoverNanos(), incremental.takeoverNanos());
    }

    @Provide
    Arbitrary<Long> fdts() {
        return Arbitraries.of(100_000_000L, 250_000_000L, S, 2 * S);
    }

    @Property(tries = 300)
    void incrementalFactsEqualAFullReReadAfterEveryEvent(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long seed,
                                                         @ForAll("fdts") long fdt,
                                                         @ForAll @IntRange(min = 0, max = 14) int software) {
        Schedule s = ScheduleGenerator.generate(seed, fdt);
        SoftwareFactory f = SOFTWARE.get(software);
        RunResult verified = run(s, f, SafetyChecker.Mode.VERIFIED); // throws at the first difference
        RunResult full = run(s, f, SafetyChecker.Mode.FULL);
        assertSameVerdicts(full, verified);
        assertSameVerdicts(full, run(s, f, SafetyChecker.Mode.INCREMENTAL));
    }

    @Test
    void everyScenarioWithEverySoftwareGivesTheSameVerdicts() {
        for (Scenarios.Scenario sc : Scenarios.all().values()) {
            for (SoftwareFactory f : SOFTWARE) {
                Schedule s = sc.schedule(1, S);
                assertSameVerdicts(run(s, f, SafetyChecker.Mode.FULL), run(s, f, SafetyChecker.Mode.VERIFIED));
            }
        }
    }

    /**
     * Where the incremental checker could miss: the peer's paths come back while nothing about the
     * software changes (both keep emitting; only the chassis heals the partition and the lines), so
     * only the heal's trace events tell the checker to re-read them. A claimant that then calls
     * itself MAIN at once, with its peer within reach again, breaks S4 — in both modes.
     */
    @Test
    void s4FiresAfterPathsHealWithNoChangeInTheSoftware() {
        ChassisConfig cc = ChassisConfig.defaults().withSeed(1);
        List<Action> actions = new ArrayList<>(List.of(
                new Action.InjectFault(0, new Fault.Partition(LinkDirection.BOTH)),
                new Action.InjectFault(0, new Fault.CutHeartbeat(ScId.SC0)),
                new Action.InjectFault(0, new Fault.CutHeartbeat(ScId.SC1)),
                new Action.StartSoftware(0, ScId.SC1),
                new Action.InjectFault(200_000_000L, new Fault.HealPartition(LinkDirection.BOTH)),
                new Action.InjectFault(200_000_000L, new Fault.RestoreHeartbeat(ScId.SC0)),
                new Action.InjectFault(200_000_000L, new Fault.RestoreHeartbeat(ScId.SC1)),
                new Action.StartSoftware(500_000_000L, ScId.SC0)));
        Schedule s = new Schedule("heal", 1, cc, S, actions, 15 * S, 30 * S);
        SoftwareFactory lying = LyingLogic.factory(ScId.SC0, LyingLogic.Lie.MAIN_ON_CLAIM);
        RunResult full = run(s, lying, SafetyChecker.Mode.FULL);
        RunResult incremental = run(s, lying, SafetyChecker.Mode.INCREMENTAL);
        assertSameVerdicts(full, incremental);
        assertSameVerdicts(full, run(s, lying, SafetyChecker.Mode.VERIFIED));
        Set<String> rules = new TreeSet<>();
        incremental.violations().forEach(v -> rules.add(v.property()));
        assertEquals(Set.of("S4"), rules, incremental.violations()::toString);
        assertTrue(incremental.violations().getFirst().detail().contains("within reach"), incremental.violations()::toString);
    }
}
