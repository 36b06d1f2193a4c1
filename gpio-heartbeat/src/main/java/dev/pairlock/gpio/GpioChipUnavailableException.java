package dev.pairlock.gpio;

import dev.pairlock.hal.gpio.GpioException;

/** A chip cannot be opened: missing, no permission, or no chip with the wanted label. */
public final class GpioChipUnavailableException extends GpioException {
    public GpioChipUnavailableException(String chip, int errno, String what) {
        super(chip, -1, errno, what);
    }
}
