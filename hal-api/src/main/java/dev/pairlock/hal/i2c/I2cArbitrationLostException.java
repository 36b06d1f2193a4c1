package dev.pairlock.hal.i2c;

/** Arbitration lost after the configured retries. */
public final class I2cArbitrationLostException extends I2cException {
    public I2cArbitrationLostException(int bus, int address, int register, int errno) {
        super(bus, address, register, errno, "arbitration lost after the configured retries", "another controller is driving the bus; raise retries or find the other master");
    }

    /** With a more specific description of what was attempted. */
    public I2cArbitrationLostException(int bus, int address, int register, int errno, String detail) {
        super(bus, address, register, errno, "arbitration lost after the configured retries: " + detail, "another controller is driving the bus; raise retries or find the other master");
    }
}
