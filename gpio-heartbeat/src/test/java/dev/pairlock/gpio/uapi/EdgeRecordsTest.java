package dev.pairlock.gpio.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeEvent.Type;
import dev.pairlock.hal.gpio.EdgeListener;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeRecordsTest {
    final List<String> seen = new ArrayList<>();
    final EdgeListener recorder = new EdgeListener() {
        @Override
        public void onEdge(EdgeEvent e) {
            seen.add("edge " + e.offset() + " " + e.type() + " " + e.lineSeqno() + " @" + e.timestampNanos());
        }

        @Override
        public void onMissed(int offset, long count, EdgeEvent next) {
            seen.add("missed " + offset + " x" + count + " before " + next.lineSeqno());
        }
    };

    @Test
    void decodesRecordsAndReportsPerLineGaps() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(EdgeRecords.RECORD_SIZE * 5L);
            EdgeRecords.encode(buf, 0, new EdgeEvent(Type.RISING, 100, 3, 1, 1));
            EdgeRecords.encode(buf, 48, new EdgeEvent(Type.FALLING, 200, 4, 2, 1));
            // line 3: seqno 2..4 dropped by the kernel's FIFO
            EdgeRecords.encode(buf, 96, new EdgeEvent(Type.FALLING, 300, 3, 6, 5));
            EdgeRecords.encode(buf, 144, new EdgeEvent(Type.RISING, 400, 4, 7, 2));
            EdgeRecords records = new EdgeRecords(new int[] {3, 4});
            int consumed = records.deliver(buf, 4 * 48 + 20, recorder);
            assertEquals(4 * 48, consumed, "a partial record stays for the next read");
            assertEquals(List.of("edge 3 RISING 1 @100", "edge 4 FALLING 1 @200", "missed 3 x3 before 5",
                    "edge 3 FALLING 5 @300", "edge 4 RISING 2 @400"), seen);
            assertEquals(3, records.missedTotal());
        }
    }

    @Test
    void firstRecordAfterAnOverflowAtStartCountsTheLostOnes() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(48);
            EdgeRecords.encode(buf, 0, new EdgeEvent(Type.RISING, 1, 0, 17, 17));
            EdgeRecords records = new EdgeRecords(new int[] {0});
            records.deliver(buf, 48, recorder);
            assertEquals(List.of("missed 0 x16 before 17", "edge 0 RISING 17 @1"), seen);
        }
    }

    @Test
    void lineSeqnoWrapAroundIsNotAGap() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(96);
            EdgeRecords records = new EdgeRecords(new int[] {2});
            for (long seq = 1; seq <= 3; seq++) {
                EdgeRecords.encode(buf, 0, new EdgeEvent(Type.RISING, seq, 2, seq, seq));
                records.deliver(buf, 48, recorder);
            }
            EdgeRecords.encode(buf, 0, new EdgeEvent(Type.RISING, 9, 2, 0xFFFF_FFFFL, 0xFFFF_FFFFL));
            EdgeRecords.encode(buf, 48, new EdgeEvent(Type.FALLING, 10, 2, 0, 0));
            records.deliver(buf, 96, recorder);
            assertEquals(0xFFFF_FFFFL - 4, records.missedTotal(), "only the jump to 2^32-1 is a gap, not the wrap to 0");
            assertEquals("edge 2 FALLING 0 @10", seen.getLast());
        }
    }
}
