package dev.pairlock.simulation;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.TraceEvent;

/**
 * MAIN authority as the {@link SafetyChecker} judges it from ground truth: an SC holds it while its
 * software runs as MAIN within its lease, on a running chassis slot, and was not frozen (stalled)
 * for an FDT or more since it became MAIN — a MAIN frozen that long may have been replaced
 * meanwhile, whatever lease it reports. For that last clause it keeps the software freezes as the
 * chassis has them, from its STALL trace events.
 */
final class MainAuthority {
    private final Chassis chassis;
    private final ControllerSoftware[] sw;
    private final long fdtNanos;
    // the stall each SC is in (or was last in): since when, until when, and whether it froze a MAIN out
    private final long[] frozenSince = new long[2];
    private final long[] frozenUntil = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final boolean[] frozenOut = new boolean[2];

    MainAuthority(Chassis chassis, ControllerSoftware[] sw, long fdtNanos) {
        this.chassis = chassis;
        this.sw = sw;
        this.fdtNanos = fdtNanos;
    }

    /** Whether {@code sc} holds MAIN authority at {@code t}. */
    boolean holds(ScId sc, long t) {
        ControllerSoftware s = sw[sc.index()];
        return s.running() && chassis.running(sc) && s.role() == Role.MAIN && t < s.leaseExpiry()
                && !frozenOut[sc.index()];
    }

    /** A MAIN doing its job right now: authority and its software not frozen. */
    boolean alive(ScId sc) {
        return holds(sc, chassis.time().now()) && !chassis.stalled(sc);
    }

    /**
     * A STALL trace event: the chassis froze {@code e.sc()}'s software until {@code e.b()}. A stall
     * that begins before the last one ended continues it (the chassis extends its stall then), so
     * a MAIN frozen for an FDT in stalls that overlap is frozen out as by one long stall.
     */
    void stalled(TraceEvent e) {
        int i = e.sc().index();
        long start = e.time() < frozenUntil[i] ? frozenSince[i] : e.time();
        frozenSince[i] = start;
        frozenUntil[i] = Math.max(frozenUntil[i], e.b());
        if (frozenUntil[i] - start >= fdtNanos && sw[i].role() == Role.MAIN) {
            frozenOut[i] = true;
        }
    }

    /**
     * When time alone next changes what {@link #holds} and {@link #alive} say of {@code sc} (read
     * at {@code t}): its authority ends with its lease, its stall ends (MAX_VALUE: not before
     * something else changes). Authority it lacks and a stall it is not in come only with a change
     * of the software (its state version), the chassis (a trace event) or a callback.
     */
    long timeChangesAt(ScId sc, long t) {
        long at = Long.MAX_VALUE;
        if (holds(sc, t)) {
            at = sw[sc.index()].leaseExpiry();
        }
        if (chassis.stalled(sc)) {
            at = Math.min(at, chassis.stalledUntil(sc));
        }
        return at;
    }

    /** SC i became MAIN: its authority is re-established (S4 judges how), whatever froze it out before. */
    void reestablished(int i) {
        frozenOut[i] = false;
    }

    /** SC i's software stopped: the chassis ends a stall at a reset or power-off, and so does this. */
    void stopped(int i) {
        frozenOut[i] = false;
        frozenUntil[i] = Long.MIN_VALUE;
    }
}
