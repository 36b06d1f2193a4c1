package dev.pairlock.events;

import dev.pairlock.hal.time.Scheduler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every event of an SC goes: into the SEL, then, once durable, to the traps (plain events at
 * once, failure conditions through the {@link ConditionTracker}) and to the notify scripts. The SEL
 * holds everything; traps are reported once.
 *
 * <p>{@link #report} never blocks (the protocol's thread calls it). Dispatch runs on the given
 * {@link Scheduler} (one task at a time: the tracker needs no locks). A trap waits for its record to
 * be durable so that it can carry the record's sequence number, but never longer than
 * {@link #SEL_ACK_TIMEOUT_NANOS}: a stalled or failed disk must not silence the traps (such a trap
 * carries sequence number 0: not in the log).
 */
public final class EventReporter {
    private static final Logger LOG = LoggerFactory.getLogger(EventReporter.class);
    static final long SEL_ACK_TIMEOUT_NANOS = 2_000_000_000L;

    private final SystemEventLog sel;
    private final TrapSink traps;
    private final Scheduler scheduler;
    private final ConditionTracker tracker;
    private volatile NotifyScripts notify;
    /** Reports whose dispatch has not run yet: what a clean stop waits for (guarded by itself). */
    private final Object idle = new Object();
    private int inFlight;

    public EventReporter(SystemEventLog sel, TrapSink traps, Scheduler scheduler, long holdDownNanos) {
        this.sel = sel;
        this.traps = traps;
        this.scheduler = scheduler;
        this.tracker = new ConditionTracker(scheduler, holdDownNanos, new ConditionTracker.Output() {
            @Override
            public void report(SelRecord r) {
                TrapCatalog.classify(r).ifPresent(d -> traps.send(d.notification(), r));
            }

            @Override
            public void flapping(String condition, int transitions, boolean active, SelRecord latest, SelRecord thenReport) {
                EventReporter.this.report(EventDraft.of(EventKind.CONDITION_FLAPPING, latest.role(), latest.epoch())
                        .with("condition", condition).with("transitions", transitions).with("active", active ? "yes" : "no"),
                        thenReport == null ? null : () -> report(thenReport));
            }
        });
    }

    /** Runs the notify scripts on the transitions records report (set once, before the first report). */
    public void attach(NotifyScripts scripts) {
        this.notify = scripts;
    }

    public SystemEventLog sel() {
        return sel;
    }

    /** Records {@code draft} and sends what it calls for; returns at once. */
    public void report(EventDraft draft) {
        report(draft, null);
    }

    /**
     * {@link #report}, and the SEL's answer: the future completes with the record once it is durable,
     * or exceptionally if the SEL could not store it. For a producer that must know its record is on
     * disk before it lets go of its own copy (pairlockd's import of a stop's failures from a file).
     */
    public CompletableFuture<SelRecord> record(EventDraft draft) {
        return report(draft, null);
    }

    /** {@link #report}, then {@code after} on the scheduler once the draft's traps are sent; the SEL's future. */
    private CompletableFuture<SelRecord> report(EventDraft draft, Runnable after) {
        AtomicBoolean dispatched = new AtomicBoolean();
        synchronized (idle) {
            inFlight++;
        }
        Scheduler.Timer fallback = scheduler.schedule(SEL_ACK_TIMEOUT_NANOS, () -> {
            if (dispatched.compareAndSet(false, true)) {
                LOG.warn("the SEL has not stored {} within 2 s: sending its traps without a sequence number", draft.kind());
                dispatched(sel.unlogged(draft), after);
            }
        });
        CompletableFuture<SelRecord> stored = sel.append(draft);
        stored.whenComplete((record, error) -> {
            if (error != null) {
                LOG.warn("the SEL could not store {}: {}", draft.kind(), error.getMessage());
            }
            scheduler.schedule(0, () -> {
                if (dispatched.compareAndSet(false, true)) {
                    fallback.cancel();
                    dispatched(record != null ? record : sel.unlogged(draft), after);
                }
            });
        });
        return stored;
    }

    /** Dispatches {@code r}, runs {@code after}, and counts the report as done even if either threw. */
    private void dispatched(SelRecord r, Runnable after) {
        try {
            dispatch(r);
            if (after != null) {
                after.run();
            }
        } finally {
            synchronized (idle) {
                inFlight--;
                idle.notifyAll();
            }
        }
    }

    /**
     * Waits until every report made so far (and every one those made, such as a flapping summary) has
     * been dispatched: its notify script queued, its trap handed to the sender. A clean stop calls it
     * before closing the scripts and the traps, which would otherwise drop the last records' (the
     * DAEMON_STOPPED record's notify.stop among them).
     *
     * @return false if some were still waiting after {@code timeoutNanos} (how many: {@link #inFlight()})
     */
    public boolean awaitDispatched(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (idle) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /** Reports not yet dispatched. */
    public int inFlight() {
        synchronized (idle) {
            return inFlight;
        }
    }

    private void dispatch(SelRecord r) {
        NotifyScripts n = notify;
        if (n != null) {
            n.onRecord(r);
        }
        TrapCatalog.classify(r).ifPresent(d -> {
            if (d.isCondition()) {
                tracker.update(d.condition(), d.active(), r);
            } else {
                traps.send(d.notification(), r);
            }
        });
    }

    /** The failure conditions known now and whether each holds (read on the reporter's scheduler). */
    public Map<String, Boolean> conditions() {
        return tracker.conditions();
    }
}
