package dev.pairlock.failover;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.ScId;

/**
 * The protocol's tunables for one SC. Everything time-based derives from the failure detection
 * time (FDT) the way IPMP does: probe interval = FDT/5 (failure = 5 consecutive misses), a tick
 * (heartbeat beat) every half probe interval so the peer sees at least two edges per probe, and a
 * MAIN lease of FDT/2: a MAIN that cannot renew within half the peer's detection time stops writing
 * long before the peer may take over.
 *
 * @param self             which SC this core runs on
 * @param fdtNanos         failure detection time; at least 100 ms
 * @param slots            board slots (bus k = slot k), 1..256
 * @param resetToPeer      a reset line is wired from us into the peer (we can fence it)
 * @param resetFromPeer    a reset line is wired from the peer into us (it can fence us)
 * @param failoverEnabled  automatic takeover of a dead MAIN ({@code setfailover on}) on an SC that
 *                         has persisted no setting yet (a persisted or peer's setting wins)
 * @param disableAfterFailover SMS's rule against ping-pong: after this SC took over a dead MAIN,
 *                         failover is off (pair-wide, reason AFTER_FAILOVER) until an operator turns
 *                         it on (default true, as SMS)
 * @param syncEngine       this SC's software runs a data-sync engine (pairlockd's DatasyncBridge, the
 *                         simulator's DatasyncStandIn): until that engine's first word the core counts
 *                         priority-1 data as not in sync, since nothing has said it is (SyncView);
 *                         without one (the default) nothing to sync counts as in sync
 */
public record CoreConfig(ScId self, long fdtNanos, int slots, boolean resetToPeer, boolean resetFromPeer,
                         boolean failoverEnabled, boolean disableAfterFailover, boolean syncEngine) {
    public static final long MIN_FDT_NANOS = 100_000_000L;
    public static final long DEFAULT_FDT_NANOS = 1_000_000_000L;

    public CoreConfig {
        if (self == null) {
            throw new HalArgumentException("self must be SC0 or SC1, not null");
        }
        if (fdtNanos < MIN_FDT_NANOS || fdtNanos > 600_000_000_000L) {
            throw new HalArgumentException("failure detection time " + fdtNanos
                    + " ns is out of range: valid is 100 ms..600 s");
        }
        HalArgumentException.checkRange("board slot count", slots, 1, 256);
    }

    /** With no sync engine. */
    public CoreConfig(ScId self, long fdtNanos, int slots, boolean resetToPeer, boolean resetFromPeer,
                      boolean failoverEnabled, boolean disableAfterFailover) {
        this(self, fdtNanos, slots, resetToPeer, resetFromPeer, failoverEnabled, disableAfterFailover, false);
    }

    /** With SMS's disable-after-failover rule, and no sync engine. */
    public CoreConfig(ScId self, long fdtNanos, int slots, boolean resetToPeer, boolean resetFromPeer,
                      boolean failoverEnabled) {
        this(self, fdtNanos, slots, resetToPeer, resetFromPeer, failoverEnabled, true);
    }

    public static CoreConfig defaults(ScId self, int slots) {
        return new CoreConfig(self, DEFAULT_FDT_NANOS, slots, true, true, true, true);
    }

    public CoreConfig withFdt(long nanos) {
        return new CoreConfig(self, nanos, slots, resetToPeer, resetFromPeer, failoverEnabled, disableAfterFailover,
                syncEngine);
    }

    public CoreConfig withWiring(boolean toPeer, boolean fromPeer) {
        return new CoreConfig(self, fdtNanos, slots, toPeer, fromPeer, failoverEnabled, disableAfterFailover, syncEngine);
    }

    public CoreConfig withFailover(boolean enabledByDefault, boolean disableAfterAutomaticFailover) {
        return new CoreConfig(self, fdtNanos, slots, resetToPeer, resetFromPeer, enabledByDefault,
                disableAfterAutomaticFailover, syncEngine);
    }

    /** Whether this SC's software runs a data-sync engine (see {@link #syncEngine}). */
    public CoreConfig withSyncEngine(boolean engine) {
        return new CoreConfig(self, fdtNanos, slots, resetToPeer, resetFromPeer, failoverEnabled, disableAfterFailover,
                engine);
    }

    public long probeIntervalNanos() {
        return fdtNanos / 5;
    }

    public long tickNanos() {
        return fdtNanos / 10;
    }

    public long leaseNanos() {
        return fdtNanos / 2;
    }
}
