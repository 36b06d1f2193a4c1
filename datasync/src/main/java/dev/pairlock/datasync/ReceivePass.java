package dev.pairlock.datasync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pass of one item on the SPARE: decides from the manifest what to change, writes received
 * content to a hidden part file beside its target, and commits each verified file with fsync, an
 * atomic rename ({@link FileLanding}) and an fsync of the directory. A target is never opened for
 * writing: readers see the old file or the new one, whole.
 *
 * <p>A part file is named after the source's path, size and mtime, so a transfer cut by a link loss
 * or a crash of either side resumes where the part ends; the final SHA-256 covers the whole file, so
 * a part whose tail was lost (power failure) or whose bytes rotted is caught and sent again in full.
 */
final class ReceivePass {
    private static final java.util.Set<java.nio.file.OpenOption> PART_OPTIONS = java.util.Set.of(StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    private static final java.nio.file.attribute.FileAttribute<?> PART_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private final int passId;
    private final Path root;
    private final PathFilter filter;
    private final boolean full;
    private final boolean rootIsDir;
    private final ExecutorService pool;
    private final Counters counters;
    private final SyncFs.Syncer syncer;
    final ReceiveTree tree;
    private final FileLanding landing;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Integer, Long> needs = new HashMap<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger applied = new AtomicInteger();
    /** Passes landing at least this many files make them durable with one syncfs instead of an fsync each. */
    static final int BATCH_MIN = 32;
    private boolean batched;

    private int current = -1;
    private FileChannel part;
    private Path partPath;
    private final MessageDigest sha = sha256();
    private long written;
    private String broken; // the current file could not be written here (disk full, permissions): skip its data

    record Failure(int index, String reason) {
    }

    record Result(int passId, int applied, int deleted, List<Failure> failures) {
    }

    ReceivePass(int passId, SyncItem item, Path location, boolean full, boolean rootIsDir, long epoch, ReceiverGate gate,
                ExecutorService pool, boolean asRoot, Counters counters, SyncFs.Syncer syncer) {
        this.counters = counters;
        this.syncer = syncer;
        this.passId = passId;
        this.root = location;
        this.filter = item.filter();
        this.full = full;
        this.rootIsDir = rootIsDir;
        this.pool = pool;
        this.tree = new ReceiveTree(root, filter, gate, epoch, asRoot);
        this.landing = new FileLanding(tree, gate, epoch, pool, asRoot, counters, syncer, failures, applied);
    }

    int passId() {
        return passId;
    }

    void add(Entry e) throws ProtocolException {
        Entry.checkRel(e.rel());
        if (!rootIsDir && !e.rel().isEmpty()) {
            throw new ProtocolException("manifest of a file item lists '" + e.rel() + "'");
        }
        if (e.rel().isEmpty() && e.kind() != (rootIsDir ? Entry.Kind.DIR : Entry.Kind.FILE)) {
            throw new ProtocolException("manifest root entry is a " + e.kind());
        }
        entries.add(e);
    }

    /** Applies directories, links, deletions and metadata; returns the files whose content is needed, with resume offsets. */
    List<long[]> plan() throws IOException {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.kind() == Entry.Kind.DELETED) {
                Path gone = tree.existingTarget(e.rel());
                if (gone != null) {
                    tree.delete(gone, e.rel());
                }
                continue;
            }
            Path target = tree.target(e.rel());
            switch (e.kind()) {
                case DIR -> tree.directory(target, e);
                case SYMLINK -> applied.addAndGet(tree.symlink(target, e));
                case DELETED -> throw new IllegalStateException("handled above");
                case FILE -> {
                    if (tree.fileIsCurrent(target, e)) {
                        applied.addAndGet(tree.fixMetadata(target, e));
                    } else {
                        tree.clearForFile(target, e.rel());
                        Path p = partPath(target, e);
                        long offset = 0;
                        Long partSize = tree.regularSize(p);
                        if (partSize != null && partSize <= e.size() && e.size() > Msg.WHOLE_MAX) {
                            offset = partSize;
                        } else if (partSize != null) {
                            Files.deleteIfExists(p);
                        }
                        needs.put(i, offset);
                        out.add(new long[] {i, offset});
                    }
                }
            }
        }
        batched = out.size() >= BATCH_MIN && syncer.available();
        return out;
    }

    /**
     * The hidden part of {@code e} beside its target: named after the source's path, size and mtime
     * (a 64-bit hash: a collision would only offer a wrong resume, which the final SHA-256 catches).
     */
    static Path partPath(Path target, Entry e) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the path, then mixed with size and mtime
        String rel = e.rel();
        for (int i = 0; i < rel.length(); i++) {
            h = (h ^ rel.charAt(i)) * 0x100000001b3L;
        }
        h = mix(h ^ mix(e.size()) ^ Long.rotateLeft(mix(e.mtimeNanos()), 17));
        return target.resolveSibling(PathFilter.PART_PREFIX + HexFormat.of().toHexDigits(h));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    void fileBegin(int index, long offset) throws IOException {
        Long offered = needs.remove(index);
        if (offered == null || current >= 0) {
            throw new ProtocolException("file #" + index + " was not asked for (or another file is open)");
        }
        if (offset != 0 && offset != offered) {
            throw new ProtocolException("file #" + index + " resumes at " + offset + ", " + offered + " was offered");
        }
        Entry e = entries.get(index);
        current = index;
        written = offset;
        partPath = null;
        try {
            partPath = partPath(tree.target(e.rel()), e);
            openPart(offset);
        } catch (ProtocolException | ReceiverGate.Revoked x) {
            throw x;
        } catch (IOException x) {
            breakCurrent(x);
        }
    }

    private void breakCurrent(IOException x) {
        broken = describe(x);
        abandon();
        if (partPath != null) {
            deleteQuietly(partPath);
        }
    }

    private void openPart(long offset) throws IOException {
        sha.reset();
        if (offset == 0) {
            // a part of another source version was deleted by plan(); truncating covers a leftover of this one
            part = FileChannel.open(partPath, PART_OPTIONS, PART_MODE);
        } else {
            part = FileChannel.open(partPath, StandardOpenOption.WRITE, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            part.truncate(offset);
            ByteBuffer b = ByteBuffer.allocate(256 * 1024);
            long pos = 0;
            while (pos < offset) {
                b.clear().limit((int) Math.min(b.capacity(), offset - pos));
                int r = part.read(b, pos);
                if (r < 0) {
                    throw new IOException(partPath + " ended at " + pos + " while resuming at " + offset);
                }
                sha.update(b.array(), 0, r);
                pos += r;
            }
            part.position(offset);
        }
    }

    void fileData(byte[] buf, int off, int len) throws IOException {
        if (current < 0) {
            throw new ProtocolException("file data outside a file");
        }
        if (written + len > entries.get(current).size()) {
            throw new ProtocolException("file #" + current + " is longer than the " + entries.get(current).size()
                    + " bytes the manifest said");
        }
        written += len;
        if (broken != null) {
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            while (b.hasRemaining()) {
                part.write(b);
            }
        } catch (IOException x) {
            breakCurrent(x);
            return;
        }
        sha.update(buf, off, len);
    }

    void fileEnd(int status, byte[] digest) throws IOException {
        if (current < 0) {
            throw new ProtocolException("file end outside a file");
        }
        int index = current;
        Entry e = entries.get(index);
        current = -1;
        if (broken != null) {
            counters.fileFailures.incrementAndGet(); // could not be written here (disk full, I/O)
            failures.add(new Failure(index, e.rel() + ": " + broken));
            broken = null;
            return;
        }
        part.close();
        part = null;
        Path p = partPath;
        switch (status) {
            case Msg.END_SUSPENDED -> {
                return; // the part stays for a later pass to resume
            }
            case Msg.END_SOURCE_CHANGED -> {
                Files.deleteIfExists(p); // the MAIN sends it again with its new size and mtime
                return;
            }
            case Msg.END_OK -> {
            }
            default -> throw new ProtocolException("file end status " + status);
        }
        byte[] got = sha.digest();
        if (written != e.size() || !MessageDigest.isEqual(got, digest)) {
            Files.deleteIfExists(p);
            counters.fileFailures.incrementAndGet();
            failures.add(new Failure(index, e.rel() + ": received " + written + " bytes with SHA-256 "
                    + HexFormat.of().formatHex(got, 0, 8) + "…, the MAIN sent " + e.size() + " bytes with "
                    + HexFormat.of().formatHex(digest, 0, 8) + "…: discarded, sent again"));
            return;
        }
        Path target = tree.target(e.rel());
        landing.land(index, e, p, target, batched);
    }

    void fileWhole(int index, byte[] digest, byte[] buf, int off, int len) throws IOException {
        fileBegin(index, 0);
        fileData(buf, off, len);
        fileEnd(Msg.END_OK, digest);
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the next full pass removes stale parts
        }
    }

    static String describe(Throwable x) {
        String m = x.getMessage();
        return x.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Closes an open part (the session died mid-file): it stays for a later pass to resume. */
    void abandon() {
        if (part != null) {
            try {
                part.close();
            } catch (IOException ignored) {
                // nothing more to save
            }
            part = null;
        }
    }

    /** Once every commit is done: deletions of a complete full pass, directory times, directory fsyncs. */
    CompletableFuture<Result> finish(boolean complete) {
        return landing.landed().thenApplyAsync(v -> {
            try {
                int deleted = tree.deletedCount();
                if (complete && full && rootIsDir) {
                    deleted += tree.deleteExtraneous(entries);
                }
                tree.directoryTimes(entries);
                tree.syncDirectories();
                return new Result(passId, applied.get(), deleted, List.copyOf(failures));
            } catch (IOException x) {
                throw new java.util.concurrent.CompletionException(x);
            }
        }, pool);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }
}
