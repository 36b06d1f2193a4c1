package dev.pairlock.mock;

import dev.pairlock.hal.ScId;

/**
 * One hardware-visible change, fault or protocol note, at virtual time {@code time}. The meaning of
 * {@code a} and {@code b} depends on the {@link Kind} (see each constant). {@code sc} is null and
 * {@code slot} is -1 when not applicable. Formatting happens only in {@link #describe()}.
 */
public record TraceEvent(long time, Kind kind, ScId sc, int slot, long a, long b) {

    public enum Kind {
        /** sc wrote its REF_SEL: a = old bit, b = new bit (also the reset value on reset/power). */
        REF_SEL_WRITE,
        /** The two SC clocks became phase locked. */
        PHASE_LOCK_ACQUIRED,
        /** Phase lock lost: a = cause (see {@link LockLossCause}). */
        PHASE_LOCK_LOST,
        /** sc wrote the SPLL select of slot: a = old input index, b = new input index. */
        SPLL_SELECT,
        /** A switch while unlocked stopped slot's running domain: sc = writer, a = old input, b = new input. */
        DOMAIN_STOP_VIOLATION,
        /** slot's domain stopped because its selected SC (sc) lost power. */
        DOMAIN_STOP_PHYSICAL,
        /** slot's SPLL relocked onto sc and its domain runs again. */
        DOMAIN_RESTART,
        /** sc is held in reset: a = asserting SC index, or -1 for an injected reset. */
        RESET_ASSERT,
        /** sc released from reset (boots). */
        RESET_RELEASE,
        POWER_OFF,
        POWER_ON,
        /** sc's software stalls: a = duration ns, b = until (virtual ns). */
        STALL,
        /** An I2C transaction of sc on bus {@code slot} timed out: a = address, b = register (-1 if none). */
        I2C_TIMEOUT,
        BOARD_INSERT,
        BOARD_REMOVE,
        /** Recorded by the harness: sc's role changed; a = role code, b = epoch. */
        PROTOCOL,
        /** Recorded by the harness: a free note; a = note code, b = value. */
        PROTOCOL_NOTE,
        // Injected faults: sc and slot (or bus) from the Fault record; FAULT_INTERMITTENT_BUS a =
        // Double.doubleToLongBits(probability), b = I2cErrorKind ordinal; FAULT_PARTITION and
        // FAULT_HEAL_PARTITION a = LinkDirection ordinal; FAULT_RESET and FAULT_STALL a = duration ns.
        FAULT_HANG_BUS, FAULT_UNHANG_BUS, FAULT_NACK_DEVICE, FAULT_STOP_NACK, FAULT_INTERMITTENT_BUS,
        FAULT_CUT_HEARTBEAT, FAULT_RESTORE_HEARTBEAT, FAULT_PARTITION, FAULT_HEAL_PARTITION,
        FAULT_NIC_DOWN, FAULT_NIC_UP, FAULT_POWER_OFF, FAULT_POWER_ON, FAULT_RESET, FAULT_STALL,
        FAULT_REMOVE_BOARD, FAULT_INSERT_BOARD,
        /**
         * The peer link's one-way latency changed: sc = the sending side it applies to (null = both
         * directions), a = min ns, b = max ns (a == b: fixed).
         */
        FAULT_LINK_LATENCY
    }

    /** Why phase lock was lost ({@code a} of {@link Kind#PHASE_LOCK_LOST}). */
    public static final class LockLossCause {
        public static final long BOTH_LEADERS = 1;
        public static final long BOTH_FOLLOWERS = 2;
        public static final long CLOCK_GONE = 3;

        private LockLossCause() {
        }
    }

    /** One line for humans, e.g. "    12.345678 ms SPLL_SELECT SC1 slot 3 a=0 b=1". */
    public String describe() {
        StringBuilder sb = new StringBuilder(64);
        sb.append(String.format("%14.6f ms %s", time / 1e6, kind));
        if (sc != null) {
            sb.append(' ').append(sc);
        }
        if (slot >= 0) {
            sb.append(kind == Kind.I2C_TIMEOUT || kind.name().endsWith("_BUS") ? " bus " : " slot ").append(slot);
        }
        switch (kind) {
            case SPLL_SELECT, DOMAIN_STOP_VIOLATION -> sb.append(" SC").append(a).append(" -> SC").append(b);
            case REF_SEL_WRITE -> sb.append(' ').append(a == 1 ? "LEADER" : "FOLLOWER").append(" -> ").append(b == 1 ? "LEADER" : "FOLLOWER");
            case PHASE_LOCK_LOST -> sb.append(a == LockLossCause.BOTH_LEADERS ? " (both leaders)"
                    : a == LockLossCause.BOTH_FOLLOWERS ? " (both followers, drift)" : " (a clock is gone)");
            case PROTOCOL -> sb.append(" role=").append(a).append(" epoch=").append(b);
            case I2C_TIMEOUT -> sb.append(String.format(" address 0x%02x register %d", a, b));
            case STALL -> sb.append(String.format(" for %.3f ms", a / 1e6));
            case FAULT_INTERMITTENT_BUS -> sb.append(String.format(" p=%.3f %s", Double.longBitsToDouble(a), I2cErrorKind.values()[(int) b]));
            case FAULT_PARTITION, FAULT_HEAL_PARTITION -> sb.append(' ').append(LinkDirection.values()[(int) a]);
            case FAULT_RESET, FAULT_STALL -> sb.append(String.format(" for %.3f ms", a / 1e6));
            case FAULT_LINK_LATENCY -> sb.append(sc == null ? " both ways" : " from " + sc)
                    .append(a == b ? String.format(" %.3f ms", a / 1e6) : String.format(" %.3f..%.3f ms", a / 1e6, b / 1e6));
            default -> {
                if (a != 0 || b != 0) {
                    sb.append(" a=").append(a).append(" b=").append(b);
                }
            }
        }
        return sb.toString();
    }
}
