package dev.pairlock.gpio.event;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.pairlock.libc.CallState;
import dev.pairlock.libc.Libc;
import dev.pairlock.libc.NativeErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One thread per GPIO chip that waits (epoll) on every registered fd of the chip's line requests
 * and runs their handlers, plus an eventfd that wakes it for close and for deregistration
 * barriers. A handler runs on this thread only, one at a time.
 *
 * <p>Deregistration from another thread waits until the loop has finished its current batch, so
 * that the caller may close the fd afterwards without the loop reading a closed (or reused) fd.
 */
public final class ChipEventLoop implements AutoCloseable {
    /** Reads from a ready fd; returns false when the fd is finished (EOF, error) and must be dropped. */
    @FunctionalInterface
    public interface ReadyHandler {
        boolean onReady();
    }

    private record Registration(int fd, ReadyHandler handler) {
    }

    private static final long WAKE_TOKEN = 0;
    private static final int MAX_EVENTS = 16;

    private final String name;
    private final Arena arena = Arena.ofShared();
    private final CallState loopState;
    private final CallState callerState;
    private final MemorySegment events;
    private final MemorySegment ctlEvent;
    private final MemorySegment wakeValue;
    private final long eventSize = Libc.EPOLL_EVENT.byteSize();
    private final long dataOffset = Libc.EPOLL_EVENT.byteOffset(PathElement.groupElement("data"));
    private final int epfd;
    private final int wakefd;
    private final Map<Long, Registration> registrations = new ConcurrentHashMap<>();
    private final Queue<CompletableFuture<Void>> barriers = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextToken = new AtomicLong(1);
    private final Consumer<Throwable> onHandlerFailure;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile int failedErrno;
    private volatile boolean closedOnLoop;
    private boolean closed;
    /**
     * The fds and the arena are gone (under {@code callerState}'s monitor, like every use of
     * {@link #callerState}, {@link #ctlEvent} and {@link #wakeValue}): a caller that comes later
     * must not touch them, nor an fd number that may belong to someone else by now.
     */
    private boolean released;

    public ChipEventLoop(String name, Consumer<Throwable> onHandlerFailure) {
        this.name = name;
        this.onHandlerFailure = onHandlerFailure;
        // the loop thread's state is unchecked: only that thread uses it, and the arena closes after
        // the thread has ended (joined by close(), or released by the thread itself on its way out);
        // this saves the shared session's acquire and release on every epoll_wait
        this.loopState = CallState.allocateUnchecked(arena, Libc.EPOLL_EVENT.byteSize() * MAX_EVENTS);
        this.callerState = CallState.allocate(arena);
        this.events = loopState.scratch();
        this.ctlEvent = arena.allocate(Libc.EPOLL_EVENT);
        this.wakeValue = arena.allocate(JAVA_LONG);
        int ep = -1;
        int wf = -1;
        try {
            ep = Libc.epollCreate1(callerState, Libc.EPOLL_CLOEXEC);
            wf = Libc.eventfd(callerState, 0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
            this.epfd = ep;
            this.wakefd = wf;
            control(Libc.EPOLL_CTL_ADD, wakefd, WAKE_TOKEN);
        } catch (RuntimeException e) {
            closeQuietly(wf);
            closeQuietly(ep);
            arena.close();
            throw e;
        }
        this.thread = Thread.ofPlatform().daemon().name("gpio-events-" + name).unstarted(this::run);
        thread.start();
    }

    /** Watches {@code fd} for input; returns the token for {@link #deregister}. */
    public long register(int fd, ReadyHandler handler) {
        if (stopping) {
            throw new IllegalStateException("event loop of " + name + " is closed");
        }
        long token = nextToken.getAndIncrement();
        registrations.put(token, new Registration(fd, handler));
        boolean added = false;
        try {
            synchronized (callerState) {
                if (released) {
                    throw new IllegalStateException("event loop of " + name + " is closed");
                }
                control(Libc.EPOLL_CTL_ADD, fd, token);
                added = true;
            }
        } finally {
            if (!added) {
                registrations.remove(token);
            }
        }
        return token;
    }

    /**
     * Stops watching; when this returns the handler is not running and will not run again, so the
     * caller may close the fd. Idempotent; callable from a handler.
     */
    public void deregister(long token) {
        Registration r = registrations.remove(token);
        if (r == null) {
            return;
        }
        synchronized (callerState) {
            if (!released) {
                tryControl(Libc.EPOLL_CTL_DEL, r.fd(), token);
            }
        }
        awaitBatchEnd();
    }

    public int registeredCount() {
        return registrations.size();
    }

    /** errno that ended the loop abnormally, or 0. */
    public int failedErrno() {
        return failedErrno;
    }

    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopping = true;
        if (isLoopThread()) {
            // closed from a handler: the loop releases its own resources when it returns
            closedOnLoop = true;
            return;
        }
        wake();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        release();
    }

    private void awaitBatchEnd() {
        if (isLoopThread() || !thread.isAlive()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        barriers.add(done);
        wake();
        // the loop completes barriers after each batch and once more as it exits; a barrier added
        // after that last pass has nobody to complete it, so a waiter re-checks that the thread lives.
        // Not interruptible, as join() was: the caller frees what the batch may still be reading.
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get(BARRIER_RECHECK_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                    return;
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    if (!thread.isAlive()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    return; // barriers are only ever completed normally
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How often a waiter for the end of a batch checks that the loop thread still runs. */
    private static final long BARRIER_RECHECK_MILLIS = 100;

    /**
     * Under {@code callerState}'s monitor, as every other use of it: its errno capture is one
     * segment, and a write of the eventfd under a lock of its own overwrote the errno of a failing
     * epoll_ctl on another thread.
     */
    private void wake() {
        synchronized (callerState) {
            if (released) {
                return; // the eventfd is closed and its number may be reused: write nothing to it
            }
            wakeValue.set(JAVA_LONG, 0, 1);
            Libc.tryWrite(callerState, wakefd, wakeValue, Long.BYTES);
        }
    }

    private void run() {
        MemorySegment drain = arena.allocate(JAVA_LONG); // checked: read once per wake-up, not per edge
        try {
            while (!stopping) {
                int n = Libc.tryEpollWait(loopState, epfd, events, MAX_EVENTS, -1);
                if (n < 0) {
                    if (loopState.errno() == NativeErrno.EINTR) {
                        continue;
                    }
                    failedErrno = loopState.errno();
                    onHandlerFailure.accept(new IllegalStateException("epoll_wait on " + name + " failed: "
                            + NativeErrno.of(failedErrno) + "; edge events of this chip stop"));
                    return;
                }
                for (int i = 0; i < n; i++) {
                    long token = events.get(JAVA_LONG_UNALIGNED, i * eventSize + dataOffset);
                    if (token == WAKE_TOKEN) {
                        Libc.tryRead(loopState, wakefd, drain, Long.BYTES);
                        continue;
                    }
                    Registration r = registrations.get(token);
                    if (r != null && !dispatch(r)) {
                        registrations.remove(token);
                        tryControlOnLoop(r.fd());
                    }
                }
                completeBarriers();
            }
        } finally {
            stopping = true;
            completeBarriers();
            if (closedOnLoop) {
                release();
            }
        }
    }

    private boolean dispatch(Registration r) {
        try {
            return r.handler().onReady();
        } catch (RuntimeException | Error e) {
            // a listener's bug must not stop the heartbeat monitor of every other line on the chip
            onHandlerFailure.accept(e);
            return true;
        }
    }

    private void completeBarriers() {
        CompletableFuture<Void> b;
        while ((b = barriers.poll()) != null) {
            b.complete(null);
        }
    }

    private void control(int op, int fd, long token) {
        ctlEvent.set(JAVA_INT, 0, Libc.EPOLLIN);
        ctlEvent.set(JAVA_LONG_UNALIGNED, dataOffset, token);
        Libc.epollCtl(callerState, epfd, op, fd, ctlEvent);
    }

    private void tryControl(int op, int fd, long token) {
        try {
            control(op, fd, token);
        } catch (RuntimeException ignored) {
            // the fd was closed already, which removed it from the epoll set
        }
    }

    private void tryControlOnLoop(int fd) {
        synchronized (callerState) {
            if (!released) {
                tryControl(Libc.EPOLL_CTL_DEL, fd, 0);
            }
        }
    }

    private void release() {
        synchronized (callerState) {
            released = true;
            closeQuietly(wakefd);
            closeQuietly(epfd);
            arena.close();
        }
    }

    private void closeQuietly(int fd) {
        if (fd >= 0) {
            Libc.tryClose(callerState, fd);
        }
    }
}
