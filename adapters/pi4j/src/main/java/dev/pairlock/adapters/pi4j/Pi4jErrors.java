package dev.pairlock.adapters.pi4j;

import com.pi4j.io.exception.IOException;
import dev.pairlock.hal.HalException;
import java.util.function.Supplier;

/**
 * pairlock's typed failures as Pi4J's {@link IOException}, the exception a Pi4J application
 * catches around I/O. The message is pairlock's (bus, address, register or line, and what to do);
 * the cause is the typed pairlock exception ({@code I2cTimeoutException}, {@code GpioLineBusyException}, ...).
 */
final class Pi4jErrors {
    private Pi4jErrors() {
    }

    static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (HalException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static void run(Runnable action) {
        try {
            action.run();
        } catch (HalException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
