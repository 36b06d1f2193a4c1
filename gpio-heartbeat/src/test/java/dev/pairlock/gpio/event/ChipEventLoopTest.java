package dev.pairlock.gpio.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChipEventLoopTest {

    @Test
    void oneThreadDeliversFromSeveralPipesAndStopsCleanly() throws Exception {
        long fdsBefore = Pipes.openFds();
        long threadsBefore = Pipes.threadsNamed("gpio-events-");
        Set<String> deliveringThreads = ConcurrentHashMap.newKeySet();
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        List<int[]> pipes = new ArrayList<>();
        try (Arena a = Arena.ofShared(); ChipEventLoop loop = new ChipEventLoop("test0", Throwable::printStackTrace)) {
            assertEquals(threadsBefore + 1, Pipes.threadsNamed("gpio-events-"));
            for (int i = 0; i < 4; i++) {
                int[] p = Pipes.open();
                pipes.add(p);
                int line = i;
                EdgeEventReader r = new EdgeEventReader(a, p[0], new int[] {line}, msg -> { });
                r.listener(new EdgeListener() {
                    @Override
                    public void onEdge(EdgeEvent e) {
                        deliveringThreads.add(Thread.currentThread().getName());
                        seen.add(e.offset() + ":" + e.lineSeqno());
                    }

                    @Override
                    public void onMissed(int offset, long count, EdgeEvent next) {
                        seen.add(offset + ":missed " + count);
                    }
                });
                loop.register(p[0], r);
            }
            for (int i = 0; i < 4; i++) {
                Pipes.write(pipes.get(i)[1], Pipes.rising(i, 1, 100 + i), Pipes.rising(i, 4, 200 + i));
            }
            List<String> got = new ArrayList<>();
            while (got.size() < 12) {
                got.add(seen.take());
            }
            Collections.sort(got);
            assertEquals(List.of("0:1", "0:4", "0:missed 2", "1:1", "1:4", "1:missed 2",
                    "2:1", "2:4", "2:missed 2", "3:1", "3:4", "3:missed 2"), got);
            assertEquals(Set.of("gpio-events-test0"), deliveringThreads);
            assertEquals(4, loop.registeredCount());
        } finally {
            for (int[] p : pipes) {
                Pipes.close(p);
            }
        }
        assertEquals(threadsBefore, Pipes.threadsNamed("gpio-events-"), "close joins the event thread");
        assertEquals(fdsBefore, Pipes.openFds(), "epoll fd, eventfd and pipes all closed");
    }

    @Test
    void afterDeregisterReturnsTheHandlerNeverRunsAgain() throws Exception {
        int[] p = Pipes.open();
        CountDownLatch first = new CountDownLatch(1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (Arena a = Arena.ofShared(); ChipEventLoop loop = new ChipEventLoop("test1", Throwable::printStackTrace)) {
            EdgeEventReader r = new EdgeEventReader(a, p[0], new int[] {0}, msg -> { });
            r.listener(new EdgeListener() {
                @Override
                public void onEdge(EdgeEvent e) {
                    seen.add("edge " + e.lineSeqno());
                    first.countDown();
                }
            });
            long token = loop.register(p[0], r);
            Pipes.write(p[1], Pipes.rising(0, 1, 1));
            assertTrue(first.await(30, TimeUnit.SECONDS), "first edge delivered");
            loop.deregister(token);
            assertEquals(0, loop.registeredCount());
            Pipes.write(p[1], Pipes.rising(0, 2, 2));
            // a closed fd could be reused by anyone: after deregister the loop must not touch it
            Pipes.close(p[0]);
            loop.deregister(token);
            assertEquals(List.of("edge 1"), seen);
        } finally {
            Pipes.close(p[1]);
        }
    }

    @Test
    void aThrowingListenerIsReportedAndTheLoopGoesOn() throws Exception {
        int[] p = Pipes.open();
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        try (Arena a = Arena.ofShared(); ChipEventLoop loop = new ChipEventLoop("test2", out::add)) {
            EdgeEventReader r = new EdgeEventReader(a, p[0], new int[] {0}, msg -> { });
            r.listener(e -> {
                if (e.lineSeqno() == 1) {
                    throw new IllegalStateException("listener bug");
                }
                out.add("edge " + e.lineSeqno());
            });
            loop.register(p[0], r);
            Pipes.write(p[1], Pipes.rising(0, 1, 1));
            Object failure = out.take();
            assertTrue(failure instanceof IllegalStateException, String.valueOf(failure));
            Pipes.write(p[1], Pipes.rising(0, 2, 2));
            assertEquals("edge 2", out.take());
        } finally {
            Pipes.close(p);
        }
    }
}
