package dev.pairlock.libc;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The libc calls the real backends need, as FFM downcalls: this class is their public face (the
 * calls, the C layouts and the flags); the handles live in one package-private class per kind of call
 * ({@code FileDescriptors}, {@code Ioctls}, {@code Mappings}, {@code Polling}, {@code Strerror}, made
 * by {@code Downcalls}). Every call takes the caller's {@link CallState}, into which errno is captured,
 * so a warm call allocates nothing.
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
    /** C {@code int}, {@code long}, {@code size_t} and pointers as this platform's ABI defines them. */
    public static final ValueLayout C_INT = (ValueLayout) Downcalls.LINKER.canonicalLayouts().get("int");
    public static final ValueLayout C_LONG = (ValueLayout) Downcalls.LINKER.canonicalLayouts().get("long");
    public static final ValueLayout C_SIZE_T = (ValueLayout) Downcalls.LINKER.canonicalLayouts().get("size_t");
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

    static {
        // Every handle's descriptor is built from the layouts above, so this runs before any handle
        // exists. The invokeExact call sites use Java long for C long/size_t: LP64 only.
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

    /** open(2); the path is converted once per call, which is fine for a setup call. */
    public static int open(CallState cs, String path, int flags) {
        return FileDescriptors.open(cs, path, flags);
    }

    public static void close(CallState cs, int fd) {
        FileDescriptors.close(cs, fd);
    }

    public static int tryClose(CallState cs, int fd) {
        return FileDescriptors.tryClose(cs, fd);
    }

    /** ioctl with a pointer argument; returns the (non-negative) result. */
    public static int ioctl(CallState cs, int fd, long request, MemorySegment arg) {
        return Ioctls.ioctl(cs, fd, request, arg);
    }

    public static int tryIoctl(CallState cs, int fd, long request, MemorySegment arg) {
        return Ioctls.tryIoctl(cs, fd, request, arg);
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
        return Ioctls.tryIoctlCritical(cs, fd, request, arg);
    }

    /** {@link #tryIoctlCritical} that throws {@link ErrnoException} on failure. */
    public static int ioctlCritical(CallState cs, int fd, long request, MemorySegment arg) {
        return Ioctls.ioctlCritical(cs, fd, request, arg);
    }

    /** ioctl with an integer argument passed by value (I2C_SLAVE, I2C_TIMEOUT, …). */
    public static int ioctl(CallState cs, int fd, long request, long arg) {
        return Ioctls.ioctl(cs, fd, request, arg);
    }

    public static int tryIoctl(CallState cs, int fd, long request, long arg) {
        return Ioctls.tryIoctl(cs, fd, request, arg);
    }

    /**
     * mmap(2) of {@code length} bytes of {@code fd} at {@code offset} (a multiple of the page size).
     * The returned segment is unbounded in lifetime: release it with {@link #munmap}.
     */
    public static MemorySegment mmap(CallState cs, long length, int prot, int flags, int fd, long offset) {
        return Mappings.mmap(cs, length, prot, flags, fd, offset);
    }

    public static void munmap(CallState cs, MemorySegment mapping) {
        Mappings.munmap(cs, mapping);
    }

    public static long read(CallState cs, int fd, MemorySegment buf, long count) {
        return FileDescriptors.read(cs, fd, buf, count);
    }

    public static long tryRead(CallState cs, int fd, MemorySegment buf, long count) {
        return FileDescriptors.tryRead(cs, fd, buf, count);
    }

    public static long write(CallState cs, int fd, MemorySegment buf, long count) {
        return FileDescriptors.write(cs, fd, buf, count);
    }

    public static long tryWrite(CallState cs, int fd, MemorySegment buf, long count) {
        return FileDescriptors.tryWrite(cs, fd, buf, count);
    }

    /** poll(2) over {@code nfds} {@link #POLLFD} entries; returns how many have events (0 on timeout). */
    public static int poll(CallState cs, MemorySegment fds, long nfds, int timeoutMillis) {
        return Polling.poll(cs, fds, nfds, timeoutMillis);
    }

    public static int tryPoll(CallState cs, MemorySegment fds, long nfds, int timeoutMillis) {
        return Polling.tryPoll(cs, fds, nfds, timeoutMillis);
    }

    public static int epollCreate1(CallState cs, int flags) {
        return Polling.epollCreate1(cs, flags);
    }

    /** epoll_ctl(2); {@code event} is one {@link #EPOLL_EVENT} (may be NULL for EPOLL_CTL_DEL). */
    public static void epollCtl(CallState cs, int epfd, int op, int fd, MemorySegment event) {
        Polling.epollCtl(cs, epfd, op, fd, event);
    }

    /** epoll_wait(2) into {@code events} (room for {@code maxEvents} {@link #EPOLL_EVENT}s). */
    public static int epollWait(CallState cs, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        return Polling.epollWait(cs, epfd, events, maxEvents, timeoutMillis);
    }

    public static int tryEpollWait(CallState cs, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        return Polling.tryEpollWait(cs, epfd, events, maxEvents, timeoutMillis);
    }

    public static int eventfd(CallState cs, int initialValue, int flags) {
        return FileDescriptors.eventfd(cs, initialValue, flags);
    }

    /** pipe2(2): returns {read end, write end}. */
    public static int[] pipe2(CallState cs, int flags) {
        return FileDescriptors.pipe2(cs, flags);
    }

    /** The C library's description of an errno number (glibc's strings are static; error path only). */
    public static String strerror(int errno) {
        return Strerror.of(errno);
    }

    public static int pageSize() {
        return Mappings.pageSize();
    }
}
