package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventWaitTest {
    private static final VarHandle EV_EVENTS = Libc.EPOLL_EVENT.varHandle(PathElement.groupElement("events"));
    private static final VarHandle EV_DATA = Libc.EPOLL_EVENT.varHandle(PathElement.groupElement("data"));

    private final Arena arena = Arena.ofShared();
    private final CallState cs = CallState.allocate(arena, 256);

    @AfterEach
    void closeArena() {
        arena.close();
    }

    @Test
    void epollWakesForAPipeWrittenByAnotherThread() throws Exception {
        int[] p = Libc.pipe2(cs, Libc.O_CLOEXEC);
        int ep = Libc.epollCreate1(cs, Libc.EPOLL_CLOEXEC);
        try {
            MemorySegment ev = cs.scratch().asSlice(0, Libc.EPOLL_EVENT);
            EV_EVENTS.set(ev, 0L, Libc.EPOLLIN);
            EV_DATA.set(ev, 0L, 0x5C1L);
            Libc.epollCtl(cs, ep, Libc.EPOLL_CTL_ADD, p[0], ev);

            MemorySegment out = cs.scratch().asSlice(64, Libc.EPOLL_EVENT.byteSize() * 4);
            assertEquals(0, Libc.epollWait(cs, ep, out, 4, 0), "nothing written yet");

            Thread writer = Thread.ofPlatform().start(() -> {
                try (Arena a = Arena.ofConfined()) {
                    CallState wcs = CallState.allocate(a, 8);
                    Libc.write(wcs, p[1], wcs.scratch(), 1);
                }
            });
            int n = Libc.epollWait(cs, ep, out, 4, 10_000);
            writer.join();
            assertEquals(1, n);
            assertEquals(Libc.EPOLLIN, (int) EV_EVENTS.get(out, 0L) & Libc.EPOLLIN);
            assertEquals(0x5C1L, (long) EV_DATA.get(out, 0L));
        } finally {
            Libc.close(cs, ep);
            Libc.close(cs, p[0]);
            Libc.close(cs, p[1]);
        }
    }

    @Test
    void pollWakesForAnEventfdAndReadsItsCounter() {
        int efd = Libc.eventfd(cs, 0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        try {
            MemorySegment pfd = cs.scratch().asSlice(0, Libc.POLLFD);
            pfd.set(ValueLayout.JAVA_INT, 0, efd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, Libc.POLLIN);
            assertEquals(0, Libc.poll(cs, pfd, 1, 0));

            MemorySegment value = cs.scratch().asSlice(64, 8);
            value.set(ValueLayout.JAVA_LONG, 0, 3L);
            assertEquals(8, Libc.write(cs, efd, value, 8));
            assertEquals(1, Libc.poll(cs, pfd, 1, 10_000));
            assertEquals(Libc.POLLIN, pfd.get(ValueLayout.JAVA_SHORT, 6) & Libc.POLLIN);

            value.set(ValueLayout.JAVA_LONG, 0, 0L);
            assertEquals(8, Libc.read(cs, efd, value, 8));
            assertEquals(3L, value.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(-1, Libc.tryRead(cs, efd, value, 8));
            assertEquals(NativeErrno.EAGAIN, cs.errno());
        } finally {
            Libc.close(cs, efd);
        }
    }
}
