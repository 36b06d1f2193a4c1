package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SPARE's half of an engine: the listening sockets, a thread per accepted session, the pool
 * that lands files, and the gate. Sessions of an epoch the gate no longer holds are closed.
 */
final class Receiving implements ReceiverSession.Host, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Receiving.class);
    /** Parallel fsyncs share journal commits; more threads than this buy nothing on one disk. */
    private static final int COMMIT_THREADS = 16;
    /**
     * Connections that have not proved the key yet, each with a thread: the one MAIN needs one (two
     * while a probe of the primary overlaps), so more than this is a scan or a flood of sync.port.
     */
    static final int MAX_UNAUTHENTICATED = 8;

    private final SyncConfig cfg;
    private final SecretKey key;
    private final ScId self;
    private final String firmware;
    private final Clock clock;
    private final Counters counters;
    private final boolean asRoot;
    private final Set<Session> sessions;
    private final List<ServerSocket> listeners;
    private final ReceiverGate gate;
    private final ExecutorService pool;
    private final Set<ReceiverSession> receivers = ConcurrentHashMap.newKeySet();
    private final BiConsumer<ReceiverSession, List<PriorityStatus>> mainStatus;
    private final Semaphore unauthenticated = new Semaphore(MAX_UNAUTHENTICATED);
    /** The connections holding {@link #unauthenticated}, oldest first. */
    private final ConcurrentLinkedDeque<ReceiverSession> waiting = new ConcurrentLinkedDeque<>();
    /** When the last connection was shed (accept thread only); a burst is logged once. */
    private long lastShedNanos = Long.MIN_VALUE;
    private long shedSinceLog;
    private volatile boolean closed;

    /**
     * @param sessions   every live session, watched by the engine's ticker
     * @param bound      listening sockets bound already; none: bound here from the config's endpoints
     * @param mainStatus the MAIN's word from a session (null: the session ended), called on the session's thread
     */
    Receiving(SyncConfig cfg, SecretKey key, ScId self, String firmware, Clock clock, Counters counters,
              Set<Session> sessions, List<ServerSocket> bound,
              BiConsumer<ReceiverSession, List<PriorityStatus>> mainStatus) throws IOException {
        this.cfg = cfg;
        this.key = key;
        this.self = self;
        this.firmware = firmware;
        this.clock = clock;
        this.counters = counters;
        this.asRoot = currentUid() == 0;
        this.sessions = sessions;
        this.listeners = bound.isEmpty() && cfg.enabled() ? bind(cfg) : new ArrayList<>(bound);
        this.mainStatus = mainStatus;
        this.gate = new ReceiverGate(self);
        this.pool = Executors.newFixedThreadPool(COMMIT_THREADS, r -> {
            Thread t = new Thread(r, "datasync-commit");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        for (ServerSocket ss : listeners) {
            Thread t = new Thread(() -> accept(ss), "datasync-accept-" + ss.getLocalPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private static List<ServerSocket> bind(SyncConfig cfg) throws IOException {
        List<ServerSocket> bound = new ArrayList<>();
        for (Endpoint e : cfg.listenEndpoints()) {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(e.host().equals("0.0.0.0") ? new InetSocketAddress(e.port()) : e.socketAddress(), 64);
            bound.add(ss);
        }
        return bound;
    }

    /** Owner and group of landed files are set only as root (anyone else may not chown). */
    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    List<InetSocketAddress> listenAddresses() {
        return listeners.stream().map(s -> (InetSocketAddress) s.getLocalSocketAddress()).toList();
    }

    /** The new role takes effect for receiving: sessions of another epoch (or any, if not SPARE) end now. */
    void role(SyncRole role, long epoch) {
        gate.set(role, epoch);
        for (ReceiverSession r : receivers) {
            if (role != SyncRole.SPARE || r.epoch() != epoch) {
                RecordChannel ch = r.channel();
                if (ch != null) {
                    ch.close();
                }
            }
        }
    }

    /** Whether a MAIN's session is up. */
    boolean receiving() {
        return !receivers.isEmpty();
    }

    private void accept(ServerSocket ss) {
        while (!closed) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.error("datasync: listener {} failed: {}", ss.getLocalSocketAddress(), e.getMessage());
                }
                return;
            }
            if (!admit(s)) {
                continue;
            }
            ReceiverSession r = new ReceiverSession(s, this, this::authenticated);
            waiting.add(r);
            try {
                Thread t = new Thread(r, "datasync-recv-" + s.getRemoteSocketAddress());
                t.setDaemon(true);
                t.start();
            } catch (OutOfMemoryError | RuntimeException e) { // no thread to be had: this connection gets none
                log.error("datasync: no thread for the connection from {}: {}", s.getRemoteSocketAddress(), e.toString());
                authenticated(r);
                closeQuietly(s);
            }
        }
    }

    /**
     * Takes one of the {@link #MAX_UNAUTHENTICATED} places of a connection that has not proved the
     * key. When they are all taken, the oldest holder is closed for this one: a flood of idle
     * connections then cannot keep the MAIN's handshake (a few round trips) out, as refusing the
     * newest would for as long as each idle one lasts (the link timeout). Counted, and logged once
     * per burst with the address of the first one closed. Never waits: a slow accept loop would fill
     * the listen backlog and drop the MAIN's connect too. False: the connection was closed unadmitted.
     */
    private boolean admit(Socket s) {
        if (unauthenticated.tryAcquire()) {
            return true;
        }
        ReceiverSession oldest = waiting.poll();
        while (oldest != null && !oldest.shed()) { // it proved the key meanwhile: the next one
            oldest = waiting.poll();
        }
        String who = oldest != null ? oldest.peer() : s.getRemoteSocketAddress().toString().replaceFirst("^/", "");
        counters.connectionsShed.incrementAndGet();
        long now = clock.nanos();
        shedSinceLog++;
        if (lastShedNanos == Long.MIN_VALUE || now - lastShedNanos > cfg.linkTimeout().toNanos()) {
            log.warn("datasync: more than {} connections to the sync port have not proved the pair key: closed the oldest,"
                    + " from {} ({} closed since the last such report; the rest of this burst is only counted in"
                    + " connections_shed); check who reaches sync.port, or set sync.link.*.listen", MAX_UNAUTHENTICATED,
                    who, shedSinceLog);
            shedSinceLog = 0;
        }
        lastShedNanos = now;
        if (oldest != null) {
            return true; // its place passes to this one; its thread ends at once (its socket is closed)
        }
        closeQuietly(s);
        return false;
    }

    /** {@code r} proved the key, or ended before it did: its place among the unauthenticated is free. */
    private void authenticated(ReceiverSession r) {
        waiting.remove(r);
        if (r.releasePlace()) {
            unauthenticated.release();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public SecretKey key() {
        return key;
    }

    @Override
    public ScId self() {
        return self;
    }

    @Override
    public String firmware() {
        return firmware;
    }

    @Override
    public ReceiverGate gate() {
        return gate;
    }

    @Override
    public SyncConfig config() {
        return cfg;
    }

    @Override
    public ExecutorService pool() {
        return pool;
    }

    @Override
    public boolean asRoot() {
        return asRoot;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Counters counters() {
        return counters;
    }

    @Override
    public void sessionStarted(Session s) {
        sessions.add(s);
    }

    @Override
    public void accepted(ReceiverSession s) {
        receivers.add(s);
        if (s.epoch() != gate.epoch() || gate.role() != SyncRole.SPARE) {
            s.channel().close(); // the role changed while it was being accepted
        }
    }

    @Override
    public void sessionEnded(Session s) {
        sessions.remove(s);
        receivers.remove(s);
    }

    @Override
    public void mainStatus(ReceiverSession from, List<PriorityStatus> st) {
        if (st == null) {
            receivers.remove(from);
        }
        mainStatus.accept(from, st);
    }

    @Override
    public void close() {
        closed = true;
        for (ServerSocket ss : listeners) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        pool.shutdown();
    }
}
