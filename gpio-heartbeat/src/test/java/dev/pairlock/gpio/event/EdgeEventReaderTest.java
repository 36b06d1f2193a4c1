package dev.pairlock.gpio.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.gpio.uapi.EdgeRecords;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader on a real pipe, driven by hand (no event thread): several records per read, gaps, split records. */
class EdgeEventReaderTest {
    final List<String> seen = new ArrayList<>();
    final EdgeListener recorder = new EdgeListener() {
        @Override
        public void onEdge(EdgeEvent e) {
            seen.add(e.offset() + ":" + e.lineSeqno());
        }

        @Override
        public void onMissed(int offset, long count, EdgeEvent next) {
            seen.add(offset + ":missed " + count);
        }
    };

    @Test
    void readsSeveralRecordsPerReadAndReportsTheSeqnoGap() {
        int[] p = Pipes.open();
        List<String> failures = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            EdgeEventReader r = new EdgeEventReader(a, p[0], new int[] {5, 6}, failures::add);
            r.listener(recorder);
            Pipes.write(p[1], Pipes.rising(5, 1, 10), Pipes.rising(6, 1, 11), Pipes.rising(5, 2, 12),
                    Pipes.rising(5, 9, 13), Pipes.rising(6, 2, 14));
            assertTrue(r.onReady());
            assertEquals(List.of("5:1", "6:1", "5:2", "5:missed 6", "5:9", "6:2"), seen, "one read() got all five");
            assertEquals(6, r.missedTotal());
            Pipes.close(p[1]);
            assertFalse(r.onReady(), "EOF ends the registration");
            assertEquals(1, failures.size());
        } finally {
            Pipes.close(p[0]);
        }
    }

    @Test
    void keepsARecordSplitAcrossReads() {
        int[] p = Pipes.open();
        try (Arena a = Arena.ofConfined()) {
            EdgeEventReader r = new EdgeEventReader(a, p[0], new int[] {0}, msg -> { });
            r.listener(recorder);
            MemorySegment two = a.allocate(2L * EdgeRecords.RECORD_SIZE);
            EdgeRecords.encode(two, 0, Pipes.rising(0, 1, 1));
            EdgeRecords.encode(two, EdgeRecords.RECORD_SIZE, Pipes.rising(0, 2, 2));
            Pipes.writeRaw(p[1], two.asSlice(0, 70));
            r.onReady();
            assertEquals(List.of("0:1"), seen);
            Pipes.writeRaw(p[1], two.asSlice(70));
            r.onReady();
            assertEquals(List.of("0:1", "0:2"), seen);
        } finally {
            Pipes.close(p[0], p[1]);
        }
    }
}
