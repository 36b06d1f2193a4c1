package dev.pairlock.libc;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The libc calls the real backends need, as FFM downcalls. Every call takes the caller's
 * {@link CallState}, into which errno is captured, so a warm call allocates nothing.
 *
 * <p>Two flavours: the plain methods throw {@link ErrnoException} on failure (setup and rare
 * paths); the {@code try*} methods return -1 and leave errno in {@link CallState#errno()}, for
 * hot paths where a failure such as EAGAIN is an expected outcome.
 *
 * <p>Every handle but one is a plain downcall: read, poll, epoll_wait and most ioctls (an i2c
 * transfer sleeps) can block, and a thread inside a {@code Linker.Option.critical} call stays in
 * Java state, so the garbage collector's safepoints wait for it. The one exception is
 * {@link #tryIoctlCritical}, a second ioctl handle linked {@code critical(false)} for requests
 * that complete without ever waiting (see the README for which ones, and why each is safe): it
 * skips the thread-state transition and its memory fence on the way in and out. errno is captured
 * by both. Interrupted calls (EINTR) are reported, not retried; the caller owns the retry policy.
 *
 * <p>The few ioctls that never wait and can be repeated harmlessly ({@link IdempotentIoctl}: FIONREAD,
 * I2C_FUNCS, GPIO line values) have a third path, {@link IdempotentIoctl#tryCritical}: critical without
 * errno capture, repeated with capture only when it fails.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    /** C {@code int}, {@code long}, {@code size_t} and pointers as this platform's ABI defines them. */
    public static final ValueLayout C_INT = (ValueLayout) LINKER.canonicalLayouts().get("int");
    public static final ValueLayout C_LONG = (ValueLayout) LINKER.canonicalLayouts().get("long");
    public static final ValueLayout C_SIZE_T = (ValueLayout) LINKER.canonicalLayouts().get("size_t");
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    /** {@code struct pollfd}. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("fd"),
            ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents")).withName("pollfd");

    /**
     * {@code struct epoll_event}: the kernel declares it packed on x86-64 (12 bytes, data at 4) and
     * naturally aligned elsewhere (16 bytes, data at 8).
     */
    public static final StructLayout EPOLL_EVENT = epollEventLayout(System.getProperty("os.arch"));

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_SYNC = 0x101000;
    public static final int O_CLOEXEC = 0x80000;

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;

    public static final short POLLIN = 0x1;
    public static final short POLLPRI = 0x2;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;

    public static final int EPOLLIN = 0x1;
    public static final int EPOLLPRI = 0x2;
    public static final int EPOLLERR = 0x8;
    public static final int EPOLLHUP = 0x10;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLL_CLOEXEC = O_CLOEXEC;

    public static final int EFD_SEMAPHORE = 1;
    public static final int EFD_NONBLOCK = O_NONBLOCK;
    public static final int EFD_CLOEXEC = O_CLOEXEC;

    /** {@code ioctl(fd, FIONREAD, int*)}: bytes ready to read. */
    public static final long FIONREAD = 0x541B;

    static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT), ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(C_INT, C_INT), ERRNO);
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
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(C_POINTER, C_POINTER, C_SIZE_T, C_INT, C_INT, C_INT, C_LONG), ERRNO);
    private static final MethodHandle MUNMAP = downcall("munmap",
            FunctionDescriptor.of(C_INT, C_POINTER, C_SIZE_T), ERRNO);
    private static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T), ERRNO);
    private static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_SIZE_T), ERRNO);
    private static final MethodHandle POLL = downcall("poll",
            FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT), ERRNO);
    private static final MethodHandle EPOLL_CREATE1 = downcall("epoll_create1",
            FunctionDescriptor.of(C_INT, C_INT), ERRNO);
    private static final MethodHandle EPOLL_CTL = downcall("epoll_ctl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER), ERRNO);
    private static final MethodHandle EPOLL_WAIT = downcall("epoll_wait",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT), ERRNO);
    private static final MethodHandle EVENTFD = downcall("eventfd",
            FunctionDescriptor.of(C_INT, C_INT, C_INT), ERRNO);
    private static final MethodHandle PIPE2 = downcall("pipe2",
            FunctionDescriptor.of(C_INT, C_POINTER, C_INT), ERRNO);
    private static final MethodHandle STRERROR = downcall("strerror", FunctionDescriptor.of(C_POINTER, C_INT));
    private static final MethodHandle GETPAGESIZE = downcall("getpagesize", FunctionDescriptor.of(C_INT));

    static {
        // The invokeExact call sites below use Java long for C long/size_t: LP64 only.
        if (C_LONG.byteSize() != 8 || C_SIZE_T.byteSize() != 8 || C_POINTER.byteSize() != 8) {
            throw new ExceptionInInitializerError("pairlock's libc binding needs an LP64 platform (64-bit Linux); "
                    + "C long is " + C_LONG.byteSize() + " bytes here");
        }
    }

    private Libc() {
    }

    static StructLayout epollEventLayout(String arch) {
        if ("amd64".equals(arch) || "x86_64".equals(arch)) {
            return MemoryLayout.structLayout(
                    ValueLayout.JAVA_INT.withName("events"),
                    ValueLayout.JAVA_LONG_UNALIGNED.withName("data")).withName("epoll_event");
        }
        return MemoryLayout.structLayout(
                ValueLayout.JAVA_INT.withName("events"),
                MemoryLayout.paddingLayout(4),
                ValueLayout.JAVA_LONG.withName("data")).withName("epoll_event");
    }

    static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(
                () -> new UnsatisfiedLinkError("libc has no symbol '" + name + "': pairlock needs glibc or musl on Linux"));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed unexpectedly", t);
    }

    private static ErrnoException failure(String call, CallState cs) {
        return new ErrnoException(call, NativeErrno.of(cs.errno()));
    }

    /** open(2); the path is converted once per call, which is fine for a setup call. */
    public static int open(CallState cs, String path, int flags) {
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

    public static void close(CallState cs, int fd) {
        if (tryClose(cs, fd) < 0) {
            throw failure("close(" + fd + ")", cs);
        }
    }

    public static int tryClose(CallState cs, int fd) {
        try {
            return (int) CLOSE.invokeExact(cs.capture(), fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** ioctl with a pointer argument; returns the (non-negative) result. */
    public static int ioctl(CallState cs, int fd, long request, MemorySegment arg) {
        int r = tryIoctl(cs, fd, request, arg);
        if (r < 0) {
            throw failure("ioctl(" + fd + ", 0x" + Long.toHexString(request) + ")", cs);
        }
        return r;
    }

    public static int tryIoctl(CallState cs, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL_PTR.invokeExact(cs.capture(), fd, request, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * ioctl through the critical handle, for requests that never wait: the kernel handles them
     * without sleeping on I/O, another process, or a lock held across I/O (FIONREAD, I2C_FUNCS,
     * GPIO line values of a memory-mapped chip; the README lists them and why). A critical call
     * holds up every safepoint of the JVM while it runs, so a request that may block (an i2c
     * transfer, a GPIO expander behind a bus, anything that sleeps) must use {@link #tryIoctl}.
     * Returns the result, or -1 with errno in {@code cs}, like {@link #tryIoctl}.
     */
    public static int tryIoctlCritical(CallState cs, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL_PTR_CRITICAL.invokeExact(cs.capture(), fd, request, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@link #tryIoctlCritical} that throws {@link ErrnoException} on failure. */
    public static int ioctlCritical(CallState cs, int fd, long request, MemorySegment arg) {
        int r = tryIoctlCritical(cs, fd, request, arg);
        if (r < 0) {
            throw failure("ioctl(" + fd + ", 0x" + Long.toHexString(request) + ")", cs);
        }
        return r;
    }

    /** ioctl with an integer argument passed by value (I2C_SLAVE, I2C_TIMEOUT, …). */
    public static int ioctl(CallState cs, int fd, long request, long arg) {
        int r = tryIoctl(cs, fd, request, arg);
        if (r < 0) {
            throw failure("ioctl(" + fd + ", 0x" + Long.toHexString(request) + ", " + arg + ")", cs);
        }
        return r;
    }

    public static int tryIoctl(CallState cs, int fd, long request, long arg) {
        try {
            return (int) IOCTL_LONG.invokeExact(cs.capture(), fd, request, arg);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * mmap(2) of {@code length} bytes of {@code fd} at {@code offset} (a multiple of the page size).
     * The returned segment is unbounded in lifetime: release it with {@link #munmap}.
     */
    public static MemorySegment mmap(CallState cs, long length, int prot, int flags, int fd, long offset) {
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

    public static void munmap(CallState cs, MemorySegment mapping) {
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

    public static long read(CallState cs, int fd, MemorySegment buf, long count) {
        long n = tryRead(cs, fd, buf, count);
        if (n < 0) {
            throw failure("read(" + fd + ")", cs);
        }
        return n;
    }

    public static long tryRead(CallState cs, int fd, MemorySegment buf, long count) {
        checkFits(buf, count);
        try {
            return (long) READ.invokeExact(cs.capture(), fd, buf, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static long write(CallState cs, int fd, MemorySegment buf, long count) {
        long n = tryWrite(cs, fd, buf, count);
        if (n < 0) {
            throw failure("write(" + fd + ")", cs);
        }
        return n;
    }

    public static long tryWrite(CallState cs, int fd, MemorySegment buf, long count) {
        checkFits(buf, count);
        try {
            return (long) WRITE.invokeExact(cs.capture(), fd, buf, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** poll(2) over {@code nfds} {@link #POLLFD} entries; returns how many have events (0 on timeout). */
    public static int poll(CallState cs, MemorySegment fds, long nfds, int timeoutMillis) {
        int r = tryPoll(cs, fds, nfds, timeoutMillis);
        if (r < 0) {
            throw failure("poll", cs);
        }
        return r;
    }

    public static int tryPoll(CallState cs, MemorySegment fds, long nfds, int timeoutMillis) {
        checkFits(fds, nfds * POLLFD.byteSize());
        try {
            return (int) POLL.invokeExact(cs.capture(), fds, nfds, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int epollCreate1(CallState cs, int flags) {
        int r;
        try {
            r = (int) EPOLL_CREATE1.invokeExact(cs.capture(), flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw failure("epoll_create1", cs);
        }
        return r;
    }

    /** epoll_ctl(2); {@code event} is one {@link #EPOLL_EVENT} (may be NULL for EPOLL_CTL_DEL). */
    public static void epollCtl(CallState cs, int epfd, int op, int fd, MemorySegment event) {
        int r;
        try {
            r = (int) EPOLL_CTL.invokeExact(cs.capture(), epfd, op, fd, event);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (r < 0) {
            throw failure("epoll_ctl(" + epfd + ", op " + op + ", fd " + fd + ")", cs);
        }
    }

    /** epoll_wait(2) into {@code events} (room for {@code maxEvents} {@link #EPOLL_EVENT}s). */
    public static int epollWait(CallState cs, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        int r = tryEpollWait(cs, epfd, events, maxEvents, timeoutMillis);
        if (r < 0) {
            throw failure("epoll_wait(" + epfd + ")", cs);
        }
        return r;
    }

    public static int tryEpollWait(CallState cs, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        checkFits(events, maxEvents * EPOLL_EVENT.byteSize());
        try {
            return (int) EPOLL_WAIT.invokeExact(cs.capture(), epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int eventfd(CallState cs, int initialValue, int flags) {
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

    /** pipe2(2): returns {read end, write end}. */
    public static int[] pipe2(CallState cs, int flags) {
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

    /** The C library's description of an errno number (glibc's strings are static; error path only). */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? "errno " + errno : s.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public static int pageSize() {
        try {
            return (int) GETPAGESIZE.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static void checkFits(MemorySegment buf, long count) {
        if (count < 0 || count > buf.byteSize()) {
            throw new IndexOutOfBoundsException("count " + count + " does not fit a buffer of " + buf.byteSize() + " bytes");
        }
    }
}
