package dev.pairlock.libc;

import static dev.pairlock.libc.Libc.C_INT;
import static dev.pairlock.libc.Libc.C_LONG;
import static dev.pairlock.libc.Libc.C_POINTER;
import static dev.pairlock.libc.Libc.C_SIZE_T;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * mmap(2) with {@code MAP_FIXED} over a range this process maps already: the kernel replaces
 * whatever is mapped there by the new mapping in one call, so no other mapping can land in the
 * range in between (as one could between a munmap and a second mmap). A setup or teardown call,
 * never on a hot path.
 *
 * <p>Its own handle rather than {@link Libc#mmap}'s, which passes no address (the kernel picks) and
 * whose class is kept from growing; the flags are the Linux generic values, the same on x86-64 and
 * arm64.
 */
public final class FixedMappings {
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_NORESERVE = 0x4000;

    private static final MethodHandle MMAP = Downcalls.downcall("mmap",
            FunctionDescriptor.of(C_POINTER, C_POINTER, C_SIZE_T, C_INT, C_INT, C_INT, C_LONG), Downcalls.ERRNO);

    private FixedMappings() {
    }

    /**
     * Replaces the pages of {@code range} (page-aligned, whole pages) by private anonymous zero
     * pages with protection {@code prot}, at the same addresses: a file or device mapped there is
     * released (its pages and its reference to the file), and the range stays mapped, so an access
     * that still reaches it touches zero pages instead of faulting. {@code MAP_NORESERVE}: pages
     * never written cost no memory and, unless {@code vm.overcommit_memory} is 2, no commit charge;
     * a page written becomes this process's own.
     *
     * @throws IllegalArgumentException if the range is not whole pages: the kernel would round the
     *         length up and replace the start of the next mapping too
     * @throws ErrnoException naming the address and length (ENOMEM: the commit limit under strict
     *         overcommit; on kernels before 6.12 the old pages may then already be unmapped)
     */
    public static void anonymousOver(CallState cs, MemorySegment range, int prot) {
        long page = Libc.pageSize();
        long at = range.address();
        long length = range.byteSize();
        if (length <= 0 || (length & (page - 1)) != 0 || (at & (page - 1)) != 0) {
            throw new IllegalArgumentException(String.format("mmap(MAP_FIXED) over 0x%x, %d bytes: use a page-aligned"
                    + " address and whole pages of %d bytes", at, length, page));
        }
        MemorySegment p;
        try {
            p = (MemorySegment) MMAP.invokeExact(cs.capture(), MemorySegment.ofAddress(at), length, prot,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
        if (p.address() == -1L) { // MAP_FAILED
            throw new ErrnoException(String.format("mmap(MAP_FIXED|MAP_ANONYMOUS over 0x%x, %d bytes)", at, length),
                    NativeErrno.of(cs.errno()));
        }
        if (p.address() != at) { // MAP_FIXED either maps at the address or fails
            throw new IllegalStateException(String.format("mmap(MAP_FIXED) over 0x%x mapped at 0x%x instead", at,
                    p.address()));
        }
    }
}
