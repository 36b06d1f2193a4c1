package dev.pairlock.hal.i2c;

import java.util.List;

/** The I2C adapters a controller can reach, by bus number. */
public interface I2cBuses extends AutoCloseable {
    /** Bus numbers present, ascending. */
    List<Integer> numbers();

    /**
     * The bus with this number, opened on first use and cached.
     *
     * @throws dev.pairlock.hal.DeviceUnavailableException if no such adapter exists or it cannot be opened
     */
    I2cBus bus(int number);

    @Override
    void close();
}
