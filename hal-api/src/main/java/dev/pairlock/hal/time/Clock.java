package dev.pairlock.hal.time;

/** Monotonic time in nanoseconds from an arbitrary origin: real, or the simulator's virtual time. */
@FunctionalInterface
public interface Clock {
    long nanos();
}
