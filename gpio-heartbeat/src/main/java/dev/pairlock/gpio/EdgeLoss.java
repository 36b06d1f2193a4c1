package dev.pairlock.gpio;

import dev.pairlock.hal.gpio.EdgeEvent;
import java.util.Objects;

/**
 * The edges one input's line lost in the kernel, counted and warned of, for the adapters that hand a
 * line's edges to a library's listeners (Pi4J's, diozero's). The kernel keeps a line request's edge
 * events in a FIFO until pairlock's event thread reads them; when it is full it drops the oldest, and
 * the next edge read carries a line_seqno that many past the last one, which pairlock's reader reports
 * ({@code EdgeListener.onMissed}, from {@code uapi.EdgeRecords}) just before that edge, as it does for
 * its own heartbeat input.
 *
 * <p>Each loss is counted ({@link #total()}) and logged as a WARNING naming the input, its chip and line,
 * at most once per {@link #LOG_INTERVAL_NANOS} of the edges' own (kernel) time: a line whose signal
 * outruns the reader overflows on nearly every read, and a line per read would flood the log. What the
 * limit holds back is in the next warning, and in a last one at shutdown ({@link #close}), so the log
 * adds up to the count. Called on the chip's event thread, and by the input's shutdown.
 *
 * <p>It lives here, beside the reader that finds the gaps, because both adapters depend on this module
 * and on nothing else they share that could hold it; each adapter gives the logger (its own name, which
 * its users configure) and the {@link Wording} of its library.
 */
public final class EdgeLoss {
    /** At most one warning per this much of the edges' time (the project's interval for per-event lines). */
    public static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    /**
     * What a warning says in the words of the library whose listeners missed the edges.
     *
     * @param counted where the user finds the count, e.g. "the next event's edgesLostBefore() counts them"
     * @param debounce the library's debounce, e.g. "a debounce (Pi4J's, done by the kernel)"
     * @param ended why the last warning is the last, e.g. "it is shut down"
     */
    public record Wording(String counted, String debounce, String ended) {
        public Wording {
            Objects.requireNonNull(counted, "counted");
            Objects.requireNonNull(debounce, "debounce");
            Objects.requireNonNull(ended, "ended");
        }
    }

    private final System.Logger log;
    /** The input, its chip and line, as its log lines name it. */
    private final String name;
    private final Wording wording;
    /** Written under this object's lock, read from any thread. */
    private volatile long total;
    /** Lost since the last warning. */
    private long unlogged;
    /** The kernel time of the edge the last warning was about; meaningless until {@link #warned}. */
    private long warnedAt;
    private boolean warned;

    /**
     * {@code log} is the adapter's logger; {@code name} names the input with its chip and line, e.g.
     * "input a (gpiochip0 line 1)".
     */
    public EdgeLoss(System.Logger log, String name, Wording wording) {
        this.log = Objects.requireNonNull(log, "log");
        this.name = Objects.requireNonNull(name, "name");
        this.wording = Objects.requireNonNull(wording, "wording");
    }

    /** Edges lost since the input was created. Any thread; it never decreases. */
    public long total() {
        return total;
    }

    /** {@code count} edges were lost before {@code next} (as {@code EdgeListener.onMissed} says). */
    public synchronized void lost(long count, EdgeEvent next) {
        total += count;
        unlogged += count;
        long now = next.timestampNanos();
        if (warned && now - warnedAt < LOG_INTERVAL_NANOS) {
            return;
        }
        log.log(System.Logger.Level.WARNING, name + ": " + unlogged + " edge(s) lost in the kernel's event buffer (it overflowed)"
                + (unlogged > count ? " since the last warning, the last ones" : "") + " before edge " + next.lineSeqno()
                + " of the line, " + total + " since the input was created: no listener hears them, and " + wording.counted()
                + ". The line changes faster than its edges are read: " + wording.debounce() + " filters a bouncing contact."
                + " At most one such warning per " + LOG_INTERVAL_NANOS / 1_000_000_000L + " s");
        warned = true;
        warnedAt = now;
        unlogged = 0;
    }

    /** The input is shut down: what the rate limit held back is logged now, or it never would be. */
    public synchronized void close() {
        if (unlogged > 0) {
            log.log(System.Logger.Level.WARNING, name + ": " + unlogged + " more edge(s) lost in the kernel's event buffer"
                    + " since the last warning, " + total + " since the input was created (" + wording.ended() + ")");
            unlogged = 0;
        }
    }
}
