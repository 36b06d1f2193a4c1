package dev.pairlock.libc;

import static dev.pairlock.libc.Downcalls.ERRNO;
import static dev.pairlock.libc.Downcalls.checkFits;
import static dev.pairlock.libc.Downcalls.downcall;
import static dev.pairlock.libc.Downcalls.unexpected;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * Unix datagram sockets, the one kind the JDK cannot open: {@code socket(2)} and {@code sendto(2)}
 * as FFM downcalls with errno captured into the caller's {@link CallState}, as {@link Libc} does.
 * Enough for {@code sd_notify} (READY=1, WATCHDOG=1 to {@code $NOTIFY_SOCKET}), including Linux's
 * abstract namespace (a path starting with {@code @}).
 */
public final class Sockets {
    public static final int AF_UNIX = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = Libc.O_CLOEXEC;
    public static final int MSG_NOSIGNAL = 0x4000;

    /** {@code struct sockaddr_un}: a 2-byte family and 108 bytes of path. */
    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, ValueLayout.JAVA_BYTE).withName("sun_path")).withName("sockaddr_un");
    private static final long PATH_AT = SOCKADDR_UN.byteOffset(MemoryLayout.PathElement.groupElement("sun_path"));
    private static final int PATH_MAX = 108;

    private static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(Libc.C_INT, Libc.C_INT, Libc.C_INT, Libc.C_INT), ERRNO);
    private static final MethodHandle SENDTO = downcall("sendto",
            FunctionDescriptor.of(Libc.C_LONG, Libc.C_INT, Libc.C_POINTER, Libc.C_SIZE_T, Libc.C_INT, Libc.C_POINTER, Libc.C_INT),
            ERRNO);

    private Sockets() {
    }

    /** socket(2); returns the descriptor. */
    public static int socket(CallState cs, int domain, int type, int protocol) {
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(cs.capture(), domain, type, protocol);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (fd < 0) {
            throw new ErrnoException("socket(" + domain + ", " + type + ")", NativeErrno.of(cs.errno()));
        }
        return fd;
    }

    /**
     * A {@code sockaddr_un} for {@code path} in {@code arena}, sized as the kernel wants it: a path
     * with its terminating NUL, or — for {@code @name} — a NUL byte and the name with none (Linux's
     * abstract namespace, as systemd's {@code NOTIFY_SOCKET=@…}).
     *
     * @throws IllegalArgumentException if the path does not fit sun_path (108 bytes)
     */
    public static MemorySegment unixAddress(Arena arena, String path) {
        boolean abstractName = path.startsWith("@");
        byte[] name = (abstractName ? path.substring(1) : path).getBytes(StandardCharsets.UTF_8);
        int used = name.length + 1; // the leading NUL of an abstract name, or a path's trailing NUL
        if (path.isEmpty() || used > PATH_MAX) {
            throw new IllegalArgumentException("unix socket path '" + path + "' is empty or longer than " + (PATH_MAX - 1) + " bytes");
        }
        MemorySegment sa = arena.allocate(SOCKADDR_UN);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, sa, ValueLayout.JAVA_BYTE, PATH_AT + (abstractName ? 1 : 0), name.length);
        return sa.asSlice(0, PATH_AT + used); // the segment's size is the addrlen to pass
    }

    /** sendto(2) of {@code count} bytes of {@code buf} to {@code address} (from {@link #unixAddress}); -1 with errno on failure. */
    public static long trySendto(CallState cs, int fd, MemorySegment buf, long count, int flags, MemorySegment address) {
        checkFits(buf, count);
        try {
            return (long) SENDTO.invokeExact(cs.capture(), fd, buf, count, flags, address, (int) address.byteSize());
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@link #trySendto} that throws {@link ErrnoException} on failure. */
    public static long sendto(CallState cs, int fd, MemorySegment buf, long count, int flags, MemorySegment address) {
        long n = trySendto(cs, fd, buf, count, flags, address);
        if (n < 0) {
            throw new ErrnoException("sendto(" + fd + ")", NativeErrno.of(cs.errno()));
        }
        return n;
    }
}
