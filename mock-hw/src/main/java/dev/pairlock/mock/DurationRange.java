package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A closed range of durations that the simulator draws from uniformly with the chassis' seeded
 * random source. Held in nanoseconds: the simulator reads it for every frame and the safety checker
 * after every event, and {@link Duration#toNanos()} on each read was a measurable share of a run.
 *
 * @param minNanos the shortest, at least 0
 * @param maxNanos the longest, at least {@code minNanos}
 */
public record DurationRange(long minNanos, long maxNanos) {
    public DurationRange {
        if (minNanos < 0 || maxNanos < minNanos) {
            throw new HalArgumentException("duration range " + Duration.ofNanos(minNanos) + ".." + Duration.ofNanos(maxNanos)
                    + " is invalid: need 0 <= min <= max");
        }
    }

    public DurationRange(Duration min, Duration max) {
        this(nanos(min, "min"), nanos(max, "max"));
    }

    private static long nanos(Duration d, String which) {
        Objects.requireNonNull(d, which);
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            throw new HalArgumentException("duration range " + which + " " + d + " is too long: at most "
                    + Duration.ofNanos(Long.MAX_VALUE) + " (about 292 years)");
        }
    }

    public static DurationRange ofMillis(long min, long max) {
        return new DurationRange(Duration.ofMillis(min), Duration.ofMillis(max));
    }

    public static DurationRange ofMicros(long min, long max) {
        return new DurationRange(Duration.ofNanos(Math.multiplyExact(min, 1000L)), Duration.ofNanos(Math.multiplyExact(max, 1000L)));
    }

    public Duration min() {
        return Duration.ofNanos(minNanos);
    }

    public Duration max() {
        return Duration.ofNanos(maxNanos);
    }

    /** A uniform draw in [min, max] nanoseconds. */
    public long draw(SplittableRandom random) {
        return minNanos == maxNanos ? minNanos : random.nextLong(minNanos, maxNanos + 1);
    }

    @Override
    public String toString() {
        return "DurationRange[min=" + min() + ", max=" + max() + "]";
    }
}
