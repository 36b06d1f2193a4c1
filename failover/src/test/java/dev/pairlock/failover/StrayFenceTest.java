package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.Gchip;
import dev.pairlock.hal.peer.ResetLine;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A runtime that starts holds no authority, so a reset line into the peer that reads asserted —
 * left by an earlier incarnation that failed safe or halted between fencing the peer and releasing
 * it — is released at once; a release that throws is retried by the next start.
 */
class StrayFenceTest {
    /** Its timers; a task that throws fails the test. */
    private final HandDrivenTime time = HandDrivenTime.rethrowing();
    private boolean asserted = true;
    private int releases;
    private int failReleases;


    private ControllerRuntime runtime() {
        ResetLine line = new ResetLine() {
            public void assertReset() {
                asserted = true;
            }

            public void release() {
                releases++;
                if (failReleases > 0) {
                    failReleases--;
                    throw new IllegalStateException("injected: the release failed");
                }
                asserted = false;
            }

            public boolean asserted() {
                return asserted;
            }
        };
        Gchip gchip = InertParts.followerGchip();
        ControllerHardware hw = InertParts.sc0(gchip, Optional.of(line), time, time);
        CoreConfig cfg = CoreConfig.defaults(ScId.SC0, 1);
        // a protocol that never claims: the only reset-line command is the runtime's own
        return new ControllerRuntime(hw, cfg, time, new MeteredLanes(time, () -> 0, 1), c -> StubLogic.idle(0),
                new ControllerRuntime.Listener() { }, 3 * cfg.fdtNanos());
    }

    @Test
    void aResetLineLeftAssertedByAnEarlierIncarnationIsReleasedAtStart() {
        ControllerRuntime rt = runtime();
        rt.start();
        time.runUntil(1);
        assertFalse(asserted, "the peer is let go");
        assertEquals(1, releases);
        assertEquals(0, rt.faults());
        rt.stop();
        rt.start();
        time.runUntil(2);
        assertEquals(1, releases, "a line that reads released is left alone");
    }

    @Test
    void aReleaseThatThrowsIsRetriedByTheNextStart() {
        failReleases = 1;
        ControllerRuntime rt = runtime();
        rt.start();
        time.runUntil(1);
        assertTrue(asserted);
        assertEquals(1, rt.faults(), "the failed release made the runtime fail safe");
        time.runUntil(20_000_000_000L); // past the back-off: the restart tries again
        assertFalse(asserted, "released by the restarted incarnation");
        assertEquals(2, releases);
        assertTrue(rt.running());
    }
}
