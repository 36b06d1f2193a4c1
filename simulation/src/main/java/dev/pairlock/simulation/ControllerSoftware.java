package dev.pairlock.simulation;

import dev.pairlock.failover.Event;
import dev.pairlock.failover.FailoverStatus;
import dev.pairlock.failover.Role;

/**
 * One SC's software as the harness starts, stops and inspects it. The checker reads authority from
 * here (role, epoch, lease, running), never the software's own verdict on safety.
 */
public interface ControllerSoftware {
    void start();

    void stop();

    boolean running();

    Role role();

    long epoch();

    /** MAIN authority lasts until this virtual time (exclusive); MIN_VALUE = none. */
    long leaseExpiry();

    default void operator(Event.Operator.Op op) {
    }

    /** Automatic failover on, as the software holds it (software without the setting: always on). */
    default boolean failoverEnabled() {
        return true;
    }

    /** showfailover of the running software, or null (software without one). */
    default FailoverStatus status() {
        return null;
    }

    /** Data sync's word (DatasyncStandIn: the schedule's fact, for the role data sync applied). */
    default void syncStatus(Event.SyncStatus word) {
    }

    /**
     * Data sync's engine ended with the SC's process (power off, reset, a restart of the software):
     * its last word, which the software may keep for its next start, speaks no more.
     */
    default void forgetSyncWord() {
    }

    /** {@link #stateVersion()} of software that cannot tell: the checker then reads it after every event. */
    long UNKNOWN_VERSION = -1;

    /**
     * A number that changes whenever {@link #running()}, {@link #role()}, {@link #epoch()},
     * {@link #leaseExpiry()} or {@link #failoverEnabled()} may report something new, never negative;
     * or {@link #UNKNOWN_VERSION} (the default) for software that cannot tell.
     */
    default long stateVersion() {
        return UNKNOWN_VERSION;
    }
}
