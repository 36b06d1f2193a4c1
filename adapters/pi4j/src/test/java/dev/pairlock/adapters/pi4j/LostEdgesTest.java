package dev.pairlock.adapters.pi4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.pairlock.gpio.EdgeLoss;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.Latches;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edges the kernel lost (its event FIFO overflowed: a gap in line_seqno, reported by pairlock's reader
 * before the next edge) are surfaced as the heartbeat input surfaces them: on the next event
 * ({@link EdgeStateChangeEvent#edgesLostBefore()}), in the input's count ({@link KernelEdgeInput#edgesLost()})
 * and in a WARNING naming the input's chip and line, rate-limited on the edges' own time; every edge
 * delivered still reaches the listener, in order. The warnings are read from the input's
 * {@code System.Logger} ({@code dev.pairlock.adapters.pi4j.EdgeLoss}, the name users configure), which
 * is java.util.logging's here (no other backend on the test class path).
 */
class LostEdgesTest {
    private final SimulatedPair pair = new SimulatedPair(2, 7);
    private final Chassis chassis = pair.chassis;
    private final Context sc0 = pair.sc0;
    private final Context sc1 = pair.sc1;
    /** Held here: java.util.logging keeps its loggers weakly, and a collected one loses the handler. */
    private final Logger jul = Logger.getLogger("dev.pairlock.adapters.pi4j.EdgeLoss");
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        jul.addHandler(capture);
        jul.setUseParentHandlers(false);
    }

    @AfterEach
    void close() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(true);
        pair.close();
    }

    private List<String> warnings() {
        return logged.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    }

    /** One heartbeat edge into SC0's hb-in, delivered on this thread by virtual time (10 ms of it). */
    private void edge(DigitalOutput out) {
        out.toggle();
        chassis.time().runFor(10_000_000L);
    }

    @Test
    void edgesTheKernelLostAreOnTheNextEventInTheInputsCountAndInARateLimitedWarning() throws InterruptedException {
        BlockingQueue<DigitalStateChangeEvent<?>> heard = new LinkedBlockingQueue<>();
        DigitalInput a = sc0.create(DigitalInput.newConfigBuilder(sc0).id("a").address(1).pull(PullResistance.PULL_DOWN)
                .debounce(0L).build());
        a.addListener(heard::add);
        DigitalOutput toA = sc1.create(DigitalOutput.newConfigBuilder(sc1).id("to-a").address(0)
                .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
        edge(toA); // HIGH
        pair.chip0.overflow(3);
        edge(toA); // LOW, lost
        edge(toA); // HIGH, lost
        edge(toA); // LOW, lost
        edge(toA); // HIGH, 3 lost before it
        edge(toA); // LOW
        pair.chip0.overflow(2);
        edge(toA); // HIGH, lost
        edge(toA); // LOW, lost
        edge(toA); // HIGH, 2 lost before it: 40 ms of edge time after the warning, held back

        List<EdgeStateChangeEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            DigitalStateChangeEvent<?> e = heard.poll(Latches.GENEROUS_SECONDS, SECONDS);
            assertNotNull(e, "delivered edge " + i + " never reached the listener; got " + events);
            events.add(assertInstanceOf(EdgeStateChangeEvent.class, e));
        }
        long first = events.getFirst().lineSequence();
        assertEquals(List.of(DigitalState.HIGH, DigitalState.HIGH, DigitalState.LOW, DigitalState.HIGH),
                events.stream().map(EdgeStateChangeEvent::state).toList(), "every delivered edge, in order: " + events);
        assertEquals(List.of(first, first + 4, first + 5, first + 8), events.stream().map(EdgeStateChangeEvent::lineSequence).toList());
        assertEquals(List.of(0L, 3L, 0L, 2L), events.stream().map(EdgeStateChangeEvent::edgesLostBefore).toList(), events::toString);
        assertTrue(events.get(1).toString().endsWith("(edge " + (first + 4) + " of the line, 3 lost before it)"), events.get(1)::toString);
        KernelEdgeInput kernel = assertInstanceOf(KernelEdgeInput.class, a, "what Pi4J hands out is the plugin's input");
        assertEquals(5, kernel.edgesLost());

        List<String> w = warnings();
        assertEquals(1, w.size(), "the second loss came 40 ms after the first warning: " + w);
        assertTrue(w.getFirst().startsWith("input a (gpiochip0 line 1): 3 edge(s) lost in the kernel's event buffer (it overflowed)"
                + " before edge " + (first + 4) + " of the line, 3 since the input was created: "), w.getFirst());

        sc0.shutdown("a");
        w = warnings();
        assertEquals(2, w.size(), "what the limit held back is said at shutdown: " + w);
        assertEquals("input a (gpiochip0 line 1): 2 more edge(s) lost in the kernel's event buffer since the last warning,"
                + " 5 since the input was created (it is shut down)", w.getLast());
        assertEquals(5, kernel.edgesLost(), "the count outlives the shutdown");
    }

    @Test
    void aLossIsWarnedOfAtMostOncePerIntervalOfTheEdgesOwnTime() {
        EdgeLoss loss = PairlockDigitalInput.edgeLoss("input x (gpiochip3 line 7)");
        long t = 1_000_000_000L;
        loss.lost(2, edge(t, 10));
        loss.lost(3, edge(t + EdgeLoss.LOG_INTERVAL_NANOS - 1, 20)); // within the interval: counted, held back
        assertEquals(5, loss.total());
        assertEquals(1, warnings().size(), warnings()::toString);
        assertTrue(warnings().getFirst().startsWith("input x (gpiochip3 line 7): 2 edge(s) lost in the kernel's event buffer"
                + " (it overflowed) before edge 10 of the line, 2 since the input was created: "), warnings().getFirst());
        assertTrue(warnings().getFirst().endsWith("At most one such warning per 5 s"), warnings().getFirst());

        loss.lost(1, edge(t + EdgeLoss.LOG_INTERVAL_NANOS, 30)); // a whole interval after the warning
        assertEquals(2, warnings().size());
        assertTrue(warnings().getLast().startsWith("input x (gpiochip3 line 7): 4 edge(s) lost in the kernel's event buffer"
                + " (it overflowed) since the last warning, the last ones before edge 30 of the line, 6 since the input was"
                + " created: "), warnings().getLast());

        loss.close();
        assertEquals(2, warnings().size(), "nothing held back, nothing more to say");
        loss.lost(7, edge(t + EdgeLoss.LOG_INTERVAL_NANOS + 1, 40));
        loss.close();
        loss.close();
        assertEquals(3, warnings().size(), warnings()::toString);
        assertEquals("input x (gpiochip3 line 7): 7 more edge(s) lost in the kernel's event buffer since the last warning,"
                + " 13 since the input was created (it is shut down)", warnings().getLast());
        assertEquals(13, loss.total());
    }

    private static EdgeEvent edge(long timestampNanos, long lineSeqno) {
        return new EdgeEvent(EdgeEvent.Type.RISING, timestampNanos, 7, lineSeqno, lineSeqno);
    }
}
