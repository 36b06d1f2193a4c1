package dev.pairlock.daemon;

import dev.pairlock.control.ArgSpec;
import dev.pairlock.control.HandlerRegistry;
import dev.pairlock.datasync.DatasyncCounters;
import dev.pairlock.datasync.DatasyncEngine;
import dev.pairlock.datasync.DatasyncEvent;
import dev.pairlock.datasync.DatasyncListener;
import dev.pairlock.datasync.DatasyncStatus;
import dev.pairlock.datasync.PriorityStatus;
import dev.pairlock.datasync.SyncConfig;
import dev.pairlock.datasync.SyncRole;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Scheduler;
import dev.pairlock.hal.time.ThreadScheduler;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.SecretKey;

/**
 * Data sync inside pairlockd: the engine runs with the role and epoch of this SC's controller —
 * handed over in the same control-loop task as the runtime's role change ({@link #follower}: the
 * receiving side's gate must close to the old MAIN's session the moment this SC takes over, not a
 * poll later), and read again every quarter FDT (a SPARE's epoch can change without a role change,
 * and presence is the peer link's) — its
 * priority-1 status goes to the protocol's S5 gate as {@link Event.SyncStatus}, its health events
 * go to the daemon's log and ring, and {@code datasync.status} answers on the control socket.
 */
final class DatasyncBridge implements AutoCloseable {
    private final ScId sc;
    private final DatasyncEngine engine;
    private final ThreadScheduler scheduler = new ThreadScheduler("datasync");
    private final Scheduler control;
    private final ControllerRuntime runtime;
    private final DaemonLog log;
    private final long pollNanos;
    private final java.util.function.BooleanSupplier peerTalking;
    private final java.util.function.Consumer<dev.pairlock.events.EventDraft> sel;
    private volatile Role role = Role.UNKNOWN;
    private volatile long epochNow;
    private volatile boolean closed;
    private Event.SyncStatus lastWord;
    private SyncRole lastRole;
    private long lastEpoch = -1;
    private Boolean lastPresent;

    /**
     * @param key         {@code PairKey.derive("pairlock datasync v1")}
     * @param sockets     listening sockets bound by the caller (tests: port 0), or empty for the config's
     * @param peerTalking whether the peer is present and talking now (the peer link hears it): sync is tried only then
     * @param sel         where sync failures and their clearing are recorded (the events module), if configured
     */
    DatasyncBridge(ScId sc, SyncConfig cfg, SecretKey key, String firmware, Scheduler control, ControllerRuntime runtime,
                   DaemonLog log, long fdtNanos, List<ServerSocket> sockets, java.util.function.BooleanSupplier peerTalking,
                   java.util.function.Consumer<dev.pairlock.events.EventDraft> sel) throws IOException {
        this.peerTalking = peerTalking;
        this.sel = sel;
        this.sc = sc;
        this.control = control;
        this.runtime = runtime;
        this.log = log;
        this.pollNanos = Math.max(1_000_000L, fdtNanos / 4);
        this.engine = DatasyncEngine.builder(cfg, key).self(sc).firmware(firmware).scheduler(scheduler)
                .listenOn(sockets).listener(new DatasyncListener() {
                    @Override
                    public void onStatus(DatasyncStatus status) {
                        gate(word(status));
                    }

                    @Override
                    public void onEvent(DatasyncEvent e) {
                        String severity = switch (e.kind()) {
                            case SYNC_FAILED -> "error";
                            case LINK_FALLBACK -> "warning";
                            default -> "info";
                        };
                        log.daemon(sc, severity, "datasync_" + e.kind().name().toLowerCase(Locale.ROOT), e.detail());
                        toSel(e);
                    }
                }).build();
    }

    /** A failure and its clearing go to the SEL (and on to traps and notify scripts) as the events module's kinds. */
    private void toSel(DatasyncEvent e) {
        dev.pairlock.events.EventKind kind = switch (e.kind()) {
            case SYNC_FAILED -> dev.pairlock.events.EventKind.SYNC_FAILED;
            case SYNC_CLEARED -> dev.pairlock.events.EventKind.SYNC_CLEARED;
            default -> null; // link moves are in the daemon's log and ring
        };
        if (kind == null) {
            return;
        }
        dev.pairlock.events.EventDraft d = dev.pairlock.events.EventDraft.of(kind, role, epochNow)
                .with("priority", e.priority()).with("reason", e.detail());
        sel.accept(e.priority() == 1 ? d : d.withSeverity(dev.pairlock.events.Severity.NOTICE));
    }

    void start() throws IOException {
        engine.start();
        control.schedule(0, this::poll);
    }

    /**
     * A runtime listener that hands each role change to the bridge at once. Late-bound, since the
     * bridge needs the runtime that needs its listener; a change before the bridge exists is picked
     * up by its first poll. Called on the control loop, as every runtime listener is.
     */
    static ControllerRuntime.Listener follower(java.util.function.Supplier<DatasyncBridge> bridge) {
        return new ControllerRuntime.Listener() {
            @Override
            public void onRoleChange(ScId s, Role role, long epoch, long nowNanos) {
                now();
            }

            @Override
            public void onHalt(ScId s, long nowNanos) {
                now();
            }

            @Override
            public void onStart(ScId s, long nowNanos) {
                now();
            }

            @Override
            public void onFault(ScId s, String context, Throwable error, long restartInNanos, long nowNanos) {
                now();
            }

            private void now() {
                DatasyncBridge b = bridge.get();
                if (b != null) {
                    b.follow();
                }
            }
        };
    }

    DatasyncEngine engine() {
        return engine;
    }

    /**
     * The engine's status as the protocol's word: priority-1 sync and the MAIN's exit, with the role
     * and epoch the engine computed them for. The engine publishes for a new role only once its own
     * thread has applied it, so the core must be able to tell a word for the role it left from one
     * for the role it holds (ControllerCore's SyncView ignores the former).
     */
    static Event.SyncStatus word(DatasyncStatus status) {
        Event.SyncStatus.For role = switch (status.role()) {
            case MAIN -> Event.SyncStatus.For.MAIN;
            case SPARE -> Event.SyncStatus.For.SPARE;
            case NONE -> Event.SyncStatus.For.NEITHER;
        };
        return new Event.SyncStatus(status.priority1InSync(), status.mainExited(), role, status.epoch());
    }

    /**
     * The S5 gate: the protocol hears of each change of priority-1 sync, of the MAIN's daemon having
     * closed its session on exit (evidence of a dead MAIN), and of each role the engine speaks for, on
     * its own loop.
     */
    private void gate(Event.SyncStatus word) {
        if (word.equals(lastWord)) {
            return;
        }
        lastWord = word;
        control.schedule(0, () -> runtime.post(word));
    }

    /** On the control loop, every quarter FDT. */
    private void poll() {
        if (closed) {
            return;
        }
        follow();
        control.schedule(pollNanos, this::poll);
    }

    /** On the control loop: hands the controller's role, epoch and view of the peer to the engine when they change. */
    private void follow() {
        if (closed) {
            return;
        }
        // role and epoch only, read straight from the core: this runs every poll, and the full
        // status() it used to build (a record and a list copy each time) was the control thread's
        // main allocation at idle (JFR, pairlockd --sim: ~0.2 MB/s)
        dev.pairlock.failover.ControllerLogic core = runtime.logic();
        if (core != null) {
            this.role = core.role();
            this.epochNow = core.epoch();
        }
        SyncRole role = !runtime.running() || core == null ? SyncRole.NONE : switch (core.role()) {
            case MAIN -> SyncRole.MAIN;
            case SPARE -> SyncRole.SPARE;
            default -> SyncRole.NONE;
        };
        long epoch = core == null ? lastEpoch : core.epoch();
        // presence first: a SPARE that just replaced a dead MAIN must not try (and fail) to sync to it
        boolean present = peerTalking.getAsBoolean();
        if (!Boolean.valueOf(present).equals(lastPresent)) {
            lastPresent = present;
            engine.setPeerPresent(present);
        }
        if (role != lastRole || epoch != lastEpoch) {
            lastRole = role;
            lastEpoch = epoch;
            engine.setRole(role, epoch);
        }
    }

    void register(HandlerRegistry registry) {
        registry.register("datasync.status", dev.pairlock.control.Access.READ, "the Datasync Status sensors: per priority in-sync|syncing|failed|disabled,"
                + " last full sync, pending; the sync link; counters", ArgSpec.none(), (args, s) -> json());
    }

    /** {@code datasync.status}, and the {@code datasync} part of {@code failover.show}. */
    Map<String, Object> json() {
        DatasyncStatus st = engine.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sc", sc.name().toLowerCase(Locale.ROOT));
        m.put("role", st.role().name());
        m.put("epoch", st.epoch());
        m.put("link", st.link().orElse(null));
        m.put("source", st.source());
        m.put("priority1_in_sync", st.priority1InSync());
        m.put("main_exited", st.mainExited());
        List<Map<String, Object>> ps = new ArrayList<>();
        for (PriorityStatus p : st.priorities()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("priority", (long) p.priority());
            x.put("state", p.state().toString());
            x.put("reason", p.reason());
            x.put("last_full_sync", p.lastFullSync().map(Object::toString).orElse(null));
            x.put("items_pending", (long) p.itemsPending());
            x.put("bytes_pending", p.bytesPending());
            ps.add(x);
        }
        m.put("priorities", ps);
        DatasyncCounters c = engine.counters();
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("sessions_opened", c.sessionsOpened());
        counters.put("sessions_accepted", c.sessionsAccepted());
        counters.put("sessions_refused", c.sessionsRefused());
        counters.put("integrity_failures", c.integrityFailures());
        counters.put("file_failures", c.fileFailures());
        counters.put("data_bytes_sent", c.dataBytesSent());
        counters.put("bytes_resumed", c.bytesResumed());
        counters.put("files_sent", c.filesSent());
        counters.put("files_committed", c.filesCommitted());
        counters.put("passes_completed", c.passesCompleted());
        counters.put("passes_failed", c.passesFailed());
        counters.put("link_switches", c.linkSwitches());
        counters.put("connections_shed", c.connectionsShed()); // unauthenticated ones over the bound
        m.put("counters", counters);
        return m;
    }

    @Override
    public void close() {
        closed = true;
        engine.close();
        scheduler.close();
    }
}
