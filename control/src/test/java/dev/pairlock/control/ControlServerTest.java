package dev.pairlock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The control protocol on a real Unix socket in a temporary directory. */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ControlServerTest {
    @TempDir
    Path dir;
    Path socket;
    ControlServer server;
    final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("control.sock");
        HandlerRegistry r = new HandlerRegistry()
                .register("echo", Access.READ, "returns its argument", ArgSpec.none().required("text", new ArgSpec.Text(100))
                        .optional("times", new ArgSpec.Int(1, 3)).optional("loud", new ArgSpec.Flag()), (args, s) -> {
                            String t = args.text("text", "");
                            return Map.of("text", (args.flag("loud", false) ? t.toUpperCase() : t).repeat((int) args.integer("times", 1)));
                        })
                .register("boom", Access.READ, "fails", ArgSpec.none(), (args, s) -> {
                    throw new IllegalStateException("a bug");
                })
                .register("refuse", Access.READ, "refuses", ArgSpec.none(), (args, s) -> {
                    throw new ControlException("failed", "not now");
                })
                .register("ticks", Access.READ, "streams", ArgSpec.none().optional("mode", new ArgSpec.OneOf(List.of("fast", "slow"))),
                        (args, s) -> {
                            Emitter e = s.open();
                            e.send("early");
                            Consumer<String> l = e::send;
                            listeners.add(l);
                            e.onClose(() -> listeners.remove(l));
                            return Map.of("mode", args.choice("mode", "slow"));
                        });
        server = ControlServer.start(socket, Optional.of("no-such-group-pairlock-test"), r);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A raw client: writes bytes, reads reply lines. */
    private final class Raw implements AutoCloseable {
        final SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        final BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));

        Raw() throws IOException {
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> ask(String line) throws IOException {
            send(line + "\n");
            return (Map<String, Object>) Json.parse(in.readLine());
        }

        void send(String text) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    private static String code(Map<String, Object> reply) {
        assertEquals(false, reply.get("ok"), reply::toString);
        return (String) ((Map<?, ?>) reply.get("error")).get("code");
    }

    @Test
    void theSocketIsGroupReadableOnly() throws IOException {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void requestsAreAnsweredAndBadOnesRefusedOnTheSameConnection() throws IOException {
        try (Raw c = new Raw()) {
            Map<String, Object> ok = c.ask("{\"id\":7,\"op\":\"echo\",\"args\":{\"text\":\"hi\",\"times\":2,\"loud\":true}}");
            assertEquals(Map.of("id", 7L, "ok", true, "result", Map.of("text", "HIHI")), ok);
            assertEquals("parse_error", code(c.ask("{not json")));
            assertEquals("parse_error", code(c.ask("{\"op\":\"echo\"} {\"op\":\"echo\"}")), "two objects on one line");
            assertEquals("bad_request", code(c.ask("[1,2]")));
            assertEquals("bad_request", code(c.ask("{\"op\":\"echo\",\"extra\":1}")));
            assertEquals("bad_request", code(c.ask("{\"op\":3}")));
            assertEquals("unknown_op", code(c.ask("{\"op\":\"rm-rf\"}")));
            assertEquals("bad_args", code(c.ask("{\"op\":\"echo\"}")), "required argument missing");
            assertEquals("bad_args", code(c.ask("{\"op\":\"echo\",\"args\":{\"text\":1}}")), "wrong type");
            assertEquals("bad_args", code(c.ask("{\"op\":\"echo\",\"args\":{\"text\":\"a\",\"times\":9}}")), "out of range");
            assertEquals("bad_args", code(c.ask("{\"op\":\"echo\",\"args\":{\"text\":\"a\",\"colour\":\"red\"}}")), "unknown argument");
            Map<String, Object> failed = c.ask("{\"id\":\"x\",\"op\":\"refuse\"}");
            assertEquals("failed", code(failed));
            assertEquals("x", failed.get("id"), "the id comes back with an error too");
            assertEquals("internal", code(c.ask("{\"op\":\"boom\"}")));
            assertEquals(Map.of("text", "a"), c.ask("{\"op\":\"echo\",\"args\":{\"text\":\"a\"}}").get("result"), "still serving");
        }
        assertTrue(server.refused() >= 10);
    }

    @Test
    void anOverlongLineIsAnsweredAndTheConnectionClosedButTheServerGoesOn() throws IOException {
        try (Raw c = new Raw()) {
            c.send("{\"op\":\"echo\",\"args\":{\"text\":\"" + "a".repeat(ControlRequest.MAX_BYTES) + "\"}}\n");
            @SuppressWarnings("unchecked")
            Map<String, Object> reply = (Map<String, Object>) Json.parse(c.in.readLine());
            assertEquals("too_long", code(reply));
            assertEquals(null, c.in.readLine(), "closed after");
        }
        try (ControlClient client = ControlClient.connect(socket)) {
            assertEquals(Map.of("text", "b"), client.call("echo", Map.of("text", "b"), 5_000));
        }
    }

    /**
     * Slow loris: 16 connections that never finish a request (nothing sent, or a line without its
     * newline) held every slot for good, so the operator's {@code scctl failover off} was told
     * "unavailable" until those clients went away by themselves. A connection is given a bounded
     * time to send its request; then the slot is free again.
     */
    @Test
    void clientsThatNeverFinishARequestDoNotLockTheOperatorOut() throws Exception {
        List<Raw> idle = new ArrayList<>();
        try {
            for (int i = 0; i < ControlServer.MAX_CLIENTS; i++) {
                Raw r = new Raw();
                if (i % 2 == 0) {
                    r.send("{\"op\":\"echo\""); // a line that never ends
                }
                idle.add(r);
            }
            Thread.sleep(200); // every one accepted
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Object served = null;
            while (served == null && System.nanoTime() < deadline) {
                try (ControlClient client = ControlClient.connect(socket)) {
                    served = client.call("echo", Map.of("text", "operator"), 5_000);
                } catch (ControlException e) { // "unavailable": every slot taken
                    Thread.sleep(500);
                }
            }
            assertEquals(Map.of("text", "operator"), served,
                    "16 clients that never send a whole request still hold every slot after 30 s");
        } finally {
            for (Raw r : idle) {
                r.close();
            }
        }
    }

    /**
     * A client that sends requests and never reads the replies: once the socket buffers are full
     * the server's thread for it blocks in its write, holding a slot for good. It is closed instead.
     */
    @Test
    void aClientThatNeverReadsItsRepliesIsClosed() throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.configureBlocking(false);
            ByteBuffer req = ByteBuffer.wrap(("{\"op\":\"echo\",\"args\":{\"text\":\"" + "a".repeat(100)
                    + "\",\"times\":3}}\n").repeat(100).getBytes(StandardCharsets.UTF_8));
            long stuckSince = System.nanoTime();
            while (System.nanoTime() - stuckSince < TimeUnit.SECONDS.toNanos(2)) { // buffers full both ways
                if (!req.hasRemaining()) {
                    req.rewind();
                }
                if (ch.write(req) > 0) {
                    stuckSince = System.nanoTime();
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                Thread.sleep(500);
                try {
                    ch.write(ByteBuffer.wrap("\n".getBytes(StandardCharsets.UTF_8)));
                } catch (IOException brokenPipe) {
                    closed = true; // the server closed its end
                }
            }
            assertTrue(closed, "a client that reads none of its replies still holds its connection after 30 s");
        }
    }

    @Test
    void aStreamDeliversItsEventsAfterTheReplyUntilTheClientHangsUp() throws Exception {
        List<Object> seen = new ArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().start(() -> {
            try (ControlClient client = ControlClient.connect(socket)) {
                client.follow("ticks", Map.of("mode", "FAST"), result -> {
                    seen.add(result);
                    subscribed.countDown();
                }, event -> {
                    seen.add(event);
                    return seen.size() < 4;
                });
            }
        });
        assertTrue(subscribed.await(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.isAlive() && System.nanoTime() < deadline) {
            listeners.forEach(l -> l.accept("tick"));
            t.join(50);
        }
        assertFalse(t.isAlive(), "the follower stopped after its fourth line");
        assertEquals(List.of(Map.of("mode", "fast"), "early", "tick", "tick"), seen);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!listeners.isEmpty() && System.nanoTime() < until) {
            listeners.forEach(l -> l.accept("tick")); // a send to the gone client closes the stream
            Thread.sleep(20);
        }
        assertTrue(listeners.isEmpty(), "the stream's close action unsubscribed it");
    }

    @Test
    void noDaemonIsOneLine() {
        DaemonUnavailableException e = assertThrows(DaemonUnavailableException.class,
                () -> ControlClient.connect(dir.resolve("absent.sock")));
        assertEquals("no pairlockd is running (no control socket at " + dir.resolve("absent.sock") + ")", e.getMessage());
    }

    @Test
    void aStaleSocketIsReplacedAndALiveOneRefused() throws IOException {
        IOException live = assertThrows(IOException.class, () -> ControlServer.start(socket, Optional.empty(), new HandlerRegistry()));
        assertTrue(live.getMessage().contains("another process"), live.getMessage());
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        } // closed: the file stays, nobody listens
        assertTrue(Files.exists(stale));
        try (ControlServer again = ControlServer.start(stale, Optional.empty(), new HandlerRegistry())) {
            assertEquals(stale, again.socket());
        }
        assertFalse(Files.exists(stale), "removed on close");
        DaemonUnavailableException e = assertThrows(DaemonUnavailableException.class, () -> {
            try (ServerSocketChannel dead = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
                dead.bind(UnixDomainSocketAddress.of(stale));
            }
            ControlClient.connect(stale);
        });
        assertTrue(e.getMessage().startsWith("no pairlockd is running (nothing listens on"), e.getMessage());
    }
}
