package dev.pairlock.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What every register benchmark shares, in the manner of the JDK's {@code CallOverheadHelper}: one
 * page-sized register file per benchmark JVM, and the static handles each technique uses on it.
 *
 * <p>The file lives in {@code /dev/shm} so that every technique maps the same tmpfs page and the
 * figures measure the access path, not a disk. Each technique maps it on its own (as a real
 * program would map a BAR), so they all see one physical page through different virtual mappings.
 */
public final class RegisterFile {
    /** One page: the size of the smallest BAR or UIO map a register window comes from. */
    public static final long WINDOW_BYTES = 4096;

    /** The register the benchmarks touch: a 32-bit word at an aligned, non-zero offset. */
    public static final long REGISTER_OFFSET = 0x40;

    /**
     * Accesses per invocation of a loop benchmark, as the C baseline does them: enough that the
     * harness's per-invocation cost vanishes in the per-access figure.
     */
    public static final int BATCH = 1024;

    /** The initial register content; tests read it back through every technique. */
    public static final int SEED_VALUE = 0x5eed_c10c;

    /** Volatile/opaque/acquire access to a native int, the way the raw-FFM baseline does it. */
    public static final VarHandle SEGMENT_INT =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.nativeOrder()).varHandle();

    /** NIO's only route to a non-plain access of a direct buffer. */
    public static final VarHandle BUFFER_INT =
            MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private RegisterFile() {
    }

    /** A fresh, zeroed register file holding {@link #SEED_VALUE} at {@link #REGISTER_OFFSET}, deleted when the JVM exits. */
    public static Path create() {
        Path dir = Path.of("/dev/shm");
        try {
            Path file = Files.isDirectory(dir) && Files.isWritable(dir)
                    ? Files.createTempFile(dir, "pairlock-bench-", ".regs")
                    : Files.createTempFile("pairlock-bench-", ".regs");
            file.toFile().deleteOnExit();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MappedByteBuffer bb = ch.map(FileChannel.MapMode.READ_WRITE, 0, WINDOW_BYTES);
                bb.order(ByteOrder.nativeOrder()).putInt((int) REGISTER_OFFSET, SEED_VALUE);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark register file in " + dir
                    + " or the temp directory; free some space or set java.io.tmpdir", e);
        }
    }

    /** The whole file as a segment living as long as {@code arena}. */
    public static MemorySegment mapSegment(Path file, Arena arena) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, WINDOW_BYTES, arena);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the register file " + file, e);
        }
    }

    /** The whole file as a native-order direct buffer (unmapped when the buffer is collected). */
    public static MappedByteBuffer mapBuffer(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer bb = ch.map(FileChannel.MapMode.READ_WRITE, 0, WINDOW_BYTES);
            bb.order(ByteOrder.nativeOrder());
            return bb;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the register file " + file, e);
        }
    }
}
