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
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux {@code syncfs(2)}, which the JDK lacks: one call makes every file written on a file system
 * durable. A pass that lands many files makes their parts durable with one {@code syncfs} before
 * renaming them, instead of one {@code fsync} each (10,000 small files: one journal commit instead
 * of thousands). Needs native access ({@code --enable-native-access}); without it, or off Linux,
 * {@link #available()} is false and each file is fsynced.
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
