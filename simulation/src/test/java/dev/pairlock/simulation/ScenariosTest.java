package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.TraceEvent;
import org.junit.jupiter.api.Test;

/** Every named scenario, with what it specifically must show besides S1-S5 and liveness. */
class ScenariosTest {
    private static final long FDT = 1_000_000_000L;

    private static RunResult run(String name) {
        RunResult r = new PairSimulation(Scenarios.get(name).schedule(1, FDT), true).run();
        assertTrue(r.ok(), () -> name + ": " + r.violations());
        return r;
    }

    private static long count(RunResult r, TraceEvent.Kind kind) {
        return r.trace().stream().filter(e -> e.kind() == kind).count();
    }

    private static boolean becameMain(RunResult r, ScId sc) {
        return r.trace().stream().anyMatch(e -> e.kind() == TraceEvent.Kind.PROTOCOL && e.sc() == sc
                && e.a() == Role.MAIN.ordinal());
    }

    private static boolean logged(RunResult r, ScId sc, HealthEvent.Kind kind) {
        return r.health().stream().anyMatch(h -> h.sc() == sc && h.event().kind() == kind);
    }

    @Test
    void everyScenarioIsListedWithADescription() {
        assertEquals(14, Scenarios.all().size());
        Scenarios.all().values().forEach(s -> assertFalse(s.description().isBlank()));
    }

    @Test
    void simultaneousStartSc0WinsSc1YieldsWithoutAnyReset() {
        RunResult r = run("simultaneous-start");
        assertEquals(ScId.SC0, r.finalMain());
        assertFalse(becameMain(r, ScId.SC1));
        assertEquals(0, count(r, TraceEvent.Kind.RESET_ASSERT));
        assertEquals(18, r.boardsOnMain());
    }

    @Test
    void orderedStartKeepsTheFirstAsMain() {
        RunResult r = run("ordered-start");
        assertEquals(ScId.SC0, r.finalMain());
        assertFalse(becameMain(r, ScId.SC1));
        assertTrue(r.trace().stream().anyMatch(e -> e.kind() == TraceEvent.Kind.PROTOCOL && e.sc() == ScId.SC1
                && e.a() == Role.SPARE.ordinal()), "the late SC joins as SPARE");
    }

    @Test
    void theSeedsScenarioMakesTheHealthierSc1MainLongBeforeThePowerLoss() {
        RunResult r = run(Scenarios.SEED);
        assertEquals(ScId.SC1, r.finalMain());
        assertEquals(18, r.boardsOnMain());
        assertEquals(0, count(r, TraceEvent.Kind.DOMAIN_STOP_VIOLATION));
        assertFalse(becameMain(r, ScId.SC0), "SC0 reaches 5 of 18 boards: it is never MAIN");
        long sc1Main = r.trace().stream().filter(e -> e.kind() == TraceEvent.Kind.PROTOCOL && e.sc() == ScId.SC1
                && e.a() == Role.MAIN.ordinal()).findFirst().orElseThrow().time();
        // SC0's 13 hung buses were read in parallel: one bus timeout (500 ms), then SC1 claims
        assertTrue(sc1Main < FDT, () -> "SC1 MAIN at " + sc1Main);
        long allOnSc1 = lastSpllSwitchTo(r, ScId.SC1);
        assertTrue(allOnSc1 < 2 * FDT, () -> "every board on SC1's clock at " + allOnSc1);
        assertEquals(-1, r.failoverNanos(), "SC0 is SPARE when it loses power: no failover");
    }

    private static long lastSpllSwitchTo(RunResult r, ScId sc) {
        return r.trace().stream().filter(e -> e.kind() == TraceEvent.Kind.SPLL_SELECT && e.b() == sc.index())
                .mapToLong(TraceEvent::time).max().orElse(Long.MAX_VALUE);
    }

    @Test
    void aMainThatLosesItsBusesHandsOverByThePlannedPath() {
        RunResult r = run("main-loses-buses");
        assertEquals(ScId.SC1, r.finalMain());
        assertEquals(18, r.boardsOnMain());
        assertTrue(logged(r, ScId.SC0, HealthEvent.Kind.HEALTH_HANDOVER));
        assertEquals(0, count(r, TraceEvent.Kind.RESET_ASSERT), "a planned handover: nobody fenced");
        long handover = r.health().stream().filter(h -> h.event().kind() == HealthEvent.Kind.HEALTH_HANDOVER)
                .findFirst().orElseThrow().event().timeNanos();
        // the hang at 5 s shows at the MAIN's next full scan (<= 5 FDT), then 3 FDT of hysteresis
        assertTrue(handover > 8 * FDT && handover <= 5 * FDT + 5 * FDT + 3 * FDT + FDT, () -> "handover at " + handover);
        // never both leaders: S1 held (run() checks); and only one handover
        assertEquals(1, r.health().stream().filter(h -> h.event().kind() == HealthEvent.Kind.HEALTH_HANDOVER).count());
    }

    @Test
    void withTheSeedsWiringSc1ProvesADeadSc0AbsentByItsClockWithinFdtPlusOneBusTimeout() {
        RunResult r = run("seed-wiring-main-loss");
        assertEquals(ScId.SC1, r.finalMain());
        assertEquals(18, r.boardsOnMain());
        assertTrue(r.failoverNanos() > 0 && r.failoverNanos() <= FDT + 500_000_000L + 100_000_000L,
                () -> "failover took " + r.failoverNanos());
        assertTrue(r.health().stream().anyMatch(h -> h.sc() == ScId.SC1 && h.event().detail() instanceof
                HealthEvent.Detail.Takeover t && t.evidence() == HealthEvent.Detail.Takeover.Evidence.CLOCK_ABSENT));
    }

    @Test
    void deadMainIsReplacedAndTheTakeoverIsLogged() {
        RunResult r = run("main-power-loss");
        assertEquals(ScId.SC1, r.finalMain());
        assertTrue(logged(r, ScId.SC1, HealthEvent.Kind.DEAD_MAIN_TAKEOVER));
        assertTrue(r.failoverNanos() <= FDT + 600_000_000L);
    }

    @Test
    void aGcPausedMainIsFencedAndNeverWritesAgainAsMain() {
        RunResult r = run("main-gc-pause");
        assertEquals(ScId.SC1, r.finalMain());
        long resume = 5 * FDT + 3 * FDT;
        assertTrue(r.trace().stream().noneMatch(e -> e.sc() == ScId.SC0 && e.time() > 5 * FDT && e.time() < resume + 5 * FDT
                && (e.kind() == TraceEvent.Kind.SPLL_SELECT || e.kind() == TraceEvent.Kind.REF_SEL_WRITE && e.b() == 1)));
    }

    @Test
    void oneSignalAliveMeansNoTakeover() {
        for (String name : new String[] {"link-partition", "heartbeat-cut"}) {
            RunResult r = run(name);
            assertEquals(ScId.SC0, r.finalMain(), name);
            assertFalse(becameMain(r, ScId.SC1), name);
            assertTrue(logged(r, ScId.SC1, HealthEvent.Kind.SIGNAL_FAILED), name);
        }
    }

    @Test
    void localNicFaultIsReportedNotActedOn() {
        RunResult r = run("local-nic-fault");
        assertEquals(ScId.SC0, r.finalMain());
        assertFalse(becameMain(r, ScId.SC1));
        assertTrue(logged(r, ScId.SC1, HealthEvent.Kind.LOCAL_FAULT));
    }

    @Test
    void plannedSwitchoverMovesEveryBoardWithoutADomainStop() {
        RunResult r = run("planned-switchover");
        assertEquals(ScId.SC1, r.finalMain());
        assertEquals(18, r.boardsOnMain());
        assertEquals(0, count(r, TraceEvent.Kind.DOMAIN_STOP_VIOLATION));
        assertEquals(0, count(r, TraceEvent.Kind.RESET_ASSERT));
        assertTrue(logged(r, ScId.SC0, HealthEvent.Kind.SWITCHOVER_STARTED));
    }

    @Test
    void switchoverIsRefusedWhileOutOfSync() {
        RunResult r = run("switchover-refused-sync");
        assertEquals(ScId.SC0, r.finalMain());
        assertFalse(becameMain(r, ScId.SC1));
        assertTrue(logged(r, ScId.SC0, HealthEvent.Kind.SWITCHOVER_REFUSED));
    }

    @Test
    void failoverOffOnTheMainReachesTheSpareWhichThenDoesNotTakeOver() {
        RunResult r = run("failover-off-pair-wide");
        assertTrue(r.trace().stream().noneMatch(e -> e.kind() == TraceEvent.Kind.PROTOCOL && e.sc() == ScId.SC1
                && e.a() == Role.MAIN.ordinal() && e.time() < 15 * FDT), "no takeover while failover is off");
        assertTrue(logged(r, ScId.SC1, HealthEvent.Kind.FAILOVER_DISABLED_PEER_DEAD));
        assertTrue(r.health().stream().anyMatch(h -> h.sc() == ScId.SC1 && h.event().kind() == HealthEvent.Kind.FAILOVER_MODE
                && h.event().detail() instanceof FailoverSetting fs && !fs.enabled() && fs.reason() == FailoverSetting.Reason.OPERATOR),
                "SC1 adopted the MAIN's setting");
        assertEquals(-1, r.failoverNanos(), "a pair whose failover is off has no failover to measure");
        assertEquals(18, r.boardsOnMain(), "after the power returns the pair re-forms");
    }

    @Test
    void boardInsertedDuringFailoverEndsOnTheNewMainsClock() {
        RunResult r = run("hot-insert-during-failover");
        assertEquals(ScId.SC1, r.finalMain());
        assertEquals(18, r.boardsPresent());
        assertEquals(18, r.boardsOnMain());
        assertTrue(count(r, TraceEvent.Kind.BOARD_INSERT) == 1);
    }
}
