package dev.pairlock.adapters.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;

/**
 * The {@link DigitalStateChangeEvent} a pairlock digital input hands its listeners: Pi4J's event (the
 * source and the new state, all a Pi4J listener needs) plus the kernel edge it comes from. Listeners run
 * off the thread that reads edges, possibly behind a slow listener of the same input, so the time the
 * listener runs is not the time of the edge; this is ({@code if (e instanceof EdgeStateChangeEvent edge)}).
 */
public final class EdgeStateChangeEvent extends DigitalStateChangeEvent<DigitalInput> {
    private final long timestampNanos;
    private final long lineSequence;
    private final long edgesLostBefore;

    EdgeStateChangeEvent(DigitalInput source, DigitalState state, long timestampNanos, long lineSequence, long edgesLostBefore) {
        super(source, state);
        this.timestampNanos = timestampNanos;
        this.lineSequence = lineSequence;
        this.edgesLostBefore = edgesLostBefore;
    }

    /**
     * When the kernel saw the edge, in nanoseconds of its CLOCK_MONOTONIC ({@code System.nanoTime()} is
     * not on that clock; compare these with each other), or of mock-hw's virtual clock in the simulator.
     */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** The kernel's count of edges on this line (line_seqno, from 1): a gap of more than one is edges lost. */
    public long lineSequence() {
        return lineSequence;
    }

    /**
     * How many edges of the line the kernel lost between the input's previous event and this one: its
     * event buffer overflowed (the line changed faster than its edges were read) and dropped them, so no
     * listener heard them. Usually 0. When it is not, the line changed state {@code edgesLostBefore()}
     * more times than the listeners saw, and this event's state may equal the previous event's. The
     * input's total is {@link KernelEdgeInput#edgesLost()}.
     */
    public long edgesLostBefore() {
        return edgesLostBefore;
    }

    @Override
    public String toString() {
        return super.toString() + " at " + timestampNanos + " ns (edge " + lineSequence + " of the line"
                + (edgesLostBefore == 0 ? ")" : ", " + edgesLostBefore + " lost before it)");
    }
}
