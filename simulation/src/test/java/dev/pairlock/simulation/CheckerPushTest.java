package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
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
            new RuntimeSoftware(new ControllerRuntime(hw, cfg, scheduler, lanes, new ControllerRuntime.Listener() {
                @Override
                public void onRoleChange(ScId sc, Role role, long epoch, long nowNanos) {
                    listener.onRoleChange(sc, role, epoch, nowNanos);
                }

                @Override
                public void onHealth(ScId sc, HealthEvent event) {
                    listener.onHealth(sc, event);
                }

                @Override
                public void onHalt(ScId sc, long nowNanos) {
                    listener.onHalt(sc, nowNanos);
                }

                @Override
                public void onStart(ScId sc, long nowNanos) {
                    listener.onStart(sc, nowNanos);
                }

                @Override
                public void onFault(ScId sc, String context, Throwable error, long restartInNanos, long nowNanos) {
                    listener.onFault(sc, context, error, restartInNanos, nowNanos);
                }
            }));

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
