package dev.pairlock.libc;

import static dev.pairlock.libc.Downcalls.ERRNO;
import static dev.pairlock.libc.Downcalls.downcall;
import static dev.pairlock.libc.Downcalls.failure;
import static dev.pairlock.libc.Downcalls.unexpected;
import static dev.pairlock.libc.Libc.C_INT;
import static dev.pairlock.libc.Libc.C_LONG;
import static dev.pairlock.libc.Libc.C_POINTER;
import static dev.pairlock.libc.Libc.C_SIZE_T;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Memory mappings of a file: mmap, munmap, and the page size their offsets align to. {@link Libc} is the public face. */
final class Mappings {
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(C_POINTER, C_POINTER, C_SIZE_T, C_INT, C_INT, C_INT, C_LONG), ERRNO);
    private static final MethodHandle MUNMAP = downcall("munmap",
            FunctionDescriptor.of(C_INT, C_POINTER, C_SIZE_T), ERRNO);
    private static final MethodHandle GETPAGESIZE = downcall("getpagesize", FunctionDescriptor.of(C_INT));

    private Mappings() {
    }

    static MemorySegment mmap(CallState cs, long length, int prot, int flags, int fd, long offset) {
        MemorySegment p;
        try {
            p = (MemorySegment) MMAP.invokeExact(cs.capture(), MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (p.address() == -1L) { // MAP_FAILED
            throw failure("mmap(fd " + fd + ", length " + length + ", offset 0x" + Long.toHexString(offset) + ")", cs);
        }
        return p.reinterpret(length);
    }

    static void munmap(CallState cs, MemorySegment mapping) {
        int r;
        try {
            r = (int) MUNMAP.invokeExact(cs.capture(), mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw failure("munmap(0x" + Long.toHexString(mapping.address()) + ")", cs);
        }
    }

    static int pageSize() {
        try {
            return (int) GETPAGESIZE.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
