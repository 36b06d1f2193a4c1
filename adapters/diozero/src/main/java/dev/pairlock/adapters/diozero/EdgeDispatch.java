package dev.pairlock.adapters.diozero;

import com.diozero.api.DigitalInputEvent;
import com.diozero.api.sandpit.EventQueue;
import dev.pairlock.gpio.EdgeLoss;
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
 *
 * <p>Edges the kernel lost (its event buffer overflowed) are never made up: the next edge's event says
 * how many came before it ({@link EdgeInputEvent#getEdgesLostBefore()}), {@link EdgeLoss} counts them
 * (the factory's {@code getEdgesLost}) and warns, and every edge the kernel did deliver still reaches
 * the listener, in order.
 */
final class EdgeDispatch implements EdgeListener {
    private static final System.Logger LOG = System.getLogger(EdgeDispatch.class.getName());
    /**
     * Where the lost-edge warnings go: gpio-heartbeat's shared {@link EdgeLoss} logs under this adapter's
     * name, as the Pi4J adapter's log under {@code dev.pairlock.adapters.pi4j.EdgeLoss}.
     */
    static final System.Logger EDGE_LOSS_LOG = System.getLogger("dev.pairlock.adapters.diozero.EdgeLoss");
    /** The warnings in diozero's words: where a diozero user finds the count, and diozero's debounce. */
    static final EdgeLoss.Wording EDGE_LOSS_WORDING = new EdgeLoss.Wording(
            "the next event's getEdgesLostBefore() counts them (EdgeInputEvent), the factory's getEdgesLost(gpio) all of them",
            "a debounce (setDebounceTimeMillis, done by the kernel)", "it is closed");

    private final String key;
    private final int gpio;
    private final Clock monotonic;
    private final InstantSource wall;
    private final Consumer<DigitalInputEvent> device;
    private final EdgeLoss loss;
    /**
     * The running queue: none before diozero's first listener (a thread per line only for lines that
     * are listened to) and none after {@link #close}; an edge with no queue is dropped, as diozero's
     * {@code AbstractInputDevice.accept} drops an event with no listener.
     */
    private volatile EventQueue<DigitalInputEvent> queue;
    private volatile boolean closed;
    /** Edges the kernel lost since the last edge it delivered, for the next one's event; event thread only. */
    private long lostBefore;
    /** Whether this queue's thread carries the line's name yet; touched by that thread only. */
    private boolean named;

    /**
     * {@code device} is the diozero device's own {@code accept}, which hands the event to its listener;
     * {@code loss} counts and warns of the line's edges the kernel lost ({@link #edgeLoss}).
     */
    EdgeDispatch(String key, int gpio, EdgeLoss loss, Clock monotonic, InstantSource wall, Consumer<DigitalInputEvent> device) {
        this.key = key;
        this.gpio = gpio;
        this.loss = loss;
        this.monotonic = monotonic;
        this.wall = wall;
        this.device = device;
    }

    /** The lost edges of {@code line}, counted and warned of in diozero's words, named by GPIO, chip and line. */
    static EdgeLoss edgeLoss(PairlockDeviceFactory.Line line) {
        return new EdgeLoss(EDGE_LOSS_LOG, "GPIO " + line.gpio() + " (" + line.chip().name() + " line " + line.offset() + ")",
                EDGE_LOSS_WORDING);
    }

    /** On the chip's event thread: makes the event, the edges lost before it with it, and never waits for a listener. */
    @Override
    public void onEdge(EdgeEvent e) {
        long lost = lostBefore;
        lostBefore = 0;
        EventQueue<DigitalInputEvent> q = queue;
        if (q != null) {
            q.accept(GpioLines.event(gpio, e, lost, monotonic, wall));
        }
        // with no queue the edge is dropped, and the count of the edges lost before it goes with it: a
        // listener that comes later heard neither, and its first event tells only what it missed itself
    }

    /**
     * On the chip's event thread, just before {@code next} (pairlock's reader reports a line_seqno gap so,
     * as the hal's {@code EdgeListener} says): the count goes on {@code next}'s event and to {@link EdgeLoss}.
     */
    @Override
    public void onMissed(int line, long count, EdgeEvent next) {
        if (!closed) {
            lostBefore += count;
            loss.lost(count, next);
        }
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
     * device's listener before closing it, so there is nobody left to hand them to. Then the lost
     * edges the warnings' rate limit held back are logged ({@link EdgeLoss#close}); the count stays.
     */
    void close() {
        EventQueue<DigitalInputEvent> q;
        synchronized (this) {
            closed = true;
            q = queue;
            queue = null;
        }
        try {
            if (q != null) {
                q.close();
            }
        } finally {
            loss.close(); // after the line (GpioLines.release): no loss is reported after its last warning
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
