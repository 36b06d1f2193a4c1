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
     * Lets the notify scripts queued so far finish (within their timeout), sends the queued traps,
     * then closes the SEL. Record DAEMON_STOPPED through {@link #reporter()} first.
     */
    @Override
    public void close() {
        notify.close();
        traps.close();
        scheduler.close();
        sel.close();
        LOG.info("events closed: SEL at seq {}, {} traps sent, {} failed", sel.durableSeq(), traps.sent(), traps.failures());
    }
}
