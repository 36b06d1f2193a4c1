package dev.pairlock.gpio;

import dev.pairlock.hal.gpio.GpioException;

/** No line of the chip carries the wanted name. */
public final class GpioLineNotFoundException extends GpioException {
    public GpioLineNotFoundException(String chip, String name, int lineCount) {
        super(chip, -1, 0, "no line named '" + name + "' among its " + lineCount
                + " lines (check the names with gpioinfo, or the device tree / gpio-sim line-name)");
    }
}
