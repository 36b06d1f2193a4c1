package dev.pairlock.events;

import dev.pairlock.control.EventRecord;
import dev.pairlock.control.EventSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The SEL as the control socket's {@code events} source: {@code last} reads this SC's log merged by
 * time with the peer's copy beside it (the directory named after the peer SC next to this SC's
 * {@code sel.dir}, which data sync keeps: after a failover the new MAIN shows the old MAIN's history
 * too, as {@code scctl events} does from the files when the daemon is down); {@code follow}
 * subscribes to this SC's records as they become durable (told on the SEL's writer thread: the
 * daemon's follower only queues them).
 */
public final class SelEventSource implements EventSource {
    private final SystemEventLog sel;
    private final Path peerCopy;

    /** {@code sel}'s records only. */
    public SelEventSource(SystemEventLog sel) {
        this(sel, null);
    }

    /** {@code sel}'s records and those of the peer's copy at {@code peerCopy} (null: none), when it exists. */
    public SelEventSource(SystemEventLog sel, Path peerCopy) {
        this.sel = sel;
        this.peerCopy = peerCopy;
    }

    /** Where the peer's copy lives for an SC whose SEL is {@code dir}: its sibling named after the peer. */
    public static Path peerCopyOf(Path dir, dev.pairlock.hal.ScId self) {
        Path parent = dir.toAbsolutePath().getParent();
        return parent == null ? null : parent.resolve(self.peer().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public List<EventRecord> last(int n) {
        if (n <= 0) {
            return List.of();
        }
        List<Path> dirs = peerCopy != null && Files.isDirectory(peerCopy) && !peerCopy.equals(sel.dir().toAbsolutePath())
                ? List.of(sel.dir(), peerCopy) : List.of(sel.dir());
        return SelReader.readMerged(dirs, SelQuery.all().withLimit(n)).records().stream().map(SelEventSource::record).toList();
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
