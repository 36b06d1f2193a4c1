package dev.pairlock.platform;

import dev.pairlock.config.ConfigEntry;

/**
 * A GPIO line the platform file names as {@code CHIP:LINE}: the chip by name ("gpiochip1"), number,
 * label or path, the line by name or offset — resolved as libgpiod's tools do, when first used.
 *
 * @param origin the line of the platform file that named it ({@code heartbeat.out}, ...)
 */
public record GpioLineRef(String chip, String line, ConfigEntry origin) {
    /** The key that named this line, e.g. "heartbeat.in". */
    public String key() {
        return origin.key();
    }

    @Override
    public String toString() {
        return chip + ":" + line;
    }
}
