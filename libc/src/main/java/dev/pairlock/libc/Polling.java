package dev.pairlock.libc;

import static dev.pairlock.libc.Downcalls.ERRNO;
import static dev.pairlock.libc.Downcalls.checkFits;
import static dev.pairlock.libc.Downcalls.downcall;
import static dev.pairlock.libc.Downcalls.failure;
import static dev.pairlock.libc.Downcalls.unexpected;
import static dev.pairlock.libc.Libc.C_INT;
import static dev.pairlock.libc.Libc.C_LONG;
import static dev.pairlock.libc.Libc.C_POINTER;
import static dev.pairlock.libc.Libc.EPOLL_EVENT;
import static dev.pairlock.libc.Libc.POLLFD;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Waiting for file descriptors: poll(2) and epoll. Plain handles only: poll and epoll_wait block by
 * design. {@link Libc} is the public face of these calls and holds their layouts and flags.
 */
final class Polling {
    private static final MethodHandle POLL = downcall("poll",
            FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT), ERRNO);
    private static final MethodHandle EPOLL_CREATE1 = downcall("epoll_create1",
            FunctionDescriptor.of(C_INT, C_INT), ERRNO);
    private static final MethodHandle EPOLL_CTL = downcall("epoll_ctl",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER), ERRNO);
    private static final MethodHandle EPOLL_WAIT = downcall("epoll_wait",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT), ERRNO);

    private Polling() {
    }

    static int poll(CallState cs, MemorySegment fds, long nfds, int timeoutMillis) {
        int r = tryPoll(cs, fds, nfds, timeoutMillis);
        if (r < 0) {
            throw failure("poll", cs);
        }
        return r;
    }

    static int tryPoll(CallState cs, MemorySegment fds, long nfds, int timeoutMillis) {
        checkFits(fds, nfds * POLLFD.byteSize());
        try {
            return (int) POLL.invokeExact(cs.capture(), fds, nfds, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int epollCreate1(CallState cs, int flags) {
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

    static void epollCtl(CallState cs, int epfd, int op, int fd, MemorySegment event) {
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

    static int epollWait(CallState cs, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        int r = tryEpollWait(cs, epfd, events, maxEvents, timeoutMillis);
        if (r < 0) {
            throw failure("epoll_wait(" + epfd + ")", cs);
        }
        return r;
    }

    static int tryEpollWait(CallState cs, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        checkFits(events, maxEvents * EPOLL_EVENT.byteSize());
        try {
            return (int) EPOLL_WAIT.invokeExact(cs.capture(), epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
