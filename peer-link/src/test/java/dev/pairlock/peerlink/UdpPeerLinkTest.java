package dev.pairlock.peerlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two peer links on real UDP sockets over loopback (port 0 everywhere), two links each. */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UdpPeerLinkTest {
    private static final long PROBE = 20_000_000L;
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    Path sysfs;

    private UdpPeerLink sc0;
    private UdpPeerLink sc1;
    private final LinkedBlockingQueue<byte[]> atSc1 = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<byte[]> atSc0 = new LinkedBlockingQueue<>();

    private static List<UdpPeerLink.Endpoint> endpoints(Optional<String> iface) {
        return List.of(new UdpPeerLink.Endpoint("primary", ANY_LOOPBACK, ANY_LOOPBACK, iface),
                new UdpPeerLink.Endpoint("fallback", ANY_LOOPBACK, ANY_LOOPBACK, Optional.empty()));
    }

    @BeforeEach
    void wire() throws IOException {
        iface("eth-test", "1", "up");
        sc0 = UdpPeerLink.open(ScId.SC0, endpoints(Optional.of("eth-test")), FrameAuthenticationTest.KEY, 1, PROBE, SystemClock.INSTANCE, sysfs);
        sc1 = UdpPeerLink.open(ScId.SC1, endpoints(Optional.empty()), FrameAuthenticationTest.KEY, 1, PROBE, SystemClock.INSTANCE, sysfs);
        for (int i = 0; i < 2; i++) {
            sc0.remote(i, sc1.localAddress(i));
            sc1.remote(i, sc0.localAddress(i));
        }
        sc1.onFrame(atSc1::add);
        sc0.onFrame(atSc0::add);
    }

    @AfterEach
    void close() {
        sc0.close();
        sc1.close();
    }

    private void iface(String name, String carrier, String operstate) throws IOException {
        Path dir = Files.createDirectories(sysfs.resolve(name));
        Files.writeString(dir.resolve("carrier"), carrier + "\n");
        Files.writeString(dir.resolve("operstate"), operstate + "\n");
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static boolean good(UdpPeerLink l, int i) {
        return l.links().get(i).good();
    }

    @Test
    void framesCrossAndBothLinksBecomeGoodWithTrafficOnThePrimary() throws InterruptedException {
        await("both links GOOD at both ends", () -> good(sc0, 0) && good(sc0, 1) && good(sc1, 0) && good(sc1, 1));
        // the link thread publishes each link's state, then picks the traffic link in the same pass:
        // a reader between the two sees GOOD links and no traffic link yet
        await("traffic on the primary", () -> sc0.trafficLink().equals(Optional.of("primary")));
        sc0.send(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, atSc1.poll(30, TimeUnit.SECONDS));
        sc1.send(new byte[] {9});
        assertArrayEquals(new byte[] {9}, atSc0.poll(30, TimeUnit.SECONDS));
        assertEquals(0, sc1.counters().get("bad_tag"));
        assertTrue(sc1.counters().get("accepted") > 0);
    }

    @Test
    void aLinkThatFailsInOneDirectionIsFailedAtBothEndsAndTrafficMovesToTheFallback() throws Exception {
        await("both links GOOD", () -> good(sc0, 0) && good(sc1, 0) && good(sc0, 1) && good(sc1, 1));
        // SC0's primary now sends into a socket nobody reads: SC1 stops hearing SC0 there
        try (DatagramChannel blackHole = DatagramChannel.open().bind(ANY_LOOPBACK)) {
            sc0.remote(0, (InetSocketAddress) blackHole.getLocalAddress());
            await("SC1 sees the primary FAILED", () -> !good(sc1, 0));
            await("SC0 learns it from SC1's probes", () -> !good(sc0, 0));
            await("traffic on the fallback at both ends", () -> sc0.trafficLink().equals(Optional.of("fallback"))
                    && sc1.trafficLink().equals(Optional.of("fallback")));
            atSc1.clear();
            sc0.send(new byte[] {42});
            assertArrayEquals(new byte[] {42}, atSc1.poll(30, TimeUnit.SECONDS), "delivered over the fallback");
            sc0.remote(0, sc1.localAddress(0));
            await("the primary is repaired at both ends", () -> good(sc0, 0) && good(sc1, 0));
            await("traffic back on the primary", () -> sc0.trafficLink().equals(Optional.of("primary")));
        }
    }

    @Test
    void whenNoLinkIsGoodFramesGoOutOnEveryLink() throws Exception {
        try (DatagramChannel spy0 = DatagramChannel.open().bind(ANY_LOOPBACK);
             DatagramChannel spy1 = DatagramChannel.open().bind(ANY_LOOPBACK)) {
            sc0.remote(0, (InetSocketAddress) spy0.getLocalAddress());
            sc0.remote(1, (InetSocketAddress) spy1.getLocalAddress());
            await("nothing GOOD at SC0", () -> sc0.trafficLink().isEmpty());
            sc0.send(new byte[] {7, 7});
            assertTrue(receivedData(spy0), "a data frame on the primary");
            assertTrue(receivedData(spy1), "a data frame on the fallback");
        }
    }

    private static boolean receivedData(DatagramChannel spy) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            ByteBuffer b = receive(spy, deadline);
            if (b.get(PeerFrame.AT_TYPE) == PeerFrame.TYPE_DATA) {
                return true;
            }
        }
    }

    /** The next datagram on {@code ch}, polled without blocking; fails at {@code deadline}. */
    static ByteBuffer receive(DatagramChannel ch, long deadline) throws IOException {
        ch.configureBlocking(false);
        ByteBuffer b = ByteBuffer.allocate(PeerFrame.MAX_FRAME + 1);
        while (ch.receive(b) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no datagram within the bound on " + ch.getLocalAddress());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        b.flip();
        return b;
    }

    @Test
    void forgedDamagedReplayedAndReflectedFramesAreCountedAndNeverDelivered() throws Exception {
        await("the primary GOOD at SC1", () -> good(sc1, 0));
        InetSocketAddress target;
        try (DatagramChannel attacker = DatagramChannel.open().bind(ANY_LOOPBACK);
             DatagramChannel tap = DatagramChannel.open().bind(ANY_LOOPBACK)) {
            // record one genuine data frame of SC0 by pointing both its links at a tap for a moment;
            // whichever link carries it, it is played to SC1 on that link
            sc0.remote(0, (InetSocketAddress) tap.getLocalAddress());
            sc0.remote(1, (InetSocketAddress) tap.getLocalAddress());
            ByteBuffer recorded = ByteBuffer.allocate(PeerFrame.MAX_FRAME + 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                sc0.send(new byte[] {5});
                recorded = receive(tap, deadline);
            } while (recorded.get(PeerFrame.AT_TYPE) != PeerFrame.TYPE_DATA);
            byte[] genuine = new byte[recorded.remaining()];
            recorded.get(genuine);
            int link = genuine[PeerFrame.AT_LINK];
            target = sc1.localAddress(link);
            atSc1.clear();
            // first delivery, while SC0's own frames still go to the tap (nothing newer reached SC1): accepted
            attacker.send(ByteBuffer.wrap(genuine), target);
            await("the recorded frame arrives", () -> !atSc1.isEmpty());
            atSc1.clear();
            sc0.remote(0, sc1.localAddress(0));
            sc0.remote(1, sc1.localAddress(1));
            long replaysBefore = sc1.counters().get("replayed_or_stale");
            attacker.send(ByteBuffer.wrap(genuine), target);                        // replay
            attacker.send(ByteBuffer.wrap(java.util.Arrays.copyOf(genuine, 30)), target); // truncated
            attacker.send(ByteBuffer.allocate(PeerFrame.MAX_FRAME + 100), target);   // oversized
            byte[] flipped = genuine.clone();
            flipped[PeerFrame.HEADER] ^= 1;
            attacker.send(ByteBuffer.wrap(flipped), target);                        // bad tag
            FrameSealer reflector = new FrameSealer(FrameAuthenticationTest.KEY, ScId.SC1, 1L << 40, 2);
            attacker.send(FrameAuthenticationTest.seal(reflector, PeerFrame.TYPE_DATA, link, "me"), target); // wrong sender
            FrameSealer oldBoot = new FrameSealer(FrameAuthenticationTest.KEY, ScId.SC0, 0, 2);
            attacker.send(FrameAuthenticationTest.seal(oldBoot, PeerFrame.TYPE_DATA, link, "old"), target);  // old boot
            attacker.send(ByteBuffer.wrap("not a frame at all, just text long enough to pass the size check".getBytes()), target);
            await("every bad frame counted", () -> sc1.counters().get("replayed_or_stale") > replaysBefore
                    && sc1.counters().get("truncated") > 0 && sc1.counters().get("oversized") > 0
                    && sc1.counters().get("bad_tag") > 0 && sc1.counters().get("wrong_sender") > 0
                    && sc1.counters().get("old_boot") > 0 && sc1.counters().get("bad_magic") > 0);
            // SC0's own traffic keeps flowing; none of the attacker's frames were delivered
            sc0.send(new byte[] {6});
            byte[] next = atSc1.poll(30, TimeUnit.SECONDS);
            assertArrayEquals(new byte[] {6}, next, "only SC0's genuine next frame is delivered");
        }
    }

    @Test
    void carrierFollowsTheInterfaceInSysfs() throws IOException {
        await("carrier read", () -> sc0.carrier());
        assertEquals("up", sc0.links().getFirst().operstate());
        iface("eth-test", "0", "down");
        // the fallback has no interface configured, so it counts as up: carrier is up while either link is
        await("primary carrier down", () -> !sc0.links().getFirst().carrier());
        assertTrue(sc0.carrier());
        Carrier gone = new Carrier(sysfs, "eth-nothere");
        assertFalse(gone.exists());
        assertFalse(gone.up());
        assertEquals("absent", gone.operstate());
    }
}
