package dev.pairlock.daemon;

import dev.pairlock.libc.CallState;
import dev.pairlock.libc.Libc;
import dev.pairlock.libc.NativeErrno;
import dev.pairlock.libc.Sockets;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's {@code sd_notify}: one datagram per message to the Unix socket named by
 * {@code $NOTIFY_SOCKET} (a path, or {@code @name} in the abstract namespace), over libc's
 * {@link Sockets} since the JDK has no Unix datagram sockets. READY=1 once running, WATCHDOG=1 while
 * the control loop makes progress ({@code WatchdogSec=} in the unit), STOPPING=1, STATUS=… .
 * Without {@code $NOTIFY_SOCKET} (not started by systemd) every call does nothing.
 */
public final class SdNotify implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);

    private final Arena arena = Arena.ofShared();
    private final CallState cs = CallState.allocate(arena, 512);
    private final MemorySegment address;
    private final String socket;
    private int fd;

    private SdNotify(String socket) {
        this.socket = socket;
        this.address = Sockets.unixAddress(arena, socket);
        this.fd = Sockets.socket(cs, Sockets.AF_UNIX, Sockets.SOCK_DGRAM | Sockets.SOCK_CLOEXEC, 0);
    }

    /** For {@code $NOTIFY_SOCKET}'s value; empty when unset (not under systemd). */
    public static Optional<SdNotify> to(String notifySocket) {
        if (notifySocket == null || notifySocket.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SdNotify(notifySocket));
    }

    /** systemd's watchdog interval from {@code $WATCHDOG_USEC} (set with {@code WatchdogSec=}), in nanoseconds, or 0. */
    public static long watchdogNanos(String watchdogUsec) {
        try {
            return watchdogUsec == null ? 0 : Math.max(0, Long.parseLong(watchdogUsec.strip()) * 1000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Sends {@code message} ("READY=1", "WATCHDOG=1\nSTATUS=…"); false (logged) if it could not. */
    public synchronized boolean send(String message) {
        if (fd < 0) {
            return false;
        }
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        if (b.length > cs.scratch().byteSize()) {
            b = java.util.Arrays.copyOf(b, (int) cs.scratch().byteSize());
        }
        MemorySegment.copy(b, 0, cs.scratch(), ValueLayout.JAVA_BYTE, 0, b.length);
        if (Sockets.trySendto(cs, fd, cs.scratch(), b.length, Sockets.MSG_NOSIGNAL, address) < 0) {
            LOG.warn("sd_notify to {} failed ({}): {}", socket, NativeErrno.nameOf(cs.errno()), message.replace('\n', ' '));
            return false;
        }
        return true;
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Libc.tryClose(cs, fd);
            fd = -1;
        }
    }
}
