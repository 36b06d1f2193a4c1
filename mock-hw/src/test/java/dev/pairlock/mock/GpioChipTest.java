package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.*;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.pairlock.hal.ScId.SC0;
import static dev.pairlock.hal.ScId.SC1;
import static org.junit.jupiter.api.Assertions.*;

class GpioChipTest {
    private final Chassis c = new Chassis(ChassisConfig.defaults());
    private final GpioChip chip0 = c.gpioChip(SC0);
    private final GpioChip chip1 = c.gpioChip(SC1);

    @Test
    void describesNamedLines() {
        assertEquals(3, chip0.lineCount());
        assertEquals(1, chip1.lineOffset("hb-in").orElseThrow());
        assertTrue(chip0.lineOffset("nope").isEmpty());
        assertEquals("hb-out", chip0.lineInfo(0).name());
        assertFalse(chip0.lineInfo(2).used());
        assertEquals("sim:gpiochip1", chip1.path());
        assertThrows(HalArgumentException.class, () -> chip0.lineInfo(3));
    }

    @Test
    void heartbeatEdgesReachTheWatcherWithSequenceNumbers() {
        List<EdgeEvent> edges = new ArrayList<>();
        LineRequest watch = chip1.request(RequestConfig.of("watch"),
                LineConfig.of(LineSettings.input().withEdge(LineSettings.Edge.BOTH), 1));
        watch.onEdge(edges::add);
        assertTrue(chip1.lineInfo(1).used());
        assertEquals("watch", chip1.lineInfo(1).consumer());
        Parts.of(c, SC0).heartbeatOut().beat();
        c.time().runUntil(5);
        LineRequest drive = chip0.request(RequestConfig.of("drive"), LineConfig.of(LineSettings.output(true), 0));
        drive.set(0, false);
        c.time().runUntil(10);
        assertEquals(2, edges.size(), "the request as output(true) kept the level; set(false) made a falling edge");
        assertEquals(EdgeEvent.Type.RISING, edges.get(0).type());
        assertEquals(EdgeEvent.Type.FALLING, edges.get(1).type());
        assertEquals(5, edges.get(1).timestampNanos());
        assertEquals(2, edges.get(1).globalSeqno());
        assertEquals(2, edges.get(1).lineSeqno());
        assertFalse(watch.get(1));
        assertEquals(2, Parts.of(c, SC1).heartbeatIn().edgeCount());
        watch.close();
        assertFalse(chip1.lineInfo(1).used());
    }

    @Test
    void anOverflowingChipDropsEdgesAndReportsTheGapJustBeforeTheNextOne() {
        OverflowingChip fifo = new OverflowingChip(chip1);
        List<String> heard = new ArrayList<>();
        LineRequest watch = fifo.request(RequestConfig.of("watch"),
                LineConfig.of(LineSettings.input().withEdge(LineSettings.Edge.BOTH), 1));
        watch.onEdge(new EdgeListener() {
            @Override
            public void onEdge(EdgeEvent e) {
                heard.add("edge " + e.lineSeqno());
            }

            @Override
            public void onMissed(int offset, long count, EdgeEvent next) {
                heard.add(count + " missed on line " + offset + " before " + next.lineSeqno());
            }
        });
        LineRequest drive = chip0.request(RequestConfig.of("drive"), LineConfig.of(LineSettings.output(false), 0));
        for (int i = 0; i < 5; i++) {
            if (i == 1) {
                fifo.overflow(2);
            }
            drive.set(0, i % 2 == 0);
            c.time().runFor(1_000_000L);
        }
        assertEquals(List.of("edge 1", "2 missed on line 1 before 4", "edge 4", "edge 5"), heard);
        assertSame(fifo, watch.chip());
        HalArgumentException e = assertThrows(HalArgumentException.class, () -> fifo.overflow(-1));
        assertTrue(e.getMessage().startsWith("edges the FIFO drops -1 "), e.getMessage());
    }

    @Test
    void linesAreExclusiveAndDirectionsChecked() {
        LineRequest r = chip0.request(RequestConfig.of("a"), LineConfig.of(LineSettings.output(false), 0));
        GpioException busy = assertThrows(GpioException.class,
                () -> chip0.request(RequestConfig.of("b"), LineConfig.of(LineSettings.output(false), 0)));
        assertEquals(0, busy.line());
        assertThrows(GpioException.class, () -> chip0.request(RequestConfig.of("b"), LineConfig.of(LineSettings.output(false), 1)));
        assertThrows(GpioException.class,
                () -> chip0.request(RequestConfig.of("b"), LineConfig.of(LineSettings.input().withEdge(LineSettings.Edge.RISING), 2)));
        assertThrows(HalArgumentException.class, () -> r.get(1));
        r.close();
        assertThrows(GpioException.class, () -> r.get(0));
    }

    @Test
    void peerResetLineDrivesTheFence() {
        LineRequest r = chip0.request(RequestConfig.of("fence"), LineConfig.of(LineSettings.output(false), 2));
        r.set(2, true);
        assertTrue(c.heldInReset(SC1));
        assertTrue(r.get(2));
        r.set(2, false);
        assertFalse(c.heldInReset(SC1));
    }
}
