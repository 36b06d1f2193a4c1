package dev.pairlock.hal.gpio;

import java.util.OptionalInt;

/**
 * A GPIO chip (libgpiod's {@code gpiod_chip}): describes its lines and grants line requests.
 */
public interface GpioChip extends AutoCloseable {
    /** Kernel name, e.g. "gpiochip0". */
    String name();

    /** The driver's label, e.g. "gpio-sim.0-node0". */
    String label();

    /** Device path, e.g. "/dev/gpiochip0" ("sim:..." for the simulated chassis). */
    String path();

    int lineCount();

    LineInfo lineInfo(int offset);

    /** The offset of the line with this name, if any. */
    OptionalInt lineOffset(String name);

    /**
     * Requests lines with their settings (GPIO_V2_GET_LINE_IOCTL on Linux).
     *
     * @throws GpioException if a line is in use or the settings are rejected
     */
    LineRequest request(RequestConfig request, LineConfig config);

    @Override
    void close();
}
