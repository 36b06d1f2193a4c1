package dev.pairlock.hal.i2c;

/** No device acknowledged. */
public final class I2cNoAcknowledgeException extends I2cException {
    public I2cNoAcknowledgeException(int bus, int address, int register, int errno) {
        super(bus, address, register, errno, "no device acknowledged", "check the address and that the board is seated");
    }

    /** With a more specific description of what was attempted. */
    public I2cNoAcknowledgeException(int bus, int address, int register, int errno, String detail) {
        super(bus, address, register, errno, "no device acknowledged: " + detail, "check the address and that the board is seated");
    }
}
