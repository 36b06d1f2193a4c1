package dev.pairlock.gpio.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.gpio.uapi.EdgeRecords;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A listener that closes its own line request (LinuxLineRequest.close on the event thread:
 * deregister returns at once there, then the fd and the request's arena are closed) must not have
 * the rest of the batch read from the freed buffer: the reader's buffer is unchecked memory.
 */
class EdgeEventReaderCloseTest {
    @Test
    void aRequestClosedFromItsOwnListenerReadsNothingMoreFromItsFreedBuffer() throws Exception {
        int[] p = Pipes.open();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch closed = new CountDownLatch(1);
        List<Arena> reuse = new ArrayList<>();
        try (ChipEventLoop loop = new ChipEventLoop("close", failures::add)) {
            Arena a = Arena.ofShared();
            EdgeEventReader r = new EdgeEventReader(a, p[0], new int[] {0}, msg -> { });
            long[] token = {-1};
            r.listener(new EdgeListener() {
                @Override
                public void onEdge(EdgeEvent e) {
                    seen.add("edge " + e.lineSeqno());
                    if (e.lineSeqno() == 1) {
                        // what LinuxLineRequest.close() does, here on the event thread
                        loop.deregister(token[0]);
                        Pipes.close(p[0]);
                        a.close();
                        // the process goes on allocating: freed memory is handed out again at once
                        for (int i = 0; i < 64; i++) {
                            Arena x = Arena.ofShared();
                            reuse.add(x);
                            MemorySegment m = x.allocate((long) EdgeRecords.RECORD_SIZE * EdgeEventReader.RECORDS_PER_READ, 16);
                            m.fill((byte) 0x7f);
                        }
                        closed.countDown();
                    }
                }
            });
            token[0] = loop.register(p[0], r);
            Pipes.write(p[1], Pipes.rising(0, 1, 1), Pipes.rising(0, 2, 2), Pipes.rising(0, 3, 3));
            assertTrue(closed.await(30, TimeUnit.SECONDS), "first edge delivered");
            loop.deregister(-1); // a barrier: the batch that closed the request is over
            Thread.sleep(200);
        } finally {
            Pipes.close(p[1]);
            reuse.forEach(Arena::close);
        }
        assertEquals(List.of(), failures, "event-thread failures");
        assertEquals(List.of("edge 1"), seen, "edges delivered after the request closed itself");
    }
}
