package dev.pairlock.events;

/**
 * What an SEL record is about. Stored by name, so adding a kind never changes old records; a name
 * this build does not know reads back as {@link #UNRECOGNISED} with the name kept in the fields.
 * Each kind has the severity it is recorded with unless the producer says otherwise.
 */
public enum EventKind {
    // the failover protocol (the health events of the core, and what the daemon sees of it)
    ROLE_CHANGED(Severity.NOTICE, "the SC's role changed (role, previous, cause)"),
    FAILOVER(Severity.WARNING, "the MAIN role moved to this SC (cause: dead-main, planned, service:NAME, ...)"),
    TAKEOVER_NOT_IN_SYNC(Severity.CRITICAL, "a dead MAIN was replaced while priority-1 data was not in sync"),
    SWITCHOVER_STARTED(Severity.NOTICE, "a planned switchover started (cause)"),
    SWITCHOVER_REFUSED(Severity.WARNING, "a planned switchover was refused (reason)"),
    SIGNAL_FAILED(Severity.WARNING, "one signal to the peer failed (signal: heartbeat or link)"),
    SIGNAL_REPAIRED(Severity.NOTICE, "one signal to the peer was repaired (signal)"),
    PEER_LOST(Severity.WARNING, "the peer is lost on every signal"),
    PEER_REPAIRED(Severity.NOTICE, "the peer answers again"),
    LOCAL_FAULT(Severity.CRITICAL, "every signal failed on our own side: no takeover"),
    LOCAL_FAULT_CLEARED(Severity.NOTICE, "our own signals work again"),
    PEER_FENCED(Severity.WARNING, "the peer was held in reset"),
    PEER_RELEASED(Severity.NOTICE, "the peer's reset was released"),
    FAILOVER_BLOCKED(Severity.WARNING, "the MAIN is dead but failover is off: not taking over"),
    FAILFAST(Severity.CRITICAL, "the SC halted itself (cause: lease lapsed, failfast service, ...)"),
    BOARD_UNREACHABLE(Severity.WARNING, "a board slot does not answer (slot)"),
    BOARD_REPAIRED(Severity.NOTICE, "a board slot answers again (slot)"),
    SYNC_FAILED(Severity.WARNING, "priority-1 data sync failed (item, reason)"),
    SYNC_CLEARED(Severity.NOTICE, "priority-1 data sync works again"),
    /** No longer written (see RuntimeEvents: it fed back into the SEL's own sync); kept to read older logs. */
    SYNC_STATUS(Severity.INFO, "priority-1 in-sync status changed (in_sync); no longer recorded"),
    FAILOVER_MODE_CHANGED(Severity.NOTICE, "setfailover on/off (mode, by)"),
    OPERATOR_ACTION(Severity.NOTICE, "an operator command (command, by)"),
    BAD_FRAME(Severity.WARNING, "a peer frame was dropped (reason)"),
    RUNTIME_FAULT(Severity.CRITICAL, "an unexpected exception in the control loop: authority given up, restart after a back-off (context, error, restart_in_ms)"),
    DAEMON_STARTED(Severity.INFO, "pairlockd started (version)"),
    DAEMON_STOPPED(Severity.INFO, "pairlockd stopped (cause)"),
    /**
     * A step of pairlockd's stop failed and left something behind (a watchdog armed, a service
     * running). Recorded as it fails while the SEL is open; one that failed after the SEL closed is
     * recorded by the next start, from {@code STATE_DIR/stop-failures}, with {@code failed_at}. No trap,
     * as for RUNTIME_FAULT and DAEMON_STOPPED: the daemon's own life cycle is in the log, not paged.
     */
    STOP_STEP_FAILED(Severity.WARNING, "a step of pairlockd's stop failed (step, error, left: what it left behind and what"
            + " to do, entry; failed_at and from when recorded by the next start)"),

    // supervised services (seed 004)
    SERVICE_STARTED(Severity.INFO, "a supervised service started (service, pid, restart_count)"),
    SERVICE_EXITED(Severity.WARNING, "a supervised service exited on its own (service, status, signal)"),
    SERVICE_HEALTH_FAILED(Severity.WARNING, "a supervised service failed its health command (service, status)"),
    SERVICE_RESTARTED(Severity.NOTICE, "a failed service is being restarted (service, restart_count, of)"),
    SERVICE_STOPPED(Severity.INFO, "a supervised service was stopped by pairlock (service, how)"),
    SERVICE_EXHAUSTED(Severity.CRITICAL, "a service failed after its last restart (service, decision)"),
    SERVICE_EXHAUSTED_CLEARED(Severity.NOTICE, "an exhausted service's condition ended (service, why)"),

    // notify scripts
    NOTIFY_RAN(Severity.INFO, "a notify script finished with status 0 (script, transition, output)"),
    NOTIFY_FAILED(Severity.WARNING, "a notify script failed, timed out or could not start (script, status)"),

    // traps
    CONDITION_FLAPPING(Severity.WARNING, "a condition changed state repeatedly within its hold-down (condition, transitions)"),

    // the log itself
    SEL_ROTATED(Severity.INFO, "the oldest records were dropped to bound the log (first_seq, last_seq, records)"),
    SEL_CLEARED(Severity.NOTICE, "the log was cleared (records, by)"),
    SEL_RECOVERED(Severity.WARNING, "an incomplete record left by a crash was cut off on open (bytes)"),

    /** A kind written by a newer pairlock; its name is in the {@code kind_name} field. */
    UNRECOGNISED(Severity.INFO, "a kind this build does not know (kind_name)");

    private final Severity severity;
    private final String meaning;

    EventKind(Severity severity, String meaning) {
        this.severity = severity;
        this.meaning = meaning;
    }

    public Severity defaultSeverity() {
        return severity;
    }

    /** What the kind means and which fields it carries. */
    public String meaning() {
        return meaning;
    }

    /** The kind named {@code name}, or {@link #UNRECOGNISED}. */
    public static EventKind byName(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            return UNRECOGNISED;
        }
    }
}
