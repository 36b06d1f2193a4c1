package dev.pairlock.failover;

import dev.pairlock.hal.HalArgumentException;
import java.util.Objects;

/**
 * Automatic failover on or off: one fact about the pair, not about one SC ({@code setfailover on|off}
 * acts on the pair). Every peer frame carries the sender's setting; on receipt the one that
 * {@linkplain #supersedes supersedes} wins and is persisted, so both SCs converge on the same setting
 * and an SC that was down when it changed learns it on reconnect. The peer acknowledges a setting by
 * echoing its generation in its own frames ({@link FailoverStatus#peerConfirmedGeneration()}).
 *
 * @param enabled    a SPARE takes over a dead MAIN automatically
 * @param generation how many changes the pair has seen; an operator's change takes
 *                   max(ours, the peer's) + 1, so it beats everything either SC has seen
 * @param reason     who made it so
 */
public record FailoverSetting(boolean enabled, long generation, Reason reason) implements HealthEvent.Detail {
    /** Who set it. */
    public enum Reason {
        /** The platform file's default; nobody changed it yet (generation 0). */
        DEFAULT,
        /** {@code setfailover on|off}. */
        OPERATOR,
        /**
         * SMS's rule against ping-pong: after an automatic failover (a dead MAIN taken over) failover
         * is off until an operator turns it on again ({@link CoreConfig#disableAfterFailover()}).
         */
        AFTER_FAILOVER
    }

    public FailoverSetting {
        Objects.requireNonNull(reason, "reason");
        if (generation < 0) {
            throw new HalArgumentException("failover setting generation " + generation + " is negative");
        }
    }

    /** What an SC starts with when nothing was persisted: the platform file's default, generation 0. */
    public static FailoverSetting initial(boolean enabled) {
        return new FailoverSetting(enabled, 0, Reason.DEFAULT);
    }

    /**
     * Whether this setting wins over {@code other}: the higher generation; at equal generation OFF
     * (the safe side: two operators who disagree at once leave failover off); then the later reason.
     * A total order, so both SCs pick the same winner whatever order frames arrive in.
     */
    public boolean supersedes(FailoverSetting other) {
        if (generation != other.generation) {
            return generation > other.generation;
        }
        if (enabled != other.enabled) {
            return !enabled;
        }
        return reason.ordinal() > other.reason.ordinal();
    }

    /** A change made here: {@code generation} = max(ours, {@code peerGeneration}) + 1. */
    public FailoverSetting change(boolean on, Reason why, long peerGeneration) {
        return new FailoverSetting(on, Math.max(generation, peerGeneration) + 1, why);
    }

    @Override
    public String describe() {
        return (enabled ? "on" : "off") + " (" + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + ", generation " + generation + ")";
    }
}
