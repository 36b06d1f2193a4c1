package dev.pairlock.failover;

import dev.pairlock.hal.clock.RefSel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The wire format of {@link PeerMessage}: {@value #LENGTH} bytes, big-endian.
 * <pre>
 *  0      version (2)
 *  1      kind (PeerMessage.Kind ordinal)
 *  2      role (Role ordinal)
 *  3      flags: bit 0 REF_SEL (1 = leader), bit 1 failover enabled, bits 2-3 setting reason
 *         (FailoverSetting.Reason ordinal), bits 4-7 zero
 *  4..11  epoch (&gt;= 0)
 * 12..19  seq
 * 20..27  failover setting generation (&gt;= 0)
 * 28..29  boards reachable, 0..256, or 0xFFFF = not measured yet
 * </pre>
 * A frame of another version or length, or with any field out of range, is rejected with a reason,
 * never guessed at: two SCs running different protocol versions must not act on each other's claims.
 * (Authentication, boot id and replay protection are the transport's: they wrap this frame.)
 */
public final class PeerCodec {
    public static final int VERSION = 2;
    public static final int LENGTH = 30;
    private static final int NOT_MEASURED_WIRE = 0xFFFF;
    private static final int MAX_REACHABLE = 256;
    /** values() copies its array on every call; decode runs for every frame. */
    private static final Role[] ROLES = Role.values();
    private static final FailoverSetting.Reason[] REASONS = FailoverSetting.Reason.values();
    /**
     * The frame's 64-bit fields, big-endian, as one access each (a byte swap and a load or store)
     * rather than eight byte accesses: every frame is encoded once and read five times.
     */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private PeerCodec() {
    }

    public static byte[] encode(PeerMessage m) {
        byte[] b = new byte[LENGTH];
        b[0] = VERSION;
        b[1] = (byte) m.kind().ordinal();
        b[2] = (byte) m.role().ordinal();
        FailoverSetting s = m.setting();
        b[3] = (byte) (m.refSel().bit() | (s.enabled() ? 2 : 0) | s.reason().ordinal() << 2);
        putLong(b, 4, m.epoch());
        putLong(b, 12, m.seq());
        putLong(b, 20, s.generation());
        int reach = m.reachable() == PeerMessage.NOT_MEASURED ? NOT_MEASURED_WIRE : m.reachable();
        b[28] = (byte) (reach >>> 8);
        b[29] = (byte) reach;
        return b;
    }

    /** @throws IllegalArgumentException naming what is wrong with the frame */
    public static PeerMessage decode(byte[] b) {
        return decode(b, null);
    }

    /**
     * As {@link #decode(byte[])}, but a frame whose failover setting equals {@code last} carries
     * {@code last} itself rather than a new copy: the setting changes a few times in a pair's life
     * and arrives with every frame, so a receiver that passes back the previous frame's setting
     * allocates none (null: always a new one).
     */
    public static PeerMessage decode(byte[] b, FailoverSetting last) {
        validate(b);
        int flags = b[3] & 0xFF;
        int reason = flags >>> 2 & 3;
        long epoch = getLong(b, 4);
        long generation = getLong(b, 20);
        int reach = (b[28] & 0xFF) << 8 | b[29] & 0xFF;
        boolean enabled = (flags & 2) != 0;
        FailoverSetting setting = last != null && last.enabled() == enabled && last.generation() == generation
                && last.reason() == REASONS[reason] ? last : new FailoverSetting(enabled, generation, REASONS[reason]);
        return new PeerMessage(PeerMessage.Kind.ofOrdinal(b[1]), Role.ofOrdinal(b[2]), epoch, RefSel.ofBit(flags & 1),
                getLong(b, 12), setting, reach == NOT_MEASURED_WIRE ? PeerMessage.NOT_MEASURED : reach);
    }

    /**
     * Whether a frame {@link #decode} accepts says failover is enabled, read without building the
     * message (an observer of every frame, such as the simulator's checker, allocates nothing).
     *
     * @throws IllegalArgumentException as decode does, for a frame it rejects
     */
    public static boolean settingEnabled(byte[] b) {
        validate(b);
        return (b[3] & 2) != 0;
    }

    /** The failover setting's generation in a frame {@link #settingEnabled} accepted (not validated again). */
    public static long settingGeneration(byte[] b) {
        return getLong(b, 20);
    }

    /** @throws IllegalArgumentException naming what is wrong with the frame, as {@link #decode} rejects it */
    private static void validate(byte[] b) {
        if (b == null || b.length != LENGTH) {
            throw new IllegalArgumentException("peer frame of " + (b == null ? 0 : b.length)
                    + " bytes: expected " + LENGTH + " (is the peer running another pairlock version?)");
        }
        if (b[0] != VERSION) {
            throw new IllegalArgumentException("peer frame version " + b[0] + ": this SC speaks version " + VERSION
                    + " (upgrade both SCs to the same release)");
        }
        PeerMessage.Kind.ofOrdinal(b[1]); // throws for a kind out of range
        if (b[2] < 0 || b[2] >= ROLES.length) {
            throw new IllegalArgumentException("peer frame role " + b[2] + " is not a role (0.." + (ROLES.length - 1) + ")");
        }
        int flags = b[3] & 0xFF;
        int reason = flags >>> 2 & 3;
        if ((flags & 0xF0) != 0 || reason >= REASONS.length) {
            throw new IllegalArgumentException(String.format("peer frame flags 0x%02x: unknown bits set", flags));
        }
        long epoch = getLong(b, 4);
        long generation = getLong(b, 20);
        if (epoch < 0 || generation < 0) {
            throw new IllegalArgumentException("peer frame epoch " + epoch + " / setting generation " + generation
                    + " is negative");
        }
        int reach = (b[28] & 0xFF) << 8 | b[29] & 0xFF;
        if (reach != NOT_MEASURED_WIRE && reach > MAX_REACHABLE) {
            throw new IllegalArgumentException("peer frame boards reachable " + reach + " is over " + MAX_REACHABLE);
        }
    }

    private static void putLong(byte[] b, int at, long v) {
        LONG.set(b, at, v);
    }

    private static long getLong(byte[] b, int at) {
        return (long) LONG.get(b, at);
    }
}
