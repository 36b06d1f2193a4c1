package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One pass landing files on the SPARE, without sockets: how a batch of parts is made durable. */
class ReceivePassTest {
    @TempDir
    Path tmp;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Records the syncfs calls instead of making them; {@code fs} tells a part's file system. */
    private static final class Recording implements SyncFs.Syncer {
        final Function<Path, Object> fs;
        final List<Path> synced = new CopyOnWriteArrayList<>();

        Recording(Function<Path, Object> fs) {
            this.fs = fs;
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public Object fileSystem(Path file) throws IOException {
            return fs.apply(file);
        }

        @Override
        public void syncfs(Path dir) {
            synced.add(dir);
        }
    }

    /** Lands {@code files} (relative paths, each its own content) into {@code root} with one full pass. */
    private ReceivePass.Result land(Path root, List<String> files, SyncFs.Syncer syncer) throws Exception {
        ReceiverGate gate = new ReceiverGate(ScId.SC1);
        gate.set(SyncRole.SPARE, 1);
        ReceivePass pass = new ReceivePass(1, SyncItem.immediate("data", root, 1), root, true, true, 1, gate, pool, false,
                new Counters(), syncer);
        long mtime = 1_700_000_000_000_000_000L;
        pass.add(new Entry("", Entry.Kind.DIR, 0755, 0, 0, 0, mtime, "", false));
        List<String> dirs = files.stream().filter(f -> f.contains("/")).map(f -> f.substring(0, f.lastIndexOf('/'))).distinct().toList();
        for (String d : dirs) {
            pass.add(new Entry(d, Entry.Kind.DIR, 0755, 0, 0, 0, mtime, "", false));
        }
        for (String f : files) {
            pass.add(new Entry(f, Entry.Kind.FILE, 0644, 0, 0, f.length(), mtime, "", false));
        }
        List<long[]> needs = pass.plan();
        assertEquals(files.size(), needs.size(), "every file is needed");
        for (long[] n : needs) {
            byte[] body = files.get((int) n[0] - 1 - dirs.size()).getBytes(StandardCharsets.UTF_8);
            byte[] digest = ReceivePass.sha256().digest(body);
            pass.fileWhole((int) n[0], digest, body, 0, body.length);
        }
        return pass.finish(true).get();
    }

    private static List<String> names(String dir, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(dir + "f" + i);
        }
        return out;
    }

    /**
     * A batch of parts is made durable by a syncfs on the file system the parts are on, issued inside
     * the item root: the root's parent is another file system when the root is a mount point, and a
     * syncfs there left the parts in the page cache while they were renamed into place.
     */
    @Test
    void aBatchIsSyncedOnTheFileSystemOfItsPartsNotTheRootsParent() throws Exception {
        Path root = tmp.resolve("item");
        Files.createDirectories(root);
        Recording rec = new Recording(p -> "one");
        ReceivePass.Result r = land(root, names("", ReceivePass.BATCH_MIN), rec);
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        assertEquals(ReceivePass.BATCH_MIN, r.applied());
        assertEquals(1, rec.synced.size(), "one syncfs for one file system: " + rec.synced);
        assertTrue(rec.synced.getFirst().startsWith(root), "syncfs issued on " + rec.synced.getFirst()
                + ", outside the item root " + root + " (another file system if the root is a mount point)");
    }

    /** Parts on two file systems (a mount below the item root) get a syncfs each, on their own file system. */
    @Test
    void partsOnANestedMountGetASyncfsOfTheirOwn() throws Exception {
        Path root = tmp.resolve("item");
        Files.createDirectories(root.resolve("mnt"));
        Path mnt = root.resolve("mnt");
        Recording rec = new Recording(p -> p.startsWith(mnt) ? "mounted" : "root");
        List<String> files = new ArrayList<>(names("", 20));
        files.addAll(names("mnt/", 20));
        ReceivePass.Result r = land(root, files, rec);
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        assertEquals(40, r.applied());
        assertEquals(2, rec.synced.size(), "one syncfs per file system: " + rec.synced);
        assertTrue(rec.synced.stream().anyMatch(p -> p.startsWith(mnt)), "no syncfs on the nested mount: " + rec.synced);
        assertTrue(rec.synced.stream().anyMatch(p -> p.startsWith(root) && !p.startsWith(mnt)),
                "no syncfs on the root's file system: " + rec.synced);
        for (String f : files) {
            assertEquals(f, Files.readString(root.resolve(f)));
        }
    }

    /** A part whose file system cannot be told is fsynced on its own, and lands. */
    @Test
    void aPartWhoseFileSystemCannotBeToldIsFsyncedAlone() throws Exception {
        Path root = tmp.resolve("item");
        Files.createDirectories(root);
        Recording rec = new Recording(p -> {
            if (p.getFileName().toString().equals(ReceivePass.partPath(root.resolve("f3"),
                    new Entry("f3", Entry.Kind.FILE, 0644, 0, 0, 2, 1_700_000_000_000_000_000L, "", false)).getFileName().toString())) {
                throw new java.io.UncheckedIOException(new IOException("stat failed"));
            }
            return "one";
        });
        ReceivePass.Result r = land(root, names("", ReceivePass.BATCH_MIN), rec);
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        assertEquals("f3", Files.readString(root.resolve("f3")));
        assertEquals(1, rec.synced.size(), rec.synced.toString());
    }

    /**
     * A file this SC cannot write (here its part's path is taken by a directory; on a real SC a full
     * disk or an I/O error) fails that file alone, and counts as a file failure like every other.
     */
    @Test
    void aFileThatCannotBeWrittenHereCountsAsAFileFailure() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("item"));
        long mtime = 1_700_000_000_000_000_000L;
        Entry blocked = new Entry("b", Entry.Kind.FILE, 0644, 0, 0, 1, mtime, "", false);
        Files.createDirectories(ReceivePass.partPath(root.resolve("b"), blocked));
        ReceiverGate gate = new ReceiverGate(ScId.SC1);
        gate.set(SyncRole.SPARE, 1);
        Counters counters = new Counters();
        ReceivePass pass = new ReceivePass(1, SyncItem.immediate("data", root, 1), root, true, true, 1, gate, pool, false,
                counters, new Recording(p -> "one"));
        pass.add(new Entry("", Entry.Kind.DIR, 0755, 0, 0, 0, mtime, "", false));
        pass.add(new Entry("a", Entry.Kind.FILE, 0644, 0, 0, 1, mtime, "", false));
        pass.add(blocked);
        assertEquals(2, pass.plan().size());
        for (int index : new int[] {1, 2}) {
            byte[] body = {'x'};
            pass.fileWhole(index, ReceivePass.sha256().digest(body), body, 0, 1);
        }
        ReceivePass.Result r = pass.finish(true).get();
        assertEquals(1, r.applied(), "the other file lands");
        assertEquals(1, r.failures().size(), r.failures().toString());
        assertTrue(r.failures().getFirst().toString().contains("b"), r.failures().toString());
        assertEquals(1, counters.snapshot().fileFailures(), "a failed write is a file failure as any other");
    }
}
