package dev.pairlock.peerlink;

/**
 * The wire format of one peer-link frame (big-endian), authenticated end to end:
 * <pre>
 *  0  magic 'P' 'L'          2  version (1)      3  type (0 DATA, 1 PROBE)
 *  4  sender SC (0, 1)       5  link index (0 primary, 1 fallback)
 *  6  payload length (u16)   8  boot id (i64)    16 sequence number (i64, per link, from 1)
 * 24  payload (0..MAX_PAYLOAD bytes)
 *  …  HMAC-SHA256 tag (32 bytes) over everything before it
 * </pre>
 * The key is {@code PairKey.derive("pairlock peer-link v1")}. The sender SC id is inside the tag
 * because both SCs hold the same key: without it, an SC's own frame reflected back to it would
 * authenticate. The boot id grows with every start of the sending daemon and the sequence number
 * with every frame on a link, so a recorded frame cannot be played again.
 */
public final class PeerFrame {
    public static final byte MAGIC_0 = 'P';
    public static final byte MAGIC_1 = 'L';
    public static final int VERSION = 1;
    public static final int TYPE_DATA = 0;
    public static final int TYPE_PROBE = 1;
    public static final int HEADER = 24;
    public static final int TAG = 32;
    /** Far above what the protocol sends (its messages are tens of bytes); anything longer is refused unread. */
    public static final int MAX_PAYLOAD = 512;
    public static final int MIN_FRAME = HEADER + TAG;
    public static final int MAX_FRAME = HEADER + MAX_PAYLOAD + TAG;
    /** The purpose string this link's key is derived for. */
    public static final String KEY_PURPOSE = "pairlock peer-link v1";

    static final int AT_VERSION = 2;
    static final int AT_TYPE = 3;
    static final int AT_SENDER = 4;
    static final int AT_LINK = 5;
    static final int AT_LENGTH = 6;
    static final int AT_BOOT = 8;
    static final int AT_SEQ = 16;

    private PeerFrame() {
    }

    /** The size on the wire of a frame carrying {@code payload} bytes (UDP/IP headers not counted). */
    public static int frameSize(int payload) {
        return HEADER + payload + TAG;
    }
}
