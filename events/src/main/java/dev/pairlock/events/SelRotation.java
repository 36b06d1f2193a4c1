package dev.pairlock.events;

import dev.pairlock.failover.Role;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the SEL within its bound, and clears it. Both follow one order, so that a crash at any point
 * leaves a log that says what happened: (1) begin a new segment, durably; (2) make a record of what
 * goes durable in it ({@link EventKind#SEL_ROTATED} per segment dropped, or {@link EventKind#SEL_CLEARED});
 * (3) delete the old segments and sync the directory. A crash after (1) leaves one segment too many,
 * which the next open drops (recording it then); after (2), {@link SelOpen} deletes the segments the
 * record names (without a second record of it).
 *
 * <p>Runs on the writer thread only, between two records of {@link SelWriter}: no lock.
 */
final class SelRotation {
    private final SelConfig cfg;
    private final SelWriter writer;
    private final SelSegmentSet segments;
    /** Segments begun because the newest was full, since open; written on the writer thread only. */
    private volatile long rotations;

    SelRotation(SelConfig cfg, SelWriter writer, SelSegmentSet segments) {
        this.cfg = cfg;
        this.writer = writer;
        this.segments = segments;
    }

    long rotations() {
        return rotations;
    }

    /**
     * Begins the next segment (the newest is full and what was pending for it has been flushed); drops
     * the oldest beyond the configured count, recording what went first.
     */
    void rotate() {
        try {
            segments.begin();
            rotations++;
            dropOldest(segments.size() - cfg.segments());
        } catch (IOException e) {
            writer.fail(cfg.dir(), "cannot rotate the SEL", e);
        }
    }

    /** Deletes the oldest {@code count} segments once a {@code SEL_ROTATED} record of each is durable. */
    void dropOldest(int count) throws IOException {
        if (count <= 0) {
            return;
        }
        List<SelSegmentInfo> drop = segments.oldest(count);
        Instant now = writer.wallNow();
        long m = writer.monoNow();
        for (SelSegmentInfo s : drop) {
            writer.stage(EventDraft.of(EventKind.SEL_ROTATED, Role.UNKNOWN, 0)
                    .with("segment", s.path.getFileName()).with("first_seq", s.firstSeq).with("last_seq", s.lastSeq)
                    .with("records", s.records), now, m);
        }
        writer.flush(); // the record of the rotation is durable before the records it describes go
        if (writer.failed() != null) {
            return;
        }
        segments.delete(drop);
    }

    /**
     * Deletes every record ({@code ipmitool sel clear}): a new segment holding one durable
     * {@code SEL_CLEARED} record (how many records went, their range, who asked), then the old segments
     * go. Sequence numbers go on.
     */
    void clear(SelWriter.Clear c) {
        writer.flush();
        if (writer.failed() != null) {
            c.done().completeExceptionally(writer.failed());
            return;
        }
        long count = 0;
        long first = -1;
        long last = -1;
        List<SelSegmentInfo> old = segments.all();
        for (SelSegmentInfo s : old) {
            count += s.records;
            if (s.records > 0) {
                first = first < 0 ? s.firstSeq : first;
                last = s.lastSeq;
            }
        }
        try {
            segments.begin();
            SelRecord r = writer.stage(EventDraft.of(EventKind.SEL_CLEARED, Role.UNKNOWN, 0)
                    .with("records", count).with("first_seq", first).with("last_seq", last).with("by", c.by()),
                    writer.wallNow(), writer.monoNow());
            writer.flush(); // a crash from here on: open() sees the SEL_CLEARED segment and finishes the clear
            if (writer.failed() != null) {
                c.done().completeExceptionally(writer.failed());
                return;
            }
            segments.delete(old);
            writer.recentOnly(r);
            c.done().complete(count);
        } catch (IOException e) {
            writer.fail(cfg.dir(), "cannot clear the SEL", e);
            c.done().completeExceptionally(writer.failed());
        }
    }
}
