package dev.pairlock.daemon;

import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.events.EventReporter;
import dev.pairlock.events.SelRecord;
import dev.pairlock.failover.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the clean stop's failed steps go besides the journal ({@link Teardown}'s {@code onFailure}), and
 * a failed start's release's ({@link DaemonAssembly#startFailed}: the SEL while it is open, else the file):
 * into the SEL as {@code STOP_STEP_FAILED} while it is open, which is where an operator paged at night
 * looks ({@code scctl events}); once the SEL is closing, into {@link StopFailureFile}, which the next
 * start imports ({@link StopFailureImport}). A record the SEL did not store by the time it closed (its
 * disk failed) goes to the file too, under the same {@code entry}.
 *
 * <p>Why two places: the SEL closes part-way through the stop (its last record, DAEMON_STOPPED, must
 * come after the runtime's), and the steps after it — the watchdog's disarm among them — are the ones
 * whose failure matters most at the next boot.
 *
 * <p>One stop, one thread (the {@link Teardown}'s).
 */
final class StopRecord implements Consumer<Teardown.StepFailed> {
    private static final Logger LOG = LoggerFactory.getLogger("pairlockd");

    private final EventReporter reporter;
    private final StopFailureFile file;
    private final InstantSource wall;
    /** Unique per stop: the pid and the stop's start; each failure's entry is this and its number. */
    private final String stopId;
    private int failures;
    private boolean selOpen = true;
    private final List<Pending> toSel = new ArrayList<>();
    private final List<StopFailureFile.Entry> toFile = new ArrayList<>();
    /** What an earlier stop left in the file and no start imported (read at this stop's first write). */
    private byte[] kept;

    private record Pending(StopFailureFile.Entry entry, CompletableFuture<SelRecord> stored) {
    }

    StopRecord(EventReporter reporter, Path stateDir, InstantSource wall) {
        this.reporter = reporter;
        this.file = new StopFailureFile(stateDir);
        this.wall = wall;
        this.stopId = ProcessHandle.current().pid() + "-" + wall.millis();
    }

    /**
     * A failed start's release before the SEL opened, or after a failure of its own closed it: every
     * failure goes to the file at once (there is no SEL to wait for), for the next start that opens one.
     */
    static StopRecord fileOnly(Path stateDir, InstantSource wall) {
        StopRecord r = new StopRecord(null, stateDir, wall);
        r.selOpen = false;
        return r;
    }

    @Override
    public void accept(Teardown.StepFailed f) {
        StopFailureFile.Entry e = new StopFailureFile.Entry(stopId + "-" + ++failures, wall.instant(), f.step(), f.ifFailed(),
                f.error(), f.what());
        if (selOpen) {
            toSel.add(new Pending(e, reporter.record(draft(e))));
        } else {
            toFile(List.of(e));
        }
    }

    /** The SEL got its last record: failures from now on go to the file. */
    void selClosing() {
        selOpen = false;
    }

    /** The SEL is closed (its queue written): what it did not store goes to the file. */
    void selClosed() {
        List<StopFailureFile.Entry> lost = new ArrayList<>();
        for (Pending p : toSel) {
            if (!p.stored().isDone() || p.stored().isCompletedExceptionally()) {
                lost.add(p.entry());
            }
        }
        toSel.clear();
        if (!lost.isEmpty()) {
            LOG.warn("the SEL did not store {} failed stop step(s): written to {} for the next start", lost.size(), file.path());
            toFile(lost);
        }
    }

    /**
     * The record of {@code e}, as written during the stop (the import adds {@code failed_at} and {@code from});
     * a step of a failed start's release says so ({@code during=start cleanup}): same kind, as the SEL
     * records a failed start as a stop (DAEMON_STOPPED, {@code cause=could not start: …}).
     */
    static EventDraft draft(StopFailureFile.Entry e) {
        EventDraft d = EventDraft.of(EventKind.STOP_STEP_FAILED, Role.UNKNOWN, 0).with("step", e.step()).with("error", e.error())
                .with("left", e.left()).with("entry", e.id());
        return e.during().equals(StopFailureFile.STOP) ? d : d.with("during", e.during());
    }

    private void toFile(List<StopFailureFile.Entry> entries) {
        toFile.addAll(entries);
        try {
            if (kept == null) {
                kept = file.bytesIfAny();
            }
            file.write(kept, toFile);
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: could not write the failed stop step(s) {} for the next start ({}); this journal is their only"
                    + " record", file.path(), entries.stream().map(StopFailureFile.Entry::step).toList(), e.toString(), e);
        }
    }
}
