package dev.pairlock.hal.i2c;

import dev.pairlock.hal.HalArgumentException;
import java.util.Objects;

/**
 * The argument checks of {@link I2cDevice}, shared by every backend so that the simulator rejects
 * exactly what the kernel backend rejects: code that passes against the simulated chassis must not
 * meet a new {@link HalArgumentException} on a real bus.
 *
 * <p>Each check names the bus and address, the parameter and its valid range. The message is built
 * only when the check fails, because these run on every register access and a valid call must not
 * allocate.
 */
public final class SmbusArguments {
    private SmbusArguments() {
    }

    /** A register (command) number, 0..255. */
    public static int register(int bus, I2cAddress address, int register) {
        if (register < 0 || register > 0xFF) {
            HalArgumentException.checkRange(prefix(bus, address) + "register", register, 0, 0xFF);
        }
        return register;
    }

    /** A byte to write, 0..255. */
    public static int byteValue(int bus, I2cAddress address, int value) {
        if (value < 0 || value > 0xFF) {
            HalArgumentException.checkRange(prefix(bus, address) + "byte value", value, 0, 0xFF);
        }
        return value;
    }

    /** A word to write, 0..65535. */
    public static int wordValue(int bus, I2cAddress address, int value) {
        if (value < 0 || value > 0xFFFF) {
            HalArgumentException.checkRange(prefix(bus, address) + "word value", value, 0, 0xFFFF);
        }
        return value;
    }

    /**
     * A block of {@code length} bytes (1..{@value I2cDevice#MAX_BLOCK}) read into or written from
     * {@code buffer}, which must hold at least that many; {@code operation} names the call in the message.
     */
    public static int blockLength(int bus, I2cAddress address, String operation, byte[] buffer, int length) {
        Objects.requireNonNull(buffer, "buffer");
        if (length < 1 || length > I2cDevice.MAX_BLOCK) {
            HalArgumentException.checkRange(prefix(bus, address) + operation + " length", length, 1, I2cDevice.MAX_BLOCK);
        }
        if (buffer.length < length) {
            throw new HalArgumentException(prefix(bus, address) + operation + " of " + length
                    + " bytes needs a buffer of at least " + length + ", not " + buffer.length);
        }
        return length;
    }

    /**
     * The destination of an SMBus block read: the device, not the caller, chooses the count, so the
     * buffer must have room for the largest block SMBus allows.
     */
    public static byte[] blockReadBuffer(int bus, I2cAddress address, byte[] dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.length < I2cDevice.MAX_BLOCK) {
            throw new HalArgumentException(prefix(bus, address) + "SMBus block read buffer has " + dst.length
                    + " bytes: the device chooses the count, so give it room for " + I2cDevice.MAX_BLOCK);
        }
        return dst;
    }

    private static String prefix(int bus, I2cAddress address) {
        return I2cException.describe(bus, address.value(), -1) + ": ";
    }
}
