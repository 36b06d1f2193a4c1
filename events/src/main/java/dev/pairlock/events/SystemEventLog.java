package dev.pairlock.events;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system event log of one SC: an append-only, segmented file log in {@link SelConfig#dir()}, one
 * writer per directory (a {@code sel.lock} file lock). Records are acknowledged only after
 * {@code fdatasync}: a completed {@link #append} future survives {@code kill -9} and power loss.
 *
 * <p>{@link #append} never blocks the caller (the protocol's thread calls it): drafts are stamped
 * with the wall and monotonic time at once and queued; one writer thread gives them sequence numbers,
 * writes every queued record and syncs once per batch (group commit). Each segment is closed at
 * {@code max_size / segments} bytes; when there are more segments than configured, the oldest are
 * deleted after a {@link EventKind#SEL_ROTATED} record saying which sequence numbers went has been
 * synced. On open, a tail a crash cut off is truncated and recorded as {@link EventKind#SEL_RECOVERED}.
 *
 * <p>This class is the submitting side and the life cycle; the parts, each with one job:
 * {@link SelDirLock} (one writer per directory), {@link SelOpen} (recovery on open), {@link SelWriter}
 * (the writer thread and its group commit), {@link SelRotation} (rotation and clear),
 * {@link SelSegmentSet} (the segment files the writer appends to), {@link SelSegments} (segment names,
 * listing and scanning, shared with {@link SelReader}), {@link SelDisk} (the syncs and deletes).
 */
public final class SystemEventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemEventLog.class);
    /** Far beyond any real event rate; reached only if the disk stalls for a long time. */
    static final int QUEUE_CAPACITY = 100_000;

    private final SelConfig cfg;
    private final ScId sc;
    private final Clock mono;
    private final InstantSource wall;
    /** Held from open until {@link #close} has stopped the writer: released only when nothing can write any more. */
    private final SelDirLock dirLock;
    /** The writer thread's (see there); {@link #close} closes its channel after joining the writer. */
    private final SelSegmentSet segments;
    private final SelWriter writer;
    /**
     * Guards {@link #closed}'s one change (false to true) and each stamp-and-queue of {@link #append}
     * and {@link #clear}: so queue order is time order, and nothing is queued after close() decided to
     * queue its Stop (an item behind the Stop would never be taken, its future never completed).
     */
    private final Object submitLock = new Object();
    /** Set once, under {@link #submitLock}; read without it only as a fast path, re-read under it. */
    private volatile boolean closed;
    /** Records refused because the queue was full; written under {@link #submitLock}. */
    private volatile long overflows;

    private SystemEventLog(SelConfig cfg, ScId sc, Clock mono, InstantSource wall, SelDirLock dirLock, SelDisk disk,
                           SelOpen.Opened opened) throws IOException {
        this.cfg = cfg;
        this.sc = sc;
        this.mono = mono;
        this.wall = wall;
        this.dirLock = dirLock;
        this.segments = new SelSegmentSet(cfg.dir(), disk, opened.segments());
        this.writer = new SelWriter(cfg, sc, mono, wall, segments, opened.nextSeq());
        if (opened.recoveredBytes() > 0) {
            writer.offer(new SelWriter.Append(EventDraft.of(EventKind.SEL_RECOVERED, Role.UNKNOWN, 0)
                    .with("bytes", opened.recoveredBytes()).with("segment", segments.last().path.getFileName()),
                    wallNow(), mono.nanos(), new CompletableFuture<>()));
        }
        writer.start();
    }

    /**
     * Opens (creating if needed) the SEL in {@code cfg.dir()} for writing by {@code sc}: takes the
     * directory's lock, scans every segment, truncates a torn tail, finishes a clear or a rotation a
     * crash interrupted.
     */
    public static SystemEventLog open(SelConfig cfg, ScId sc, Clock mono, InstantSource wall) {
        return open(cfg, sc, mono, wall, SelDisk.SYSTEM);
    }

    /** {@link #open} with the syncs and deletes going through {@code disk} (tests). */
    static SystemEventLog open(SelConfig cfg, ScId sc, Clock mono, InstantSource wall, SelDisk disk) {
        Path dir = cfg.dir();
        SelDirLock dirLock = null;
        try {
            disk.createDirectories(dir);
            dirLock = SelDirLock.take(dir);
            SelOpen.Opened opened = SelOpen.recover(cfg, disk);
            return new SystemEventLog(cfg, sc, mono, wall, dirLock, disk, opened);
        } catch (IOException e) {
            if (dirLock != null) {
                dirLock.releaseQuietly();
            }
            throw new SelException(dir, "cannot open the SEL (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            if (dirLock != null) {
                dirLock.releaseQuietly();
            }
            throw e;
        }
    }

    public Path dir() {
        return cfg.dir();
    }

    public ScId sc() {
        return sc;
    }

    /**
     * Queues {@code draft}; the future completes with the record (sequence number and times) once it
     * is on disk and synced, or exceptionally with a {@link SelException}. Never blocks.
     */
    public CompletableFuture<SelRecord> append(EventDraft draft) {
        CompletableFuture<SelRecord> done = new CompletableFuture<>();
        SelException f = writer.failed();
        if (closed || f != null) {
            done.completeExceptionally(f != null ? f : new SelException(cfg.dir(), "the SEL is closed"));
            return done;
        }
        synchronized (submitLock) {
            if (closed) {
                // close() ran between the check above and here: its Stop may be taken already
                done.completeExceptionally(new SelException(cfg.dir(), "the SEL is closed"));
                return done;
            }
            // stamped and queued under one lock: queue order is time order
            if (!writer.offer(new SelWriter.Append(draft, wallNow(), mono.nanos(), done))) {
                overflows++;
                done.completeExceptionally(new SelException(cfg.dir(), QUEUE_CAPACITY
                        + " records are waiting for the disk: the SEL's disk has stalled; this record is dropped"));
            }
        }
        return done;
    }

    /**
     * {@code draft} stamped as a record that is not in the log (sequence number 0): what the traps
     * carry when the log could not store it.
     */
    public SelRecord unlogged(EventDraft draft) {
        return new SelRecord(0, wallNow(), mono.nanos(), sc, draft.role(), draft.epoch(), draft.kind(), draft.severity(),
                draft.fields());
    }

    /** {@link #append} and wait until the record is durable. */
    public SelRecord appendDurably(EventDraft draft) {
        return join(append(draft));
    }

    /**
     * Deletes every record ({@code ipmitool sel clear}); the log then holds one
     * {@link EventKind#SEL_CLEARED} record naming {@code by} and how many records went. Sequence
     * numbers go on from where they were. The future gives the number of records cleared.
     */
    public CompletableFuture<Long> clear(String by) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        SelException f = writer.failed();
        if (closed || f != null) {
            done.completeExceptionally(f != null ? f : new SelException(cfg.dir(), "the SEL is closed"));
            return done;
        }
        synchronized (submitLock) {
            if (closed) {
                done.completeExceptionally(new SelException(cfg.dir(), "the SEL is closed"));
                return done;
            }
            if (!writer.offer(new SelWriter.Clear(by, done))) {
                done.completeExceptionally(new SelException(cfg.dir(), "the SEL's queue is full; try again"));
            }
        }
        return done;
    }

    /** Calls {@code listener} on the writer thread with every record once it is durable; must not block. */
    public AutoCloseable subscribe(Consumer<SelRecord> listener) {
        return writer.subscribe(listener);
    }

    /** The last {@code n} (at most 256) durable records, oldest first. */
    public List<SelRecord> recent(int n) {
        return writer.recent(n);
    }

    /** The highest sequence number that is durable (0 when the log never held a record). */
    public long durableSeq() {
        return writer.durableSeq();
    }

    /** Counters since open, for the daemon's status and the benchmark. */
    public record Stats(long appended, long syncs, long rotations, long overflows, long durableSeq) {
    }

    public Stats stats() {
        return new Stats(writer.appended(), writer.syncs(), writer.rotations(), overflows, writer.durableSeq());
    }

    /**
     * Writes what is queued, stops the writer and releases the directory's lock. An interrupt does
     * not cut this short (the caller's interrupt status is kept): the lock must not be released while
     * the writer may still write, and the records queued last (DAEMON_STOPPED) must still be written.
     */
    @Override
    public void close() {
        synchronized (submitLock) {
            if (closed) {
                return; // a second close, even a concurrent one, does nothing (no second lock release)
            }
            closed = true; // no append gets in after this
        }
        boolean interrupted = false;
        while (true) {
            try {
                writer.stop(); // the writer drains the queue, so there is room soon
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            segments.closeActive();
            dirLock.release();
        } catch (IOException e) {
            LOG.warn("closing the SEL in {}: {}", cfg.dir(), e.toString());
        }
    }

    /** The wall time as stored (microseconds), so an acknowledged record equals the one read back. */
    private Instant wallNow() {
        return SelCodec.now(wall);
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
