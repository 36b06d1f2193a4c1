package dev.pairlock.libc;

import static dev.pairlock.libc.Downcalls.ERRNO;
import static dev.pairlock.libc.Downcalls.checkFits;
import static dev.pairlock.libc.Downcalls.downcall;
import static dev.pairlock.libc.Downcalls.failure;
import static dev.pairlock.libc.Downcalls.unexpected;
import static dev.pairlock.libc.Libc.C_INT;
import static dev.pairlock.libc.Libc.C_LONG;
import static dev.pairlock.libc.Libc.C_POINTER;
import static dev.pairlock.libc.Libc.C_SIZE_T;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * File descriptors: made (open, pipe2, eventfd), read, written and closed. Plain handles only: read
 * and write can block, and a thread inside a critical call holds up every safepoint.
 * {@link Libc} is the public face of these calls.
 */
final class FileDescriptors {
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT), ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(C_INT, C_INT), ERRNO);
    private static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T), ERRNO);
    private static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T), ERRNO);
    private static final MethodHandle EVENTFD = downcall("eventfd",
            FunctionDescriptor.of(C_INT, C_INT, C_INT), ERRNO);
    private static final MethodHandle PIPE2 = downcall("pipe2",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT), ERRNO);

    private FileDescriptors() {
    }

    static int open(CallState cs, String path, int flags) {
        int fd;
        try (Arena a = Arena.ofConfined()) {
            fd = (int) OPEN.invokeExact(cs.capture(), a.allocateFrom(path), flags, 0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (fd < 0) {
            throw failure("open(" + path + ")", cs);
        }
        return fd;
    }

    static void close(CallState cs, int fd) {
        if (tryClose(cs, fd) < 0) {
            throw failure("close(" + fd + ")", cs);
        }
    }

    static int tryClose(CallState cs, int fd) {
        try {
            return (int) CLOSE.invokeExact(cs.capture(), fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long read(CallState cs, int fd, MemorySegment buf, long count) {
        long n = tryRead(cs, fd, buf, count);
        if (n < 0) {
            throw failure("read(" + fd + ")", cs);
        }
        return n;
    }

    static long tryRead(CallState cs, int fd, MemorySegment buf, long count) {
        checkFits(buf, count);
        try {
            return (long) READ.invokeExact(cs.capture(), fd, buf, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long write(CallState cs, int fd, MemorySegment buf, long count) {
        long n = tryWrite(cs, fd, buf, count);
        if (n < 0) {
            throw failure("write(" + fd + ")", cs);
        }
        return n;
    }

    static long tryWrite(CallState cs, int fd, MemorySegment buf, long count) {
        checkFits(buf, count);
        try {
            return (long) WRITE.invokeExact(cs.capture(), fd, buf, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int eventfd(CallState cs, int initialValue, int flags) {
        int r;
        try {
            r = (int) EVENTFD.invokeExact(cs.capture(), initialValue, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw failure("eventfd", cs);
        }
        return r;
    }

    static int[] pipe2(CallState cs, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            int r = (int) PIPE2.invokeExact(cs.capture(), fds, flags);
            if (r < 0) {
                throw failure("pipe2", cs);
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
