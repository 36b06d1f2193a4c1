package dev.pairlock.adapters.pi4j;

import dev.pairlock.hal.gpio.EdgeEvent;

/**
 * The edges one input's line lost in the kernel, counted and warned of. The kernel keeps a line
 * request's edge events in a FIFO until pairlock's event thread reads them; when it is full it drops
 * the oldest, and the next edge read carries a line_seqno that many past the last one, which pairlock's
 * reader reports ({@code EdgeListener.onMissed}) just before that edge, as it does for its own heartbeat
 * input.
 *
 * <p>Each loss is counted ({@link #total()}) and logged as a WARNING naming the input, its chip and line,
 * at most once per {@link #LOG_INTERVAL_NANOS} of the edges' own (kernel) time: a line whose signal
 * outruns the reader overflows on nearly every read, and a line per read would flood the log. What the
 * limit holds back is in the next warning, and in a last one at shutdown ({@link #close}), so the log
 * adds up to the count. Called on the chip's event thread, and by the input's shutdown.
 */
final class EdgeLoss {
    /** At most one warning per this much of the edges' time (the project's interval for per-event lines). */
    static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private static final System.Logger LOG = System.getLogger(EdgeLoss.class.getName());

    /** The input, its chip and line, as its log lines and its listeners' thread name it. */
    private final String name;
    /** Written under this object's lock, read from any thread. */
    private volatile long total;
    /** Lost since the last warning. */
    private long unlogged;
    /** The kernel time of the edge the last warning was about; meaningless until {@link #warned}. */
    private long warnedAt;
    private boolean warned;

    EdgeLoss(String name) {
        this.name = name;
    }

    /** Edges lost since the input was created. */
    long total() {
        return total;
    }

    /** {@code count} edges were lost before {@code next}. */
    synchronized void lost(long count, EdgeEvent next) {
        total += count;
        unlogged += count;
        long now = next.timestampNanos();
        if (warned && now - warnedAt < LOG_INTERVAL_NANOS) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, name + ": " + unlogged + " edge(s) lost in the kernel's event buffer (it overflowed)"
                + (unlogged > count ? " since the last warning, the last ones" : "") + " before edge " + next.lineSeqno()
                + " of the line, " + total + " since the input was created: no listener hears them, and the next event's"
                + " edgesLostBefore() counts them. The line changes faster than its edges are read: a debounce (Pi4J's,"
                + " done by the kernel) filters a bouncing contact. At most one such warning per "
                + LOG_INTERVAL_NANOS / 1_000_000_000L + " s");
        warned = true;
        warnedAt = now;
        unlogged = 0;
    }

    /** The input is shut down: what the rate limit held back is logged now, or it never would be. */
    synchronized void close() {
        if (unlogged > 0) {
            LOG.log(System.Logger.Level.WARNING, name + ": " + unlogged + " more edge(s) lost in the kernel's event buffer"
                    + " since the last warning, " + total + " since the input was created (it is shut down)");
            unlogged = 0;
        }
    }
}
