package dev.pairlock.adapters.diozero;

import com.diozero.api.DigitalInputEvent;
import com.diozero.api.sandpit.EventQueue;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import dev.pairlock.hal.time.Clock;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * Carries one line's edges from pairlock's per-chip event thread to the diozero device's listeners,
 * which run on a thread of diozero's own: an {@link EventQueue} ("decouple event producers from
 * consumers"), whose thread comes from diozero's non-daemon {@code DiozeroScheduler}, the pool on which
 * diozero's built-in provider runs its {@code GpioChip} event processing.
 *
 * <p>One queue per line, where diozero's built-in provider has one per chip: a listener that blocks
 * holds back only its own line's later edges (in order, behind it), never another line's, nor the
 * heartbeat lines pairlock itself watches on the same chip, whose event thread only ever enqueues.
 *
 * <p>The diozero event is made on the event thread, so its epoch and nano times are the edge's
 * (the kernel's CLOCK_MONOTONIC stamp, and the wall clock moved back by the edge's age then), not the
 * time a slow listener let it through. The queue is unbounded, as diozero's own provider's: a listener
 * that never returns keeps its line's later edges in memory until the device is closed.
 */
final class EdgeDispatch implements EdgeListener {
    private static final System.Logger LOG = System.getLogger(EdgeDispatch.class.getName());

    private final String key;
    private final int gpio;
    private final Clock monotonic;
    private final InstantSource wall;
    private final Consumer<DigitalInputEvent> device;
    /**
     * The running queue: none before diozero's first listener (a thread per line only for lines that
     * are listened to) and none after {@link #close}; an edge with no queue is dropped, as diozero's
     * {@code AbstractInputDevice.accept} drops an event with no listener.
     */
    private volatile EventQueue<DigitalInputEvent> queue;
    private volatile boolean closed;
    private volatile long missed;
    /** Whether this queue's thread carries the line's name yet; touched by that thread only. */
    private boolean named;

    /** {@code device} is the diozero device's own {@code accept}, which hands the event to its listener. */
    EdgeDispatch(String key, int gpio, Clock monotonic, InstantSource wall, Consumer<DigitalInputEvent> device) {
        this.key = key;
        this.gpio = gpio;
        this.monotonic = monotonic;
        this.wall = wall;
        this.device = device;
    }

    /** On the chip's event thread: never waits for a listener. */
    @Override
    public void onEdge(EdgeEvent e) {
        EventQueue<DigitalInputEvent> q = queue;
        if (q != null) {
            q.accept(GpioLines.event(gpio, e, monotonic, wall));
        }
    }

    /** On the chip's event thread, its only writer. */
    @Override
    public void onMissed(int line, long count, EdgeEvent next) {
        missed += count;
    }

    /** Edges the kernel's event buffer lost (gaps in its line sequence numbers). */
    long missed() {
        return missed;
    }

    /**
     * diozero's {@code enableListener}, called after it stored the listener: starts the queue the first
     * time. The volatile write of {@link #queue} every time publishes that listener to the edges queued
     * after it (diozero's own field for it is a plain one).
     */
    synchronized void listening() {
        if (closed) {
            return;
        }
        EventQueue<DigitalInputEvent> q = queue;
        if (q == null) {
            q = new EventQueue<>();
            q.addListener(this::deliver);
        }
        queue = q;
    }

    /**
     * Stops dispatch and returns at once, also from inside a listener and while one is blocked:
     * diozero's {@code EventQueue.close}, which interrupts the dispatch thread (as diozero's provider
     * stops its own) and waits for nothing. Edges still queued are dropped: diozero removed the
     * device's listener before closing it, so there is nobody left to hand them to.
     */
    void close() {
        EventQueue<DigitalInputEvent> q;
        synchronized (this) {
            closed = true;
            q = queue;
            queue = null;
        }
        if (q != null) {
            q.close();
        }
    }

    /** On the queue's thread, one event at a time: the line's order. */
    private void deliver(DigitalInputEvent e) {
        if (!named) {
            // a thread dump names the line whose listener is slow
            Thread.currentThread().setName("diozero-pairlock-gpio" + gpio + "-listeners");
            named = true;
        }
        try {
            device.accept(e);
        } catch (RuntimeException | Error t) {
            // EventQueue's loop ends on a listener's exception, and every later edge of the line
            // would queue for nobody. After close, this is diozero's own listener list failing
            // (ConcurrentModificationException) because a listener closed its device: nothing to say
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "diozero listener of GPIO " + gpio + " ('" + key + "') threw on "
                        + e + "; the line's later edges are still delivered: fix or guard the listener", t);
            }
        }
    }
}
