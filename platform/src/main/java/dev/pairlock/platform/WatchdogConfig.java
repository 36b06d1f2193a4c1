package dev.pairlock.platform;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The kernel watchdog that resets this SC when the daemon stops petting it ({@code watchdog.device},
 * {@code watchdog.timeout}): failfast that works even when the JVM cannot act.
 *
 * @param timeout whole seconds, 1..65535 (WDIOC_SETTIMEOUT takes seconds); default 10 s
 */
public record WatchdogConfig(Path device, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
}
