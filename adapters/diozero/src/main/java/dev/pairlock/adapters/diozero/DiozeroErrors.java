package dev.pairlock.adapters.diozero;

import com.diozero.api.DeviceBusyException;
import com.diozero.api.I2CException;
import com.diozero.api.NoSuchDeviceException;
import com.diozero.api.RuntimeIOException;
import dev.pairlock.gpio.GpioChipUnavailableException;
import dev.pairlock.gpio.GpioLineBusyException;
import dev.pairlock.gpio.GpioLineNotFoundException;
import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalException;
import dev.pairlock.hal.i2c.I2cBusBusyException;
import dev.pairlock.hal.i2c.I2cException;
import dev.pairlock.hal.i2c.I2cUnsupportedException;
import java.util.function.Supplier;

/**
 * pairlock's typed failures as the exceptions a diozero application already catches. The message
 * is pairlock's (it names the bus, address, register or line and says what to do) and the typed
 * pairlock exception is the cause, so {@code e.getCause() instanceof I2cTimeoutException} tells a
 * hung bus from a missing chip. Operations the hardware cannot do are diozero's convention for
 * that: {@link UnsupportedOperationException}.
 */
final class DiozeroErrors {
    private DiozeroErrors() {
    }

    static RuntimeException translate(HalException e) {
        RuntimeException out = switch (e) {
            case I2cUnsupportedException u -> new UnsupportedOperationException(u.getMessage(), u);
            case I2cBusBusyException b -> new DeviceBusyException(b.getMessage());
            // diozero's own SMBus provider reports the negated errno as the error code
            case I2cException i -> new I2CException(i.getMessage(), -i.errno());
            case GpioLineBusyException b -> new DeviceBusyException(b.getMessage());
            case GpioLineNotFoundException n -> new NoSuchDeviceException(n.getMessage());
            case GpioChipUnavailableException n -> new NoSuchDeviceException(n.getMessage());
            case DeviceUnavailableException d -> new NoSuchDeviceException(d.getMessage());
            default -> new RuntimeIOException(e.getMessage(), e);
        };
        if (out.getCause() == null) {
            out.initCause(e);
        }
        return out;
    }

    /** Runs {@code action}, translating a pairlock failure. */
    static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (HalException e) {
            throw translate(e);
        }
    }

    static void run(Runnable action) {
        try {
            action.run();
        } catch (HalException e) {
            throw translate(e);
        }
    }
}
