package dev.pairlock.events;

import dev.pairlock.config.AtomicFiles;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
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
 */
public final class SystemEventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemEventLog.class);
    /** Far beyond any real event rate; reached only if the disk stalls for a long time. */
    static final int QUEUE_CAPACITY = 100_000;
    private static final int BATCH = 1024;
    private static final int RECENT = 256;

    private final SelConfig cfg;
    private final ScId sc;
    private final Clock mono;
    private final InstantSource wall;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final CopyOnWriteArrayList<Consumer<SelRecord>> subscribers = new CopyOnWriteArrayList<>();
    private final ArrayDeque<SelRecord> recent = new ArrayDeque<>();
    private final Object submitLock = new Object();
    private final Thread writer;

    // writer thread only, after open
    private final List<SelSegmentInfo> segments;
    private FileChannel active;
    private long nextSeq;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final List<Done> pendingDone = new ArrayList<>();

    private volatile SelException failed;
    private volatile boolean closed;
    private volatile long durableSeq;
    private volatile long appended;
    private volatile long syncs;
    private volatile long rotations;
    private volatile long overflows;

    private sealed interface Item {
    }

    private record Append(EventDraft draft, Instant wall, long mono, CompletableFuture<SelRecord> done) implements Item {
    }

    private record Clear(String by, CompletableFuture<Long> done) implements Item {
    }

    private record Stop() implements Item {
    }

    private record Done(SelRecord record, CompletableFuture<SelRecord> future) {
    }

    private SystemEventLog(SelConfig cfg, ScId sc, Clock mono, InstantSource wall, FileChannel lockChannel, FileLock lock,
                           List<SelSegmentInfo> segments, long nextSeq, long recoveredBytes) throws IOException {
        this.cfg = cfg;
        this.sc = sc;
        this.mono = mono;
        this.wall = wall;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.segments = segments;
        this.nextSeq = nextSeq;
        this.durableSeq = nextSeq - 1;
        SelSegmentInfo last = segments.getLast();
        this.active = FileChannel.open(last.path, StandardOpenOption.WRITE);
        this.writer = new Thread(this::run, "pairlock-sel-writer");
        writer.setDaemon(true);
        if (recoveredBytes > 0) {
            queue.add(new Append(EventDraft.of(EventKind.SEL_RECOVERED, dev.pairlock.failover.Role.UNKNOWN, 0)
                    .with("bytes", recoveredBytes).with("segment", last.path.getFileName()), wallNow(), mono.nanos(),
                    new CompletableFuture<>()));
        }
        writer.start();
    }

    /**
     * Opens (creating if needed) the SEL in {@code cfg.dir()} for writing by {@code sc}: takes the
     * directory's lock, scans every segment, truncates a torn tail, finishes a clear or a rotation a
     * crash interrupted.
     */
    public static SystemEventLog open(SelConfig cfg, ScId sc, Clock mono, InstantSource wall) {
        Path dir = cfg.dir();
        Path lockFile = dir.resolve("sel.lock");
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
                throw new SelException(dir, "the SEL is open for writing by another process"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + ": go through pairlockd (scctl events), or stop it first");
            }
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            SelOpen.Opened opened = SelOpen.recover(cfg);
            return new SystemEventLog(cfg, sc, mono, wall, lockChannel, lock, opened.segments(), opened.nextSeq(),
                    opened.recoveredBytes());
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new SelException(dir, "cannot open the SEL (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the open failed already; that error is the one to report
            }
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
        SelException f = failed;
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
            if (!queue.offer(new Append(draft, wallNow(), mono.nanos(), done))) {
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
        if (closed || failed != null) {
            done.completeExceptionally(failed != null ? failed : new SelException(cfg.dir(), "the SEL is closed"));
            return done;
        }
        synchronized (submitLock) {
            if (closed) {
                done.completeExceptionally(new SelException(cfg.dir(), "the SEL is closed"));
                return done;
            }
            if (!queue.offer(new Clear(by, done))) {
                done.completeExceptionally(new SelException(cfg.dir(), "the SEL's queue is full; try again"));
            }
        }
        return done;
    }

    /** Calls {@code listener} on the writer thread with every record once it is durable; must not block. */
    public AutoCloseable subscribe(Consumer<SelRecord> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    /** The last {@code n} (at most 256) durable records, oldest first. */
    public List<SelRecord> recent(int n) {
        synchronized (recent) {
            List<SelRecord> all = new ArrayList<>(recent);
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    /** The highest sequence number that is durable (0 when the log never held a record). */
    public long durableSeq() {
        return durableSeq;
    }

    /** Counters since open, for the daemon's status and the benchmark. */
    public record Stats(long appended, long syncs, long rotations, long overflows, long durableSeq) {
    }

    public Stats stats() {
        return new Stats(appended, syncs, rotations, overflows, durableSeq);
    }

    /** Writes what is queued, stops the writer and releases the directory's lock. */
    @Override
    public void close() {
        synchronized (submitLock) {
            if (closed) {
                return; // a second close, even a concurrent one, does nothing (no second lock release)
            }
            closed = true; // no append gets in after this
        }
        try {
            queue.put(new Stop()); // the writer drains the queue, so there is room soon
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            active.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("closing the SEL in {}: {}", cfg.dir(), e.toString());
        }
    }

    /** The wall time as stored (microseconds), so an acknowledged record equals the one read back. */
    private Instant wallNow() {
        return wall.instant().truncatedTo(ChronoUnit.MICROS);
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

    // ---- the writer thread

    private void run() {
        if (segments.size() > cfg.segments()) {
            // fewer segments configured than found, or a crash between a rotation's record and its deletes
            try {
                dropOldest(segments.size() - cfg.segments());
            } catch (IOException e) {
                fail(cfg.dir(), "cannot drop the oldest SEL segments", e);
            }
        }
        List<Item> batch = new ArrayList<>(BATCH);
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            for (Item item : batch) {
                try {
                    switch (item) {
                        case Append a -> write(a);
                        case Clear c -> clearNow(c);
                        case Stop s -> stop = true;
                    }
                } catch (RuntimeException e) {
                    // a bug must not leave the writer dead and every later append waiting forever
                    LOG.error("the SEL writer failed on {}", item, e);
                    failed = new SelException(cfg.dir(), "the SEL writer failed (" + e + "): records are no longer written;"
                            + " restart pairlockd", e);
                    failPending();
                    if (item instanceof Append a) {
                        a.done().completeExceptionally(failed);
                    } else if (item instanceof Clear c) {
                        c.done().completeExceptionally(failed);
                    }
                }
            }
            flush();
        }
    }

    private void write(Append a) {
        if (failed != null) {
            a.done().completeExceptionally(failed);
            return;
        }
        EventDraft d = a.draft();
        SelRecord r = new SelRecord(nextSeq, a.wall(), a.mono(), sc, d.role(), d.epoch(), d.kind(), d.severity(), d.fields());
        byte[] bytes;
        try {
            bytes = SelCodec.encode(r);
        } catch (IllegalArgumentException e) {
            a.done().completeExceptionally(e);
            return;
        }
        SelSegmentInfo seg = segments.getLast();
        if (seg.records + pendingDone.size() > 0 && seg.bytes + pending.size() + bytes.length > cfg.segmentBytes()) {
            flush();
            rotate();
            if (failed != null) {
                a.done().completeExceptionally(failed);
                return;
            }
            r = new SelRecord(nextSeq, r.wall(), r.monoNanos(), sc, r.role(), r.epoch(), r.kind(), r.severity(), r.fields());
            bytes = SelCodec.encode(r);
        }
        nextSeq++;
        pending.writeBytes(bytes);
        pendingDone.add(new Done(r, a.done()));
    }

    /** Writes and syncs what is pending, then completes its futures and tells the subscribers. */
    private void flush() {
        if (pendingDone.isEmpty() || failed != null) {
            failPending();
            return;
        }
        SelSegmentInfo seg = segments.getLast();
        try {
            ByteBuffer b = ByteBuffer.wrap(pending.toByteArray());
            long pos = seg.bytes;
            while (b.hasRemaining()) {
                pos += active.write(b, pos);
            }
            active.force(false);
            syncs++;
        } catch (IOException e) {
            fail(seg.path, "cannot write or sync the SEL", e);
            failPending();
            return;
        }
        seg.bytes += pending.size();
        for (Done d : pendingDone) {
            seg.add(d.record().seq());
        }
        List<Done> done = List.copyOf(pendingDone);
        pending.reset();
        pendingDone.clear();
        long last = done.getLast().record().seq();
        durableSeq = last;
        appended += done.size();
        synchronized (recent) {
            for (Done d : done) {
                if (recent.size() == RECENT) {
                    recent.removeFirst();
                }
                recent.addLast(d.record());
            }
        }
        for (Done d : done) {
            d.future().complete(d.record());
            for (Consumer<SelRecord> s : subscribers) {
                try {
                    s.accept(d.record());
                } catch (RuntimeException e) {
                    LOG.warn("an SEL subscriber failed on record {}: {}", d.record().seq(), e.toString());
                }
            }
        }
    }

    private void failPending() {
        if (failed != null) {
            for (Done d : pendingDone) {
                d.future().completeExceptionally(failed);
            }
            pending.reset();
            pendingDone.clear();
        }
    }

    private void fail(Path file, String what, IOException e) {
        failed = new SelException(file, what + " (" + e.getMessage() + "): records are no longer written; check the disk,"
                + " then restart pairlockd", e);
        LOG.error("{}", failed.getMessage());
    }

    /** Begins the next segment; drops the oldest beyond the configured count, recording what went first. */
    private void rotate() {
        try {
            beginSegment();
            rotations++;
            dropOldest(segments.size() - cfg.segments());
        } catch (IOException e) {
            fail(cfg.dir(), "cannot rotate the SEL", e);
        }
    }

    private void beginSegment() throws IOException {
        SelSegmentInfo next = SelOpen.createSegment(cfg.dir(), segments.getLast().number + 1);
        active.close();
        active = FileChannel.open(next.path, StandardOpenOption.WRITE);
        segments.add(next);
    }

    private void dropOldest(int count) throws IOException {
        if (count <= 0) {
            return;
        }
        List<SelSegmentInfo> drop = new ArrayList<>(segments.subList(0, count));
        Instant now = wallNow();
        long m = mono.nanos();
        for (SelSegmentInfo s : drop) {
            EventDraft d = EventDraft.of(EventKind.SEL_ROTATED, dev.pairlock.failover.Role.UNKNOWN, 0)
                    .with("segment", s.path.getFileName()).with("first_seq", s.firstSeq).with("last_seq", s.lastSeq)
                    .with("records", s.records);
            SelRecord r = new SelRecord(nextSeq++, now, m, sc, d.role(), d.epoch(), d.kind(), d.severity(), d.fields());
            pending.writeBytes(SelCodec.encode(r));
            pendingDone.add(new Done(r, new CompletableFuture<>()));
        }
        flush(); // the record of the rotation is durable before the records it describes go
        if (failed != null) {
            return;
        }
        for (SelSegmentInfo s : drop) {
            Files.deleteIfExists(s.path);
            segments.remove(s);
        }
        AtomicFiles.syncDirectory(cfg.dir());
    }

    private void clearNow(Clear c) {
        flush();
        if (failed != null) {
            c.done().completeExceptionally(failed);
            return;
        }
        long count = 0;
        long first = -1;
        long last = -1;
        for (SelSegmentInfo s : segments) {
            count += s.records;
            if (s.records > 0) {
                first = first < 0 ? s.firstSeq : first;
                last = s.lastSeq;
            }
        }
        try {
            List<SelSegmentInfo> old = new ArrayList<>(segments);
            beginSegment();
            EventDraft d = EventDraft.of(EventKind.SEL_CLEARED, dev.pairlock.failover.Role.UNKNOWN, 0)
                    .with("records", count).with("first_seq", first).with("last_seq", last).with("by", c.by());
            SelRecord r = new SelRecord(nextSeq++, wallNow(), mono.nanos(), sc, d.role(), d.epoch(), d.kind(),
                    d.severity(), d.fields());
            pending.writeBytes(SelCodec.encode(r));
            pendingDone.add(new Done(r, new CompletableFuture<>()));
            flush(); // a crash from here on: open() sees the SEL_CLEARED segment and finishes the clear
            if (failed != null) {
                c.done().completeExceptionally(failed);
                return;
            }
            for (SelSegmentInfo s : old) {
                Files.deleteIfExists(s.path);
                segments.remove(s);
            }
            AtomicFiles.syncDirectory(cfg.dir());
            synchronized (recent) {
                recent.clear();
                recent.add(r);
            }
            c.done().complete(count);
        } catch (IOException e) {
            fail(cfg.dir(), "cannot clear the SEL", e);
            c.done().completeExceptionally(failed);
        }
    }
}
