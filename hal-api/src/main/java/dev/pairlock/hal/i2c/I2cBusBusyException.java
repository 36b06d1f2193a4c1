package dev.pairlock.hal.i2c;

/** The bus or device is busy. */
public final class I2cBusBusyException extends I2cException {
    public I2cBusBusyException(int bus, int address, int register, int errno) {
        super(bus, address, register, errno, "the bus or device is busy", "another driver or process holds it; retry or unbind the kernel driver (i2cdetect shows UU)");
    }

    /** With a more specific description of what was attempted. */
    public I2cBusBusyException(int bus, int address, int register, int errno, String detail) {
        super(bus, address, register, errno, "the bus or device is busy: " + detail, "another driver or process holds it; retry or unbind the kernel driver (i2cdetect shows UU)");
    }
}
