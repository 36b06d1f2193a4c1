package dev.pairlock.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The ioctls that may take the fastest path: a {@code critical(false)} downcall <em>without</em>
 * errno capture, repeated once on the capturing critical handle only when it fails, to learn errno.
 * The capture is what is left between the critical handle and C (the JDK slices the capture
 * segment per call and copies errno after every call, failed or not); a successful call here pays
 * neither.
 *
 * <p>The repeat is sound only for a request that is all of:
 * <ul>
 * <li><b>never waiting</b> — required by {@code critical} anyway; it also rules out EINTR (nothing
 *     sleeps interruptibly) and EAGAIN;</li>
 * <li><b>idempotent</b> — a query with no side effect, or a setting of absolute values that, done
 *     twice with the same argument, leaves the same state and no transition in between; so the
 *     failed first call leaves nothing the repeat could double;</li>
 * <li><b>deterministic in failure</b> — EBADF (the fd), ENOTTY/EINVAL (the fd's file or the
 *     argument), EFAULT (the argument's memory), EPERM (a line's direction), ENODEV (a chip gone:
 *     for good) come back the same for the same fd and argument a microsecond later.</li>
 * </ul>
 * Then the outcome the caller sees — result, errno and the argument's contents — is exactly that of
 * one real call of the same request, made at most one call later; for the failures above it is also
 * the first call's. The first call's own errno is never looked at: reading errno after a call without
 * capture is unsound (the JVM may run libc code on the way back to Java), hence the repeat.
 *
 * <p>Everything else stays on capture-on-first-call ({@link Libc#tryIoctl}, {@link Libc#tryIoctlCritical}):
 * an i2c transfer ({@code I2C_SMBUS}, {@code I2C_RDWR}) moves data on the bus — a repeated read can
 * clear a status register or pop a FIFO, a repeated write writes twice — and its failures (NACK,
 * timeout, arbitration lost) are transient, so a repeat's errno describes another transfer; setup
 * calls ({@code I2C_SLAVE}, {@code GPIO_V2_GET_LINE}, {@code SET_CONFIG}) change state, may create an
 * fd, and fail with EBUSY for as long as another owner holds a line; read, poll and epoll_wait
 * consume data or wait. None of them is hot enough for the capture to matter, or they block, and a
 * blocking call is never critical. That is why this is a closed set of constants, not a number:
 * only the requests below can reach the path, and the compiler says so.
 *
 * <p>The caller still decides "never waits" per fd, exactly as for {@link Libc#tryIoctlCritical}:
 * GPIO values never wait on a memory-mapped chip only (the gpio backend decides per chip from sysfs;
 * on a chip behind a bus the same request is a bus transfer, which may fail transiently, and takes
 * {@link Libc#tryIoctl} with {@link #number()}).
 */
public enum IdempotentIoctl {
    /**
     * Bytes ready on a pipe, socket or tty (regular file: size minus position): reads a counter under
     * the file's lock and copies out an {@code int}. No side effect. Fails with EBADF, ENOTTY (a file
     * without it, e.g. /dev/null), EINVAL (a listening socket: its state changes only by its owner's
     * calls), EFAULT.
     */
    FIONREAD(Libc.FIONREAD, Libc.C_INT.byteSize()),
    /**
     * i2c-dev's adapter functionality bits, copied out as an {@code unsigned long}: no bus transfer, no
     * lock. No side effect. Fails with EBADF, ENOTTY (not an i2c-dev node: how {@code i2c} tells one
     * apart), EFAULT.
     */
    I2C_FUNCS(0x0705, Libc.C_LONG.byteSize()),
    /**
     * {@code struct gpio_v2_line_values} (bits, mask; 16 bytes) in, bits out. No side effect. Fails with
     * EBADF, ENOTTY, EFAULT, EINVAL (empty mask), ENODEV (the chip was removed: permanent), or the chip
     * driver's error — none for a memory-mapped chip, the only kind that may take this path.
     */
    GPIO_V2_LINE_GET_VALUES(IoctlRequest.iowr(0xB4, 0x0E, 16), 16),
    /**
     * Sets the masked lines to absolute values (not a toggle): done twice, the lines end at the same
     * values and make no transition between (writing a data register's bit to the value it holds is no
     * edge). Fails with EBADF, ENOTTY, EFAULT, EINVAL (empty mask), EPERM (a masked line is an input:
     * changed only by a reconfigure of the same request, which its owner serializes with this call),
     * ENODEV (chip removed), or the chip driver's error — none for a memory-mapped chip. A multi-line set
     * the driver failed half-way is completed or left half-way by the repeat, as by one call.
     */
    GPIO_V2_LINE_SET_VALUES(IoctlRequest.iowr(0xB4, 0x0F, 16), 16);

    /** The same ioctl as {@link Libc}'s critical handle, without errno capture: the path of a success. */
    private static final MethodHandle IOCTL_CRITICAL_NO_CAPTURE = Downcalls.downcall("ioctl",
            FunctionDescriptor.of(Libc.C_INT, Libc.C_INT, Libc.C_LONG, Libc.C_POINTER),
            Linker.Option.firstVariadicArg(2), Linker.Option.critical(false));

    private final long number;
    private final long argBytes;

    IdempotentIoctl(long number, long argBytes) {
        this.number = number;
        this.argBytes = argBytes;
    }

    /** The request number, for the plain handle ({@link Libc#tryIoctl}) when the fd may wait. */
    public long number() {
        return number;
    }

    /** The bytes the kernel reads or writes at the argument: a smaller segment is refused before the call. */
    public long argBytes() {
        return argBytes;
    }

    /**
     * This ioctl on {@code fd}, through the critical handle without errno capture; if that fails, once
     * more through the capturing critical handle, whose outcome is returned. Returns the result, or -1
     * with errno (of the repeated call) in {@code cs}, like {@link Libc#tryIoctlCritical}. Only for an fd
     * on which this request never waits (see the class comment). {@code arg} must be native memory of at
     * least {@link #argBytes()}.
     */
    public int tryCritical(CallState cs, int fd, MemorySegment arg) {
        if (arg.byteSize() < argBytes) {
            throw new IndexOutOfBoundsException(name() + " needs a " + argBytes + "-byte argument, not "
                    + arg.byteSize() + " bytes");
        }
        int r;
        try {
            r = (int) IOCTL_CRITICAL_NO_CAPTURE.invokeExact(fd, number, arg);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
        return r >= 0 ? r : Ioctls.tryIoctlCritical(cs, fd, number, arg);
    }

    /** {@link #tryCritical} that throws {@link ErrnoException}, naming the fd and the request, on failure. */
    public int critical(CallState cs, int fd, MemorySegment arg) {
        int r = tryCritical(cs, fd, arg);
        if (r < 0) {
            throw new ErrnoException("ioctl(" + fd + ", " + name() + " 0x" + Long.toHexString(number) + ")",
                    NativeErrno.of(cs.errno()));
        }
        return r;
    }
}
