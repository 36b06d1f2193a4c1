package dev.pairlock.hal.gpio;

/**
 * One edge seen by the kernel (struct gpio_v2_line_event, 48 bytes): type, timestamp in
 * nanoseconds of the kernel's monotonic clock (or the simulator's virtual clock), line offset,
 * and sequence numbers across the request and on this line.
 */
public record EdgeEvent(Type type, long timestampNanos, int offset, long globalSeqno, long lineSeqno) {
    public enum Type { RISING, FALLING }
}
