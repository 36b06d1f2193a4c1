package dev.pairlock.hal.gpio;

import dev.pairlock.hal.HalArgumentException;

/**
 * Request-wide options (libgpiod's {@code gpiod_request_config}): the consumer name shown to other
 * users of the chip, and the kernel's edge-event buffer size (0 = the kernel's default of 16 per line).
 */
public record RequestConfig(String consumer, int eventBufferSize) {
    /** GPIO_MAX_NAME_SIZE, including the terminating NUL. */
    public static final int MAX_CONSUMER = 31;

    public RequestConfig {
        if (consumer == null || consumer.isEmpty()) {
            consumer = "pairlock";
        }
        if (consumer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_CONSUMER) {
            throw new HalArgumentException("GPIO consumer name '" + consumer + "' is longer than " + MAX_CONSUMER + " bytes");
        }
        HalArgumentException.checkRange("GPIO event buffer size", eventBufferSize, 0, 1024);
    }

    public static RequestConfig of(String consumer) {
        return new RequestConfig(consumer, 0);
    }
}
