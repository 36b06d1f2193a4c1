package dev.pairlock.failover;

import dev.pairlock.hal.clock.RefSel;

/**
 * The wire format of {@link PeerMessage}: 20 bytes, big-endian.
 * <pre>
 * 0: version (1)   1: kind   2: role   3: REF_SEL bit   4..11: epoch   12..19: seq
 * </pre>
 * A frame of another version or length is rejected, never guessed at: two SCs running different
 * protocol versions must not act on each other's claims.
 */
public final class PeerCodec {
    public static final int VERSION = 1;
    public static final int LENGTH = 20;

    private PeerCodec() {
    }

    public static byte[] encode(PeerMessage m) {
        byte[] b = new byte[LENGTH];
        b[0] = VERSION;
        b[1] = (byte) m.kind().ordinal();
        b[2] = (byte) m.role().ordinal();
        b[3] = (byte) m.refSel().bit();
        putLong(b, 4, m.epoch());
        putLong(b, 12, m.seq());
        return b;
    }

    /** @throws IllegalArgumentException naming what is wrong with the frame */
    public static PeerMessage decode(byte[] b) {
        if (b == null || b.length != LENGTH) {
            throw new IllegalArgumentException("peer frame of " + (b == null ? 0 : b.length)
                    + " bytes: expected " + LENGTH + " (is the peer running another pairlock version?)");
        }
        if (b[0] != VERSION) {
            throw new IllegalArgumentException("peer frame version " + b[0] + ": this SC speaks version " + VERSION
                    + " (upgrade both SCs to the same release)");
        }
        return new PeerMessage(PeerMessage.Kind.ofOrdinal(b[1]), Role.ofOrdinal(b[2]), getLong(b, 4),
                RefSel.ofBit(b[3]), getLong(b, 12));
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
