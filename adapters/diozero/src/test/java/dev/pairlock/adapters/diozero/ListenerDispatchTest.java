package dev.pairlock.adapters.diozero;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.diozero.api.AbstractDigitalInputDevice;
import com.diozero.api.DeviceMode;
import com.diozero.api.DigitalInputDevice;
import com.diozero.api.DigitalInputEvent;
import com.diozero.api.DigitalInputOutputDevice;
import com.diozero.api.DigitalOutputDevice;
import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import dev.pairlock.mock.ChassisConfig;
import dev.pairlock.mock.InitialState;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import dev.pairlock.mock.Latches;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where diozero listeners run: on the line's own diozero queue, never on the thread that delivers
 * the chip's edges. In the simulator that thread is the one running virtual time (here the test's),
 * which delivers the edges of both SCs' chips: a listener that blocked it held back every other line,
 * as a listener on pairlock's per-chip event thread holds back the chip's other lines on Linux.
 *
 * <p>One factory over both chips: GPIO 1 is SC0's hb-in, driven by SC1's hb-out (GPIO 3); GPIO 4 is
 * SC1's hb-in, driven by SC0's hb-out (GPIO 0). Waits are latches; their timeouts only bound a failure.
 */
class ListenerDispatchTest {
    private static final int A_IN = 1, TO_A = 3, B_IN = 4, TO_B = 0;
    private static final InstantSource WALL = InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z"));

    private final Chassis chassis = new Chassis(ChassisConfig.builder().slots(2).seed(11)
            .initialState(InitialState.RUNNING_SC0_LEADS).build());
    private final PairlockDeviceFactory both = new PairlockDeviceFactory(chassis.i2cBuses(ScId.SC0),
            List.of(chassis.gpioChip(ScId.SC0), chassis.gpioChip(ScId.SC1)), Optional.empty(), chassis.time(), WALL);

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

    @AfterEach
    void close() {
        both.close();
    }

    private DigitalOutputDevice output(int gpio) {
        return DigitalOutputDevice.Builder.builder(gpio).setInitialValue(false).setDeviceFactory(both).build();
    }

    /** One heartbeat edge into the line {@code out} drives, delivered on this thread by virtual time. */
    private void edge(DigitalOutputDevice out) {
        out.toggle();
        chassis.time().runFor(10_000_000L);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBlockedListenerDoesNotHoldBackAnotherLinesEdge(Kind kind) throws InterruptedException {
        CountDownLatch aBlocked = new CountDownLatch(1), release = new CountDownLatch(1), aDone = new CountDownLatch(1);
        CountDownLatch bHeard = new CountDownLatch(1);
        AtomicBoolean releasedByTheTest = new AtomicBoolean();
        try (AbstractDigitalInputDevice a = kind.open(both, A_IN); AbstractDigitalInputDevice b = kind.open(both, B_IN);
             DigitalOutputDevice toA = output(TO_A); DigitalOutputDevice toB = output(TO_B)) {
            a.addListener(e -> {
                aBlocked.countDown();
                releasedByTheTest.set(Latches.await(release));
                aDone.countDown();
            });
            b.addListener(e -> bHeard.countDown());
            edge(toA);
            assertTrue(Latches.await(aBlocked), "line A's listener never ran");
            edge(toB);
            assertTrue(Latches.await(bHeard), "line B's edge waited behind line A's blocked listener");
            release.countDown();
            assertTrue(Latches.await(aDone));
            assertTrue(releasedByTheTest.get(), "line A's listener ran on the thread that delivers edges, and blocked it"
                    + " until its own timeout");
        }
    }

    @Test
    void aLinesEdgesReachItsListenerInOrderWithTheEdgesOwnTimes() throws InterruptedException {
        int edges = 20;
        BlockingQueue<DigitalInputEvent> seen = new LinkedBlockingQueue<>();
        CountDownLatch firstHeld = new CountDownLatch(1), allQueued = new CountDownLatch(1);
        AtomicBoolean releasedByTheTest = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        try (AbstractDigitalInputDevice a = Kind.INPUT.open(both, A_IN); DigitalOutputDevice toA = output(TO_A)) {
            a.addListener(e -> {
                seen.add(e);
                if (calls.getAndIncrement() == 0) {
                    firstHeld.countDown();
                    releasedByTheTest.set(Latches.await(allQueued));
                }
            });
            // the first edge's listener holds the line while virtual time moves 10 ms per later edge
            for (int i = 0; i < edges; i++) {
                edge(toA);
            }
            assertTrue(Latches.await(firstHeld));
            allQueued.countDown();
            List<DigitalInputEvent> events = new ArrayList<>();
            for (int i = 0; i < edges; i++) {
                DigitalInputEvent e = seen.poll(Latches.GENEROUS_SECONDS, SECONDS);
                assertNotNull(e, "edge " + i + " of " + edges + " never reached the listener; got " + events);
                events.add(e);
            }
            assertTrue(releasedByTheTest.get(), "the first listener blocked the thread that delivers edges");
            for (int i = 0; i < edges; i++) {
                DigitalInputEvent e = events.get(i);
                assertEquals(i % 2 == 0, e.getValue(), "edge " + i + " out of order: " + events);
                assertTrue(i == 0 || e.getNanoTime() > events.get(i - 1).getNanoTime(), "edge " + i + ": " + events);
                // made on the event thread, where the edge is 0 ms old; made when the held listener let it
                // through, up to 190 ms of virtual time later, its epoch time would be that much earlier
                assertEquals(WALL.millis(), e.getEpochTime(), "edge " + i + "'s epoch time: " + e);
            }
        }
    }

    @Test
    void closeReturnsWhileTheInputsListenerIsBlocked() throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1), returned = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicBoolean releasedByTheTest = new AtomicBoolean();
        try (DigitalOutputDevice toA = output(TO_A)) {
            AbstractDigitalInputDevice a = Kind.INPUT.open(both, A_IN);
            a.addListener(e -> {
                inside.countDown();
                releasedByTheTest.set(Latches.awaitThroughInterrupts(release));
                returned.countDown();
            });
            try {
                edge(toA);
                assertTrue(Latches.await(inside), "the listener never ran");
                // closed on another thread, so that a close that waits for the listener fails here, not hangs
                Thread.ofPlatform().name("closer").start(() -> {
                    a.close();
                    closed.countDown();
                });
                assertTrue(Latches.await(closed), "close waited for the blocked listener");
                assertEquals(1, returned.getCount(), "the listener had returned before close was called");
                assertFalse(chassis.gpioChip(ScId.SC0).lineInfo(1).used(), "the line is released at once");
            } finally {
                release.countDown();
            }
            assertTrue(Latches.await(returned));
            assertTrue(releasedByTheTest.get());
        }
    }

    @Test
    void aListenerMayCloseItsOwnInput() throws InterruptedException {
        CountDownLatch timeStopped = new CountDownLatch(1), closedInside = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<AbstractDigitalInputDevice> self = new AtomicReference<>();
        try (DigitalOutputDevice toA = output(TO_A)) {
            AbstractDigitalInputDevice a = Kind.INPUT.open(both, A_IN);
            self.set(a);
            a.addListener(e -> {
                // the simulator is one thread's: touch it once virtual time has stopped
                if (Latches.await(timeStopped)) {
                    try {
                        self.get().close();
                    } catch (RuntimeException | Error t) {
                        failure.set(t);
                    }
                }
                closedInside.countDown();
            });
            edge(toA);
            timeStopped.countDown();
            assertTrue(Latches.await(closedInside), "close from inside the listener did not return");
            assertNull(failure.get(), () -> "close from inside the listener threw " + failure.get());
            assertFalse(chassis.gpioChip(ScId.SC0).lineInfo(1).used(), "the line is released");
            edge(toA); // no listener, no request: nothing to deliver to, and nothing fails
        }
    }

    @Test
    void aListenerThatThrowsStillHearsTheLinesLaterEdges() throws InterruptedException {
        BlockingQueue<DigitalInputEvent> seen = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        try (AbstractDigitalInputDevice a = Kind.INPUT.open(both, A_IN); DigitalOutputDevice toA = output(TO_A)) {
            a.addListener(e -> {
                seen.add(e);
                if (calls.getAndIncrement() == 0) {
                    throw new IllegalStateException("a listener's bug (this test's: expect its warning in the log)");
                }
            });
            edge(toA);
            edge(toA);
            assertNotNull(seen.poll(Latches.GENEROUS_SECONDS, SECONDS));
            DigitalInputEvent second = seen.poll(Latches.GENEROUS_SECONDS, SECONDS);
            assertNotNull(second, "the line went quiet after its listener threw once");
            assertFalse(second.getValue());
        }
    }
}
