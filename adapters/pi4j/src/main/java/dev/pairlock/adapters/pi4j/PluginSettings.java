package dev.pairlock.adapters.pi4j;

import dev.pairlock.config.ValueException;
import dev.pairlock.config.Values;
import dev.pairlock.hal.i2c.I2cSettings;
import java.time.Duration;
import java.util.function.Function;

/**
 * The plugin's Pi4J context properties (or {@code -D} system properties of the same name), parsed by
 * pairlock's {@link Values}:
 * <pre>
 * pairlock.gpio.chip   = gpiochip0    the chip whose line offsets are Pi4J's GPIO addresses
 *                                     (a name, a /dev path, or the driver's label)
 * pairlock.i2c.timeout = 500ms        per transaction on a hung bus (multiple of 10 ms)
 * pairlock.i2c.retries = 1            arbitration-loss retries inside the kernel
 * </pre>
 */
record PluginSettings(String gpioChip, I2cSettings i2c) {
    static final String GPIO_CHIP = "pairlock.gpio.chip";
    static final String I2C_TIMEOUT = "pairlock.i2c.timeout";
    static final String I2C_RETRIES = "pairlock.i2c.retries";

    /** @throws IllegalArgumentException naming the property and its bad value */
    static PluginSettings read(Function<String, String> property) {
        String chip = property.apply(GPIO_CHIP);
        try {
            Duration timeout = property.apply(I2C_TIMEOUT) == null ? I2cSettings.DEFAULT_TIMEOUT
                    : Values.duration(property.apply(I2C_TIMEOUT), "ms", Duration.ofMillis(10), Duration.ofMinutes(1));
            int retries = property.apply(I2C_RETRIES) == null ? I2cSettings.DEFAULT.retries()
                    : Values.integer(property.apply(I2C_RETRIES), 0, 100);
            return new PluginSettings(chip == null || chip.isBlank() ? "gpiochip0" : chip.strip(), new I2cSettings(timeout, retries));
        } catch (ValueException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Pi4J property " + I2C_TIMEOUT + "/" + I2C_RETRIES + ": " + e.getMessage(), e);
        }
    }
}
