package dev.pairlock.datasync;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the verified files of one {@link ReceivePass} land: each part gets its metadata, is made
 * durable (an fsync of its own, or one syncfs for a batch of a pass with many files) and then
 * replaces its target with an atomic rename, on the pool, if this SC is still the SPARE of the
 * session's epoch. Apart from the pass because the pass decides what is needed and checks what
 * arrives on the session's thread, while landing is durability and runs concurrently on the pool;
 * its failures and count of applied changes go into the pass's own result.
 */
final class FileLanding {
    private final List<CompletableFuture<Void>> commits = new ArrayList<>();
    /** At most this many parts wait for one syncfs. */
    static final int BATCH_MAX = 4096;
    private final List<Landing> landings = new ArrayList<>();
    private final List<CompletableFuture<Void>> prepared = new ArrayList<>();
    private final java.util.Set<Integer> failedIndexes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ReceiveTree tree;
    private final ReceiverGate gate;
    private final long epoch;
    private final ExecutorService pool;
    private final boolean asRoot;
    private final Counters counters;
    private final SyncFs.Syncer syncer;
    private final Queue<ReceivePass.Failure> failures;
    private final AtomicInteger applied;

    FileLanding(ReceiveTree tree, ReceiverGate gate, long epoch, ExecutorService pool, boolean asRoot, Counters counters,
                SyncFs.Syncer syncer, Queue<ReceivePass.Failure> failures, AtomicInteger applied) {
        this.tree = tree;
        this.gate = gate;
        this.epoch = epoch;
        this.pool = pool;
        this.asRoot = asRoot;
        this.counters = counters;
        this.syncer = syncer;
        this.failures = failures;
        this.applied = applied;
    }

    /** Lands the verified part {@code p} of file #{@code index} on {@code target}: alone, or in the pass's batch. */
    void land(int index, Entry e, Path p, Path target, boolean batched) {
        if (!batched) {
            commits.add(CompletableFuture.runAsync(() -> commit(index, e, p, target), pool));
            return;
        }
        Landing l = new Landing(index, e, p, target);
        prepared.add(CompletableFuture.runAsync(() -> prepare(l), pool));
        landings.add(l);
        if (landings.size() >= BATCH_MAX) {
            flushBatch();
        }
    }

    /** Every landing done, the last batch flushed first. */
    CompletableFuture<Void> landed() {
        flushBatch();
        return CompletableFuture.allOf(commits.toArray(new CompletableFuture<?>[0]));
    }

    /** A verified part waiting for the batch's syncfs before its rename. */
    private record Landing(int index, Entry entry, Path part, Path target) {
    }

    /** One syncfs for the batch's parts, then their renames (a batch of a pass with many files). */
    private void flushBatch() {
        if (landings.isEmpty()) {
            return;
        }
        List<Landing> batch = List.copyOf(landings);
        CompletableFuture<?>[] ready = prepared.toArray(new CompletableFuture<?>[0]);
        landings.clear();
        prepared.clear();
        commits.add(CompletableFuture.allOf(ready).thenRunAsync(() -> {
            List<Landing> ok = batch.stream().filter(l -> !failedIndexes.contains(l.index())).toList();
            // per file system the parts are on: the item root may be a mount point or hold one
            Map<Path, IOException> notDurable = SyncFs.durable(ok.stream().map(Landing::part).toList(), syncer);
            for (Landing l : ok) {
                IOException x = notDurable.get(l.part());
                if (x == null) {
                    rename(l.index(), l.entry(), l.part(), l.target());
                } else {
                    ReceivePass.deleteQuietly(l.part());
                    counters.fileFailures.incrementAndGet();
                    failures.add(new ReceivePass.Failure(l.index(), l.entry().rel() + ": " + ReceivePass.describe(x)));
                }
            }
        }, pool));
    }

    /** One file alone: metadata, fsync, rename (a pass with few files: the lowest latency). */
    private void commit(int index, Entry e, Path p, Path target) {
        try {
            metadata(e, p);
            try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                c.force(true);
            }
        } catch (IOException | RuntimeException x) {
            ReceivePass.deleteQuietly(p);
            counters.fileFailures.incrementAndGet();
            failures.add(new ReceivePass.Failure(index, e.rel() + ": " + ReceivePass.describe(x)));
            return;
        }
        rename(index, e, p, target);
    }

    private void prepare(Landing l) {
        try {
            metadata(l.entry(), l.part());
        } catch (IOException | RuntimeException x) {
            failedIndexes.add(l.index());
            ReceivePass.deleteQuietly(l.part());
            counters.fileFailures.incrementAndGet();
            failures.add(new ReceivePass.Failure(l.index(), l.entry().rel() + ": " + ReceivePass.describe(x)));
        }
    }

    private void metadata(Entry e, Path p) throws IOException {
        if (asRoot && (e.uid() != 0 || e.gid() != 0)) { // a part is created root:root
            Files.setAttribute(p, "unix:uid", e.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", e.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        Files.setAttribute(p, "unix:mode", e.mode(), LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(p, TreeScanner.fileTime(e.mtimeNanos()));
    }

    /** The durable part replaces the target, atomically, if this SC is still the SPARE of the session's epoch. */
    private void rename(int index, Entry e, Path p, Path target) {
        try {
            gate.apply(epoch, () -> Files.move(p, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
            tree.touched(target.getParent());
            applied.incrementAndGet();
            counters.filesCommitted.incrementAndGet();
        } catch (ReceiverGate.Revoked r) {
            ReceivePass.deleteQuietly(p);
            throw new java.util.concurrent.CompletionException(r);
        } catch (IOException | RuntimeException x) {
            ReceivePass.deleteQuietly(p);
            counters.fileFailures.incrementAndGet();
            failures.add(new ReceivePass.Failure(index, e.rel() + ": " + ReceivePass.describe(x)));
        }
    }
}
