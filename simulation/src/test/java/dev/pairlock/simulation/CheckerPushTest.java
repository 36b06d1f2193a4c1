package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;

import org.junit.jupiter.api.Test;

/**
 * The checker's fast path reads only its own fields: the software's runtime pushes every move of
 * its state version ({@code ControllerRuntime.Listener.onStateChange}), and the checker skips the
 * pass after an event that pushed nothing. A writer that forgets its push must not go unnoticed:
 * {@link SafetyChecker.Mode#VERIFIED} (what {@link IncrementalCheckerTest} runs) throws at the first
 * skipped pass after a move. Here the runtime's pushes are dropped on their way to the simulator.
 */
class CheckerPushTest {
    private static final long S = 1_000_000_000L;

    /** The real protocol, with a listener that passes everything on but the pushes of its state. */
    private static final SoftwareFactory UNPUSHED = (hw, cfg, scheduler, lanes, listener, busyNanos) ->
            SoftwareFactory.PAIRLOCK.create(hw, cfg, scheduler, lanes, new ForwardingListener(listener) {
                @Override
                public void onStateChange(ScId sc) {
                }

                @Override
                public void onLeaseRenewed(ScId sc) {
                }
            }, busyNanos);

    /** The real protocol, with every state push relabelled as a lease renewal (a runtime that misjudges one). */
    private static final SoftwareFactory ALL_RENEWALS = (hw, cfg, scheduler, lanes, listener, busyNanos) ->
            SoftwareFactory.PAIRLOCK.create(hw, cfg, scheduler, lanes, new ForwardingListener(listener) {
                @Override
                public void onStateChange(ScId sc) {
                    listener.onLeaseRenewed(sc);
                }
            }, busyNanos);

    /** The real protocol, its renewals dropped on their way (the checker's S1 reads would go stale). */
    private static final SoftwareFactory NO_RENEWALS = (hw, cfg, scheduler, lanes, listener, busyNanos) ->
            SoftwareFactory.PAIRLOCK.create(hw, cfg, scheduler, lanes, new ForwardingListener(listener) {
                @Override
                public void onLeaseRenewed(ScId sc) {
                }
            }, busyNanos);

    /**
     * The checker takes a renewal's push as a hint and checks it against its own reads (authority
     * held at the last pass and now, the same epoch and setting): a runtime that calls every change
     * a renewal costs the fast path, never a verdict. Same results, and the verified mode holds.
     */
    @Test
    void aChangePushedAsARenewalChangesNoVerdict() {
        for (long seed = 1; seed <= 60; seed++) {
            assertSameRun(ScheduleGenerator.generate(seed, S));
        }
        for (Scenarios.Scenario sc : Scenarios.all().values()) {
            assertSameRun(sc.schedule(1, S));
        }
    }

    private static void assertSameRun(Schedule s) {
        RunResult honest = new PairSimulation(s, false, SoftwareFactory.PAIRLOCK).run();
        RunResult relabelled = new PairSimulation(s, false, ALL_RENEWALS).checkerMode(SafetyChecker.Mode.VERIFIED).run();
        assertEquals(honest.violations(), relabelled.violations());
        assertEquals(honest.traceHash(), relabelled.traceHash());
    }

    @Test
    void aRenewalNotPushedIsCaughtByTheVerifiedMode() {
        Schedule s = ScheduleGenerator.generate(1, S);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PairSimulation(s, false, NO_RENEWALS).checkerMode(SafetyChecker.Mode.VERIFIED).run());
        assertTrue(e.getMessage().contains("skipped the pass"), e.getMessage());
    }

    @Test
    void aStateMoveThatIsNotPushedIsCaughtByTheVerifiedMode() {
        Schedule s = ScheduleGenerator.generate(1, S);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PairSimulation(s, false, UNPUSHED).checkerMode(SafetyChecker.Mode.VERIFIED).run());
        assertTrue(e.getMessage().contains("skipped the pass"), e.getMessage());
    }

    @Test
    void withEveryPushTheVerifiedModeHoldsOnTheSameSchedule() {
        Schedule s = ScheduleGenerator.generate(1, S);
        new PairSimulation(s, false, SoftwareFactory.PAIRLOCK).checkerMode(SafetyChecker.Mode.VERIFIED).run();
    }
}
