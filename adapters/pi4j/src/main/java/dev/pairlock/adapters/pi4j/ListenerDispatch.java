package dev.pairlock.adapters.pi4j;

import com.pi4j.context.Context;
import dev.pairlock.gpio.EdgeLoss;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.hal.gpio.EdgeListener;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Carries one input's edges from pairlock's per-chip event thread to the input's Pi4J listeners, which
 * run on a task of the input's own Pi4J {@link Context} ({@link Context#submitTask}): as Pi4J's linuxfs
 * and gpiod inputs run their monitoring loop, one task per input on the context's runtime pool, and
 * dispatch from it.
 *
 * <p>One task per input: a listener that blocks holds back only its own input's later edges (in order,
 * behind it), never another input's, nor the heartbeat lines pairlock itself watches on the same chip,
 * whose event thread only makes the Pi4J event (with the edge's own kernel time) and queues it. The
 * queue is unbounded, as a task's backlog in Pi4J's own pool is: a listener that never returns keeps its
 * input's later edges in memory until the input is shut down.
 *
 * <p>Edges the kernel lost (its event buffer overflowed) are never made up: the next edge's event says
 * how many came before it ({@link EdgeStateChangeEvent#edgesLostBefore()}), {@link EdgeLoss} counts and
 * warns, and every edge the kernel did deliver still reaches the listeners, in order.
 */
final class ListenerDispatch implements EdgeListener {
    private static final System.Logger LOG = System.getLogger(ListenerDispatch.class.getName());

    private final String name;
    private final EventOf event;
    private final EdgeLoss loss;
    private final Consumer<EdgeStateChangeEvent> listeners;
    private final LinkedBlockingQueue<EdgeStateChangeEvent> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    /** The dispatch task; null until {@link #start}. */
    private volatile Future<?> task;
    /** The thread running the task while it runs: a close from it must not interrupt its own listener. */
    private volatile Thread worker;
    /** Edges the kernel lost since the last edge it delivered, for the next one's event; event thread only. */
    private long lostBefore;

    /** Makes the Pi4J event of an edge, with the number of edges the kernel lost just before it. */
    @FunctionalInterface
    interface EventOf {
        EdgeStateChangeEvent event(EdgeEvent edge, long edgesLostBefore);
    }

    /**
     * {@code name} names the input in logs and its dispatch thread; {@code event} makes the Pi4J event of
     * an edge (on the event thread); {@code loss} counts and warns of the edges the kernel lost;
     * {@code listeners} is the input's Pi4J {@code dispatch}, which hands it to its listeners and bindings.
     */
    ListenerDispatch(String name, EventOf event, EdgeLoss loss, Consumer<EdgeStateChangeEvent> listeners) {
        this.name = name;
        this.event = event;
        this.loss = loss;
        this.listeners = listeners;
    }

    /** Starts the dispatch task on {@code context}'s runtime pool; a context that is shut down has none to give. */
    void start(Context context) {
        try {
            task = context.submitTask(this::run);
        } catch (RejectedExecutionException e) {
            throw new com.pi4j.io.exception.IOException(name + ": its Pi4J context is shut down, so there is no thread"
                    + " for its listeners: create the input on a running context", e);
        }
    }

    /** On the chip's event thread: makes the event, the edge's own time with it, and never waits for a listener. */
    @Override
    public void onEdge(EdgeEvent e) {
        if (!closed) {
            long lost = lostBefore;
            lostBefore = 0;
            queue.add(event.event(e, lost));
        }
    }

    /**
     * On the chip's event thread, just before {@code next} (pairlock's reader reports a line_seqno gap so,
     * as the hal's {@code EdgeListener} says): the count goes on {@code next}'s event, which is delivered
     * as every other, and to {@link EdgeLoss}.
     */
    @Override
    public void onMissed(int offset, long count, EdgeEvent next) {
        if (!closed) {
            lostBefore += count;
            loss.lost(count, next);
        }
    }

    /**
     * Stops dispatch and returns at once, also from inside a listener and while one is blocked: the task is
     * cancelled and its thread interrupted (as Pi4J's own inputs stop their loop at shutdown), waiting for
     * nothing; a listener closing its own input is not interrupted, its task just ends when it returns.
     * Edges still queued are dropped: Pi4J removed the input's listeners at shutdown, nobody is left to hear them.
     */
    void close() {
        closed = true;
        queue.clear();
        Future<?> t = task;
        if (t != null) {
            t.cancel(Thread.currentThread() != worker);
        }
    }

    /** On the task's thread, one event at a time: the input's order. */
    private void run() {
        Thread self = Thread.currentThread();
        String poolName = self.getName();
        // a thread dump names the input whose listener is slow
        self.setName("pi4j-pairlock " + name + " listeners");
        worker = self;
        try {
            while (!closed) {
                EdgeStateChangeEvent e;
                try {
                    e = queue.take();
                } catch (InterruptedException stopped) {
                    return; // close
                }
                deliver(e);
            }
        } finally {
            worker = null;
            self.setName(poolName); // the pool's thread outlives this task
        }
    }

    private void deliver(EdgeStateChangeEvent e) {
        if (closed) {
            return; // queued before close, taken after it
        }
        try {
            listeners.accept(e);
        } catch (RuntimeException | Error t) {
            // Pi4J logs and skips a listener's Exception itself; an Error (an assert, a missing class)
            // reaches here, and ending the loop would leave every later edge queued for nobody
            LOG.log(System.Logger.Level.WARNING, "Pi4J listener of " + name + " threw on " + e
                    + "; the input's later edges are still delivered: fix or guard the listener", t);
        }
    }
}
