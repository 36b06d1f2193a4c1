package dev.pairlock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.failover.PeerCodec;
import dev.pairlock.peerlink.FrameOpener;
import dev.pairlock.peerlink.PeerFrame;
import org.junit.jupiter.api.Test;

/** The peer-frame benchmarks measure the accepting path on frames of the real size. */
class PeerFrameBenchTest {
    @Test
    void everyBenchmarkDoesTheWorkItNames() throws Exception {
        PeerFrameBench b = new PeerFrameBench();
        b.setUp();
        // header + the 30-byte protocol message + the 32-byte HMAC-SHA256 tag
        assertEquals(PeerFrame.HEADER + PeerCodec.LENGTH + PeerFrame.TAG, b.seal(), "a protocol message's frame");
        assertEquals(86, b.seal());
        for (int i = 0; i < PeerFrameBench.RING + 3; i++) {
            assertEquals(FrameOpener.Verdict.ACCEPTED, b.open(), "frame " + i + " of the ring");
        }
        assertEquals(PeerFrame.TAG, b.hmacOnly().length);
    }
}
