package dev.pairlock.datasync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback between the MAIN and the SPARE: a fixed address for a SPARE that restarts
 * on another port, and a wire that can corrupt one byte in flight.
 */
final class Relay implements AutoCloseable {
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int targetPort;
    /** Flip a bit of the byte at this offset of the MAIN→SPARE stream of all connections together; -1: never. */
    private final AtomicLong corruptAt = new AtomicLong(-1);
    private final AtomicLong forwarded = new AtomicLong();
    volatile boolean corrupted;
    /** A cut cable: nothing is forwarded any more and no close crosses either (see {@link #stall}). */
    private volatile boolean stalled;

    Relay(int targetPort) throws IOException {
        this(targetPort, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** A relay on the port {@code before} had (it is closed): the link comes back. */
    Relay(int targetPort, Relay before) throws IOException {
        this(targetPort, rebind(before.port()));
    }

    private static ServerSocket rebind(int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return ss;
    }

    private Relay(int targetPort, ServerSocket server) throws IOException {
        this.targetPort = targetPort;
        this.server = server;
        Thread t = new Thread(this::accept, "relay");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Links for {@link Pair.Options#links}: SC0 (the MAIN) reaches SC1 through a relay made here and
     * put in {@code holder[0]}; SC1 reaches SC0 directly.
     */
    static java.util.function.Function<Pair.Side, java.util.List<SyncLink>> mainToSpareThrough(Relay[] holder) {
        return peer -> {
            int port = peer.port();
            if (peer.sc == dev.pairlock.hal.ScId.SC1) {
                try {
                    holder[0] = new Relay(port);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                port = holder[0].port();
            }
            return java.util.List.of(new SyncLink(SyncLink.Name.PRIMARY, new Endpoint("127.0.0.1", port), java.util.Optional.empty()));
        };
    }

    int port() {
        return server.getLocalPort();
    }

    void target(int port) {
        this.targetPort = port;
    }

    /** Corrupts the byte {@code offset} bytes from now in the MAIN→SPARE direction. */
    void corruptAfter(long offset) {
        corruptAt.set(forwarded.get() + offset);
    }

    long forwarded() {
        return forwarded.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                if (stalled) {
                    open.add(in); // held open, silent: the dialler's handshake times out
                    continue;
                }
                Socket out;
                try {
                    out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    in.close();
                    continue;
                }
                open.add(in);
                open.add(out);
                start(() -> pump(in, out, true));
                start(() -> pump(out, in, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean mainToSpare) {
        byte[] b = new byte[64 * 1024];
        try {
            InputStream i = from.getInputStream();
            OutputStream o = to.getOutputStream();
            for (int n; (n = i.read(b)) > 0; ) {
                if (stalled) {
                    continue; // the bytes fall on the floor of the cut
                }
                if (mainToSpare) {
                    long start = forwarded.getAndAdd(n);
                    long at = corruptAt.get();
                    if (at >= start && at < start + n && corruptAt.compareAndSet(at, -1)) {
                        b[(int) (at - start)] ^= 0x01;
                        corrupted = true;
                    }
                }
                o.write(b, 0, n);
            }
        } catch (IOException ignored) {
            // either side closed
        } finally {
            if (!stalled) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /**
     * Cuts the cable: from now on no byte and no close crosses, in either direction, and new
     * connections are accepted and left silent; the sockets stay open, as a peer's do when the wire
     * between them is cut.
     */
    void stall() {
        stalled = true;
    }

    /** Cuts the connections in flight (the listener stays): a link loss. */
    void dropConnections() {
        open.forEach(this::closeQuietly);
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(this::closeQuietly);
    }
}
