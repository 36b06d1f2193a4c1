package dev.pairlock.daemon;

import dev.pairlock.control.ArgSpec;
import dev.pairlock.control.EventSource;
import dev.pairlock.control.HandlerRegistry;
import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.events.Events;
import dev.pairlock.events.EventsConfig;
import dev.pairlock.events.SelEventSource;
import dev.pairlock.events.SystemEventLog;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.FailoverStatus;
import dev.pairlock.failover.HealthEvent;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.hal.time.ThreadScheduler;
import dev.pairlock.supervision.FailoverRequester;
import dev.pairlock.supervision.SupervisionConfig;
import dev.pairlock.supervision.Supervisor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events module and the supervisor in pairlockd (issue 13): the runtime's events go to the SEL,
 * traps and notify scripts; role changes start and stop the supervised services; {@code events}
 * reads the SEL and {@code events.clear} clears it. The supervisor asks the control loop for a planned
 * failover when a service has used its restarts, and halts the SC (authority dropped at once, the
 * watchdog no longer petted) when a failfast service fails.
 */
final class EventsPlugin {
    private static final Logger LOG = LoggerFactory.getLogger("pairlockd");
    static final Duration FAILOVER_RETRY = Duration.ofSeconds(10);
    /**
     * From a service's SERVICE_EXHAUSTED record to its failover request: time for data sync to see
     * the record (a change reaches the SPARE in ~0.15–0.27 s in the kernel VM), so that the request's
     * wait for priority 1 in sync covers it and the SPARE's SEL copy holds the why of its takeover.
     */
    static final Duration FAILOVER_DELAY = Duration.ofSeconds(1);
    /** How long pairlockd's stop waits for its services (their stop_grace may be longer: up to an hour). */
    static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final ScId sc;
    private final Events events;
    private final ThreadScheduler supervision;
    private final Supervisor supervisor;
    private final RuntimeListener listener;
    /** The clean stop's failed steps: the SEL while open, then STATE_DIR/stop-failures. */
    private final StopRecord stopRecord;

    private EventsPlugin(ScId sc, Events events, ThreadScheduler supervision, Supervisor supervisor, StopRecord stopRecord) {
        this.sc = sc;
        this.events = events;
        this.supervision = supervision;
        this.supervisor = supervisor;
        this.listener = new RuntimeListener();
        this.stopRecord = stopRecord;
    }

    /**
     * @param stateDir the platform file's {@code state.dir}: the supervisor records its services' process
     *                 groups there and, before it starts any, stops those a pairlockd killed with -9 left
     * @param loop     the control loop, once it exists (the supervisor asks it only after the runtime started)
     * @param halt     the failfast path: drop authority at once and stop petting the watchdog
     */
    static EventsPlugin open(EventsConfig cfg, SupervisionConfig services, java.nio.file.Path stateDir, ScId sc,
                             java.time.Clock wall, Supplier<ControlLoop> loop, int ticksPerFdt, Runnable halt) throws IOException {
        // first: the SEL's lock refuses a second pairlockd while one runs, before its supervisor could
        // take the running one's services for leftovers of a killed one and stop them
        Events events = Events.open(cfg, sc, SystemClock.INSTANCE, wall);
        // the previous stop's failures after its SEL closed: its records, before this start's
        StopFailureImport.run(stateDir, events.reporter(), events.sel().dir(), wall);
        // recorded first: the supervisor's records of leftovers it stops (SERVICE_STOPPED) follow it
        events.reporter().report(EventDraft.of(EventKind.DAEMON_STARTED, Role.UNKNOWN, 0).with("version", "0.1.0")
                .with("services", services.services().size()));
        ThreadScheduler supervision = new ThreadScheduler("supervisor");
        Supervisor supervisor;
        try {
            supervisor = new Supervisor(services, stateDir, supervision, events.reporter()::report,
                    cause -> requestFailover(loop.get(), ticksPerFdt), cause -> {
                        LOG.error("{} event=FAILFAST cause={}: giving up authority; the watchdog resets the SC", sc, cause);
                        halt.run();
                    }, FAILOVER_RETRY, FAILOVER_DELAY);
        } catch (RuntimeException e) { // no setsid on PATH: the SEL's lock is released for the next start
            couldNotStart(events, supervision, e);
            throw e;
        }
        return new EventsPlugin(sc, events, supervision, supervisor, new StopRecord(events.reporter(), stateDir, wall));
    }

    /**
     * pairlockd's start failed after this opened (another part could not be opened): the SEL records why
     * and closes, as when this itself could not start, so that its DAEMON_STARTED is not left looking
     * like a crash (and notify.stop runs). Services start on the runtime's roles, and the runtime had
     * not started, or had only just been (a start of data sync that failed comes right after it): there
     * is no service to stop.
     */
    void startFailed(Exception cause) {
        events.reporter().report(couldNotStart(cause));
        stopRecord.selClosing(); // after the last record: a failure of a later release step goes to the file
        try {
            supervision.close();
            events.close();
        } finally {
            stopRecord.selClosed();
        }
    }

    /** The SEL's last record of a start that failed: what pairlockd prints on stderr as it exits. */
    private static EventDraft couldNotStart(Exception cause) {
        return EventDraft.of(EventKind.DAEMON_STOPPED, Role.UNKNOWN, 0).with("cause", "could not start: " + Pairlockd.describe(cause));
    }

    private static void couldNotStart(Events events, ThreadScheduler supervision, Exception cause) {
        events.reporter().report(couldNotStart(cause));
        supervision.close();
        events.close();
    }

    /**
     * Starts the switchover only if the SPARE is healthy and priority-1 is in sync (waiting up to 2
     * FDT for a sync in flight), and answers with the core's own decision (it checks again when the
     * request reaches it, after any sync word that overtook it): "accepted" means the core started
     * the switchover, not that it was asked.
     */
    static FailoverRequester.Answer requestFailover(ControlLoop loop, int ticksPerFdt) {
        FailoverStatus st = loop.call(ControllerRuntime::status);
        if (st != null && st.role() == Role.MAIN && !st.priority1InSync()) {
            // most often the service's own records (its last exit) are on their way to the peer's
            // copy right now: a sync takes a few hundred ms, the supervisor's next try is 10 s away
            st = loop.poll(ControllerRuntime::status, s -> s == null || s.priority1InSync(), 2 * ticksPerFdt).value();
        }
        if (st == null || st.role() != Role.MAIN) {
            return FailoverRequester.Answer.refused("this SC is not MAIN");
        }
        if (!st.priority1InSync()) {
            return FailoverRequester.Answer.refused("priority-1 data not in sync");
        }
        String cannot = PlannedSwitchover.peerCannotTakeOver(st);
        if (cannot != null) {
            return FailoverRequester.Answer.refused("the peer is not a healthy SPARE (" + cannot + ")");
        }
        PlannedSwitchover.Outcome o = PlannedSwitchover.ask(loop, PlannedSwitchover.Until.DECIDED, 2 * ticksPerFdt);
        if (o.refusal() != null) {
            return FailoverRequester.Answer.refused("the failover core refused: " + o.refusal().detail().describe());
        }
        if (!o.started()) {
            return FailoverRequester.Answer.refused("the failover core did not decide within 2 FDT ("
                    + (o.status() == null ? "restarting" : o.status().role()) + ")");
        }
        return FailoverRequester.Answer.accepted();
    }

    /** Another part of the daemon's event (data sync's SYNC_FAILED / SYNC_CLEARED) into the SEL, traps and scripts. */
    void report(EventDraft draft) {
        events.reporter().report(draft);
    }

    ControllerRuntime.Listener listener() {
        return listener;
    }

    EventSource eventSource() {
        return new SelEventSource(events.sel(), SelEventSource.peerCopyOf(events.sel().dir(), sc));
    }

    SystemEventLog sel() {
        return events.sel();
    }

    Supervisor supervisor() {
        return supervisor;
    }

    void register(HandlerRegistry r) {
        // destroys the chassis' record: an administrator's
        r.register("events.clear", dev.pairlock.control.Access.ADMIN, "clear the SEL (ipmitool sel clear): one SEL_CLEARED record stays",
                ArgSpec.none().optional("by", new ArgSpec.Text(64)), (args, stream) -> {
                    String by = args.text("by", "operator");
                    long n;
                    try {
                        n = events.sel().clear(by).get(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new dev.pairlock.control.ControlException("failed", "interrupted while clearing the SEL");
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        throw new dev.pairlock.control.ControlException("failed", "the SEL could not be cleared: "
                                + (e.getCause() != null ? e.getCause().getMessage() : e.toString()));
                    }
                    return Map.of("cleared", n, "message", "cleared " + n + " records from the SEL of " + sc);
                });
    }

    /** The clean stop's first half: the supervised services stop while the SC still holds its role. */
    void stopServices() {
        stopServices(STOP_WAIT);
    }

    /**
     * Stops every service and waits up to {@code wait} for all of their processes; what still runs then
     * (a stop_grace longer than the wait, a service that ignores SIGTERM) is SIGKILLed before the
     * supervisor's scheduler goes, since closing it drops the pending SIGKILLs and would leave such a
     * service running after pairlockd.
     */
    void stopServices(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            supervisor.stopAll().get(wait.toNanos(), TimeUnit.NANOSECONDS);
            supervisor.awaitProcessesGone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{} supervised services did not all stop within {} ms: {}", sc, wait.toMillis(), e.toString());
        }
        List<String> killed = supervisor.killRemaining();
        if (!killed.isEmpty()) {
            LOG.warn("{} supervised services still ran {} ms after SIGTERM, pairlockd stopping: SIGKILL to {}", sc,
                    wait.toMillis(), killed);
        }
        supervision.close();
    }

    /**
     * The second half, once the runtime has stopped (so no event of it comes after): the last record,
     * then the SEL closed.
     */
    void close(String verdict) {
        events.reporter().report(EventDraft.of(EventKind.DAEMON_STOPPED, Role.UNKNOWN, 0).with("cause", verdict));
        stopRecord.selClosing(); // after the last record: a failure of the close itself goes to the file
        try {
            events.close();
        } finally {
            stopRecord.selClosed();
        }
    }

    /** Where the clean stop's {@link Teardown}, and a failed start's, report their failed steps ({@link StopRecord}). */
    StopRecord stopRecord() {
        return stopRecord;
    }

    /** Power loss (tests): no records, the services left to the process' death, the SEL closed. */
    void crash() {
        supervision.close();
        events.close();
    }

    private final class RuntimeListener implements ControllerRuntime.Listener {
        @Override
        public void onRoleChange(ScId s, Role role, long epoch, long nowNanos) {
            events.runtimeListener().onRoleChange(s, role, epoch, nowNanos);
            supervisor.onRole(role, epoch);
        }

        @Override
        public void onHealth(ScId s, HealthEvent e) {
            events.runtimeListener().onHealth(s, e);
        }

        @Override
        public void onHalt(ScId s, long nowNanos) {
            events.runtimeListener().onHalt(s, nowNanos);
            supervisor.onRole(Role.HALTED, 0);
        }

        @Override
        public void onFault(ScId s, String context, Throwable error, long restartInNanos, long nowNanos) {
            events.runtimeListener().onFault(s, context, error, restartInNanos, nowNanos);
        }
    }
}
