package dev.pairlock.gpio;

import dev.pairlock.hal.gpio.GpioException;

/** The line is already requested (EBUSY), by this or another process. */
public final class GpioLineBusyException extends GpioException {
    private final String consumer;

    public GpioLineBusyException(String chip, int line, int errno, String consumer) {
        super(chip, line, errno, "busy: held by consumer '" + consumer + "'"
                + " (release it there, or find the holder with gpioinfo)");
        this.consumer = consumer;
    }

    /** The holder's consumer label as the kernel reports it (may be empty). */
    public String consumer() {
        return consumer;
    }
}
