package dev.pairlock.datasync;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux {@code syncfs(2)}, which the JDK lacks: one call makes every file written on a file system
 * durable. A pass that lands many files makes their parts durable with one {@code syncfs} before
 * renaming them, instead of one {@code fsync} each (10,000 small files: one journal commit instead
 * of thousands). Needs native access ({@code --enable-native-access}); without it, or off Linux,
 * {@link #available()} is false and each file is fsynced.
 *
 * <p>{@code syncfs} covers one file system only, so a batch is synced per file system its parts are
 * on ({@link #durable}): an item root that is a mount point, or holds one, is another file system
 * than its parent, and a part renamed in place without being durable can come back after a power cut
 * as zeros with the right size and mtime, which the quick check then never sends again.
 */
final class SyncFs {
    private static final Logger log = LoggerFactory.getLogger(SyncFs.class);
    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final MethodHandle OPEN;
    private static final MethodHandle SYNCFS;
    private static final MethodHandle CLOSE;
    private static final StructLayout CALL_STATE;
    private static final VarHandle ERRNO;

    static {
        MethodHandle[] handles = link();
        OPEN = handles == null ? null : handles[0];
        SYNCFS = handles == null ? null : handles[1];
        CLOSE = handles == null ? null : handles[2];
        CALL_STATE = Linker.Option.captureStateLayout();
        ERRNO = CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    }

    @SuppressWarnings("restricted") // the point of this class: a libc call the JDK lacks
    private static MethodHandle[] link() {
        try {
            Linker linker = Linker.nativeLinker();
            Linker.Option capture = Linker.Option.captureCallState("errno");
            var libc = linker.defaultLookup();
            return new MethodHandle[] {
                linker.downcallHandle(libc.find("open").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), capture),
                linker.downcallHandle(libc.find("syncfs").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), capture),
                linker.downcallHandle(libc.find("close").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))};
        } catch (RuntimeException | LinkageError e) {
            log.info("datasync: syncfs(2) is not available ({}); each received file is fsynced", e.toString());
            return null;
        }
    }

    private SyncFs() {
    }

    static boolean available() {
        return OPEN != null;
    }

    /** How a batch is made durable: the real calls, or a test's that records which file systems it was asked for. */
    interface Syncer {
        boolean available();

        /** The identity of the file system holding {@code file} (its st_dev): parts with equal ones share a syncfs. */
        Object fileSystem(Path file) throws IOException;

        /** syncfs(2) on the file system holding directory {@code dir}. */
        void syncfs(Path dir) throws IOException;
    }

    static final Syncer NATIVE = new Syncer() {
        @Override
        public boolean available() {
            return SyncFs.available();
        }

        @Override
        public Object fileSystem(Path file) throws IOException {
            return Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        public void syncfs(Path dir) throws IOException {
            sync(dir);
        }
    };

    /**
     * Makes {@code parts} durable: one syncfs per file system they are on (issued on a part's own
     * directory, which is on the part's file system even when it is a mount point), and an fsync of
     * its own for a part whose file system cannot be told. Returns the parts that are not durable,
     * with the reason; every other part may be renamed into place.
     */
    static Map<Path, IOException> durable(List<Path> parts, Syncer syncer) {
        Map<Object, List<Path>> byFs = new LinkedHashMap<>();
        Map<Path, IOException> failed = new HashMap<>();
        for (Path p : parts) {
            Object fs;
            try {
                fs = syncer.fileSystem(p);
            } catch (IOException | RuntimeException x) {
                fsync(p, failed);
                continue;
            }
            byFs.computeIfAbsent(fs, k -> new java.util.ArrayList<>()).add(p);
        }
        for (List<Path> group : byFs.values()) {
            try {
                syncer.syncfs(group.getFirst().getParent());
            } catch (IOException x) {
                group.forEach(p -> failed.put(p, x));
            }
        }
        return failed;
    }

    private static void fsync(Path part, Map<Path, IOException> failed) {
        try (FileChannel c = FileChannel.open(part, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            c.force(true);
        } catch (IOException x) {
            failed.put(part, x);
        }
    }

    /** Makes everything written on the file system that holds directory {@code dir} durable. */
    static void sync(Path dir) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment path = arena.allocateFrom(dir.toString());
            int fd = (int) OPEN.invokeExact(state, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open(" + dir + ") for syncfs failed: errno " + (int) ERRNO.get(state, 0L));
            }
            try {
                int r = (int) SYNCFS.invokeExact(state, fd);
                if (r != 0) {
                    throw new IOException("syncfs on the file system of " + dir + " failed: errno " + (int) ERRNO.get(state, 0L)
                            + " (a write-back error: the data may not be on disk)");
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("syncfs failed", t);
        }
    }
}
