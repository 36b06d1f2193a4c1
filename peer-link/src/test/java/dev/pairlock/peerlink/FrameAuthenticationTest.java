package dev.pairlock.peerlink;

import static dev.pairlock.peerlink.FrameOpener.Verdict.ACCEPTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.PairKey;
import dev.pairlock.hal.ScId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.SecretKey;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Authentication, replay and truncation cases of one frame, sealed by SC0 and opened by SC1. */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FrameAuthenticationTest {
    static final SecretKey KEY = key(7);
    private final FrameSealer sc0 = new FrameSealer(KEY, ScId.SC0, 100, 2);
    private final FrameOpener sc1 = new FrameOpener(KEY, ScId.SC1, 2);

    static SecretKey key(int fill) {
        byte[] k = new byte[PairKey.BYTES];
        Arrays.fill(k, (byte) fill);
        return PairKey.of(k).derive(PeerFrame.KEY_PURPOSE);
    }

    static ByteBuffer seal(FrameSealer s, int type, int link, String payload) {
        ByteBuffer b = ByteBuffer.allocate(PeerFrame.MAX_FRAME);
        byte[] p = payload.getBytes(StandardCharsets.US_ASCII);
        s.seal(type, link, p, 0, p.length, b);
        return b;
    }

    private static ByteBuffer copy(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return ByteBuffer.wrap(a);
    }

    @Test
    void aSealedFrameOpensWithItsPayload() {
        ByteBuffer f = seal(sc0, PeerFrame.TYPE_DATA, 0, "hello");
        assertEquals(PeerFrame.frameSize(5), f.remaining());
        assertEquals(ACCEPTED, sc1.open(f, 0));
        byte[] p = new byte[sc1.payloadLength()];
        f.get(sc1.payloadOffset(), p);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), p);
        assertEquals(PeerFrame.TYPE_DATA, sc1.type());
        assertEquals(1, sc1.sequence());
        assertEquals(0, f.position(), "open leaves the buffer as it was");
    }

    @Test
    void everyFlippedBitIsRefused() {
        ByteBuffer good = seal(sc0, PeerFrame.TYPE_DATA, 0, "claim");
        for (int i = 0; i < good.remaining() * 8; i++) {
            ByteBuffer bad = copy(good);
            bad.put(i / 8, (byte) (bad.get(i / 8) ^ (1 << (i % 8))));
            FrameOpener fresh = new FrameOpener(KEY, ScId.SC1, 2);
            FrameOpener.Verdict v = fresh.open(bad, 0);
            assertTrue(v != ACCEPTED, "bit " + i + " flipped was accepted");
        }
        assertEquals(ACCEPTED, sc1.open(good, 0), "the untouched frame still opens");
    }

    @Test
    void anotherKeyIsRefused() {
        FrameOpener stranger = new FrameOpener(key(8), ScId.SC1, 2);
        assertEquals(FrameOpener.Verdict.BAD_TAG, stranger.open(seal(sc0, PeerFrame.TYPE_DATA, 0, "x"), 0));
    }

    @Test
    void aReplayAndAReorderedStaleFrameAreRefused() {
        ByteBuffer first = seal(sc0, PeerFrame.TYPE_DATA, 0, "one");
        ByteBuffer second = seal(sc0, PeerFrame.TYPE_DATA, 0, "two");
        assertEquals(ACCEPTED, sc1.open(copy(first), 0));
        assertEquals(FrameOpener.Verdict.REPLAYED_OR_STALE, sc1.open(copy(first), 0), "replay");
        assertEquals(ACCEPTED, sc1.open(copy(second), 0));
        ByteBuffer third = seal(sc0, PeerFrame.TYPE_DATA, 0, "three");
        ByteBuffer fourth = seal(sc0, PeerFrame.TYPE_DATA, 0, "four");
        assertEquals(ACCEPTED, sc1.open(fourth, 0));
        assertEquals(FrameOpener.Verdict.REPLAYED_OR_STALE, sc1.open(third, 0), "overtaken: stale");
    }

    @Test
    void eachLinkHasItsOwnSequenceAndAFrameMustArriveOnItsLink() {
        ByteBuffer onPrimary = seal(sc0, PeerFrame.TYPE_PROBE, 0, "\u0003");
        ByteBuffer onFallback = seal(sc0, PeerFrame.TYPE_PROBE, 1, "\u0003");
        assertEquals(FrameOpener.Verdict.WRONG_LINK, sc1.open(copy(onPrimary), 1));
        assertEquals(ACCEPTED, sc1.open(onFallback, 1));
        assertEquals(ACCEPTED, sc1.open(onPrimary, 0), "the other link's sequence does not make this one stale");
    }

    @Test
    void aReflectedFrameOfOurOwnIsRefused() {
        FrameSealer sc1Sealer = new FrameSealer(KEY, ScId.SC1, 5, 2);
        assertEquals(FrameOpener.Verdict.WRONG_SENDER, sc1.open(seal(sc1Sealer, PeerFrame.TYPE_DATA, 0, "mine"), 0));
    }

    @Test
    void aRestartedPeerIsAcceptedAndAnOldBootIsNot() {
        assertEquals(ACCEPTED, sc1.open(seal(sc0, PeerFrame.TYPE_DATA, 0, "a"), 0));
        assertEquals(ACCEPTED, sc1.open(seal(sc0, PeerFrame.TYPE_DATA, 0, "b"), 0));
        FrameSealer restarted = new FrameSealer(KEY, ScId.SC0, 101, 2);
        assertEquals(ACCEPTED, sc1.open(seal(restarted, PeerFrame.TYPE_DATA, 0, "again"), 0));
        assertTrue(sc1.peerRestarted());
        assertEquals(1, sc1.sequence(), "sequence starts over with the new boot");
        FrameSealer old = new FrameSealer(KEY, ScId.SC0, 99, 2);
        assertEquals(FrameOpener.Verdict.OLD_BOOT, sc1.open(seal(old, PeerFrame.TYPE_DATA, 0, "recorded"), 0));
        assertEquals(FrameOpener.Verdict.OLD_BOOT, sc1.open(seal(sc0, PeerFrame.TYPE_DATA, 0, "c"), 0),
                "the previous boot's frames are refused once the peer restarted");
    }

    @Test
    void truncatedAndOversizedFramesAreRefusedBeforeAnyCryptography() {
        ByteBuffer good = seal(sc0, PeerFrame.TYPE_DATA, 0, "payload");
        for (int len = 0; len < good.remaining(); len++) {
            ByteBuffer cut = ByteBuffer.wrap(Arrays.copyOf(copy(good).array(), len));
            FrameOpener.Verdict v = sc1.open(cut, 0);
            assertFalse(v == ACCEPTED, "truncated to " + len);
            if (len < PeerFrame.MIN_FRAME) {
                assertEquals(FrameOpener.Verdict.TRUNCATED, v);
            }
        }
        assertEquals(FrameOpener.Verdict.OVERSIZED, sc1.open(ByteBuffer.allocate(PeerFrame.MAX_FRAME + 1), 0));
        assertEquals(FrameOpener.Verdict.BAD_MAGIC, sc1.open(ByteBuffer.allocate(PeerFrame.MIN_FRAME), 0));
    }

    @Test
    void aPayloadTooLargeIsNotSealed() {
        ByteBuffer b = ByteBuffer.allocate(PeerFrame.MAX_FRAME);
        byte[] big = new byte[PeerFrame.MAX_PAYLOAD + 1];
        try {
            sc0.seal(PeerFrame.TYPE_DATA, 0, big, 0, big.length, b);
            throw new AssertionError("sealed an oversized payload");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("0..512"));
        }
    }
}
