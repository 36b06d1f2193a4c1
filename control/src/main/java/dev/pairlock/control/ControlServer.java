package dev.pairlock.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link HandlerRegistry} on a Unix domain socket (default
 * {@code /run/pairlock/control.sock}, mode 0660, group {@code pairlock} when that group exists).
 * One line per request, one line per reply ({@code {"id":…,"ok":true,"result":…}} or
 * {@code {"id":…,"ok":false,"error":{"code":…,"message":…}}}); a streaming reply goes on with
 * {@code {"event":…}} lines until the client hangs up. A bad request is answered, never fatal; a
 * line over {@link ControlRequest#MAX_BYTES} is answered and the connection closed (there is no
 * telling where the next request would start). Each connection runs on its own virtual thread.
 * A connection that takes longer than {@link #STALL_MILLIS} to send a whole request (idle, or a line
 * without its newline) or to take a reply line it is sent (it does not read) is closed: at most
 * {@link #MAX_CLIENTS} are served at once, and such a client would hold a slot for good.
 * Before an {@link Access#ADMIN} operation runs, its {@link AccessPolicy} decides on the peer's
 * credentials (read once per connection: the kernel fixed them at connect time); a refusal is the
 * error {@code permission_denied}, and the connection goes on.
 */
public final class ControlServer implements AutoCloseable {
    public static final Path DEFAULT_SOCKET = Path.of("/run/pairlock/control.sock");
    public static final String DEFAULT_GROUP = "pairlock";
    /** Concurrent clients beyond this are told to come back later. */
    public static final int MAX_CLIENTS = 16;
    /** How long a client may take to send a request, or to take one line of a reply, before it is closed. */
    public static final long STALL_MILLIS = 10_000;
    private static final long NO_DEADLINE = Long.MIN_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final Path socket;
    private final ServerSocketChannel server;
    private final HandlerRegistry registry;
    private final AccessPolicy policy;
    private final UserPrincipal daemonUser; // the socket's owner: pairlockd's own user; null when unreadable
    private final Thread acceptor;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private volatile Thread reaper; // started with the first client: no virtual-thread carriers at idle before one
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean running = true;

    private ControlServer(Path socket, ServerSocketChannel server, HandlerRegistry registry, AccessPolicy policy,
                          UserPrincipal daemonUser) {
        this.socket = socket;
        this.server = server;
        this.registry = registry;
        this.policy = policy;
        this.daemonUser = daemonUser;
        this.acceptor = Thread.ofPlatform().daemon().name("control-accept").unstarted(this::accept);
    }

    /**
     * Binds {@code socket} ({@link ControlSocket}: never reachable with the wrong mode) and starts
     * serving. A stale socket file (nobody listening) is replaced; a live one means another daemon
     * runs, and anything but a socket at that path is left alone: both are errors.
     *
     * @param group  the group to give the socket (skipped with a log line when it does not exist)
     * @param policy who may run the {@link Access#ADMIN} operations
     */
    public static ControlServer start(Path socket, Optional<String> group, HandlerRegistry registry, AccessPolicy policy)
            throws IOException {
        ServerSocketChannel ch = ControlSocket.bind(socket, group);
        UserPrincipal owner;
        try {
            owner = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            LOG.warn("control socket {}: its owner could not be read ({}): only root and group {} may run admin operations",
                    socket, e.toString(), policy.adminGroup());
            owner = null;
        }
        ControlServer s = new ControlServer(socket, ch, registry, policy, owner);
        s.acceptor.start();
        return s;
    }

    /** {@link #start(Path, Optional, HandlerRegistry, AccessPolicy)} with the system's policy and the default admin group. */
    public static ControlServer start(Path socket, Optional<String> group, HandlerRegistry registry) throws IOException {
        return start(socket, group, registry, AccessPolicy.system(AccessPolicy.DEFAULT_ADMIN_GROUP));
    }

    public Path socket() {
        return socket;
    }

    /** Requests answered so far, and how many of them were refused (bad request, unknown op, …). */
    public long requests() {
        return requests.get();
    }

    public long refused() {
        return refused.get();
    }

    private void accept() {
        while (running) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                if (running) {
                    LOG.error("control socket {}: accept failed; no more clients will be served", socket, e);
                }
                return;
            }
            if (clients.size() >= MAX_CLIENTS) {
                try (c) {
                    write(new Client(c), reply(null, new ControlException("unavailable", "pairlockd serves at most " + MAX_CLIENTS
                            + " clients at once; try again")));
                } catch (IOException e) {
                    // the client is gone already
                }
                continue;
            }
            Client k = new Client(c);
            k.deadline = System.nanoTime() + STALL_MILLIS * 1_000_000L;
            clients.add(k);
            if (reaper == null) {
                reaper = Thread.ofVirtual().name("control-reaper").start(this::reap);
            }
            Thread.ofVirtual().name("control-client").start(() -> serve(k));
        }
    }

    /** Closes the clients past their deadline: a request not sent in time, a reply line not taken. */
    private void reap() {
        while (running) {
            try {
                Thread.sleep(Math.max(50, STALL_MILLIS / 10));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Client k : clients) {
                long d = k.deadline;
                if (d != NO_DEADLINE && now - d > 0) {
                    LOG.info("control socket {}: closing a client that sent no whole request or took no reply for {} ms",
                            socket, STALL_MILLIS);
                    try {
                        k.ch.close(); // wakes its thread, blocked in a read or a write
                    } catch (IOException e) {
                        // closed anyway
                    }
                }
            }
        }
    }

    private void serve(Client k) {
        SocketChannel c = k.ch;
        try {
            k.peer = policy.credentials().of(c);
        } catch (IOException | RuntimeException e) {
            LOG.warn("control socket {}: the peer's credentials could not be read ({}): no admin operation on this connection",
                    socket, e.toString());
        }
        try (c) {
            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(c));
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (running) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                if (b != '\n') {
                    if (line.size() >= ControlRequest.MAX_BYTES) {
                        refused.incrementAndGet();
                        write(k, reply(null, new ControlException("too_long", "a request is at most "
                                + ControlRequest.MAX_BYTES + " bytes and ends with a newline; closing")));
                        return;
                    }
                    line.write(b);
                    continue;
                }
                byte[] request = line.toByteArray();
                line.reset();
                if (request.length > 0 && request[request.length - 1] == '\r') {
                    request = java.util.Arrays.copyOf(request, request.length - 1);
                }
                k.deadline = NO_DEADLINE; // the handler bounds its own waits
                if (!answer(k, in, request)) {
                    return;
                }
                k.deadline = System.nanoTime() + STALL_MILLIS * 1_000_000L; // for the next request
            }
        } catch (IOException e) {
            LOG.debug("control client gone: {}", e.toString());
        } finally {
            clients.remove(k);
        }
    }

    /** Answers one request; false when the connection is done (a stream ended). */
    private boolean answer(Client c, InputStream in, byte[] line) throws IOException {
        requests.incrementAndGet();
        ControlRequest req;
        try {
            req = ControlRequest.parse(line, registry);
        } catch (ControlRequest.Refused e) {
            refused.incrementAndGet();
            write(c, reply(e.id(), e));
            return true;
        }
        AccessPolicy.Decision may = policy.decide(req.operation(), c.peer, daemonUser);
        String who = c.peer == null ? "an unknown peer" : "user " + c.peer.user().getName();
        if (!may.allowed()) {
            refused.incrementAndGet();
            LOG.warn("control: refused to {}: {}", who, may.message());
            write(c, reply(req.id(), new ControlException(AccessPolicy.PERMISSION_DENIED, may.message())));
            return true;
        }
        if (req.operation().access() == Access.ADMIN) {
            LOG.info("control: {} {} by {} ({})", req.operation().name(), Json.write(req.args().asMap()), who, may.message());
        }
        StreamingReply stream = new StreamingReply(c);
        Object result;
        try {
            result = req.operation().handler().handle(req.args(), stream);
        } catch (ControlException e) {
            stream.close();
            write(c, reply(req.id(), e));
            return true;
        } catch (RuntimeException e) {
            stream.close();
            LOG.error("control: operation {} failed unexpectedly", req.operation().name(), e);
            write(c, reply(req.id(), new ControlException("internal", req.operation().name() + " failed inside pairlockd ("
                    + e + "); the daemon logged the details")));
            return true;
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("id", req.id());
        ok.put("ok", true);
        ok.put("result", result);
        if (!stream.opened) {
            write(c, ok);
            return true;
        }
        stream.start(ok);
        // streaming: the client ends it by hanging up; anything it sends meanwhile is ignored
        while (stream.isOpen() && in.read() >= 0) {
            // drained
        }
        stream.close();
        return false;
    }

    static Map<String, Object> reply(Object id, ControlException e) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", e.code());
        err.put("message", e.getMessage());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("ok", false);
        m.put("error", err);
        return m;
    }

    /** Writes one line; a client that does not take it within {@link #STALL_MILLIS} is closed by the reaper. */
    static void write(Client c, Object value) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((Json.write(value) + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (c) {
            long before = c.deadline;
            c.deadline = System.nanoTime() + STALL_MILLIS * 1_000_000L;
            try {
                while (b.hasRemaining()) {
                    c.ch.write(b);
                }
            } finally {
                c.deadline = before;
            }
        }
    }

    /** One connection and the time by which its current read of a request or write of a line must end. */
    static final class Client {
        final SocketChannel ch;
        volatile long deadline = NO_DEADLINE;
        UnixDomainPrincipal peer; // null until read, or when it could not be

        Client(SocketChannel ch) {
            this.ch = ch;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (reaper != null) {
            reaper.interrupt();
        }
        for (Client c : clients) {
            try {
                c.ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(5_000);
            Files.deleteIfExists(socket);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("control socket {} could not be removed: {}", socket, e.toString());
        }
    }
}
