package dev.pairlock.hal.i2c;

/** The adapter does not support this operation. */
public final class I2cUnsupportedException extends I2cException {
    public I2cUnsupportedException(int bus, int address, int register, int errno) {
        super(bus, address, register, errno, "the adapter does not support this operation", "check the adapter's functionality list (scctl i2c detect -F)");
    }

    /** With a more specific description of what was attempted. */
    public I2cUnsupportedException(int bus, int address, int register, int errno, String detail) {
        super(bus, address, register, errno, "the adapter does not support this operation: " + detail, "check the adapter's functionality list (scctl i2c detect -F)");
    }
}
