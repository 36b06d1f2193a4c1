package dev.pairlock.hal.gpio;

import dev.pairlock.hal.HalArgumentException;
import java.time.Duration;
import java.util.Objects;

/**
 * How one line is to be driven or watched (libgpiod's {@code gpiod_line_settings}). Immutable;
 * change it with the {@code with*} methods.
 */
public record LineSettings(
        Direction direction, Edge edge, Bias bias, Drive drive, boolean activeLow, Duration debounce, boolean outputActive) {

    public enum Direction { AS_IS, INPUT, OUTPUT }

    public enum Edge { NONE, RISING, FALLING, BOTH }

    public enum Bias { AS_IS, DISABLED, PULL_UP, PULL_DOWN }

    public enum Drive { PUSH_PULL, OPEN_DRAIN, OPEN_SOURCE }

    /** The kernel's debounce period is in microseconds, 32 bits. */
    public static final Duration MAX_DEBOUNCE = Duration.ofNanos(0xFFFF_FFFFL * 1000L);

    public static final LineSettings DEFAULT =
            new LineSettings(Direction.AS_IS, Edge.NONE, Bias.AS_IS, Drive.PUSH_PULL, false, Duration.ZERO, false);

    public LineSettings {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(edge, "edge");
        Objects.requireNonNull(bias, "bias");
        Objects.requireNonNull(drive, "drive");
        Objects.requireNonNull(debounce, "debounce");
        if (debounce.isNegative() || debounce.compareTo(MAX_DEBOUNCE) > 0) {
            throw new HalArgumentException("GPIO debounce " + debounce + " is out of range 0.." + MAX_DEBOUNCE);
        }
        if (edge != Edge.NONE && direction == Direction.OUTPUT) {
            throw new HalArgumentException("GPIO edge detection needs an input line, not an output");
        }
        if (drive != Drive.PUSH_PULL && direction != Direction.OUTPUT) {
            throw new HalArgumentException("GPIO drive " + drive + " applies only to output lines");
        }
    }

    public static LineSettings input() {
        return DEFAULT.withDirection(Direction.INPUT);
    }

    public static LineSettings output(boolean active) {
        return DEFAULT.withDirection(Direction.OUTPUT).withOutput(active);
    }

    public LineSettings withDirection(Direction d) {
        return new LineSettings(d, edge, bias, drive, activeLow, debounce, outputActive);
    }

    public LineSettings withEdge(Edge e) {
        return new LineSettings(direction, e, bias, drive, activeLow, debounce, outputActive);
    }

    public LineSettings withBias(Bias b) {
        return new LineSettings(direction, edge, b, drive, activeLow, debounce, outputActive);
    }

    public LineSettings withDrive(Drive d) {
        return new LineSettings(direction, edge, bias, d, activeLow, debounce, outputActive);
    }

    public LineSettings withActiveLow(boolean al) {
        return new LineSettings(direction, edge, bias, drive, al, debounce, outputActive);
    }

    public LineSettings withDebounce(Duration d) {
        return new LineSettings(direction, edge, bias, drive, activeLow, d, outputActive);
    }

    public LineSettings withOutput(boolean active) {
        return new LineSettings(direction, edge, bias, drive, activeLow, debounce, active);
    }
}
