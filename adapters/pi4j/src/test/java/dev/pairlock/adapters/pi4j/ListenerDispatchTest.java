package dev.pairlock.adapters.pi4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.IOType;
import com.pi4j.io.exception.IOException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.pairlock.hal.ScId;
import dev.pairlock.mock.Chassis;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import dev.pairlock.mock.Latches;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where Pi4J listeners run: on the input's own task of its Pi4J context, never on the thread that
 * delivers the chip's edges. In the simulator that thread is the one running virtual time (here the
 * test's), which delivers the edges of both SCs' chips: a listener that blocked it held back every other
 * input, as a listener on pairlock's per-chip event thread holds back the chip's other lines on Linux.
 *
 * <p>Input A is SC0's hb-in (line 1), driven by SC1's hb-out (line 0); input B is SC1's hb-in, driven
 * by SC0's hb-out. mock-hw's chips have one edge line each, so A and B are on two chips (one context
 * each) whose edges one simulator thread delivers. Waits are latches; their timeouts only bound a failure.
 */
class ListenerDispatchTest {

    private final SimulatedPair pair = new SimulatedPair(2, 11);
    private final Chassis chassis = pair.chassis;
    private final Context sc0 = pair.sc0;
    private final Context sc1 = pair.sc1;

    @AfterEach
    void close() {
        pair.close();
    }

    private static DigitalInput input(Context ctx, String id) {
        return ctx.create(DigitalInput.newConfigBuilder(ctx).id(id).address(1).pull(PullResistance.PULL_DOWN).debounce(0L).build());
    }

    /** The hb-out of {@code ctx}'s SC, which drives the other SC's hb-in. */
    private static DigitalOutput output(Context ctx, String id) {
        return ctx.create(DigitalOutput.newConfigBuilder(ctx).id(id).address(0)
                .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
    }

    /** One heartbeat edge into the input {@code out} drives, delivered on this thread by virtual time. */
    private void edge(DigitalOutput out) {
        out.toggle();
        chassis.time().runFor(10_000_000L);
    }

    @Test
    void aBlockedListenerDoesNotHoldBackAnotherInputsEdge() throws InterruptedException {
        CountDownLatch aBlocked = new CountDownLatch(1), release = new CountDownLatch(1), aDone = new CountDownLatch(1);
        CountDownLatch bHeard = new CountDownLatch(1);
        AtomicBoolean releasedByTheTest = new AtomicBoolean();
        DigitalInput a = input(sc0, "a"), b = input(sc1, "b");
        DigitalOutput toA = output(sc1, "to-a"), toB = output(sc0, "to-b");
        a.addListener(e -> {
            aBlocked.countDown();
            releasedByTheTest.set(Latches.await(release));
            aDone.countDown();
        });
        b.addListener(e -> bHeard.countDown());
        edge(toA);
        assertTrue(Latches.await(aBlocked), "input A's listener never ran");
        edge(toB);
        assertTrue(Latches.await(bHeard), "input B's edge waited behind input A's blocked listener");
        release.countDown();
        assertTrue(Latches.await(aDone));
        assertTrue(releasedByTheTest.get(), "input A's listener ran on the thread that delivers edges, and blocked it"
                + " until its own timeout");
    }

    @Test
    void anInputsEdgesReachItsListenerInOrderWithTheEdgesOwnTimes() throws InterruptedException {
        int edges = 20;
        BlockingQueue<DigitalStateChangeEvent<?>> seen = new LinkedBlockingQueue<>();
        CountDownLatch firstHeld = new CountDownLatch(1), allQueued = new CountDownLatch(1);
        AtomicBoolean releasedByTheTest = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        DigitalInput a = input(sc0, "a");
        DigitalOutput toA = output(sc1, "to-a");
        a.addListener(e -> {
            seen.add(e);
            if (calls.getAndIncrement() == 0) {
                firstHeld.countDown();
                releasedByTheTest.set(Latches.await(allQueued));
            }
        });
        // the first edge's listener holds the input while virtual time moves 10 ms per later edge;
        // edge i happens inside [from[i], to[i]] of virtual time
        long[] from = new long[edges], to = new long[edges];
        for (int i = 0; i < edges; i++) {
            from[i] = chassis.time().now();
            edge(toA);
            to[i] = chassis.time().now();
        }
        assertTrue(Latches.await(firstHeld));
        allQueued.countDown();
        List<EdgeStateChangeEvent> events = new ArrayList<>();
        for (int i = 0; i < edges; i++) {
            DigitalStateChangeEvent<?> e = seen.poll(Latches.GENEROUS_SECONDS, SECONDS);
            assertNotNull(e, "edge " + i + " of " + edges + " never reached the listener; got " + events);
            events.add(assertInstanceOf(EdgeStateChangeEvent.class, e));
        }
        assertTrue(releasedByTheTest.get(), "the first listener blocked the thread that delivers edges");
        for (int i = 0; i < edges; i++) {
            EdgeStateChangeEvent e = events.get(i);
            assertEquals(i % 2 == 0 ? DigitalState.HIGH : DigitalState.LOW, e.state(), "edge " + i + " out of order: " + events);
            assertEquals(events.get(0).lineSequence() + i, e.lineSequence(), "edge " + i + " out of order: " + events);
            // the edge's own time, not when the held listener let it through (virtual time stopped at to[edges - 1])
            long t = e.timestampNanos();
            assertTrue(t >= from[i] && t <= to[i], "edge " + i + " at " + t + " ns, not in [" + from[i] + ", " + to[i] + "]: " + e);
            assertEquals(a, e.source());
        }
    }

    @Test
    void shutdownReturnsWhileTheInputsListenerIsBlocked() throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1), returned = new CountDownLatch(1);
        CountDownLatch shutDown = new CountDownLatch(1);
        AtomicBoolean releasedByTheTest = new AtomicBoolean();
        DigitalInput a = input(sc0, "a");
        DigitalOutput toA = output(sc1, "to-a");
        a.addListener(e -> {
            inside.countDown();
            releasedByTheTest.set(Latches.awaitThroughInterrupts(release));
            returned.countDown();
        });
        try {
            edge(toA);
            assertTrue(Latches.await(inside), "the listener never ran");
            // shut down on another thread, so that a shutdown that waits for the listener fails here, not hangs
            Thread.ofPlatform().name("shutter").start(() -> {
                sc0.shutdown("a");
                shutDown.countDown();
            });
            assertTrue(Latches.await(shutDown), "shutdown waited for the blocked listener");
            assertEquals(1, returned.getCount(), "the listener had returned before the input was shut down");
            assertFalse(chassis.gpioChip(ScId.SC0).lineInfo(1).used(), "the line is released at once");
            assertFalse(sc0.registry().exists("a"));
        } finally {
            release.countDown();
        }
        assertTrue(Latches.await(returned));
        assertTrue(releasedByTheTest.get());
    }

    @Test
    void aListenerMayShutDownItsOwnInput() throws InterruptedException {
        CountDownLatch timeStopped = new CountDownLatch(1), shutInside = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean interruptedByItsOwnShutdown = new AtomicBoolean();
        DigitalInput a = input(sc0, "a");
        DigitalOutput toA = output(sc1, "to-a");
        a.addListener(e -> {
            // the simulator is one thread's: touch it once virtual time has stopped
            if (Latches.await(timeStopped)) {
                try {
                    sc0.shutdown("a");
                    interruptedByItsOwnShutdown.set(Thread.currentThread().isInterrupted());
                } catch (RuntimeException | Error t) {
                    failure.set(t);
                }
            }
            shutInside.countDown();
        });
        edge(toA);
        timeStopped.countDown();
        assertTrue(Latches.await(shutInside), "shutdown from inside the listener did not return");
        assertNull(failure.get(), () -> "shutdown from inside the listener threw " + failure.get());
        assertFalse(chassis.gpioChip(ScId.SC0).lineInfo(1).used(), "the line is released");
        assertFalse(interruptedByItsOwnShutdown.get(), "the listener's own shutdown interrupted it");
        edge(toA); // no listener, no request: nothing to deliver to, and nothing fails
    }

    @Test
    void aListenerThatThrowsStillHearsTheInputsLaterEdges() throws InterruptedException {
        BlockingQueue<DigitalStateChangeEvent<?>> seen = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        DigitalInput a = input(sc0, "a");
        DigitalOutput toA = output(sc1, "to-a");
        a.addListener(e -> {
            seen.add(e);
            if (calls.getAndIncrement() == 0) {
                // an Error, not an Exception: Pi4J's EventManager logs and skips a listener's Exception itself
                throw new AssertionError("a listener's bug (this test's: expect its warning in the log)");
            }
        });
        edge(toA);
        edge(toA);
        assertNotNull(seen.poll(Latches.GENEROUS_SECONDS, SECONDS));
        DigitalStateChangeEvent<?> second = seen.poll(Latches.GENEROUS_SECONDS, SECONDS);
        assertNotNull(second, "the input went quiet after its listener threw once");
        assertEquals(DigitalState.LOW, second.state());
    }

    /**
     * A context whose runtime pool no longer takes tasks (Pi4J's shutdown racing a create; after it, the
     * context has no provider to create with): no thread for the listeners, so no input, and the line
     * goes back.
     */
    @Test
    void anInputWithNoThreadForItsListenersGivesItsLineBack() {
        DigitalInputProvider provider = sc0.provider(IOType.DIGITAL_INPUT);
        DigitalInputConfig config = DigitalInput.newConfigBuilder(sc0).id("a").address(1).pull(PullResistance.PULL_DOWN).build();
        Context refusing = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("submitTask")) {
                        throw new RejectedExecutionException("Pi4J.RUNTIME is shut down");
                    }
                    return method.invoke(sc0, args);
                });
        PairlockDigitalInput in = new PairlockDigitalInput(provider, config, chassis.gpioChip(ScId.SC0));
        IOException e = assertThrows(IOException.class, () -> in.initialize(refusing));
        assertTrue(e.getMessage().startsWith("input a (gpiochip0 line 1): its Pi4J context is shut down"), e.getMessage());
        assertFalse(chassis.gpioChip(ScId.SC0).lineInfo(1).used(), "the line stayed requested, held by nobody");
    }
}
