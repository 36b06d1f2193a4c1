package dev.pairlock.adapters.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;

/**
 * A digital input of this plugin ({@code pairlock-digital-input}): its edges are the kernel's GPIO v2
 * edge events, which the kernel can lose. Each {@link EdgeStateChangeEvent} says how many were lost
 * just before it; this is the input's total. Pi4J hands out a {@link DigitalInput}:
 * {@code if (input instanceof KernelEdgeInput k) k.edgesLost()}.
 */
public interface KernelEdgeInput extends DigitalInput {
    /**
     * Edges of the line the kernel lost since the input was created (its event buffer overflowed: the
     * line changed faster than its edges were read), which no listener heard; the event after each loss
     * carries its part ({@link EdgeStateChangeEvent#edgesLostBefore()}). Any thread; it never decreases.
     */
    long edgesLost();
}
