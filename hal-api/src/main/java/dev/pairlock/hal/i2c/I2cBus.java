package dev.pairlock.hal.i2c;

import java.util.List;

/**
 * One I2C adapter. Transactions on one bus are serialized by the implementation; different buses
 * may be used from different threads at once.
 */
public interface I2cBus extends AutoCloseable {
    int number();

    /** A human name for messages, e.g. "i2c-3 (SMBus stub driver)". */
    String name();

    /** What the adapter can do, as the kernel's I2C_FUNCS reports it. */
    I2cFunctionality functionality();

    /** The timeout and retry policy currently applied to every transaction on this bus. */
    I2cSettings settings();

    /** Applies a new timeout and retry policy (on Linux: I2C_TIMEOUT and I2C_RETRIES). */
    void configure(I2cSettings settings);

    /** A handle to the device at {@code address}; cheap, performs no bus traffic. */
    I2cDevice device(I2cAddress address);

    default I2cDevice device(int address) {
        return device(I2cAddress.of(address));
    }

    /**
     * Performs several messages as one combined transaction with repeated starts (I2C_RDWR).
     * Read messages are filled in place.
     *
     * @throws I2cUnsupportedException if the adapter lacks {@link I2cFunctionality#I2C}
     */
    void transfer(List<I2cMessage> messages);

    @Override
    void close();
}
