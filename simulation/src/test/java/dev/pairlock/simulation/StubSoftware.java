package dev.pairlock.simulation;

import dev.pairlock.failover.Role;

/**
 * The state every stand-in {@link ControllerSoftware} of these tests keeps, as the checker reads it:
 * running or not, a role (UNKNOWN while stopped), an epoch, and MAIN's authority until {@link #lease}.
 * {@link #start} begins an incarnation with no role; {@link #stop} ends it, so that timers of an
 * older incarnation can tell they are stale ({@link #incarnation}).
 */
abstract class StubSoftware implements ControllerSoftware {
    /** Counts starts and stops: a timer armed in one incarnation checks it is still the current one. */
    protected int incarnation;
    protected boolean running;
    protected Role role = Role.UNKNOWN;
    protected long epoch;
    /** When MAIN's authority ends while running as MAIN (exclusive); MAX_VALUE: it never lapses. */
    protected long lease = Long.MAX_VALUE;

    @Override
    public void start() {
        incarnation++;
        running = true;
        role = Role.UNKNOWN;
    }

    @Override
    public void stop() {
        incarnation++;
        running = false;
        role = Role.UNKNOWN;
    }

    @Override
    public boolean running() {
        return running;
    }

    @Override
    public Role role() {
        return running ? role : Role.UNKNOWN;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public long leaseExpiry() {
        return running && role == Role.MAIN ? lease : Long.MIN_VALUE;
    }
}
