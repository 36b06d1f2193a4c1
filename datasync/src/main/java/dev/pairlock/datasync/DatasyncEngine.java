package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Counters counters = new Counters();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Receiving receiving;
    private final SenderWorker worker;
    private final StatusKeeper status;
    private final dev.pairlock.hal.time.ThreadScheduler ownedScheduler;
    /** What tells the planner an item changed: the watcher (open only while MAIN) and the periods. */
    private final ChangeTriggers triggers;
    /** Set once, by {@link #close}: nothing new is posted, and no job dispatched, after it. */
    private volatile boolean closed;

    // scheduler-thread state
    private final SyncPlanner planner;
    private final LinkChoice links;
    private final SyncReports reports;
    private final WakeTimer wake;
    private SyncRole role = SyncRole.NONE;
    /** {@code role == MAIN}, for the watch thread: a change it sees while not MAIN is not even posted. */
    private volatile boolean isMain;
    private long epoch = -1;
    private boolean peerPresent = true;
    /** Bumped on each new role or epoch: the work of an older one's report stays due, its probe is dropped. */
    private int generation;
    /** A job is with the worker and its report not yet taken: one job at a time. */
    private boolean busy;
    /** While {@link #busy}: the running job's priority (what a due change must beat to preempt); else MAX_VALUE. */
    private volatile int runningPriority = Integer.MAX_VALUE;
    /**
     * The sender's pass must yield to higher-priority work; cleared for each new job and on becoming
     * MAIN. A lost role is not told here (a dispatch queued before the role change would clear it) but
     * by the receiving gate, which {@link #setRole} sets before it returns ({@link #mainOf}).
     */
    private volatile boolean preempt;

    DatasyncEngine(Builder b) throws IOException {
        this.cfg = b.config;
        this.self = b.self;
        this.clock = b.clock;
        this.scheduler = b.scheduler;
        this.ownedScheduler = b.owned;
        this.wall = b.wall;
        this.planner = new SyncPlanner(cfg.items(), self);
        this.triggers = new ChangeTriggers(cfg, scheduler, planner, () -> closed, () -> isMain, this::post, this::onChange);
        this.status = new StatusKeeper(cfg, clock, wall, b.listener, self);
        this.worker = new SenderWorker(b.key, self, b.firmware, cfg::location, clock, counters, sessions::add,
                (int) Math.max(1, cfg.linkTimeout().toMillis()), new Pacer(cfg.bandwidth(), clock, scheduler));
        this.links = new LinkChoice(cfg, scheduler, worker, status, counters, gen -> gen == generation && sending(),
                () -> busy, this::post, this::publish, () -> {
                    planner.linkUp();
                    dispatch();
                });
        this.reports = new SyncReports(planner, links, counters, clock, wall);
        this.wake = new WakeTimer(scheduler, clock, this::dispatch);
        this.receiving = new Receiving(cfg, b.key, self, b.firmware, clock, counters, sessions, b.sockets,
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
        triggers.startPeriods();
        new SessionTicker(sessions, cfg.linkTimeout().toNanos(), clock, scheduler, () -> closed, this::publish).start();
        scheduler.schedule(0, this::publish);
        log.info("datasync: {} started: {} item(s), links {}, listening on {}", self, cfg.items().size(), cfg.links(),
                listenAddresses());
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
            // the sender's jobs check the gate set just above (mainOf): a dispatch still queued cannot undo that
            worker.abortSession();
        }
        post(() -> onRole(newRole, newEpoch));
    }

    /**
     * The role receiving enforces now: what the last {@link #setRole} gave, in effect from its return
     * ({@link #status()} speaks for it from then on too).
     */
    public SyncRole role() {
        return receiving.gate().role();
    }

    /** The epoch that goes with {@link #role()}. */
    public long epoch() {
        return receiving.gate().epoch();
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

    /**
     * The sensors as last computed, for the role and epoch {@link #setRole} gave last (thread-safe).
     * While the engine's thread has not yet applied that role, every priority with items reads
     * {@code syncing}: what was computed is the old role's ({@link StatusKeeper#forRole}).
     */
    public DatasyncStatus status() {
        DatasyncStatus published = status.current(); // read first: a role change after it is seen just below
        ReceiverGate.Given given = receiving.gate().given();
        return status.forRole(published, given.role(), given.epoch());
    }

    /** Priority 1 in sync (S5's gate), as {@link #status()} says it. */
    public boolean priority1InSync() {
        return status().priority1InSync();
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
        triggers.watch(isMain && cfg.enabled());
        epoch = e;
        generation++;
        links.dropProbed();
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

    /** Whether this SC is MAIN of {@code ep} as {@link #setRole} last said, from any thread. */
    private boolean mainOf(long ep) {
        ReceiverGate g = receiving.gate();
        return !closed && g.role() == SyncRole.MAIN && g.epoch() == ep;
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
            wake.arm(Math.min(planner.nextRetry(now), planner.nextEscalation(now)));
            return;
        }
        busy = true;
        preempt = false;
        runningPriority = job.syncItem().priority();
        int gen = generation;
        long ep = epoch;
        List<SyncLink> order = links.order();
        SenderSession swap = links.takeProbed();
        List<PriorityStatus> st = status.current().priorities();
        worker.submit(() -> {
            if (swap != null) {
                worker.adopt(swap, gen);
            }
            worker.run(job, gen, ep, order, st, () -> preempt || !mainOf(ep), () -> mainOf(ep),
                    report -> post(() -> onReport(report)));
        });
        publish();
    }

    private void onReport(SenderWorker.Report r) {
        busy = false;
        runningPriority = Integer.MAX_VALUE;
        boolean current = r.generation() == generation && role == SyncRole.MAIN;
        reports.take(r, current);
        links.probeIfDue(generation, epoch);
        dispatch();
        if (current) {
            int gen = generation;
            List<PriorityStatus> st = status.current().priorities();
            worker.submit(() -> worker.sendStatus(st, gen));
        }
    }

    private void publish() {
        status.publish(role, epoch, peerPresent, planner, worker.bytesRemaining(), busy ? runningPriority : 0,
                receiving.receiving(), links.current());
    }

    @Override
    public void close() {
        closed = true;
        receiving.close();
        triggers.close();
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
}
