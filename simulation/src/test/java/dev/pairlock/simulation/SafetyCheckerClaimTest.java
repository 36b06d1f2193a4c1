package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.VirtualTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which MAIN is a claim, told to the checker callback by callback in the order the harness reports
 * them. A MAIN reported straight after SPARE, with the old MAIN demoted alive, is the end of a
 * handover; any other MAIN that was not preceded by BECOMING_MAIN is a claim folded into one step,
 * and EPOCH (among others) judges it.
 */
class SafetyCheckerClaimTest {
    private static final long FDT = 1_000_000_000L;

    /** Software whose state the test sets, as the checker reads it (never a lease end: always MAIN's). */
    private static final class Fake extends StubSoftware {
        void set(Role role, long epoch) {
            this.role = role;
            this.epoch = epoch;
        }
    }

    private final Fake[] sw = {new Fake(), new Fake()};
    private final SafetyChecker checker = new SafetyChecker(
            new Chassis(ChassisConfig.defaults().withSeed(1).withInitialState(InitialState.RUNNING_SC0_LEADS), new VirtualTime()),
            sw, FDT);

    private void role(ScId sc, Role role, long epoch) {
        sw[sc.index()].set(role, epoch);
        checker.onRole(sc, role, epoch);
    }

    /** SC1 SPARE and SC0 MAIN in epoch 1; then SC0 steps down alive (a switchover to SC1). */
    private void switchoverBegun() {
        for (ScId sc : ScId.values()) {
            sw[sc.index()].start();
            checker.onStarted(sc);
        }
        role(ScId.SC1, Role.SPARE, 1);
        role(ScId.SC0, Role.MAIN, 1);
        checker.afterEvent();
        role(ScId.SC0, Role.SPARE, 1);
        checker.afterEvent();
    }

    @Test
    void aMainStraightAfterARestartIsAClaimThoughTheOldMainSteppedDownAlive() {
        switchoverBegun();
        // SC1 restarts before it takes over; its new incarnation takes MAIN in one step, in the epoch
        // it already held: not the handover SC0 began (SC1 did not come from SPARE), so EPOCH judges it
        sw[1].stop();
        checker.onStopped(ScId.SC1);
        sw[1].start();
        checker.onStarted(ScId.SC1);
        role(ScId.SC1, Role.MAIN, 1);
        checker.afterEvent();
        assertEquals(List.of(new Violation(0, "EPOCH", "SC1 claimed epoch 1 though it already held epoch 1")),
                checker.violations());
    }

    @Test
    void aMainStraightFromSpareWhileTheOldMainSteppedDownAliveIsTheHandover() {
        switchoverBegun();
        role(ScId.SC1, Role.MAIN, 1);
        checker.afterEvent();
        assertEquals(List.of(), checker.violations());
    }
}
