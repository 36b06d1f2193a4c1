package dev.pairlock.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.DurationRange;
import dev.pairlock.mock.Fault;
import dev.pairlock.mock.VirtualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** S4's ground truth of "within reach": a frame travels with the latency in force when it was sent. */
class SignalPathsTest {
    private static final long MS = 1_000_000L;

    private final VirtualTime time = new VirtualTime();
    private final Chassis chassis = new Chassis(ChassisConfig.defaults().toBuilder()
            .peerLinkLatency(new DurationRange(Duration.ofMillis(1), Duration.ofMillis(1))).build(), time);
    private final SignalPaths paths = new SignalPaths(chassis, 1_000 * MS);

    private void at(long t) {
        time.runUntil(t);
        paths.observe(true, true);
    }

    private void latency(long ms) {
        chassis.inject(new Fault.LinkLatency(ScId.SC0, new DurationRange(Duration.ofMillis(ms), Duration.ofMillis(ms))));
        paths.observe(true, true);
    }

    @Test
    void aRiseOpensAGapAndAFallDoesNotCutOldFramesShort() {
        chassis.inject(new Fault.CutHeartbeat(ScId.SC0)); // the link alone
        at(0);
        at(1_000 * MS);
        assertTrue(paths.arriving(ScId.SC0, 900 * MS));
        latency(3_000); // at 1 s: frames sent from now on arrive 3 s later
        at(2_500 * MS);
        assertFalse(paths.arriving(ScId.SC0, 2_000 * MS), "nothing sent after 1 s has arrived by 2 s");
        latency(1); // at 2.5 s: falls again; what was sent from 1 s to 2.5 s still takes 3 s
        at(2_600 * MS);
        assertTrue(paths.arriving(ScId.SC0, 2_550 * MS), "frames sent after the fall arrive from 2.501 s");
        assertFalse(paths.arriving(ScId.SC0, 2_400 * MS), "still the gap: the old frames arrive from 4 s");
        assertEquals(5_500 * MS, paths.latestArrival(ScId.SC0, 0, 2_500 * MS), "a frame sent at 2.5 s with 3 s");
        assertEquals(2_601 * MS, paths.latestArrival(ScId.SC0, 2_600 * MS, 2_600 * MS), "the latency of its own send");
    }

    /** The checker skips {@link SignalPaths#unchanged} until {@link SignalPaths#trimDue}: before it, unchanged must drop nothing. */
    @Test
    void theTrimIsDueAtTheFirstInstantUnchangedDropsAStretch() {
        at(0);
        at(1_000 * MS);
        latency(3_000); // a second stretch at 1 s: the first one's frames (1 ms) have all arrived by 1.001 s
        assertEquals(2_001 * MS + 1, paths.trimDue(), "1.001 s and the 1 s horizon have passed from the next instant on");
        String before = paths.state();
        time.runUntil(2_001 * MS);
        paths.unchanged();
        assertEquals(before, paths.state(), "not due yet: nothing is dropped");
        time.runUntil(2_001 * MS + 1);
        paths.unchanged();
        assertNotEquals(before, paths.state(), "due: the first stretch is dropped");
        assertEquals(Long.MAX_VALUE, paths.trimDue(), "one stretch per SC left: none to drop until a new one");
    }

    @Test
    void theHeartbeatLineIgnoresTheLinksLatency() {
        at(0);
        latency(3_000);
        at(500 * MS);
        assertTrue(paths.arriving(ScId.SC0, 400 * MS), "beats arrive at once");
        chassis.inject(new Fault.CutHeartbeat(ScId.SC0));
        paths.observe(true, true);
        assertFalse(paths.arriving(ScId.SC0, 400 * MS), "the link's frames since 0 s arrive from 3 s on");
        paths.observe(false, true);
        assertFalse(paths.up(ScId.SC0), "not emitting: nothing reaches the peer");
    }
}
