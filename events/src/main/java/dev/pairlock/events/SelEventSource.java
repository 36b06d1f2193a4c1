package dev.pairlock.events;

import dev.pairlock.control.EventRecord;
import dev.pairlock.control.EventSource;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The SEL as the control socket's {@code events} source: {@code last} reads this SC's log, {@code follow}
 * subscribes to records as they become durable (told on the SEL's writer thread: the daemon's follower
 * only queues them).
 */
public final class SelEventSource implements EventSource {
    private final SystemEventLog sel;

    public SelEventSource(SystemEventLog sel) {
        this.sel = sel;
    }

    @Override
    public List<EventRecord> last(int n) {
        if (n <= 0) {
            return List.of();
        }
        return SelReader.of(sel.dir()).read(SelQuery.all().withLimit(n)).records().stream().map(SelEventSource::record).toList();
    }

    @Override
    public AutoCloseable follow(Consumer<EventRecord> listener) {
        return sel.subscribe(r -> listener.accept(record(r)));
    }

    static EventRecord record(SelRecord r) {
        String severity = switch (r.severity()) {
            case INFO, NOTICE -> "info";
            case WARNING -> "warning";
            case CRITICAL -> "error";
        };
        String text = TrapSender.text(r);
        return new EventRecord(r.seq(), r.wall().toEpochMilli(), r.sc().name().toLowerCase(Locale.ROOT), severity,
                r.kindName().toLowerCase(Locale.ROOT), r.epoch(), r.role() + (text.isEmpty() ? "" : " " + text));
    }
}
