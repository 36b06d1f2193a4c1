package dev.pairlock.adapters.diozero;

import dev.pairlock.config.ValueException;
import dev.pairlock.config.Values;
import dev.pairlock.hal.i2c.I2cSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the provider reads from diozero's properties (a {@code -D} system property, else the
 * environment variable of the same name), every value through pairlock's {@link Values}:
 * <pre>
 * pairlock.i2c.timeout = 500ms       per transaction on a hung bus (multiple of 10 ms)
 * pairlock.i2c.retries = 1           arbitration-loss retries inside the kernel
 * pairlock.gpio.chips  = /dev/gpiochip0,/dev/gpiochip2   which chips (default: every /dev/gpiochipN)
 * pairlock.mmap.device = /sys/bus/pci/devices/0000:00:05.0/resource2   a register-mapped GPIO block
 * pairlock.mmap.offset = 0x0         byte offset of the block in the device
 * pairlock.mmap.gpios  = 32          how many GPIOs it has (32 per bank)
 * </pre>
 */
record ProviderSettings(I2cSettings i2c, List<String> gpioChips, Optional<MmapGpioBlock.Layout> mmap) {
    static final String I2C_TIMEOUT = "pairlock.i2c.timeout";
    static final String I2C_RETRIES = "pairlock.i2c.retries";
    static final String GPIO_CHIPS = "pairlock.gpio.chips";
    static final String MMAP_DEVICE = "pairlock.mmap.device";
    static final String MMAP_OFFSET = "pairlock.mmap.offset";
    static final String MMAP_GPIOS = "pairlock.mmap.gpios";

    /** @throws IllegalArgumentException naming the property and its bad value */
    static ProviderSettings read(Function<String, String> property) {
        Duration timeout = value(property, I2C_TIMEOUT, t -> Values.duration(t, "ms", Duration.ofMillis(10), Duration.ofMinutes(1)),
                I2cSettings.DEFAULT_TIMEOUT);
        int retries = value(property, I2C_RETRIES, t -> Values.integer(t, 0, 100), I2cSettings.DEFAULT.retries());
        I2cSettings i2c;
        try {
            i2c = new I2cSettings(timeout, retries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(I2C_TIMEOUT + ": " + e.getMessage(), e);
        }
        List<String> chips = Optional.ofNullable(property.apply(GPIO_CHIPS)).filter(s -> !s.isBlank())
                .map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList())
                .orElse(List.of());
        Optional<MmapGpioBlock.Layout> mmap = Optional.ofNullable(property.apply(MMAP_DEVICE)).filter(s -> !s.isBlank())
                .map(device -> new MmapGpioBlock.Layout(device,
                        value(property, MMAP_OFFSET, t -> Values.integer(t, 0L, Long.MAX_VALUE), 0L),
                        value(property, MMAP_GPIOS, t -> Values.integer(t, 1, MmapGpioBlock.MAX_GPIOS), 32)));
        return new ProviderSettings(i2c, chips, mmap);
    }

    private static <T> T value(Function<String, String> property, String key, Function<String, T> parse, T otherwise) {
        String text = property.apply(key);
        if (text == null) {
            return otherwise;
        }
        try {
            return parse.apply(text);
        } catch (ValueException e) {
            throw new IllegalArgumentException("diozero property " + key + ": " + e.getMessage(), e);
        }
    }
}
