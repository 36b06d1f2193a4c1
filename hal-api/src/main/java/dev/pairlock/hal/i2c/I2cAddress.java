package dev.pairlock.hal.i2c;

import dev.pairlock.hal.HalArgumentException;

/**
 * A 7-bit I2C target address. 0x03..0x77 normally; the reserved ranges 0x00..0x02 and 0x78..0x7F
 * only when {@code forced}, as i2c-tools' {@code -f}/{@code -a} do.
 */
public record I2cAddress(int value, boolean forced) {
    public static final int FIRST_NORMAL = 0x03;
    public static final int LAST_NORMAL = 0x77;

    public I2cAddress {
        if (value < 0 || value > 0x7F) {
            throw new HalArgumentException(String.format(
                    "I2C address 0x%X is not a 7-bit address: valid is 0x03..0x77 (0x00..0x7F when forced)", value));
        }
        if (!forced && (value < FIRST_NORMAL || value > LAST_NORMAL)) {
            throw new HalArgumentException(String.format(
                    "I2C address 0x%02X is reserved: valid is 0x03..0x77; force it to use 0x00..0x7F", value));
        }
    }

    public static I2cAddress of(int value) {
        return new I2cAddress(value, false);
    }

    public static I2cAddress forced(int value) {
        return new I2cAddress(value, true);
    }

    @Override
    public String toString() {
        return String.format("0x%02x", value);
    }
}
