package dev.pairlock.daemon;

import dev.pairlock.libc.CallState;
import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.IoctlRequest;
import dev.pairlock.libc.Libc;
import dev.pairlock.libc.NativeErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel watchdog ({@code /dev/watchdog}, Linux's watchdog API): failfast that works when the
 * JVM cannot act at all. Opening it arms it; every {@link #pet} (a one-byte write) restarts the
 * countdown; if pets stop for the timeout — a GC pause, SIGSTOP, a deadlock — the kernel resets
 * the SC (ServiceGuard's TOC). {@link #disarm} is the magic close: 'V', then close, so a clean stop
 * does not reset the SC. Crashing without it leaves the watchdog armed, on purpose.
 *
 * <p>A plain file given as the device (tests) is written the same way; setting the timeout is then
 * skipped with a log line, since only a character device takes {@code WDIOC_SETTIMEOUT}.
 */
public final class Watchdog implements AutoCloseable {
    /** {@code WDIOC_SETTIMEOUT = _IOWR('W', 6, int)}. */
    static final long WDIOC_SETTIMEOUT = IoctlRequest.iowr('W', 6, Integer.BYTES);

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final Path device;
    private final Arena arena = Arena.ofShared();
    private final CallState cs = CallState.allocate(arena, 8);
    private final MemorySegment petByte;
    private final MemorySegment magic;
    private int fd;
    private long pets;

    private Watchdog(Path device, int fd) {
        this.device = device;
        this.fd = fd;
        this.petByte = arena.allocateFrom(ValueLayout.JAVA_BYTE, (byte) '.');
        this.magic = arena.allocateFrom(ValueLayout.JAVA_BYTE, (byte) 'V');
    }

    /**
     * Opens (and so arms) {@code device} with {@code timeoutSeconds}.
     *
     * @throws ErrnoException naming the device when it cannot be opened (EBUSY: another process holds it)
     */
    public static Watchdog open(Path device, int timeoutSeconds) {
        Watchdog w;
        try (Arena a = Arena.ofConfined()) {
            CallState open = CallState.allocate(a);
            int fd = Libc.open(open, device.toString(), Libc.O_WRONLY | Libc.O_CLOEXEC);
            w = new Watchdog(device, fd);
        }
        w.cs.scratch().set(ValueLayout.JAVA_INT, 0, timeoutSeconds);
        if (Libc.tryIoctl(w.cs, w.fd, WDIOC_SETTIMEOUT, w.cs.scratch()) < 0) {
            int errno = w.cs.errno();
            if (errno == NativeErrno.ENOTTY && Files.isRegularFile(device)) {
                LOG.info("watchdog {} is a plain file, not a device: timeout not set (a test)", device);
            } else {
                LOG.warn("watchdog {}: WDIOC_SETTIMEOUT {} s failed ({}); the driver's timeout stays",
                        device, timeoutSeconds, NativeErrno.nameOf(errno));
            }
        } else {
            LOG.info("watchdog {} armed, timeout {} s", device, w.cs.scratch().get(ValueLayout.JAVA_INT, 0));
        }
        return w;
    }

    /** Restarts the countdown. Called from the control loop, only while it makes progress. */
    public synchronized void pet() {
        if (fd < 0) {
            return;
        }
        if (Libc.tryWrite(cs, fd, petByte, 1) == 1) {
            pets++;
        } else {
            LOG.error("watchdog {}: pet failed ({}); the SC may be reset", device, NativeErrno.nameOf(cs.errno()));
        }
    }

    public synchronized long pets() {
        return pets;
    }

    public Path device() {
        return device;
    }

    /**
     * The magic close: 'V' then close; the kernel stops the countdown (unless built with nowayout).
     *
     * @throws ErrnoException naming the device if the 'V' could not be written: the device is closed
     *         all the same, and stays armed (the stop records that: STOP_STEP_FAILED). It used to be
     *         logged as disarmed.
     */
    public synchronized void disarm() {
        if (fd < 0) {
            return;
        }
        boolean written = Libc.tryWrite(cs, fd, magic, 1) == 1;
        int errno = written ? 0 : cs.errno();
        Libc.tryClose(cs, fd);
        fd = -1;
        if (!written) {
            throw new ErrnoException("write(" + device + ", 'V')", NativeErrno.of(errno));
        }
        LOG.info("watchdog {} disarmed (magic close)", device);
    }

    /** Closes without the magic character: the watchdog stays armed and fires (a crash path). */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Libc.tryClose(cs, fd);
            fd = -1;
        }
    }
}
