package dev.pairlock.scctl.target;

/** One slot's outcome of a parallel operation: a value or an error, and the hardware time it took. */
public record SlotResult<T>(int slot, T value, RuntimeException error, long nanos) {
}
