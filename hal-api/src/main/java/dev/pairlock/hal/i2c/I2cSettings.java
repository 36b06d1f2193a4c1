package dev.pairlock.hal.i2c;

import dev.pairlock.hal.HalArgumentException;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-bus policy. The timeout bounds one transaction on a hung bus (the seed measured ~0.5 s);
 * Linux takes it in 10 ms units, so it must be a positive multiple of 10 ms. Retries apply to
 * arbitration loss only.
 */
public record I2cSettings(Duration timeout, int retries) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final I2cSettings DEFAULT = new I2cSettings(DEFAULT_TIMEOUT, 1);
    private static final long MAX_TIMEOUT_MS = 60_000;

    public I2cSettings {
        Objects.requireNonNull(timeout, "timeout");
        long ms = timeout.toMillis();
        if (timeout.isNegative() || timeout.isZero() || ms > MAX_TIMEOUT_MS || timeout.toNanos() % 10_000_000L != 0) {
            throw new HalArgumentException("I2C timeout " + timeout.toMillis()
                    + " ms is invalid: use a multiple of 10 ms between 10 ms and " + MAX_TIMEOUT_MS + " ms");
        }
        HalArgumentException.checkRange("I2C retries", retries, 0, 100);
    }

    /** The timeout in the kernel's I2C_TIMEOUT unit (jiffies of 10 ms). */
    public int timeoutTensOfMillis() {
        return (int) (timeout.toMillis() / 10);
    }
}
