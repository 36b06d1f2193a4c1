package dev.pairlock.gpio.uapi;

import static dev.pairlock.gpio.uapi.GpioUapi.*;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.gpio.LineSettings;
import dev.pairlock.hal.gpio.LineSettings.Bias;
import dev.pairlock.hal.gpio.LineSettings.Direction;
import dev.pairlock.hal.gpio.LineSettings.Drive;
import dev.pairlock.hal.gpio.LineSettings.Edge;
import java.time.Duration;

/**
 * {@link LineSettings} to and from the uAPI's {@code gpio_v2_line_flag} bits. Combinations the
 * kernel would reject with a bare EINVAL (gpiolib-cdev's {@code gpio_v2_line_flags_validate}) are
 * refused here with a message that says which setting is missing.
 */
public final class LineFlags {
    private LineFlags() {
    }

    public static long encode(LineSettings s) {
        long f = 0;
        switch (s.direction()) {
            case INPUT -> f |= FLAG_INPUT;
            case OUTPUT -> f |= FLAG_OUTPUT;
            case AS_IS -> {
                if (s.edge() != Edge.NONE) {
                    throw new HalArgumentException("GPIO edge detection " + s.edge()
                            + " needs direction INPUT set explicitly (the kernel rejects edges on an AS_IS line)");
                }
                if (s.bias() != Bias.AS_IS) {
                    throw new HalArgumentException("GPIO bias " + s.bias()
                            + " needs direction INPUT or OUTPUT set explicitly (the kernel rejects bias on an AS_IS line)");
                }
            }
        }
        if (!s.debounce().isZero() && s.direction() != Direction.INPUT) {
            throw new HalArgumentException("GPIO debounce " + s.debounce() + " applies only to INPUT lines, not " + s.direction());
        }
        if (s.activeLow()) {
            f |= FLAG_ACTIVE_LOW;
        }
        f |= switch (s.edge()) {
            case NONE -> 0;
            case RISING -> FLAG_EDGE_RISING;
            case FALLING -> FLAG_EDGE_FALLING;
            case BOTH -> FLAG_EDGE_RISING | FLAG_EDGE_FALLING;
        };
        f |= switch (s.drive()) {
            case PUSH_PULL -> 0;
            case OPEN_DRAIN -> FLAG_OPEN_DRAIN;
            case OPEN_SOURCE -> FLAG_OPEN_SOURCE;
        };
        f |= switch (s.bias()) {
            case AS_IS -> 0;
            case DISABLED -> FLAG_BIAS_DISABLED;
            case PULL_UP -> FLAG_BIAS_PULL_UP;
            case PULL_DOWN -> FLAG_BIAS_PULL_DOWN;
        };
        return f;
    }

    /**
     * The debounce period in the kernel's unit. Rounded up, so the line is never debounced for
     * less than asked.
     */
    public static long debounceMicros(LineSettings s) {
        long nanos = s.debounce().toNanos();
        return (nanos + 999) / 1000;
    }

    /**
     * The settings the flags describe. {@code outputActive} is not part of the flags (it travels as
     * an OUTPUT_VALUES attribute) and only means something for an output.
     */
    public static LineSettings decode(long flags, long debounceMicros, boolean outputActive) {
        Direction dir = (flags & FLAG_OUTPUT) != 0 ? Direction.OUTPUT
                : (flags & FLAG_INPUT) != 0 ? Direction.INPUT : Direction.AS_IS;
        boolean rising = (flags & FLAG_EDGE_RISING) != 0;
        boolean falling = (flags & FLAG_EDGE_FALLING) != 0;
        Edge edge = rising && falling ? Edge.BOTH : rising ? Edge.RISING : falling ? Edge.FALLING : Edge.NONE;
        Bias bias = (flags & FLAG_BIAS_PULL_UP) != 0 ? Bias.PULL_UP
                : (flags & FLAG_BIAS_PULL_DOWN) != 0 ? Bias.PULL_DOWN
                : (flags & FLAG_BIAS_DISABLED) != 0 ? Bias.DISABLED : Bias.AS_IS;
        Drive drive = (flags & FLAG_OPEN_DRAIN) != 0 ? Drive.OPEN_DRAIN
                : (flags & FLAG_OPEN_SOURCE) != 0 ? Drive.OPEN_SOURCE : Drive.PUSH_PULL;
        return new LineSettings(dir, edge, bias, drive, (flags & FLAG_ACTIVE_LOW) != 0,
                Duration.ofNanos(debounceMicros * 1000), dir == Direction.OUTPUT && outputActive);
    }
}
