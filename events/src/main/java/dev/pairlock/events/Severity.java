package dev.pairlock.events;

/** How urgent an event is, for the operator reading the SEL and the trap receiver (syslog's scale, cut to four). */
public enum Severity {
    /** Normal operation worth keeping: a service started, a notify script ran. */
    INFO,
    /** A change an operator should know about: a role change, a condition cleared. */
    NOTICE,
    /** Redundancy is reduced or a part misbehaves: peer lost, sync failed, a service failed. */
    WARNING,
    /** The SC cannot do its job or halted itself: local fault, failfast, restarts exhausted. */
    CRITICAL
}
