package dev.pairlock.bench;

import dev.pairlock.config.PairKey;
import dev.pairlock.failover.FailoverSetting;
import dev.pairlock.failover.PeerCodec;
import dev.pairlock.failover.PeerMessage;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.clock.RefSel;
import dev.pairlock.peerlink.FrameOpener;
import dev.pairlock.peerlink.FrameSealer;
import dev.pairlock.peerlink.PeerFrame;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer link's authentication: sealing one frame (header + a protocol message + HMAC-SHA256
 * tag) and opening one (size, magic, tag, sender, link, boot, sequence checks), with the bare
 * HMAC-SHA256 of the same bytes as the floor. The payload is a real {@link PeerCodec} message.
 * Opening needs fresh sequence numbers to take the accepting path: a ring of frames sealed in setup
 * is opened in order, and a new opener takes over each time the ring wraps (once per 65,536 frames).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 2, jvmArgs = {"--enable-native-access=ALL-UNNAMED"})
public class PeerFrameBench {
    static final int RING = 1 << 16;

    SecretKey key;
    byte[] payload;
    FrameSealer sealer;
    ByteBuffer out;
    ByteBuffer[] ring;
    FrameOpener opener;
    int next;
    Mac mac;
    byte[] tag;

    /** The same 32-byte pair key every run: the cost does not depend on the key's value. */
    static SecretKey key() {
        byte[] k = new byte[PairKey.BYTES];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (i * 7 + 1);
        }
        return PairKey.of(k).derive(PeerFrame.KEY_PURPOSE);
    }

    /** A CLAIM as the protocol sends it. */
    static byte[] protocolMessage() {
        return PeerCodec.encode(new PeerMessage(PeerMessage.Kind.CLAIM, Role.BECOMING_MAIN, 42, RefSel.FOLLOWER, 7,
                FailoverSetting.initial(true), 18));
    }

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        key = key();
        payload = protocolMessage();
        sealer = new FrameSealer(key, ScId.SC0, 1, 2);
        out = ByteBuffer.allocate(PeerFrame.MAX_FRAME);
        FrameSealer ringSealer = new FrameSealer(key, ScId.SC0, 2, 2);
        ring = new ByteBuffer[RING];
        for (int i = 0; i < RING; i++) {
            ByteBuffer b = ByteBuffer.allocate(PeerFrame.frameSize(payload.length));
            ringSealer.seal(PeerFrame.TYPE_DATA, 0, payload, 0, payload.length, b);
            ring[i] = b;
        }
        opener = new FrameOpener(key, ScId.SC1, 2);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        tag = new byte[PeerFrame.TAG];
    }

    /** Builds and authenticates one outgoing frame. */
    @Benchmark
    public int seal() {
        sealer.seal(PeerFrame.TYPE_DATA, 0, payload, 0, payload.length, out);
        return out.limit();
    }

    /** Checks one incoming frame all the way to ACCEPTED. */
    @Benchmark
    public FrameOpener.Verdict open() {
        if (next == RING) {
            next = 0;
            opener = new FrameOpener(key, ScId.SC1, 2);
        }
        return opener.open(ring[next++], 0);
    }

    /** The floor: HMAC-SHA256 over the bytes a frame's tag covers (header + payload). */
    @Benchmark
    public byte[] hmacOnly() throws ShortBufferException {
        mac.update(ring[0].array(), 0, PeerFrame.HEADER + payload.length);
        mac.doFinal(tag, 0);
        return tag;
    }
}
