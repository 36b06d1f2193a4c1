package dev.pairlock.libc;

import static dev.pairlock.libc.Downcalls.ERRNO;
import static dev.pairlock.libc.Downcalls.downcall;
import static dev.pairlock.libc.Downcalls.failure;
import static dev.pairlock.libc.Downcalls.unexpected;
import static dev.pairlock.libc.Libc.C_INT;
import static dev.pairlock.libc.Libc.C_LONG;
import static dev.pairlock.libc.Libc.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * ioctl(2), both shapes of the variadic call (a pointer, a value), through the plain handle, and the
 * pointer shape through the critical handle. A plain downcall switches the thread to "in native" and
 * back; a thread inside a {@code Linker.Option.critical} call stays in Java state, so every safepoint
 * waits for it: only requests that never wait may use {@link #tryIoctlCritical} (the README lists
 * them and why), and every ioctl that may block (an i2c transfer sleeps) stays on {@link #tryIoctl}.
 * Both capture errno. {@link IdempotentIoctl} is the third path. {@link Libc} is the public face.
 */
final class Ioctls {
    private static final MethodHandle IOCTL_PTR = downcall("ioctl",
            FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER), ERRNO, Linker.Option.firstVariadicArg(2));
    /**
     * The same ioctl, linked critical: no thread-state transition (and no safepoint) around the
     * call. {@code critical(false)}: the argument must be native memory, never a heap array.
     */
    private static final MethodHandle IOCTL_PTR_CRITICAL = downcall("ioctl",
            FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER), ERRNO, Linker.Option.firstVariadicArg(2),
            Linker.Option.critical(false));
    private static final MethodHandle IOCTL_LONG = downcall("ioctl",
            FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_LONG), ERRNO, Linker.Option.firstVariadicArg(2));

    private Ioctls() {
    }

    static int ioctl(CallState cs, int fd, long request, MemorySegment arg) {
        int r = tryIoctl(cs, fd, request, arg);
        if (r < 0) {
            throw failure("ioctl(" + fd + ", 0x" + Long.toHexString(request) + ")", cs);
        }
        return r;
    }

    static int tryIoctl(CallState cs, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL_PTR.invokeExact(cs.capture(), fd, request, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Through the critical handle: only for requests that never wait (see the class comment). */
    static int tryIoctlCritical(CallState cs, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL_PTR_CRITICAL.invokeExact(cs.capture(), fd, request, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int ioctlCritical(CallState cs, int fd, long request, MemorySegment arg) {
        int r = tryIoctlCritical(cs, fd, request, arg);
        if (r < 0) {
            throw failure("ioctl(" + fd + ", 0x" + Long.toHexString(request) + ")", cs);
        }
        return r;
    }

    static int ioctl(CallState cs, int fd, long request, long arg) {
        int r = tryIoctl(cs, fd, request, arg);
        if (r < 0) {
            throw failure("ioctl(" + fd + ", 0x" + Long.toHexString(request) + ", " + arg + ")", cs);
        }
        return r;
    }

    static int tryIoctl(CallState cs, int fd, long request, long arg) {
        try {
            return (int) IOCTL_LONG.invokeExact(cs.capture(), fd, request, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
