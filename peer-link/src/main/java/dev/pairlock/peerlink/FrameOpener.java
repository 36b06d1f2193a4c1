package dev.pairlock.peerlink;

import dev.pairlock.hal.ScId;
import java.nio.ByteBuffer;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;

/**
 * Checks frames from the peer: size, magic and version first (cheap, before any cryptography),
 * then the HMAC tag over the whole frame, and only then the authenticated fields — the length, the
 * sender (the peer, never ourselves: a reflected frame), the link it claims to travel on, the boot
 * id (a larger one is the peer restarted; a smaller one is an old recording) and the sequence number
 * (strictly increasing per link within a boot: a replay or a reordered stale frame is refused).
 * Nothing that fails a check is acted on. Not thread-safe: one per receiving thread.
 *
 * <p>Residual risk, documented: right after our own start we know no boot id of the peer, so the
 * first authenticated frame sets it; a recording from an older boot played back in that moment is
 * accepted until the live peer's next frame (a larger boot id) replaces it. The protocol's
 * per-claim nonces and epochs keep such a frame from confirming anything.
 */
public final class FrameOpener {
    /** What became of one frame. */
    public enum Verdict {
        ACCEPTED, TRUNCATED, OVERSIZED, BAD_MAGIC, BAD_VERSION, BAD_TAG, BAD_LENGTH, BAD_TYPE, WRONG_SENDER,
        WRONG_LINK, OLD_BOOT, REPLAYED_OR_STALE
    }

    private final Mac mac;
    private final int peer;
    private final long[] highest;
    private final byte[] tag = new byte[PeerFrame.TAG];
    private long peerBoot;
    private boolean bootKnown;

    // the last accepted frame
    private int type;
    private int payloadOffset;
    private int payloadLength;
    private long seq;
    private boolean peerRestarted;

    public FrameOpener(SecretKey key, ScId self, int links) {
        this.mac = FrameSealer.Macs.init(key);
        this.peer = self.peer().index();
        this.highest = new long[links];
    }

    /**
     * Checks the datagram between {@code frame}'s position and limit, which arrived on
     * {@code link}. {@code frame} must be a heap buffer; its position and limit are left as they were.
     * After {@link Verdict#ACCEPTED} the accessors describe the frame.
     */
    public Verdict open(ByteBuffer frame, int link) {
        int start = frame.position();
        int length = frame.remaining();
        if (length < PeerFrame.MIN_FRAME) {
            return Verdict.TRUNCATED;
        }
        if (length > PeerFrame.MAX_FRAME) {
            return Verdict.OVERSIZED;
        }
        if (frame.get(start) != PeerFrame.MAGIC_0 || frame.get(start + 1) != PeerFrame.MAGIC_1) {
            return Verdict.BAD_MAGIC;
        }
        if (frame.get(start + PeerFrame.AT_VERSION) != PeerFrame.VERSION) {
            return Verdict.BAD_VERSION;
        }
        int signed = length - PeerFrame.TAG;
        mac.update(frame.array(), frame.arrayOffset() + start, signed);
        try {
            mac.doFinal(tag, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC-SHA256 tag does not fit 32 bytes", e);
        }
        int diff = 0;
        for (int i = 0; i < PeerFrame.TAG; i++) {
            diff |= tag[i] ^ frame.get(start + signed + i); // every byte compared: no early exit to time
        }
        if (diff != 0) {
            return Verdict.BAD_TAG;
        }
        int declared = frame.getShort(start + PeerFrame.AT_LENGTH) & 0xFFFF;
        if (declared != signed - PeerFrame.HEADER) {
            return Verdict.BAD_LENGTH;
        }
        int t = frame.get(start + PeerFrame.AT_TYPE);
        if (t != PeerFrame.TYPE_DATA && t != PeerFrame.TYPE_PROBE) {
            return Verdict.BAD_TYPE;
        }
        if (frame.get(start + PeerFrame.AT_SENDER) != peer) {
            return Verdict.WRONG_SENDER;
        }
        int claimedLink = frame.get(start + PeerFrame.AT_LINK);
        if (claimedLink != link || link < 0 || link >= highest.length) {
            return Verdict.WRONG_LINK;
        }
        long boot = frame.getLong(start + PeerFrame.AT_BOOT);
        long s = frame.getLong(start + PeerFrame.AT_SEQ);
        boolean restarted = false;
        if (!bootKnown || boot > peerBoot) {
            restarted = bootKnown;
            peerBoot = boot;
            bootKnown = true;
            java.util.Arrays.fill(highest, 0);
        } else if (boot < peerBoot) {
            return Verdict.OLD_BOOT;
        }
        if (s <= highest[link]) {
            return Verdict.REPLAYED_OR_STALE;
        }
        highest[link] = s;
        type = t;
        payloadOffset = start + PeerFrame.HEADER;
        payloadLength = declared;
        seq = s;
        peerRestarted = restarted;
        return Verdict.ACCEPTED;
    }

    public int type() {
        return type;
    }

    /** Index into the frame's buffer where the payload starts. */
    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    public long sequence() {
        return seq;
    }

    /** Whether the last accepted frame came from a new boot of the peer (it restarted). */
    public boolean peerRestarted() {
        return peerRestarted;
    }

    /** The peer's boot id as last accepted; meaningless before the first accepted frame. */
    public long peerBoot() {
        return peerBoot;
    }
}
