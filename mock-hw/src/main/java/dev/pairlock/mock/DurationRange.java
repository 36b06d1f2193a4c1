package dev.pairlock.mock;

import dev.pairlock.hal.HalArgumentException;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/** A closed range of durations that the simulator draws from uniformly with the chassis' seeded random source. */
public record DurationRange(Duration min, Duration max) {
    public DurationRange {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new HalArgumentException("duration range " + min + ".." + max + " is invalid: need 0 <= min <= max");
        }
    }

    public static DurationRange ofMillis(long min, long max) {
        return new DurationRange(Duration.ofMillis(min), Duration.ofMillis(max));
    }

    public static DurationRange ofMicros(long min, long max) {
        return new DurationRange(Duration.ofNanos(min * 1000), Duration.ofNanos(max * 1000));
    }

    public long minNanos() {
        return min.toNanos();
    }

    public long maxNanos() {
        return max.toNanos();
    }

    /** A uniform draw in [min, max] nanoseconds. */
    public long draw(SplittableRandom random) {
        long lo = min.toNanos();
        long hi = max.toNanos();
        return lo == hi ? lo : random.nextLong(lo, hi + 1);
    }
}
