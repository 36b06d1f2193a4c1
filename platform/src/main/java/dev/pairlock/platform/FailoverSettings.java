package dev.pairlock.platform;

import java.time.Duration;

/**
 * How the failover mechanism behaves on this pair.
 *
 * @param fdt                  failure detection time ({@code fdt}, 100 ms..600 s, default 1 s): the
 *                             peer is declared failed after 5 missed probes at FDT/5
 * @param enabledByDefault     {@code failover.default}: automatic failover on (default) or off when
 *                             no persisted {@code setfailover} state exists yet
 * @param disableAfterFailover {@code failover.disable_after_failover}: SMS's rule against ping-pong —
 *                             after an automatic failover the mechanism is DISABLED until an
 *                             operator says {@code setfailover on} (default yes)
 */
public record FailoverSettings(Duration fdt, boolean enabledByDefault, boolean disableAfterFailover) {
    public static final Duration DEFAULT_FDT = Duration.ofSeconds(1);
    public static final Duration MIN_FDT = Duration.ofMillis(100);
    public static final Duration MAX_FDT = Duration.ofSeconds(600);
}
