package dev.pairlock.gpio;

import dev.pairlock.hal.gpio.GpioException;

/** The path opened but does not answer GPIO ioctls (ENOTTY): it is some other kind of file. */
public final class NotAGpioChipException extends GpioException {
    public NotAGpioChipException(String path, int errno) {
        super(path, -1, errno, "not a GPIO character device (the GPIO ioctl failed with ENOTTY):"
                + " pass a /dev/gpiochipN path, or open the chip by its label");
    }
}
