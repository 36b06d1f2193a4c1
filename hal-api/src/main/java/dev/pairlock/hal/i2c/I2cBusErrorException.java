package dev.pairlock.hal.i2c;

/** Any other failure reported by the adapter, carrying the OS error number and its text. */
public final class I2cBusErrorException extends I2cException {
    public I2cBusErrorException(int bus, int address, int register, int errno, String errorText) {
        super(bus, address, register, errno, "bus error (errno " + errno + ": " + errorText + ")",
                "check the adapter driver's kernel log (dmesg)");
    }
}
