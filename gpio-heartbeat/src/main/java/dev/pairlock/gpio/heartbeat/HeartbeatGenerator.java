package dev.pairlock.gpio.heartbeat;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.heartbeat.HeartbeatOutput;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;

/**
 * Beats a {@link HeartbeatOutput} once per period on a {@link Scheduler}. Beats are planned on a
 * fixed grid (start + k·period) rather than "period after the last one", so scheduling latency does
 * not accumulate into a slower heartbeat; a beat that is more than a period late is skipped rather
 * than bursted, because a burst would hide from the peer the stall that made it late.
 */
public final class HeartbeatGenerator implements AutoCloseable {
    private final HeartbeatOutput output;
    private final Scheduler scheduler;
    private final Clock clock;
    private final long periodNanos;

    private boolean running;
    private long nextDue;
    private Scheduler.Timer timer;
    private long beats;
    private long skipped;
    private long failures;
    private HalException lastFailure;

    public HeartbeatGenerator(HeartbeatOutput output, Scheduler scheduler, Clock clock, long periodNanos) {
        if (periodNanos <= 0) {
            throw new HalArgumentException("heartbeat period " + periodNanos + " ns is out of range: valid is > 0");
        }
        this.output = output;
        this.scheduler = scheduler;
        this.clock = clock;
        this.periodNanos = periodNanos;
    }

    /** Beats now, then every period. Idempotent. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        nextDue = clock.nanos();
        timer = scheduler.schedule(0, this::tick);
    }

    /** No beat after this returns (one already running completes). Idempotent. */
    public synchronized void stop() {
        running = false;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private synchronized void tick() {
        if (!running) {
            return;
        }
        try {
            output.beat();
            beats++;
        } catch (HalException e) {
            // keep beating: one failed write must not turn into a lost peer; the count tells the operator
            failures++;
            lastFailure = e;
        }
        long now = clock.nanos();
        nextDue += periodNanos;
        if (now - nextDue > periodNanos) {
            long late = (now - nextDue) / periodNanos;
            skipped += late;
            nextDue += late * periodNanos;
        }
        timer = scheduler.schedule(Math.max(0, nextDue - now), this::tick);
    }

    public synchronized long beats() {
        return beats;
    }

    /** Beats not emitted because the scheduler ran more than a period late. */
    public synchronized long skipped() {
        return skipped;
    }

    /** Beats whose line write failed. */
    public synchronized long failures() {
        return failures;
    }

    /** The most recent failed write, or null. */
    public synchronized HalException lastFailure() {
        return lastFailure;
    }

    public synchronized boolean running() {
        return running;
    }

    @Override
    public void close() {
        stop();
    }
}
