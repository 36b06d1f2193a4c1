package dev.pairlock.hal.i2c;

/** The transaction timed out. */
public final class I2cTimeoutException extends I2cException {
    public I2cTimeoutException(int bus, int address, int register, int errno) {
        super(bus, address, register, errno, "the transaction timed out", "the bus may be hung: check for a device holding SDA low, or raise the bus timeout");
    }

    /** With a more specific description of what was attempted. */
    public I2cTimeoutException(int bus, int address, int register, int errno, String detail) {
        super(bus, address, register, errno, "the transaction timed out: " + detail, "the bus may be hung: check for a device holding SDA low, or raise the bus timeout");
    }
}
