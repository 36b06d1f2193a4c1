package dev.pairlock.failover;

/** The failover mechanism's state as SMS's {@code showfailover} reports it. */
public enum FailoverState {
    /** Checks are still running (a signal not yet established, no counterpart yet) or priority-1 data is not yet in sync. */
    ACTIVATING,
    /** A failover could happen now. */
    ACTIVE,
    /** Failover is off: an operator's {@code setfailover off}, or after an automatic failover until {@code setfailover on}. */
    DISABLED,
    /** A condition makes a failover impossible; {@link FailoverStatus#failure()} says which. */
    FAILED
}
