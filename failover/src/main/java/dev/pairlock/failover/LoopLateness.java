package dev.pairlock.failover;

import org.slf4j.LoggerFactory;

/**
 * How far the control loop falls behind its scheduler: peer frames that waited more than a tick
 * for it (the runtime drops them as stale) and ticks that ran more than half a lease late (the CPU
 * was taken from the loop long enough for a MAIN to come close to, or past, its lease; a lapse
 * fails it safe, a false failover). Both are counted for whoever watches the loop and logged at
 * most once per {@link #LOG_INTERVAL_NANOS} each: a loop that lags does so on every event, and a
 * line per event would add a log flood to the lag.
 *
 * <p>The lines are logged under {@link ControllerRuntime}'s logger name, word for word as before
 * this class existed: the log reads the same and a filter on that name still matches them.
 *
 * <p>Called on the control loop's thread only; the two totals are also read from any thread.
 * Nothing here allocates unless a line is logged.
 */
final class LoopLateness {
    /** At most one line per kind (stale frames, late ticks) per this interval. */
    static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final CoreConfig cfg;
    /**
     * Peer frames dropped as stale since the last tick took them ({@link #takeStaleFrames()});
     * it is not cleared at a restart, so the first tick of a new incarnation hears of frames the
     * old one dropped. Loop thread only.
     */
    private int staleFrames;
    /**
     * Peer frames dropped as stale since the runtime was built: never decreases. Written on the loop
     * thread only (so {@code ++} on a volatile loses nothing), read from any.
     */
    private volatile long staleFramesTotal;
    /** When a stale frame was last logged; far enough in the past at first that the first one is. */
    private long staleLoggedAt = Long.MIN_VALUE / 2;
    /**
     * Ticks that ran more than half a lease after they were due, since the runtime was built: never
     * decreases. Written on the loop thread only, read from any.
     */
    private volatile long lateTicks;
    /** When a late tick was last logged (the same interval as stale frames, its own clock). */
    private long lateLoggedAt = Long.MIN_VALUE / 2;

    LoopLateness(CoreConfig cfg) {
        this.cfg = cfg;
    }

    /**
     * A peer frame that arrived at {@code arrived} is handled at {@code now}: true if it waited more
     * than a tick, i.e. it is stale and the caller drops it (counted, and handed to the next tick).
     * {@code core} is read only for a line that is logged.
     */
    boolean frameStale(long arrived, long now, ControllerLogic core) {
        long late = now - arrived;
        if (late <= cfg.tickNanos()) {
            return false;
        }
        staleFrames++;
        staleFramesTotal++;
        if (now - staleLoggedAt >= LOG_INTERVAL_NANOS) {
            staleLoggedAt = now;
            LoggerFactory.getLogger(ControllerRuntime.class).warn("{} role={} epoch={} cause=the control loop lags: a peer"
                    + " frame waited {} ms for it (more than a tick, {} ms), dropped as stale ({} so far)", cfg.self(),
                    core.role(), core.epoch(), late / 1_000_000, cfg.tickNanos() / 1_000_000, staleFramesTotal);
        }
        return true;
    }

    /**
     * The tick due at {@code due} runs at {@code now}: counted if it is more than half a lease late.
     * {@code core} is read only for a line that is logged.
     */
    void tickRan(long due, long now, ControllerLogic core) {
        long late = now - due;
        if (late <= cfg.leaseNanos() / 2) {
            return;
        }
        lateTicks++;
        if (now - lateLoggedAt >= LOG_INTERVAL_NANOS) {
            lateLoggedAt = now;
            LoggerFactory.getLogger(ControllerRuntime.class).warn("{} role={} epoch={} cause=the control loop lags: a tick ran"
                    + " {} ms late (a tick is {} ms, the MAIN lease {} ms; {} late ticks so far): the CPU was taken from it (load,"
                    + " a pause); control.rt_priority gives the loop precedence", cfg.self(), core.role(), core.epoch(),
                    late / 1_000_000, cfg.tickNanos() / 1_000_000, cfg.leaseNanos() / 1_000_000, lateTicks);
        }
    }

    /**
     * The stale frames since the last call, for the tick about to run ({@link Event.Tick#staleFrames()}:
     * that the peer spoke while we could not listen is news to an undecided SC); counting starts afresh.
     */
    int takeStaleFrames() {
        int n = staleFrames;
        staleFrames = 0;
        return n;
    }

    /** Peer frames dropped as stale since the runtime was built (any thread). */
    long staleFramesTotal() {
        return staleFramesTotal;
    }

    /** Ticks more than half a lease late since the runtime was built (any thread). */
    long lateTicks() {
        return lateTicks;
    }
}
