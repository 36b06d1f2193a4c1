package dev.pairlock.adapters.diozero;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.diozero.api.AbstractDigitalInputDevice;
import com.diozero.api.DeviceMode;
import com.diozero.api.DigitalInputDevice;
import com.diozero.api.DigitalInputEvent;
import com.diozero.api.DigitalInputOutputDevice;
import com.diozero.api.DigitalOutputDevice;
import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import com.diozero.api.NoSuchDeviceException;
import dev.pairlock.gpio.EdgeLoss;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.InitialState;
import dev.pairlock.mock.Latches;
import dev.pairlock.mock.OverflowingChip;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Edges the kernel lost (its event FIFO overflowed: a gap in line_seqno, reported by pairlock's reader
 * before the next edge) are told to the diozero user as the Pi4J adapter tells its users: on the next
 * event ({@link EdgeInputEvent#getEdgesLostBefore()}), in the factory's count per GPIO
 * ({@link PairlockDeviceFactory#getEdgesLost}) and in a WARNING naming the GPIO's chip and line, at most
 * one per 5 s of the edges' own (kernel) time with what that held back folded into the next; every
 * edge delivered still reaches the listener, in order. SC0's chip sits behind mock-hw's
 * {@link OverflowingChip}, whose FIFO a test overflows. The warnings are read from the adapter's
 * {@code System.Logger} ({@code dev.pairlock.adapters.diozero.EdgeLoss}), which is java.util.logging's
 * here (no other backend on the test class path).
 *
 * <p>One factory over both chips: GPIO 1 is SC0's hb-in, driven by SC1's hb-out (GPIO 3).
 */
class LostEdgesTest {
    private static final int A_IN = 1, TO_A = 3;
    private static final InstantSource WALL = InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));

    private final Chassis chassis = new Chassis(ChassisConfig.builder().slots(2).seed(13)
            .initialState(InitialState.RUNNING_SC0_LEADS).build());
    private final OverflowingChip chip0 = new OverflowingChip(chassis.gpioChip(ScId.SC0));
    private final PairlockDeviceFactory both = new PairlockDeviceFactory(chassis.i2cBuses(ScId.SC0),
            List.of(chip0, chassis.gpioChip(ScId.SC1)), Optional.empty(), chassis.time(), WALL);
    /** Held here: java.util.logging keeps its loggers weakly, and a collected one loses the handler. */
    private final Logger jul = Logger.getLogger("dev.pairlock.adapters.diozero.EdgeLoss");
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

    /** The two kinds of diozero device whose edges the provider dispatches. */
    enum Kind {
        INPUT, INPUT_OUTPUT;

        AbstractDigitalInputDevice open(PairlockDeviceFactory f, int gpio) {
            return this == INPUT
                    ? DigitalInputDevice.Builder.builder(gpio).setTrigger(GpioEventTrigger.BOTH)
                            .setPullUpDown(GpioPullUpDown.NONE).setDeviceFactory(f).build()
                    : new DigitalInputOutputDevice(f, gpio, DeviceMode.DIGITAL_INPUT);
        }
    }

    @BeforeEach
    void captureLog() {
        jul.addHandler(capture);
        jul.setUseParentHandlers(false);
    }

    @AfterEach
    void close() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(true);
        both.close();
    }

    private List<String> warnings() {
        return logged.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    }

    private DigitalOutputDevice output(int gpio) {
        return DigitalOutputDevice.Builder.builder(gpio).setInitialValue(false).setDeviceFactory(both).build();
    }

    /** One heartbeat edge into GPIO 1, delivered on this thread by virtual time (10 ms of it). */
    private void edge(DigitalOutputDevice out) {
        out.toggle();
        chassis.time().runFor(10_000_000L);
    }

    private static List<EdgeInputEvent> take(BlockingQueue<DigitalInputEvent> heard, int n) throws InterruptedException {
        List<EdgeInputEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DigitalInputEvent e = heard.poll(Latches.GENEROUS_SECONDS, SECONDS);
            assertNotNull(e, "delivered edge " + i + " never reached the listener; got " + events);
            events.add(assertInstanceOf(EdgeInputEvent.class, e, "diozero hands the provider's event to the listener as it is"));
        }
        return events;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void edgesTheKernelLostAreOnTheNextEventInTheFactorysCountAndInOneWarningPerIntervalOfKernelTime(Kind kind)
            throws InterruptedException {
        BlockingQueue<DigitalInputEvent> heard = new LinkedBlockingQueue<>();
        try (DigitalOutputDevice toA = output(TO_A)) {
            AbstractDigitalInputDevice a = kind.open(both, A_IN);
            a.addListener(heard::add);
            edge(toA); // high
            chip0.overflow(3);
            edge(toA); // low, lost
            edge(toA); // high, lost
            edge(toA); // low, lost
            edge(toA); // high, 3 lost before it: warned
            edge(toA); // low
            chip0.overflow(2);
            edge(toA); // high, lost
            edge(toA); // low, lost
            edge(toA); // high, 2 lost before it: 40 ms of kernel time after the warning, held back

            List<EdgeInputEvent> events = take(heard, 4);
            long first = events.getFirst().getLineSequence();
            assertEquals(List.of(true, true, false, true), events.stream().map(DigitalInputEvent::getValue).toList(),
                    "every delivered edge, in order: " + events);
            assertEquals(List.of(first, first + 4, first + 5, first + 8), events.stream().map(EdgeInputEvent::getLineSequence).toList());
            assertEquals(List.of(0L, 3L, 0L, 2L), events.stream().map(EdgeInputEvent::getEdgesLostBefore).toList(), events::toString);
            assertTrue(events.get(1).toString().endsWith("(edge " + (first + 4) + " of the line, 3 lost before it)"), events.get(1)::toString);
            assertEquals(5, both.getEdgesLost(A_IN));
            List<String> w = warnings();
            assertEquals(1, w.size(), "the second loss came 40 ms of kernel time after the first warning: " + w);
            assertEquals("GPIO 1 (gpiochip0 line 1): 3 edge(s) lost in the kernel's event buffer (it overflowed) before edge "
                    + (first + 4) + " of the line, 3 since the input was created: no listener hears them, and the next event's"
                    + " getEdgesLostBefore() counts them (EdgeInputEvent), the factory's getEdgesLost(gpio) all of them. The line"
                    + " changes faster than its edges are read: a debounce (setDebounceTimeMillis, done by the kernel) filters a"
                    + " bouncing contact. At most one such warning per 5 s", w.getFirst());

            chassis.time().runFor(EdgeLoss.LOG_INTERVAL_NANOS); // a quiet line for an interval of kernel time
            chip0.overflow(1);
            edge(toA); // low, lost
            edge(toA); // high, 1 lost before it: the interval is over, the 2 held back folded in
            EdgeInputEvent fifth = take(heard, 1).getFirst();
            assertEquals(first + 10, fifth.getLineSequence());
            assertEquals(1, fifth.getEdgesLostBefore());
            w = warnings();
            assertEquals(2, w.size(), w::toString);
            assertTrue(w.getLast().startsWith("GPIO 1 (gpiochip0 line 1): 3 edge(s) lost in the kernel's event buffer (it overflowed)"
                    + " since the last warning, the last ones before edge " + (first + 10) + " of the line, 6 since the input was"
                    + " created: "), w.getLast());

            chip0.overflow(2);
            edge(toA); // low, lost
            edge(toA); // high, lost
            edge(toA); // low, 2 lost before it: held back
            assertEquals(2, take(heard, 1).getFirst().getEdgesLostBefore());
            assertEquals(2, warnings().size());
            a.close();
            w = warnings();
            assertEquals(3, w.size(), "what the limit held back is said at close: " + w);
            assertEquals("GPIO 1 (gpiochip0 line 1): 2 more edge(s) lost in the kernel's event buffer since the last warning,"
                    + " 8 since the input was created (it is closed)", w.getLast());
            assertEquals(8, both.getEdgesLost(A_IN), "the count outlives the close");

            try (AbstractDigitalInputDevice again = kind.open(both, A_IN)) {
                assertEquals(0, both.getEdgesLost(A_IN), "a device's count is its own, as a Pi4J input's is");
            }
        }
    }

    @Test
    void edgesLostWhileNobodyListensAreCountedAndWarnedOfButNotPutOnTheFirstEventHeard() throws InterruptedException {
        BlockingQueue<DigitalInputEvent> heard = new LinkedBlockingQueue<>();
        try (DigitalOutputDevice toA = output(TO_A); AbstractDigitalInputDevice a = Kind.INPUT.open(both, A_IN)) {
            edge(toA); // the request's first edge: the FIFO's baseline, delivered to nobody
            chip0.overflow(2);
            edge(toA);
            edge(toA);
            edge(toA); // 2 lost before it; no listener, so dropped with the count
            assertEquals(2, both.getEdgesLost(A_IN));
            assertEquals(1, warnings().size(), warnings()::toString);
            a.addListener(heard::add);
            edge(toA);
            EdgeInputEvent e = take(heard, 1).getFirst();
            assertEquals(0, e.getEdgesLostBefore(), "the listener missed nothing after it came: " + e);
        }
    }

    @Test
    void theCountOfAGpioNoDeviceListenedToIsZeroAndOfNoSuchGpioAnError() {
        assertEquals(0, both.getEdgesLost(A_IN));
        try (DigitalInputDevice quiet = DigitalInputDevice.Builder.builder(A_IN).setTrigger(GpioEventTrigger.NONE)
                .setDeviceFactory(both).build()) {
            assertEquals(0, both.getEdgesLost(A_IN), "an input without edges loses none");
        }
        NoSuchDeviceException e = assertThrows(NoSuchDeviceException.class, () -> both.getEdgesLost(6));
        assertEquals("No such GPIO #6: the GPIO chips have 6 lines (0..5); see gpioinfo", e.getMessage());
    }
}
