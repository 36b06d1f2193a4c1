package dev.pairlock.events;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SEL's one writer thread and its group commit. It takes what {@link SystemEventLog} queued, in
 * queue order; gives each record the next sequence number; writes every record of a batch; syncs once
 * ({@code fdatasync}); and only then completes the records' futures, fills {@link #recent} and tells
 * the subscribers. Rotation and clear ({@link SelRotation}) run on this thread between two records,
 * through {@link #stage} and {@link #flush}.
 *
 * <p>Once a write, sync, rotation or clear failed, or a bug threw, {@link #failed} is set for good:
 * every record still pending or queued later completes exceptionally with it (never left hanging), and
 * nothing more is written until pairlockd restarts.
 */
final class SelWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SelWriter.class);
    private static final int BATCH = 1024;
    private static final int RECENT = 256;

    sealed interface Item {
    }

    /** A record to write, stamped by {@link SystemEventLog#append} under its submit lock. */
    record Append(EventDraft draft, Instant wall, long mono, CompletableFuture<SelRecord> done) implements Item {
    }

    record Clear(String by, CompletableFuture<Long> done) implements Item {
    }

    /** Queued once, by {@link SystemEventLog#close}, after which nothing else is queued. */
    record Stop() implements Item {
    }

    private record Done(SelRecord record, CompletableFuture<SelRecord> future) {
    }

    private final SelConfig cfg;
    private final ScId sc;
    private final Clock mono;
    private final InstantSource wall;
    /**
     * Appends and clears are offered under {@link SystemEventLog}'s submit lock (so its order is stamp
     * order), the open's SEL_RECOVERED before the writer starts, the {@link Stop} last by close(); only
     * the writer thread takes.
     */
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>(SystemEventLog.QUEUE_CAPACITY);
    private final Thread thread;
    private final SelSegmentSet segments;
    private final SelRotation rotation;

    /** Added and removed by any thread (copy on write); called on the writer thread once a record is durable. */
    private final CopyOnWriteArrayList<Consumer<SelRecord>> subscribers = new CopyOnWriteArrayList<>();
    /** The last {@link #RECENT} durable records, oldest first; guarded by its own monitor. */
    private final ArrayDeque<SelRecord> recent = new ArrayDeque<>();

    // Read by any thread; written only by the writer thread (volatile: no lock).
    /** Null until the first failure; never null again after it (nothing more is written). */
    private volatile SelException failed;
    /** The highest durable sequence number; only ever grows. */
    private volatile long durableSeq;
    private volatile long appended;
    private volatile long syncs;

    // Writer thread only (confined: set before start()).
    /** The sequence number the next staged record gets: one above every record staged or on disk. */
    private long nextSeq;
    /** Encoded records staged since the last flush, in sequence order, for the newest segment's end. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** One entry per record in {@link #pending}, same order: whom to tell once it is durable. */
    private final List<Done> pendingDone = new ArrayList<>();

    SelWriter(SelConfig cfg, ScId sc, Clock mono, InstantSource wall, SelSegmentSet segments, long nextSeq) {
        this.cfg = cfg;
        this.sc = sc;
        this.mono = mono;
        this.wall = wall;
        this.segments = segments;
        this.nextSeq = nextSeq;
        this.durableSeq = nextSeq - 1;
        this.rotation = new SelRotation(cfg, this, segments);
        this.thread = new Thread(this::run, "pairlock-sel-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues {@code item} if there is room; never blocks. */
    boolean offer(Item item) {
        return queue.offer(item);
    }

    /** Queues the {@link Stop}, waiting for room: the writer drains the queue, so there is room soon. */
    void stop() throws InterruptedException {
        queue.put(new Stop());
    }

    void join() throws InterruptedException {
        thread.join();
    }

    SelException failed() {
        return failed;
    }

    long durableSeq() {
        return durableSeq;
    }

    long appended() {
        return appended;
    }

    long syncs() {
        return syncs;
    }

    long rotations() {
        return rotation.rotations();
    }

    AutoCloseable subscribe(Consumer<SelRecord> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    List<SelRecord> recent(int n) {
        synchronized (recent) {
            List<SelRecord> all = new ArrayList<>(recent);
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    Instant wallNow() {
        return SelCodec.now(wall);
    }

    long monoNow() {
        return mono.nanos();
    }

    // ---- on the writer thread only

    private void run() {
        if (segments.size() > cfg.segments()) {
            // fewer segments configured than found, or a crash between a rotation's record and its deletes
            try {
                rotation.dropOldest(segments.size() - cfg.segments());
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
                        case Clear c -> rotation.clear(c);
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
        SelSegmentInfo seg = segments.last();
        if (seg.records + pendingDone.size() > 0 && seg.bytes + pending.size() + bytes.length > cfg.segmentBytes()) {
            flush();
            if (failed == null) { // not after a failed write: no segment begun on a failing disk, its cause kept
                rotation.rotate();
            }
            if (failed != null) {
                a.done().completeExceptionally(failed);
                return;
            }
            // the rotation's own records took sequence numbers: this one comes after them
            r = new SelRecord(nextSeq, r.wall(), r.monoNanos(), sc, r.role(), r.epoch(), r.kind(), r.severity(), r.fields());
            bytes = SelCodec.encode(r);
        }
        nextSeq++;
        pending.writeBytes(bytes);
        pendingDone.add(new Done(r, a.done()));
    }

    /**
     * Stages a record of the log's own ({@code SEL_ROTATED}, {@code SEL_CLEARED}) with the next
     * sequence number; it is durable after the next {@link #flush}.
     */
    SelRecord stage(EventDraft d, Instant wallTime, long monoNanos) {
        SelRecord r = new SelRecord(nextSeq++, wallTime, monoNanos, sc, d.role(), d.epoch(), d.kind(), d.severity(),
                d.fields());
        pending.writeBytes(SelCodec.encode(r));
        pendingDone.add(new Done(r, new CompletableFuture<>()));
        return r;
    }

    /**
     * Writes and syncs what is pending to the newest segment, then completes its futures and tells the
     * subscribers. After a failure ({@link #failed} set) it fails what is pending instead.
     */
    void flush() {
        if (pendingDone.isEmpty() || failed != null) {
            failPending();
            return;
        }
        SelSegmentInfo seg = segments.last();
        try {
            segments.writeDurably(pending.toByteArray());
            syncs++;
        } catch (IOException e) {
            fail(seg.path, "cannot write or sync the SEL", e);
            failPending();
            return;
        }
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

    /** After a clear: the log holds only {@code cleared}, so {@link #recent} does too. */
    void recentOnly(SelRecord cleared) {
        synchronized (recent) {
            recent.clear();
            recent.add(cleared);
        }
    }

    void fail(Path file, String what, IOException e) {
        failed = new SelException(file, what + " (" + e.getMessage() + "): records are no longer written; check the disk,"
                + " then restart pairlockd", e);
        LOG.error("{}", failed.getMessage());
    }
}
