package dev.pairlock.failover;

import dev.pairlock.hal.HalArgumentException;
import java.util.Objects;

/**
 * What one SC keeps across restarts and power cycles (its {@link StateStore}).
 *
 * @param epoch   the highest epoch this SC has claimed or held: its next claim is above it, so
 *                epochs never go backwards across a restart (the SC announces it from boot on, so
 *                the peer's claims are above it too)
 * @param setting the pair-wide failover setting as this SC last knew it
 */
public record PersistedState(long epoch, FailoverSetting setting) {
    public PersistedState {
        Objects.requireNonNull(setting, "setting");
        if (epoch < 0) {
            throw new HalArgumentException("persisted epoch " + epoch + " is negative");
        }
    }
}
