package dev.pairlock.peerlink;

import dev.pairlock.hal.HalException;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.peer.PeerLink;
import dev.pairlock.hal.time.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer link over UDP: one {@link DatagramChannel} per configured link (the primary and the
 * fallback, as the CMM's eth1 → eth0), every frame authenticated ({@link PeerFrame}).
 *
 * <p>Both links carry probes, every probe interval, each saying on which links the sender hears
 * us; {@link LinkHealth} judges each link GOOD or FAILED from them. Protocol frames travel on the
 * first GOOD link (the one that "carries traffic"); while no link is GOOD they go out on every
 * link, so the failure detector above sees the peer link up while either link works. The receiver
 * accepts protocol frames from any link.
 *
 * <p>One thread ("peer-link") receives on both channels, sends the probes and reads the carriers;
 * {@link #send} runs on the caller's thread. A frame that cannot be sent is dropped and counted:
 * frames may be lost, the protocol repeats what matters.
 */
public final class UdpPeerLink implements PeerLink {
    /** One configured link. {@code iface} names the interface whose carrier this link depends on. */
    public record Endpoint(String name, InetSocketAddress local, InetSocketAddress remote, Optional<String> iface) {
    }

    /** One link as {@code failover show} reports it. */
    public record LinkStatus(String name, boolean good, boolean carrier, String operstate, boolean hearing,
                             boolean peerHearsUs, InetSocketAddress local, InetSocketAddress remote,
                             long framesIn, long framesOut) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(UdpPeerLink.class);
    private static final int SENT = FrameOpener.Verdict.values().length;
    private static final int SEND_FAILED = SENT + 1;
    private static final int TOO_BIG_TO_SEND = SENT + 2;

    private final ScId self;
    private final Link[] links;
    private final FrameOpener opener;
    private final Clock clock;
    /** Which drops get a log line (receive thread only). */
    private final DropWarnings dropWarnings = new DropWarnings(FrameOpener.Verdict.values().length);
    private final long probeIntervalNanos;
    private final Selector selector;
    private final Thread thread;
    private final AtomicLongArray counters = new AtomicLongArray(SEND_FAILED + 2);
    private final byte[] probe = new byte[1];
    private volatile FrameReceiver receiver;
    private volatile int traffic = -1;
    private volatile boolean running = true;

    private static final class Link {
        final int index;
        final Endpoint endpoint;
        final DatagramChannel channel;
        final FrameSealer sealer;
        final ByteBuffer tx = ByteBuffer.allocate(PeerFrame.MAX_FRAME);
        final LinkHealth health = new LinkHealth();
        final Optional<Carrier> carrier;
        /** The carrier's sysfs files kept open for the probe loop (null without an interface). */
        final CarrierReader carrierReader;
        volatile InetSocketAddress remote;
        volatile boolean carrierUp = true;
        volatile String operstate = "-";
        volatile boolean good;
        volatile boolean hearing;
        volatile boolean peerHearsUs;
        volatile long framesIn;
        volatile long framesOut;

        Link(int index, Endpoint e, DatagramChannel channel, FrameSealer sealer, Optional<Carrier> carrier) {
            this.index = index;
            this.endpoint = e;
            this.channel = channel;
            this.sealer = sealer;
            this.carrier = carrier;
            this.carrierReader = carrier.map(CarrierReader::new).orElse(null);
            this.remote = e.remote();
        }
    }

    private UdpPeerLink(ScId self, Link[] links, FrameOpener opener, Clock clock, long probeIntervalNanos, Selector selector) {
        this.self = self;
        this.links = links;
        this.opener = opener;
        this.clock = clock;
        this.probeIntervalNanos = probeIntervalNanos;
        this.selector = selector;
        this.thread = new Thread(this::loop, "peer-link");
        this.thread.setDaemon(true);
    }

    /**
     * Binds every link's socket and starts the receiving thread.
     *
     * @param key       {@code PairKey.derive(PeerFrame.KEY_PURPOSE)}
     * @param bootId    larger on every start of this daemon (the peer refuses frames of smaller ones)
     * @param sysfsNet  where interfaces' carriers are read ({@link Carrier#SYSFS_NET}; tests pass a fake)
     * @throws HalException naming the link and address that could not be bound
     */
    public static UdpPeerLink open(ScId self, List<Endpoint> endpoints, SecretKey key, long bootId,
                                   long probeIntervalNanos, Clock clock, Path sysfsNet) {
        if (endpoints.isEmpty() || endpoints.size() > 2) {
            throw new IllegalArgumentException("a peer link has 1 or 2 links (primary, fallback), not " + endpoints.size());
        }
        if (probeIntervalNanos < 1_000_000L) {
            throw new IllegalArgumentException("probe interval " + probeIntervalNanos + " ns is below 1 ms");
        }
        List<DatagramChannel> opened = new ArrayList<>();
        Selector selector = null;
        try {
            selector = Selector.open();
            Link[] links = new Link[endpoints.size()];
            for (int i = 0; i < links.length; i++) {
                Endpoint e = endpoints.get(i);
                DatagramChannel ch;
                try {
                    ch = DatagramChannel.open(e.local().getAddress() instanceof java.net.Inet6Address
                            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                    opened.add(ch);
                    ch.bind(e.local());
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, i);
                } catch (IOException ex) {
                    throw new HalException("peer link " + e.name() + ": cannot bind " + e.local() + " (" + ex.getMessage()
                            + "): is the address configured on this SC and the port free?", ex);
                }
                links[i] = new Link(i, e, ch, new FrameSealer(key, self, bootId, links.length),
                        e.iface().map(f -> new Carrier(sysfsNet, f)));
            }
            UdpPeerLink link = new UdpPeerLink(self, links, new FrameOpener(key, self, links.length), clock,
                    probeIntervalNanos, selector);
            link.refreshCarriers();
            link.thread.start();
            return link;
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel ch : opened) {
                closeQuietly(ch);
            }
            if (selector != null) {
                closeQuietly(selector);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new HalException("peer link: cannot open a selector (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void send(byte[] frame) {
        if (frame.length > PeerFrame.MAX_PAYLOAD) {
            counters.incrementAndGet(TOO_BIG_TO_SEND);
            return;
        }
        int t = traffic;
        if (t >= 0) {
            sendOn(links[t], PeerFrame.TYPE_DATA, frame);
        } else {
            for (Link l : links) {
                sendOn(l, PeerFrame.TYPE_DATA, frame);
            }
        }
    }

    private void sendOn(Link l, int type, byte[] payload) {
        if (l.remote.getPort() == 0) {
            return; // not wired to a peer yet (a link opened on port 0 whose peer is not known yet)
        }
        synchronized (l) {
            l.sealer.seal(type, l.index, payload, 0, payload.length, l.tx);
            try {
                if (l.channel.send(l.tx, l.remote) == 0) {
                    counters.incrementAndGet(SEND_FAILED); // socket buffer full: dropped like a lost frame
                } else {
                    counters.incrementAndGet(SENT);
                    l.framesOut++;
                }
            } catch (IOException | RuntimeException e) {
                if (counters.incrementAndGet(SEND_FAILED) % 1000 == 1) {
                    LOG.warn("peer link {}: sending to {} failed ({}); frames are dropped until it works (failures so far: {})",
                            l.endpoint.name(), l.remote, e.toString(), counters.get(SEND_FAILED));
                }
            }
        }
    }

    @Override
    public boolean carrier() {
        for (Link l : links) {
            if (l.carrierUp) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onFrame(FrameReceiver receiver) {
        this.receiver = receiver;
    }

    private void loop() {
        ByteBuffer rx = ByteBuffer.allocate(PeerFrame.MAX_FRAME + 1); // one more: an oversized datagram shows
        long nextProbe = clock.nanos();
        while (running) {
            try {
                long now = clock.nanos();
                if (now >= nextProbe) {
                    endInterval();
                    nextProbe += probeIntervalNanos;
                    if (nextProbe <= now) {
                        nextProbe = now + probeIntervalNanos; // we were stalled: no burst of probes
                    }
                }
                long waitMillis = Math.max(1, (nextProbe - now + 999_999) / 1_000_000);
                selector.select(key -> drain(key, rx), waitMillis);
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.error("peer link: the receiving loop failed; it goes on", e);
                }
            }
        }
    }

    private void drain(SelectionKey key, ByteBuffer rx) {
        int i = (Integer) key.attachment();
        Link l = links[i];
        try {
            for (int n = 0; n < 64; n++) { // bounded: probes must not starve behind a flood
                rx.clear();
                if (l.channel.receive(rx) == null) {
                    return;
                }
                rx.flip();
                onDatagram(l, rx);
            }
        } catch (IOException e) {
            LOG.warn("peer link {}: receive failed ({})", l.endpoint.name(), e.toString());
        }
    }

    private void onDatagram(Link l, ByteBuffer frame) {
        FrameOpener.Verdict v = opener.open(frame, l.index);
        long count = counters.incrementAndGet(v.ordinal());
        if (v != FrameOpener.Verdict.ACCEPTED) {
            if (dropWarnings.due(v.ordinal(), clock.nanos())) {
                LOG.warn("peer link {}: dropped a frame: {} ({} such so far)", l.endpoint.name(), v, count);
            }
            return;
        }
        l.health.heard();
        l.framesIn++;
        if (opener.peerRestarted()) {
            LOG.info("peer link: {} restarted (new boot id {})", self.peer(), Long.toHexString(opener.peerBoot()));
        }
        if (opener.type() == PeerFrame.TYPE_PROBE) {
            if (opener.payloadLength() >= 1) {
                int mask = frame.get(opener.payloadOffset());
                for (Link each : links) {
                    each.health.peerHearsUs((mask >> each.index & 1) != 0);
                }
            }
            return;
        }
        byte[] payload = new byte[opener.payloadLength()];
        frame.get(opener.payloadOffset(), payload);
        FrameReceiver r = receiver;
        if (r != null) {
            try {
                r.onFrame(payload);
            } catch (RuntimeException e) {
                LOG.error("peer link: the frame receiver failed", e);
            }
        }
    }

    private void endInterval() {
        int mask = 0;
        for (Link l : links) {
            boolean moved = l.health.endInterval();
            l.good = l.health.good();
            l.hearing = l.health.hearing();
            l.peerHearsUs = l.health.peerHearsUs();
            if (moved) { // logged once what a reader sees has moved too, so the log never runs ahead of it
                LOG.info("peer link {} ({} -> {}): {}", l.endpoint.name(), boundLocal(l), l.remote, l.good ? "GOOD" : "FAILED");
            }
            if (l.hearing) {
                mask |= 1 << l.index;
            }
        }
        int t = -1;
        for (Link l : links) {
            if (l.good) {
                t = l.index;
                break;
            }
        }
        if (t != traffic) {
            traffic = t;
            LOG.info("peer link: traffic now on {}", t < 0 ? "every link (none is GOOD)" : links[t].endpoint.name());
        }
        refreshCarriers();
        probe[0] = (byte) mask;
        for (Link l : links) {
            sendOn(l, PeerFrame.TYPE_PROBE, probe);
        }
    }

    private void refreshCarriers() {
        for (Link l : links) {
            CarrierReader c = l.carrierReader;
            if (c != null) {
                c.refresh();
                boolean up = c.up();
                if (up != l.carrierUp) {
                    LOG.info("peer link {}: carrier of {} {}", l.endpoint.name(), c.carrier().iface(), up ? "up" : "down");
                }
                l.carrierUp = up;
                l.operstate = c.operstate();
            }
        }
    }

    private static InetSocketAddress boundLocal(Link l) {
        try {
            return (InetSocketAddress) l.channel.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            return l.endpoint.local();
        }
    }

    /** Each link as {@code failover show} reports it, primary first. */
    public List<LinkStatus> links() {
        List<LinkStatus> out = new ArrayList<>();
        for (Link l : links) {
            out.add(new LinkStatus(l.endpoint.name(), l.good, l.carrierUp, l.operstate, l.hearing, l.peerHearsUs,
                    boundLocal(l), l.remote, l.framesIn, l.framesOut));
        }
        return out;
    }

    /** The link protocol frames travel on, or empty while no link is GOOD (then they go on all). */
    public Optional<String> trafficLink() {
        int t = traffic;
        return t < 0 ? Optional.empty() : Optional.of(links[t].endpoint.name());
    }

    /** Frames by what became of them: every drop reason, "sent", "send_failed", "too_big_to_send". */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (FrameOpener.Verdict v : FrameOpener.Verdict.values()) {
            m.put(v.name().toLowerCase(java.util.Locale.ROOT), counters.get(v.ordinal()));
        }
        m.put("sent", counters.get(SENT));
        m.put("send_failed", counters.get(SEND_FAILED));
        m.put("too_big_to_send", counters.get(TOO_BIG_TO_SEND));
        return m;
    }

    /** Where link {@code index} is bound (its port, when configured as 0). */
    public InetSocketAddress localAddress(int index) {
        return links().get(index).local();
    }

    /** Points link {@code index} at another peer address (the peer moved, or a test wired it late). */
    public void remote(int index, InetSocketAddress remote) {
        links[index].remote = remote;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Link l : links) {
            closeQuietly(l.channel);
            if (l.carrierReader != null) {
                l.carrierReader.close(); // after the join: the link's thread no longer reads it
            }
        }
        closeQuietly(selector);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing: nothing left to do about it
        }
    }
}
