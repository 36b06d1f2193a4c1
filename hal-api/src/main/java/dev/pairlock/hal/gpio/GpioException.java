package dev.pairlock.hal.gpio;

import dev.pairlock.hal.HalException;

/** A GPIO operation failed; names the chip and the line (-1 for a chip-wide operation). */
public class GpioException extends HalException {
    private final String chip;
    private final int line;
    private final int errno;

    public GpioException(String chip, int line, int errno, String what) {
        super("GPIO " + chip + (line >= 0 ? " line " + line : "") + ": " + what);
        this.chip = chip;
        this.line = line;
        this.errno = errno;
    }

    public String chip() {
        return chip;
    }

    public int line() {
        return line;
    }

    public int errno() {
        return errno;
    }
}
