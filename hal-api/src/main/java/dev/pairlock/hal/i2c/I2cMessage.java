package dev.pairlock.hal.i2c;

import dev.pairlock.hal.HalArgumentException;
import java.util.Objects;

/**
 * One message of a combined transfer: a read or a write of {@code buffer.length} bytes at an
 * address. A read message's buffer is filled by the transfer.
 */
public record I2cMessage(I2cAddress address, boolean read, byte[] buffer) {
    /** The kernel's limit on one message's length (u16); i2c-dev also caps a transfer at 42 messages. */
    public static final int MAX_LENGTH = 8192;
    public static final int MAX_MESSAGES = 42;

    public I2cMessage {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(buffer, "buffer");
        if (buffer.length == 0 && read) {
            throw new HalArgumentException("I2C read message to " + address + " has length 0: read at least 1 byte");
        }
        if (buffer.length > MAX_LENGTH) {
            throw new HalArgumentException("I2C message to " + address + " is " + buffer.length
                    + " bytes: at most " + MAX_LENGTH);
        }
    }

    public static I2cMessage write(I2cAddress address, byte... data) {
        return new I2cMessage(address, false, data.clone());
    }

    public static I2cMessage read(I2cAddress address, int length) {
        HalArgumentException.checkRange("I2C read length", length, 1, MAX_LENGTH);
        return new I2cMessage(address, true, new byte[length]);
    }

    public int length() {
        return buffer.length;
    }
}
