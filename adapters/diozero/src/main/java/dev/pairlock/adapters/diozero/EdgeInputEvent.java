package dev.pairlock.adapters.diozero;

import com.diozero.api.DigitalInputEvent;

/**
 * The {@link DigitalInputEvent} this provider's inputs hand diozero's listeners: diozero's event (GPIO,
 * value, the edge's epoch and nano times) plus what the kernel said about the edge, its place in the
 * line's edges and the edges it lost before it. diozero passes its provider's event object to every
 * listener as it is, so a listener asks {@code if (e instanceof EdgeInputEvent edge)}.
 */
public final class EdgeInputEvent extends DigitalInputEvent {
    private final long lineSequence;
    private final long edgesLostBefore;

    EdgeInputEvent(int gpio, long epochTime, long nanoTime, boolean value, long lineSequence, long edgesLostBefore) {
        super(gpio, epochTime, nanoTime, value);
        this.lineSequence = lineSequence;
        this.edgesLostBefore = edgesLostBefore;
    }

    /** The kernel's count of edges on this line (line_seqno, from 1): a gap of more than one is edges lost. */
    public long getLineSequence() {
        return lineSequence;
    }

    /**
     * How many edges of the line the kernel lost between the device's previous event and this one: its
     * event buffer overflowed (the line changed faster than its edges were read) and dropped them, so no
     * listener heard them. Usually 0. When it is not, the line changed state {@code getEdgesLostBefore()}
     * more times than the listeners saw, and this event's value may equal the previous event's. The
     * device's total is {@link PairlockDeviceFactory#getEdgesLost(int)}.
     */
    public long getEdgesLostBefore() {
        return edgesLostBefore;
    }

    @Override
    public String toString() {
        return super.toString() + " (edge " + lineSequence + " of the line"
                + (edgesLostBefore == 0 ? ")" : ", " + edgesLostBefore + " lost before it)");
    }
}
