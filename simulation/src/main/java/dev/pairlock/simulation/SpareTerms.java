package dev.pairlock.simulation;

import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import java.util.Arrays;

/**
 * For S4, each SC's SPARE terms: the epoch it is SPARE in now (-1: not SPARE) and the last few
 * terms it ended (epoch, from, until). An ack or handover a SPARE sent just before its term ended
 * may still be on its way, and still confirms that epoch to the SC that becomes MAIN on it.
 */
final class SpareTerms {
    /** Ended terms kept per SC (a ring: the oldest is overwritten). */
    private static final int KEPT = 4;

    private final Chassis chassis;
    private final SignalPaths paths;
    private final long fdtNanos;
    private final long[] epoch = {-1, -1};
    /** When SC i's current SPARE term began (valid while epoch[i] >= 0). */
    private final long[] from = new long[2];
    private final long[][] endedEpoch = new long[2][KEPT];
    private final long[][] endedFrom = new long[2][KEPT];
    private final long[][] endedAt = new long[2][KEPT];
    private final int[] endedNext = new int[2];

    SpareTerms(Chassis chassis, SignalPaths paths, long fdtNanos) {
        this.chassis = chassis;
        this.paths = paths;
        this.fdtNanos = fdtNanos;
        for (long[] e : endedEpoch) {
            Arrays.fill(e, -1);
        }
    }

    /** The epoch SC i is SPARE in now, -1 if it is not SPARE. */
    long epoch(int i) {
        return epoch[i];
    }

    /** SC i is SPARE in {@code epoch} from now on (-1: no longer SPARE); the term it ends is remembered. */
    void set(int i, long epoch) {
        if (this.epoch[i] == epoch) {
            return;
        }
        long now = chassis.time().now();
        if (this.epoch[i] >= 0) {
            int k = endedNext[i];
            endedEpoch[i][k] = this.epoch[i];
            endedFrom[i][k] = from[i];
            endedAt[i][k] = now;
            endedNext[i] = (k + 1) % KEPT;
        }
        this.epoch[i] = epoch;
        from[i] = now;
    }

    /**
     * {@code sc} is SPARE in {@code epoch}, or was, and an ack or handover it sent then can still be
     * arriving now: sent at most at the term's end, with the link latency in force when it was sent
     * (not the latency now: it may have fallen since, at the heal of every fault among others), and
     * seen at the next tick.
     */
    boolean wasIn(ScId sc, long epoch) {
        int i = sc.index();
        if (this.epoch[i] == epoch) {
            return true;
        }
        for (int k = 0; k < KEPT; k++) {
            if (endedEpoch[i][k] == epoch
                    && chassis.time().now() <= paths.latestArrival(sc, endedFrom[i][k], endedAt[i][k]) + fdtNanos / 10) {
                return true;
            }
        }
        return false;
    }
}
