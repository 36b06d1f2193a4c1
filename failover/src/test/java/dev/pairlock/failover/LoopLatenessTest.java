package dev.pairlock.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control loop's lateness on its own: what counts as late or stale, that every one is counted
 * while at most one line per interval is logged, and that stale frames go to the next tick once.
 * The lines are read from slf4j-simple (the tests' backend), which writes to {@code System.err}
 * as it is when a line is logged.
 */
class LoopLatenessTest {
    private static final long MS = 1_000_000L;
    private final CoreConfig cfg = CoreConfig.defaults(ScId.SC0, 1);
    private final ControllerLogic core = new ControllerCore(cfg);
    private final LoopLateness lateness = new LoopLateness(cfg);
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream realErr;

    @BeforeEach
    void captureLog() {
        realErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(realErr);
    }

    /** The lines about a lagging loop logged so far. */
    private List<String> lines() {
        return err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("cause=the control loop lags")).toList();
    }

    @Test
    void twoLateTicksWithinTheLogIntervalAreBothCountedButLoggedOnce() {
        long t = 1_000 * MS;
        long late = cfg.leaseNanos() / 2 + MS;
        lateness.tickRan(t - late, t, core);
        t += LoopLateness.LOG_INTERVAL_NANOS - 1;
        lateness.tickRan(t - late, t, core);
        assertEquals(2, lateness.lateTicks());
        List<String> lines = lines();
        assertEquals(1, lines.size(), String.join("\n", lines));
        String line = lines.getFirst();
        assertTrue(line.contains("WARN dev.pairlock.failover.ControllerRuntime - SC0 role=UNKNOWN epoch=0 cause=the control"
                + " loop lags: a tick ran " + late / MS + " ms late (a tick is " + cfg.tickNanos() / MS + " ms, the MAIN lease "
                + cfg.leaseNanos() / MS + " ms; 1 late ticks so far): the CPU was taken from it (load, a pause);"
                + " control.rt_priority gives the loop precedence"), line);

        t += 1; // a whole interval after the first line: the next late tick is logged again
        lateness.tickRan(t - late, t, core);
        assertEquals(3, lateness.lateTicks());
        assertEquals(2, lines().size());
        assertTrue(lines().getLast().contains("; 3 late ticks so far)"), lines().getLast());
    }

    @Test
    void aTickAtMostHalfALeaseLateIsNotLate() {
        long t = 1_000 * MS;
        lateness.tickRan(t, t, core);
        lateness.tickRan(t - cfg.leaseNanos() / 2, t, core);
        assertEquals(0, lateness.lateTicks());
        lateness.tickRan(t - cfg.leaseNanos() / 2 - 1, t, core);
        assertEquals(1, lateness.lateTicks());
    }

    @Test
    void staleFramesGoToTheNextTickOnceAndTheTotalKeepsThem() {
        long t = 1_000 * MS;
        assertFalse(lateness.frameStale(t - cfg.tickNanos(), t, core), "a frame that waited exactly a tick is fresh");
        assertTrue(lateness.frameStale(t - cfg.tickNanos() - 1, t, core));
        assertTrue(lateness.frameStale(t - 3 * cfg.tickNanos(), t + 1, core));
        assertEquals(2, lateness.takeStaleFrames(), "the tick hears of both");
        assertEquals(0, lateness.takeStaleFrames(), "and the next one of none");
        assertTrue(lateness.frameStale(t, t + cfg.tickNanos() + 1, core));
        assertEquals(1, lateness.takeStaleFrames());
        assertEquals(3, lateness.staleFramesTotal());
        assertEquals(0, lateness.lateTicks(), "stale frames are not late ticks");
    }

    @Test
    void staleFramesAreLoggedOncePerIntervalOnTheirOwnClock() {
        long t = 1_000 * MS;
        long waited = cfg.tickNanos() + 5 * MS;
        lateness.tickRan(t - cfg.leaseNanos(), t, core); // a late tick logged now does not silence stale frames
        assertTrue(lateness.frameStale(t - waited, t, core));
        assertTrue(lateness.frameStale(t + 1 - waited, t + 1, core));
        List<String> lines = lines();
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.getLast().contains("WARN dev.pairlock.failover.ControllerRuntime - SC0 role=UNKNOWN epoch=0"
                + " cause=the control loop lags: a peer frame waited " + waited / MS + " ms for it (more than a tick, "
                + cfg.tickNanos() / MS + " ms), dropped as stale (1 so far)"), lines.getLast());
        t += LoopLateness.LOG_INTERVAL_NANOS;
        assertTrue(lateness.frameStale(t - waited, t, core));
        assertEquals(3, lines().size());
        assertTrue(lines().getLast().contains("dropped as stale (3 so far)"), lines().getLast());
    }
}
