package dev.pairlock.hal.i2c;

import dev.pairlock.hal.HalException;

/**
 * An I2C transaction failed. Names the bus, the address (or -1 for a whole-bus operation) and the
 * register (or -1 when the operation has none); {@link #errno()} is the OS error number, 0 when
 * the failure did not come from the OS.
 */
public abstract sealed class I2cException extends HalException
        permits I2cTimeoutException, I2cNoAcknowledgeException, I2cBusBusyException,
                I2cArbitrationLostException, I2cUnsupportedException, I2cBusErrorException {
    private final int bus;
    private final int address;
    private final int register;
    private final int errno;

    protected I2cException(int bus, int address, int register, int errno, String what, String remedy) {
        super(describe(bus, address, register) + ": " + what + (remedy.isEmpty() ? "" : " (" + remedy + ")"));
        this.bus = bus;
        this.address = address;
        this.register = register;
        this.errno = errno;
    }

    static String describe(int bus, int address, int register) {
        StringBuilder sb = new StringBuilder("I2C bus ").append(bus);
        if (address >= 0) {
            sb.append(String.format(", address 0x%02x", address));
        }
        if (register >= 0) {
            sb.append(String.format(", register 0x%02x", register));
        }
        return sb.toString();
    }

    public int bus() {
        return bus;
    }

    public int address() {
        return address;
    }

    public int register() {
        return register;
    }

    public int errno() {
        return errno;
    }
}
