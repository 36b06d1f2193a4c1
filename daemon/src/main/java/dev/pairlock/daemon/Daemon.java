package dev.pairlock.daemon;

import dev.pairlock.config.PairKey;
import dev.pairlock.control.AccessPolicy;
import dev.pairlock.control.ControlServer;
import dev.pairlock.control.HandlerRegistry;
import dev.pairlock.datasync.DatasyncEngine;
import dev.pairlock.datasync.SyncConfig;
import dev.pairlock.failover.ControllerCore;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.CoreConfig;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.FailoverStatus;
import dev.pairlock.failover.Role;
import dev.pairlock.failover.ThreadLanes;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Scheduler;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.hal.time.ThreadScheduler;
import dev.pairlock.peerlink.Carrier;
import dev.pairlock.peerlink.PeerFrame;
import dev.pairlock.peerlink.UdpPeerLink;
import dev.pairlock.platform.PeerLinkConfig;
import dev.pairlock.platform.PlatformConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.SecretKey;

/**
 * One SC's daemon, composed and running: the failover runtime (real threads: a control loop on a
 * {@link ThreadScheduler}, one {@link ThreadLanes} lane per bus; the system clock) over the
 * hardware, the authenticated {@link UdpPeerLink}, the {@link FileStateStore}, the control socket,
 * the kernel watchdog and systemd's notifications. {@link #stop} is the clean stop: MAIN is handed
 * to the peer by the protocol's planned switchover when the peer can take it, else this SC stays
 * leader and says so.
 */
public final class Daemon {
    /** Health events kept in memory for {@code scctl events}. */
    static final int RING = 512;

    private final PlatformConfig cfg;
    private final ScId sc;
    private final long fdtNanos;
    private final ThreadScheduler control;
    private final UdpPeerLink link;
    private final HardwareSource hardwareSource;
    private final ThreadLanes lanes;
    private final ControllerRuntime runtime;
    private final ControlLoop loop;
    private final DaemonLog log;
    private final HealthEventRing ring;
    private final Optional<Watchdog> watchdog;
    private final Optional<SdNotify> notify;
    private final ControlServer server;
    private final Liveness liveness;
    private final FailoverOperations failover;
    private final DatasyncBridge datasync;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** The SEL, traps, notify scripts and supervised services (issue 13), when the builder was given their keys. */
    private final Optional<EventsPlugin> events;
    private final int ticksPerFdt;
    /** How long the hardware warm-up took and what failed in it, for the START line. */
    private final String warmup;
    /** What the control loop's thread, the VM Thread and THP got of {@link RealTimeSetup}, for the START line. */
    private final String priority;

    /** What the composition takes besides the platform file; {@link #builder} fills in the real ones. */
    public static final class Builder {
        private final PlatformConfig cfg;
        private HardwareSource hardware;
        private UdpPeerLink link;
        private java.time.Clock wall = java.time.Clock.systemUTC();
        private Optional<SdNotify> notify = Optional.empty();
        private long systemdWatchdogNanos;
        private Optional<String> controlGroup = Optional.of(ControlServer.DEFAULT_GROUP);
        private AccessPolicy controlAccess; // null: the system's, with the platform file's control.admin_group
        private Path sysfsNet = Carrier.SYSFS_NET;
        private SyncConfig sync = SyncConfig.none();
        private Optional<SecretKey> syncKey = Optional.empty();
        private List<java.net.ServerSocket> syncSockets = List.of();
        private dev.pairlock.events.EventsConfig eventsConfig;
        private dev.pairlock.supervision.SupervisionConfig services;

        private Builder(PlatformConfig cfg) {
            this.cfg = cfg;
            this.hardware = HardwareSource.linux(cfg);
        }

        public Builder hardware(HardwareSource h) {
            this.hardware = h;
            return this;
        }

        /** A peer link opened by the caller (tests wire two daemons on port 0); else opened from the file. */
        public Builder peerLink(UdpPeerLink l) {
            this.link = l;
            return this;
        }

        public Builder wallClock(java.time.Clock c) {
            this.wall = c;
            return this;
        }

        /** systemd's notification socket and watchdog interval ({@code $NOTIFY_SOCKET}, {@code $WATCHDOG_USEC}). */
        public Builder systemd(Optional<SdNotify> n, long watchdogNanos) {
            this.notify = n;
            this.systemdWatchdogNanos = watchdogNanos;
            return this;
        }

        /** Who may run the control socket's admin operations; default: the kernel's credentials and control.admin_group. */
        public Builder controlAccess(AccessPolicy policy) {
            this.controlAccess = policy;
            return this;
        }

        public Builder controlGroup(Optional<String> group) {
            this.controlGroup = group;
            return this;
        }

        /** The SEL, traps and notify scripts ({@code sel.*, snmp.*, notify.*}) and the supervised services ({@code service.*}). */
        public Builder events(dev.pairlock.events.EventsConfig e, dev.pairlock.supervision.SupervisionConfig s) {
            this.eventsConfig = e;
            this.services = s;
            return this;
        }

        public Builder sysfsNet(Path p) {
            this.sysfsNet = p;
            return this;
        }

        /** The {@code sync.*} section (datasync's {@code SyncConfig.parse} of the same file); default: no data sync. */
        public Builder sync(SyncConfig s) {
            this.sync = s;
            return this;
        }

        /** Tests: the datasync key and listening sockets (port 0); else the key file's derived key and the config's addresses. */
        Builder syncForTests(SecretKey key, List<java.net.ServerSocket> sockets) {
            this.syncKey = Optional.of(key);
            this.syncSockets = sockets;
            return this;
        }

        /** Opens everything and starts the control loop; on failure, closes what it opened. */
        public Daemon start() throws IOException {
            return new Daemon(this);
        }
    }

    public static Builder builder(PlatformConfig cfg) {
        return new Builder(cfg);
    }

    private Daemon(Builder b) throws IOException {
        this.cfg = b.cfg;
        this.sc = cfg.sc();
        this.fdtNanos = cfg.failover().fdt().toNanos();
        this.notify = b.notify;
        this.hardwareSource = b.hardware;
        FileStateStore store = new FileStateStore(cfg.stateDir());
        store.check();
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            this.ring = new HealthEventRing(RING, b.wall);
            this.log = new DaemonLog(ring);
            this.control = new ThreadScheduler("control");
            opened.add(control);
            this.priority = RealTimeSetup.apply(control, cfg.controlRtPriority());
            if (b.link != null) {
                this.link = b.link;
            } else {
                SecretKey key = PairKey.load(cfg.keyFile()).derive(PeerFrame.KEY_PURPOSE);
                long boot = BootId.next(cfg.stateDir(), b.wall.millis() * 1000);
                this.link = UdpPeerLink.open(sc, endpoints(cfg), key, boot, linkProbeNanos(fdtNanos), SystemClock.INSTANCE, b.sysfsNet);
            }
            opened.add(link);
            opened.add(hardwareSource);
            ControllerHardware hw = hardwareSource.open(link, SystemClock.INSTANCE, control);
            long warmupStart = SystemClock.INSTANCE.nanos();
            List<String> warmupFailed = HardwareWarmup.readEach(hw);
            this.warmup = String.format(java.util.Locale.ROOT, "hardware warm-up %.3f s%s", (SystemClock.INSTANCE.nanos() - warmupStart) / 1e9,
                    warmupFailed.isEmpty() ? "" : " (" + warmupFailed.size() + " part(s) failed: " + String.join("; ", warmupFailed) + ")");
            this.lanes = new ThreadLanes(control, cfg.slots());
            opened.add(lanes);
            CoreConfig core = coreConfig(cfg);
            this.ticksPerFdt = (int) (fdtNanos / core.tickNanos());
            java.util.concurrent.atomic.AtomicReference<ControlLoop> loopRef = new java.util.concurrent.atomic.AtomicReference<>();
            if (b.eventsConfig != null) {
                EventsPlugin p = EventsPlugin.open(b.eventsConfig, b.services, cfg.stateDir(), sc, b.wall, loopRef::get,
                        ticksPerFdt, this::failfast);
                opened.add(p::crash);
                this.events = Optional.of(p);
            } else {
                this.events = Optional.empty();
            }
            java.util.concurrent.atomic.AtomicReference<DatasyncBridge> syncRef = new java.util.concurrent.atomic.AtomicReference<>();
            ControllerRuntime.Listener listener = new BothListeners(DatasyncBridge.follower(syncRef::get),
                    events.<ControllerRuntime.Listener>map(p -> new BothListeners(log, p.listener())).orElse(log));
            this.runtime = new ControllerRuntime(hw, core, control, lanes, ControllerCore::new, listener, 3 * fdtNanos, store);
            this.loop = new ControlLoop(control, runtime, core.tickNanos());
            loopRef.set(loop);
            this.watchdog = cfg.watchdog().map(w -> Watchdog.open(w.device(), (int) w.timeout().toSeconds()));
            watchdog.ifPresent(opened::add);
            SecretKey syncKey = b.syncKey.orElseGet(() -> b.sync.enabled()
                    ? PairKey.load(cfg.keyFile()).derive(DatasyncEngine.KEY_PURPOSE) : PairKey.of(new byte[PairKey.BYTES]).derive("unused"));
            this.datasync = new DatasyncBridge(sc, b.sync, syncKey, cfg.firmwareVersion().map(Object::toString).orElse("0"),
                    control, runtime, log, fdtNanos, b.syncSockets,
                    () -> link.links().stream().anyMatch(UdpPeerLink.LinkStatus::hearing),
                    draft -> events.ifPresent(p -> p.report(draft)));
            opened.add(datasync);
            syncRef.set(datasync);
            HandlerRegistry registry = new HandlerRegistry();
            this.failover = new FailoverOperations(sc, loop, LinkReport.of(link), ring, ticksPerFdt, datasync::json);
            datasync.register(registry);
            failover.register(registry);
            EventsOperation.register(registry, events.<dev.pairlock.control.EventSource>map(EventsPlugin::eventSource).orElse(ring));
            events.ifPresent(p -> p.register(registry));
            registry.registerHelp();
            this.server = ControlServer.start(cfg.controlSocket(), b.controlGroup, registry,
                    b.controlAccess != null ? b.controlAccess : AccessPolicy.system(cfg.controlAdminGroup()));
            opened.add(server);
            this.liveness = new Liveness(control, runtime, watchdog, notify, Liveness.intervalNanos(cfg, b.systemdWatchdogNanos),
                    core.tickNanos());
            control.schedule(0, runtime::start);
            datasync.start();
            liveness.start();
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : opened.reversed()) {
                try {
                    if (c instanceof Watchdog w) {
                        w.disarm(); // a start that failed must not reset the SC
                    } else {
                        c.close();
                    }
                } catch (Exception again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
        log.daemon(sc, "info", "start", "pairlockd started: " + hardwareSource.describe() + "; peer link "
                + link.links().stream().map(l -> l.name() + " " + l.local() + " -> " + l.remote()).toList()
                + "; control socket " + cfg.controlSocket() + watchdog.map(w -> "; watchdog " + w.device()).orElse("") + "; " + priority + "; " + warmup);
        notify.ifPresent(n -> n.send("READY=1\nSTATUS=" + sc + " running, fdt " + fdtNanos / 1_000_000 + " ms"));
    }

    static List<UdpPeerLink.Endpoint> endpoints(PlatformConfig cfg) {
        PeerLinkConfig primary = cfg.require(cfg.primaryLink(), "peer.primary.remote", "pairlockd talks to its peer over it");
        List<UdpPeerLink.Endpoint> out = new ArrayList<>();
        for (PeerLinkConfig l : List.of(primary)) {
            out.add(endpoint(l));
        }
        cfg.fallbackLink().ifPresent(l -> out.add(endpoint(l)));
        return out;
    }

    private static UdpPeerLink.Endpoint endpoint(PeerLinkConfig l) {
        return new UdpPeerLink.Endpoint(l.name(), l.local().socketAddress(), l.remote().socketAddress(), l.networkInterface());
    }

    /** The links probe 20 times per FDT: a link is FAILED after a quarter of the FDT, well before the protocol's own verdict. */
    static long linkProbeNanos(long fdtNanos) {
        return Math.max(5_000_000L, fdtNanos / 20);
    }

    static CoreConfig coreConfig(PlatformConfig cfg) {
        return new CoreConfig(cfg.sc(), cfg.failover().fdt().toNanos(), cfg.slots(), cfg.resetWiredToPeer(),
                cfg.resetWiredFromPeer(), cfg.failover().enabledByDefault(), cfg.failover().disableAfterFailover());
    }

    public ScId sc() {
        return sc;
    }

    public Path controlSocket() {
        return server.socket();
    }

    public UdpPeerLink peerLink() {
        return link;
    }

    public Optional<Watchdog> watchdog() {
        return watchdog;
    }

    ControlLoop loop() {
        return loop;
    }

    /** Data sync's engine (tests: the role it enforces). */
    dev.pairlock.datasync.DatasyncEngine datasyncEngine() {
        return datasync.engine();
    }

    /** The events module and the supervisor, when configured. */
    Optional<EventsPlugin> events() {
        return events;
    }

    /** The runtime's role, read on the control loop. */
    public Role role() {
        return loop.call(ControllerRuntime::role);
    }

    /**
     * The clean stop (SIGTERM). A MAIN hands its authority to a peer that can take it — the
     * protocol's planned switchover, waited for up to 3 FDT — and otherwise stays leader (REF_SEL
     * LEADER, the boards on its clock) and says why; then the software stops, the control socket
     * closes, the watchdog is disarmed and every device released. Returns what it did, in words.
     */
    public String stop() {
        if (!stopped.compareAndSet(false, true)) {
            return "already stopped";
        }
        notify.ifPresent(n -> n.send("STOPPING=1"));
        String verdict;
        try {
            verdict = giveUpMain();
        } catch (RuntimeException e) {
            verdict = "the control loop did not answer (" + e.getMessage() + "); stopping without a handover";
        }
        log.daemon(sc, verdict.startsWith("stays leader") ? "warning" : "info", "stop", verdict);
        events.ifPresent(EventsPlugin::stopServices);
        try {
            loop.call(rt -> {
                rt.stop();
                return null;
            });
        } catch (RuntimeException e) {
            // the loop is stuck: closing its scheduler below ends it
        }
        String said = verdict;
        events.ifPresent(p -> p.close(said));
        // disarm right after the last pet: closing the rest may take a while on a slow machine
        liveness.stop();
        watchdog.ifPresent(Watchdog::disarm);
        datasync.close();
        server.close();
        lanes.close();
        link.close();
        hardwareSource.close();
        control.close();
        notify.ifPresent(SdNotify::close);
        return verdict;
    }

    /** Runs {@code r} on the control loop, without waiting (the chassis' reset lines use it in tests). */
    void onControlLoop(Runnable r) {
        control.schedule(0, r);
    }

    /**
     * Power loss, for tests: everything stops at once, no handover, no STOPPING, the watchdog left
     * armed as a crash leaves it.
     */
    void crash() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        control.schedule(0, runtime::stop);
        liveness.stop();
        datasync.close();
        events.ifPresent(EventsPlugin::crash);
        server.close();
        watchdog.ifPresent(Watchdog::close);
        lanes.close();
        link.close();
        hardwareSource.close();
        control.close();
    }

    private String giveUpMain() {
        FailoverStatus st = loop.call(ControllerRuntime::status);
        if (st == null || st.role() != Role.MAIN) {
            return sc + " was " + (st == null ? Role.UNKNOWN : st.role()) + ": no MAIN authority to hand over";
        }
        String cannot = PlannedSwitchover.peerCannotTakeOver(st);
        if (cannot != null) {
            return "stays leader: " + sc + " is MAIN and " + sc.peer() + " cannot take over (" + cannot
                    + "); REF_SEL stays LEADER and the boards on its clock";
        }
        PlannedSwitchover.Outcome o = PlannedSwitchover.ask(loop, PlannedSwitchover.Until.HANDED_OVER, 3 * ticksPerFdt);
        if (o.reached() && o.refusal() == null) {
            return "handed MAIN to " + sc.peer() + " by a planned switchover (epoch " + o.status().epoch() + ")";
        }
        if (o.refusal() != null) {
            return "stays leader: the planned switchover to " + sc.peer() + " was refused (" + o.refusal().detail().describe()
                    + "); REF_SEL stays LEADER and the boards on its clock";
        }
        FailoverStatus now = o.status();
        return "the switchover to " + sc.peer() + " did not finish within 3 FDT (" + sc + " is "
                + (now == null ? "restarting" : now.role()) + ")";
    }

    /**
     * The failfast path of a failfast service (ServiceGuard's TOC): the core drops MAIN authority at
     * once (as after a lapsed lease: FOLLOWER written, MAIN dropped) and the watchdog is no longer
     * petted, so the kernel resets the SC; without a watchdog the software restarts as the runtime
     * does after any failfast halt.
     */
    private void failfast() {
        if (watchdog.isPresent()) {
            liveness.stop(); // first: a stalled loop (the post below times out) must not keep petting
        }
        try {
            loop.post(new Event.AuthorityLapsed());
        } catch (RuntimeException e) {
            // the loop did not take it within its bound; the task stays queued and runs when it can,
            // and the lease (FDT/2) ends MAIN authority meanwhile all the same
            log.daemon(sc, "error", "failfast", "the control loop did not take the halt at once (" + e.getMessage()
                    + "); it runs when the loop does");
        }
    }
}
