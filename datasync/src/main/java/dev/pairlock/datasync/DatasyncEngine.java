package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data sync of one SC: sends to the SPARE while this SC is MAIN, receives from the MAIN while it is
 * SPARE, and keeps the Datasync Status sensors. The daemon tells it the role and epoch
 * ({@link #setRole}) and whether the peer is present and talking ({@link #setPeerPresent}); it
 * reports status and health events to a {@link DatasyncListener}.
 *
 * <p>Threads: every decision runs on the injected {@link Scheduler} (so on one thread, with time
 * from the injected {@link Clock}); a sender thread does the MAIN's blocking I/O; each accepted
 * connection has a thread; a pool fsyncs and renames received files in parallel; a watch thread
 * reads inotify events.
 */
public final class DatasyncEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatasyncEngine.class);
    /** The pair key's purpose for data sync: {@code PairKey.derive(KEY_PURPOSE)} is the engine's key. */
    public static final String KEY_PURPOSE = "pairlock datasync v1";

    private final SyncConfig cfg;
    private final ScId self;
    private final Clock clock;
    private final Scheduler scheduler;
    private final InstantSource wall;
    private final long timeout;
    private final Counters counters = new Counters();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Receiving receiving;
    private final SenderWorker worker;
    private final StatusKeeper status;
    private final dev.pairlock.hal.time.ThreadScheduler ownedScheduler;
    private TreeWatcher watcher;
    private volatile boolean closed;

    // scheduler-thread state
    private final SyncPlanner planner;
    private final LinkSelector links;
    private SyncRole role = SyncRole.NONE;
    private volatile boolean isMain;
    private long epoch = -1;
    private boolean peerPresent = true;
    private int generation;
    private boolean busy;
    private volatile int runningPriority = Integer.MAX_VALUE;
    private volatile boolean preempt;
    private Scheduler.Timer wake;
    private long wakeAt = Long.MAX_VALUE;
    private boolean probing;
    private SenderSession pendingPrimary;

    DatasyncEngine(Builder b) throws IOException {
        this.cfg = b.config;
        this.self = b.self;
        this.clock = b.clock;
        this.scheduler = b.scheduler;
        this.ownedScheduler = b.owned;
        this.wall = b.wall;
        boolean asRoot = currentUid() == 0;
        this.timeout = cfg.linkTimeout().toNanos();
        this.planner = new SyncPlanner(cfg.items());
        this.links = new LinkSelector(cfg.links());
        this.status = new StatusKeeper(cfg, clock, wall, b.listener, self);
        this.worker = new SenderWorker(b.key, self, b.firmware, cfg::location, clock, counters, sessions::add,
                (int) Math.max(1, cfg.linkTimeout().toMillis()), new Pacer(cfg.bandwidth(), clock, scheduler));
        List<ServerSocket> listeners = new ArrayList<>(b.sockets);
        if (listeners.isEmpty() && cfg.enabled()) {
            for (Endpoint e : cfg.listenEndpoints()) {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(e.host().equals("0.0.0.0") ? new InetSocketAddress(e.port()) : e.socketAddress(), 64);
                listeners.add(ss);
            }
        }
        this.receiving = new Receiving(cfg, b.key, self, b.firmware, clock, counters, asRoot, sessions, listeners,
                (from, st) -> {
                    long ep = from.epoch();
                    ScId sc = from.sender().sc();
                    post(() -> {
                        if (ep == epoch && role == SyncRole.SPARE) {
                            status.mirror(sc, st, clock.nanos(), st == null && from.closedBySender());
                        }
                        publish();
                    });
                });
    }

    public static Builder builder(SyncConfig config, SecretKey datasyncKey) {
        return new Builder(config, datasyncKey);
    }

    /** How to build an engine; every part but the config and key has a default for a real SC. */
    public static final class Builder {
        private final SyncConfig config;
        private final SecretKey key;
        private ScId self = ScId.SC0;
        private String firmware = "0";
        private Clock clock = dev.pairlock.hal.time.SystemClock.INSTANCE;
        private Scheduler scheduler;
        private InstantSource wall = InstantSource.system();
        private DatasyncListener listener = new DatasyncListener() { };
        private final List<ServerSocket> sockets = new ArrayList<>();
        private dev.pairlock.hal.time.ThreadScheduler owned;

        private Builder(SyncConfig config, SecretKey key) {
            this.config = Objects.requireNonNull(config);
            this.key = Objects.requireNonNull(key, "the datasync key: PairKey.derive(\"pairlock datasync v1\")");
        }

        public Builder self(ScId sc) {
            this.self = sc;
            return this;
        }

        /** This SC's firmware version, compared with the peer's for the sync flags. */
        public Builder firmware(String version) {
            this.firmware = version;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** Where decisions run; tasks must not overlap (hal-api's contract). Default: a ThreadScheduler of its own. */
        public Builder scheduler(Scheduler s) {
            this.scheduler = s;
            return this;
        }

        /** Wall-clock time for "last full sync"; default the system's. */
        public Builder wallClock(InstantSource w) {
            this.wall = w;
            return this;
        }

        public Builder listener(DatasyncListener l) {
            this.listener = l;
            return this;
        }

        /** Listening sockets bound already (tests bind port 0; a supervisor may pass sockets); default: from the config. */
        public Builder listenOn(List<ServerSocket> bound) {
            this.sockets.addAll(bound);
            return this;
        }

        public DatasyncEngine build() throws IOException {
            if (scheduler == null) {
                owned = new dev.pairlock.hal.time.ThreadScheduler("datasync");
                scheduler = owned;
            }
            return new DatasyncEngine(this);
        }
    }

    /** Starts listening, watching and the periodic timers. */
    public void start() throws IOException {
        if (!cfg.enabled()) {
            scheduler.schedule(0, this::publish);
            return;
        }
        CryptoWarmup.start();
        receiving.start();
        for (int i = 0; i < cfg.items().size(); i++) {
            SyncItem it = cfg.items().get(i);
            if (it.period().isPresent()) {
                int item = i;
                schedulePeriod(item, it.period().get().toNanos());
            }
        }
        new SessionTicker(sessions, timeout, clock, scheduler, () -> closed, this::publish).start();
        scheduler.schedule(0, this::publish);
        log.info("datasync: {} started: {} item(s), links {}, listening on {}", self, cfg.items().size(), cfg.links(),
                listenAddresses());
    }

    /**
     * Watches the immediate items while this SC is MAIN (a SPARE's own items change as the MAIN's data
     * lands: inotify work for nothing). Becoming MAIN compares everything anyway, so nothing is missed
     * between roles.
     */
    private void watch(boolean on) {
        if (!on) {
            if (watcher != null) {
                watcher.close();
                watcher = null;
            }
            return;
        }
        if (watcher != null || closed) {
            return;
        }
        try {
            watcher = new TreeWatcher(cfg.items(), cfg.items().stream().map(cfg::location).toList(), new TreeWatcher.Sink() {
                @Override
                public void changed(int item, String rel) {
                    if (isMain) {
                        post(() -> onChange(() -> planner.changed(item, rel)));
                    }
                }

                @Override
                public void rootChanged(int item, boolean isFile) {
                    if (isMain) {
                        post(() -> onChange(() -> planner.rootChanged(item, isFile)));
                    }
                }
            });
        } catch (IOException e) {
            log.error("datasync: cannot watch the immediate items ({}): they are synced by full passes only", e.getMessage());
        }
    }

    private void schedulePeriod(int item, long period) {
        scheduler.schedule(period, () -> {
            if (!closed) {
                onChange(() -> planner.full(item));
                schedulePeriod(item, period);
            }
        });
    }

    /** The addresses the receiver listens on. */
    public List<InetSocketAddress> listenAddresses() {
        return receiving.listenAddresses();
    }

    /**
     * The role and epoch the failover protocol gave this SC. Takes effect at once for receiving (a
     * session of another epoch commits nothing more once this returns) and aborts sending if no
     * longer MAIN; the rest follows on the scheduler.
     */
    public void setRole(SyncRole newRole, long newEpoch) {
        receiving.role(newRole, newEpoch);
        if (newRole != SyncRole.MAIN) {
            preempt = true;
            worker.abortSession();
        }
        post(() -> onRole(newRole, newEpoch));
    }

    /** Whether the peer SC is present and talking (the failover protocol's view): sync is tried only then. */
    public void setPeerPresent(boolean present) {
        post(() -> {
            if (present != peerPresent) {
                peerPresent = present;
                log.info("datasync: peer SC {}", present ? "present: syncing" : "absent: sync paused");
                if (present) {
                    planner.fullAll();
                }
                dispatch();
            }
        });
    }

    /** Compares every item again (an operator's request, or after a restore from backup). */
    public void requestFullSync() {
        post(() -> onChange(planner::fullAll));
    }

    /** The sensors as last computed (thread-safe). */
    public DatasyncStatus status() {
        return status.current();
    }

    public boolean priority1InSync() {
        return status.current().priority1InSync();
    }

    public DatasyncCounters counters() {
        return counters.snapshot();
    }

    /** Runs {@code task} on the scheduler, unless the engine is closed (its scheduler may be gone). */
    private void post(Runnable task) {
        if (!closed) {
            try {
                scheduler.schedule(0, task);
            } catch (RuntimeException rejected) {
                if (!closed) {
                    throw rejected;
                }
            }
        }
    }

    // ---- scheduler thread

    private void onRole(SyncRole r, long e) {
        if (r == role && e == epoch) {
            return;
        }
        log.info("datasync: {} is {} of epoch {}{}", self, r, e, r == SyncRole.MAIN ? ": sending to the SPARE"
                : r == SyncRole.SPARE ? ": receiving from the MAIN of that epoch only" : ": neither sending nor receiving");
        boolean newEpochSpare = r == SyncRole.SPARE && e != epoch;
        role = r;
        isMain = r == SyncRole.MAIN;
        watch(isMain && cfg.enabled());
        epoch = e;
        generation++;
        if (pendingPrimary != null) {
            pendingPrimary.abort();
            pendingPrimary = null;
        }
        if (r == SyncRole.MAIN) {
            preempt = false;
            planner.fullAll();
        }
        if (newEpochSpare) {
            status.resetMirror();
        }
        dispatch();
    }

    private void onChange(Runnable change) {
        change.run();
        if (busy && planner.preempts(runningPriority, clock.nanos())) {
            preempt = true;
        }
        dispatch();
    }

    private boolean sending() {
        return !closed && cfg.enabled() && role == SyncRole.MAIN && peerPresent;
    }

    private void dispatch() {
        publish();
        if (!sending() || busy) {
            return;
        }
        long now = clock.nanos();
        SyncPlanner.Job job = planner.next(now);
        if (job == null) {
            armWake(Math.min(planner.nextRetry(now), planner.nextEscalation(now)));
            return;
        }
        busy = true;
        preempt = false;
        runningPriority = job.syncItem().priority();
        int gen = generation;
        long ep = epoch;
        List<SyncLink> order = links.order();
        SenderSession swap = pendingPrimary;
        pendingPrimary = null;
        List<PriorityStatus> st = status.current().priorities();
        worker.submit(() -> {
            if (swap != null) {
                worker.adopt(swap, gen);
            }
            worker.run(job, gen, ep, order, st, () -> preempt || closed,
                    report -> post(() -> onReport(report)));
        });
        publish();
    }

    private void onReport(SenderWorker.Report r) {
        busy = false;
        if (r.result() instanceof SyncPlanner.Failed || r.result() instanceof SyncPlanner.NoLink
                || r.result() instanceof SyncPlanner.Synced s && !s.failures().isEmpty()) {
            counters.passesFailed.incrementAndGet();
        }
        runningPriority = Integer.MAX_VALUE;
        long now = clock.nanos();
        boolean current = r.generation() == generation && role == SyncRole.MAIN;
        for (String[] err : r.linkErrors()) {
            if (err[0].equals("PRIMARY")) {
                links.primaryFailed(err[1]);
            }
        }
        if (r.linkLost() != null && r.sessionLink() != null) {
            links.lost(r.sessionLink().name(), r.linkLost());
        }
        if (r.sessionLink() != null && r.linkLost() == null) {
            linkUp(r.sessionLink());
        }
        if (!current) {
            planner.done(r.job(), new SyncPlanner.Aborted(), now, wall.instant());
        } else if (r.linkLost() != null && !r.newSession()) {
            // a session that had worked broke: reconnect at once (maybe on the other link), count nothing yet
            log.warn("datasync: sync session lost: {}", r.linkLost());
            planner.done(r.job(), new SyncPlanner.Aborted(), now, wall.instant());
        } else if (r.result() instanceof SyncPlanner.NoLink n) {
            planner.done(r.job(), n, now, wall.instant());
            log.warn("datasync: {}", n.reason());
        } else if (r.result() instanceof SyncPlanner.Failed f && r.sessionLink() == null && !r.linkErrors().isEmpty()) {
            // one link failed, the other SC answered on the next with a refusal: the refusal's own retry
            planner.done(r.job(), f, now, wall.instant());
            log.warn("datasync: {}", f.reason());
        } else {
            planner.done(r.job(), r.result(), now, wall.instant());
            if (r.result() instanceof SyncPlanner.Failed f) {
                log.warn("datasync: item {}: {}", r.job().syncItem().name(), f.reason());
            }
        }
        if (current && r.newSession()) {
            // the session is new: compare everything again (the job's own item too, unless it just ran a full pass)
            planner.fullAllBut(r.job().full() && r.result() instanceof SyncPlanner.Synced ? r.job().item() : -1);
        }
        if (links.probing() && !probing && sending()) {
            scheduleProbe();
        }
        dispatch();
        if (current) {
            int gen = generation;
            List<PriorityStatus> st = status.current().priorities();
            worker.submit(() -> worker.sendStatus(st, gen));
        }
    }

    private void linkUp(SyncLink link) {
        LinkSelector.Switch sw = links.connected(link.name());
        status.link(link.toString());
        if (sw == LinkSelector.Switch.TO_FALLBACK) {
            counters.linkSwitches.incrementAndGet();
            String why = "primary link " + links.primary().peer() + " is down (" + links.primaryReason()
                    + "); sync moved to the fallback " + link.peer();
            log.warn("datasync: {}", why);
            status.event(DatasyncEvent.Kind.LINK_FALLBACK, 0, why);
        } else if (sw == LinkSelector.Switch.BACK_TO_PRIMARY) {
            counters.linkSwitches.incrementAndGet();
            String why = "primary link " + link.peer() + " is back; sync moved back from the fallback";
            log.info("datasync: {}", why);
            status.event(DatasyncEvent.Kind.LINK_PRIMARY_RESTORED, 0, why);
        }
    }

    private void scheduleProbe() {
        probing = true;
        int gen = generation;
        long ep = epoch;
        scheduler.schedule(cfg.probeInterval().toNanos(), () -> {
            if (gen != generation || !sending()) {
                probing = false;
                return;
            }
            SyncLink primary = links.primary();
            Thread.startVirtualThread(() -> {
                SenderSession s = null;
                String error = null;
                try {
                    s = worker.openProbe(primary, ep);
                } catch (IOException e) {
                    error = ReceivePass.describe(e);
                }
                SenderSession got = s;
                String err = error;
                post(() -> onProbe(gen, got, err));
            });
        });
    }

    private void onProbe(int gen, SenderSession s, String error) {
        probing = false;
        if (gen != generation || !sending()) {
            if (s != null) {
                s.close();
            }
            return;
        }
        if (s == null) {
            log.debug("datasync: primary link still down: {}", error);
            scheduleProbe();
            return;
        }
        linkUp(s.link());
        if (busy) {
            pendingPrimary = s;
        } else {
            List<PriorityStatus> st = status.current().priorities();
            // the SPARE hears the MAIN's word on every session, this one too (it may carry no pass)
            worker.submit(() -> {
                worker.adopt(s, gen);
                worker.sendStatus(st, gen);
            });
        }
        publish();
    }

    private void armWake(long at) {
        if (at == Long.MAX_VALUE || at >= wakeAt && wake != null) {
            return;
        }
        if (wake != null) {
            wake.cancel();
        }
        wakeAt = at;
        wake = scheduler.schedule(Math.max(0, at - clock.nanos()), () -> {
            wake = null;
            wakeAt = Long.MAX_VALUE;
            dispatch();
        });
    }

    private void publish() {
        status.publish(role, epoch, peerPresent, planner, worker.bytesRemaining(), busy ? runningPriority : 0,
                receiving.receiving(), links.current() == null ? Optional.empty() : Optional.of(status.link()));
    }

    @Override
    public void close() {
        closed = true;
        receiving.close();
        if (watcher != null) {
            watcher.close();
        }
        worker.stop();
        for (Session s : sessions) {
            RecordChannel ch = s.channel();
            if (ch != null) {
                ch.close();
            }
        }
        if (ownedScheduler != null) {
            ownedScheduler.close();
        }
    }

    private static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
