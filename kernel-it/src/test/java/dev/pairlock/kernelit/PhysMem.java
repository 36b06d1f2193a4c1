package dev.pairlock.kernelit;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * A minimal, test-only {@code mmap(2)} of {@code /dev/mem} (or any mmap-able file) through FFM, to
 * cross-check register backends against an independent mapping. Not the production backend.
 *
 * <pre>{@code
 * try (PhysMem m = PhysMem.map("/dev/mem", KernelEnv.ivshmemBarAddress(), 4096)) {
 *     m.setInt(0x10, 0xcafe);    // volatile 32-bit store
 * }
 * }</pre>
 */
public final class PhysMem implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_SYNC = 0x101000;   // x86-64: __O_SYNC | O_DSYNC
    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle MMAP = downcall("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle MUNMAP = downcall("munmap",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment segment;
    private final String what;

    private PhysMem(MemorySegment segment, String what) {
        this.segment = segment;
        this.what = what;
    }

    /** Maps {@code size} bytes of {@code path} at {@code offset} (page aligned) read-write, shared. */
    public static PhysMem map(String path, long offset, long size) {
        String what = path + " @0x" + Long.toHexString(offset) + "+" + size;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), O_RDWR | O_SYNC);
            if (fd < 0) throw new IllegalStateException("open " + path + ": " + errno(state));
            try {
                MemorySegment p = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, size,
                        PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
                if (p.address() == -1L) throw new IllegalStateException("mmap " + what + ": " + errno(state));
                return new PhysMem(p.reinterpret(size), what);
            } finally {
                int ignored = (int) CLOSE.invokeExact(state, fd);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap " + what, t);
        }
    }

    public MemorySegment segment() { return segment; }

    public int getInt(long offset) { return (int) INT.getVolatile(segment, offset); }

    public void setInt(long offset, int value) { INT.setVolatile(segment, offset, value); }

    public long getLong(long offset) { return (long) LONG.getVolatile(segment, offset); }

    public void setLong(long offset, long value) { LONG.setVolatile(segment, offset, value); }

    @Override
    public void close() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) MUNMAP.invokeExact(state, segment, segment.byteSize());
            if (rc != 0) throw new IllegalStateException("munmap " + what + ": " + errno(state));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap " + what, t);
        }
    }

    private static MethodHandle downcall(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, CAPTURE);
    }

    private static String errno(MemorySegment state) throws Throwable {
        int e = (int) ERRNO.get(state, 0L);
        MemorySegment msg = (MemorySegment) STRERROR.invokeExact(e);
        return msg.reinterpret(256).getString(0) + " (errno " + e + ")";
    }
}
