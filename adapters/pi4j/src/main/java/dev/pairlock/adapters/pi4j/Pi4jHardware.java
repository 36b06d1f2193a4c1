package dev.pairlock.adapters.pi4j;

import dev.pairlock.gpio.LinuxGpioChip;
import dev.pairlock.hal.gpio.GpioChip;
import dev.pairlock.hal.i2c.I2cBuses;
import dev.pairlock.i2c.LinuxI2cBuses;

/** The I2C buses and the GPIO chip the providers share: opened on first use, or given by the caller. */
public abstract class Pi4jHardware implements AutoCloseable {
    abstract I2cBuses buses();

    abstract GpioChip chip();

    @Override
    public abstract void close();

    /** Hardware the caller owns (the simulated chassis, or devices it opened); the plugin closes none of it. */
    public static Pi4jHardware of(I2cBuses buses, GpioChip chip) {
        return new Pi4jHardware() {
            @Override
            I2cBuses buses() {
                return buses;
            }

            @Override
            GpioChip chip() {
                return chip;
            }

            @Override
            public void close() {
            }
        };
    }

    static Pi4jHardware linux(PluginSettings settings) {
        return new Pi4jHardware() {
            private LinuxI2cBuses buses;
            private GpioChip chip;

            @Override
            synchronized I2cBuses buses() {
                if (buses == null) {
                    buses = new LinuxI2cBuses(settings.i2c());
                }
                return buses;
            }

            @Override
            synchronized GpioChip chip() {
                if (chip == null) {
                    String c = settings.gpioChip();
                    chip = Pi4jErrors.call(() -> c.startsWith("/") ? LinuxGpioChip.open(c)
                            : c.matches("gpiochip\\d{1,9}") ? LinuxGpioChip.open("/dev/" + c)
                            : LinuxGpioChip.openByLabel(c));
                }
                return chip;
            }

            @Override
            public synchronized void close() {
                if (chip != null) {
                    chip.close();
                    chip = null;
                }
                if (buses != null) {
                    buses.close();
                    buses = null;
                }
            }
        };
    }
}
