package dev.pairlock.events;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.ThreadScheduler;
import java.io.IOException;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything of this module that one pairlockd runs, assembled from its {@link EventsConfig}: the SEL,
 * the trap sender, the notify scripts and the reporter that feeds them, on one thread of their own
 * ({@code pairlock-events}). pairlockd hands {@link #runtimeListener()} to its ControllerRuntime and
 * {@link #reporter()}'s {@code report} to everything else that records events (supervisor, data sync,
 * operator commands).
 */
public final class Events implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final SystemEventLog sel;
    private final TrapSender traps;
    private final NotifyScripts notify;
    /**
     * How long a clean stop waits for the records reported so far to be dispatched: the SEL's ack
     * bound (after which a record is dispatched without its sequence number) plus slack for the events
     * thread.
     */
    static final long DISPATCH_WAIT_NANOS = EventReporter.SEL_ACK_TIMEOUT_NANOS + 3_000_000_000L;

    private final ThreadScheduler scheduler;
    private final EventReporter reporter;
    private final RuntimeEvents runtimeEvents;

    private Events(SystemEventLog sel, TrapSender traps, NotifyScripts notify, ThreadScheduler scheduler, EventReporter reporter) {
        this.sel = sel;
        this.traps = traps;
        this.notify = notify;
        this.scheduler = scheduler;
        this.reporter = reporter;
        this.runtimeEvents = new RuntimeEvents(reporter::report);
    }

    /** Opens the SEL (taking its lock) and the trap socket. */
    public static Events open(EventsConfig cfg, ScId sc, Clock mono, InstantSource wall) throws IOException {
        SystemEventLog sel = SystemEventLog.open(cfg.sel(), sc, mono, wall);
        TrapSender traps = null;
        ThreadScheduler scheduler = null;
        try {
            traps = new TrapSender(cfg.snmp(), mono);
            scheduler = new ThreadScheduler("pairlock-events");
            EventReporter reporter = new EventReporter(sel, traps, scheduler, cfg.snmp().holdDown().toNanos());
            NotifyScripts notify = new NotifyScripts(cfg.scripts(), scheduler, mono, reporter::report);
            reporter.attach(notify);
            return new Events(sel, traps, notify, scheduler, reporter);
        } catch (IOException | RuntimeException e) {
            if (traps != null) {
                traps.close();
            }
            if (scheduler != null) {
                scheduler.close();
            }
            sel.close();
            throw e;
        }
    }

    public SystemEventLog sel() {
        return sel;
    }

    public EventReporter reporter() {
        return reporter;
    }

    /** The listener to give the failover runtime: its role changes and health events become records. */
    public RuntimeEvents runtimeListener() {
        return runtimeEvents;
    }

    /**
     * The clean stop (record DAEMON_STOPPED through {@link #reporter()} first): every record reported
     * so far is stored and dispatched, the notify scripts queued so far run (each within its timeout)
     * and their outcome is recorded, the queued traps are sent, then the SEL is closed.
     *
     * <p>Why this order: a record is dispatched only once the SEL acknowledged it (or after
     * {@link EventReporter#SEL_ACK_TIMEOUT_NANOS}), on the events thread; closing the scripts and the
     * traps before that, or shutting that thread down, dropped the last records' traps and
     * DAEMON_STOPPED's {@code notify.stop}. The waits are bounded (a hung disk must not hang the stop):
     * what is still undispatched then is logged and dropped.
     */
    @Override
    public void close() {
        awaitDispatched("before the notify scripts are closed");
        notify.close();
        awaitDispatched("after the notify scripts ran"); // their NOTIFY_RAN / NOTIFY_FAILED records
        sel.close();
        traps.close();
        scheduler.close();
        LOG.info("events closed: SEL at seq {}, {} traps sent, {} failed", sel.durableSeq(), traps.sent(), traps.failures());
    }

    private void awaitDispatched(String when) {
        try {
            if (!reporter.awaitDispatched(DISPATCH_WAIT_NANOS)) {
                LOG.warn("events: {} records not dispatched within {} ms {}: their traps and notify scripts are dropped"
                        + " (is the SEL's disk hung?)", reporter.inFlight(), DISPATCH_WAIT_NANOS / 1_000_000, when);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("events: interrupted while waiting for {} records to be dispatched {}", reporter.inFlight(), when);
        }
    }
}
