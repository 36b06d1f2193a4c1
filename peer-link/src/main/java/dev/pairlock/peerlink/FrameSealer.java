package dev.pairlock.peerlink;

import dev.pairlock.hal.ScId;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;

/**
 * Builds authenticated frames ({@link PeerFrame}) of one sender. Not thread-safe: one per sending
 * thread. Buffers are heap buffers on purpose: {@code Mac.update(ByteBuffer)} reads a heap buffer's
 * array in place but copies a direct buffer through a fresh temporary array on every call.
 */
public final class FrameSealer {
    private final Mac mac;
    private final byte sender;
    private final long bootId;
    private final long[] seq;
    private final byte[] tag = new byte[PeerFrame.TAG];

    public FrameSealer(SecretKey key, ScId self, long bootId, int links) {
        this.mac = Macs.init(key);
        this.sender = (byte) self.index();
        this.bootId = bootId;
        this.seq = new long[links];
    }

    /**
     * Writes one frame into {@code out} (cleared first; on return position 0, limit the frame's
     * end). {@code out} must be a heap buffer of at least {@link PeerFrame#MAX_FRAME} bytes.
     */
    public void seal(int type, int link, byte[] payload, int offset, int length, ByteBuffer out) {
        if (length < 0 || length > PeerFrame.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a peer frame carries 0.." + PeerFrame.MAX_PAYLOAD + " payload bytes, not " + length);
        }
        out.clear();
        out.put(PeerFrame.MAGIC_0).put(PeerFrame.MAGIC_1).put((byte) PeerFrame.VERSION).put((byte) type)
                .put(sender).put((byte) link).putShort((short) length)
                .putLong(bootId).putLong(++seq[link]);
        out.put(payload, offset, length);
        int end = out.position();
        mac.update(out.array(), out.arrayOffset(), end);
        try {
            mac.doFinal(tag, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC-SHA256 tag does not fit 32 bytes", e);
        }
        out.put(tag);
        out.flip();
    }

    public long bootId() {
        return bootId;
    }

    /** The sequence number of the last frame sealed for {@code link}. */
    public long lastSequence(int link) {
        return seq[link];
    }

    /** The one place Mac instances are made for the peer link. */
    static final class Macs {
        private Macs() {
        }

        static Mac init(SecretKey key) {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is missing from this JDK or the key is unusable", e);
            }
        }
    }
}
