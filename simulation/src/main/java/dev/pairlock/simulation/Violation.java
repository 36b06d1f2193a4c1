package dev.pairlock.simulation;

/** A broken safety (S1..S5) or liveness property, at a virtual time, in words. */
public record Violation(long timeNanos, String property, String detail) {
    @Override
    public String toString() {
        return String.format("%s at %s: %s", property, Timeline.seconds(timeNanos), detail);
    }
}
