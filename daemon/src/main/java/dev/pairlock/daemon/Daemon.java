package dev.pairlock.daemon;

import dev.pairlock.control.AccessPolicy;
import dev.pairlock.control.ControlServer;
import dev.pairlock.datasync.SyncConfig;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.Event;
import dev.pairlock.failover.FailoverStatus;
import dev.pairlock.failover.Role;
import dev.pairlock.failover.ThreadLanes;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.ThreadScheduler;
import dev.pairlock.peerlink.Carrier;
import dev.pairlock.peerlink.UdpPeerLink;
import dev.pairlock.platform.PlatformConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.SecretKey;

/**
 * One SC's daemon, running: the failover runtime (real threads: a control loop on a
 * {@link ThreadScheduler}, one {@link ThreadLanes} lane per bus; the system clock) over the
 * hardware, the authenticated {@link UdpPeerLink}, the {@link FileStateStore}, the control socket,
 * the kernel watchdog and systemd's notifications, all opened and wired by {@link DaemonAssembly};
 * this starts them, answers for them, and ends them. {@link #stop} is the clean stop: MAIN is handed
 * to the peer by the protocol's planned switchover when the peer can take it, else this SC stays
 * leader and says so.
 */
public final class Daemon {
    /** Health events kept in memory for {@code scctl events}. */
    static final int RING = 512;

    private final DaemonAssembly parts;
    private final ScId sc;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Tests: stop steps that throw after they ran ({@link Builder#failStepsForTests}). */
    private final java.util.Set<String> failSteps;

    /**
     * What the composition takes besides the platform file; {@link #builder} fills in the real ones.
     * {@link DaemonAssembly} reads the fields.
     */
    public static final class Builder {
        final PlatformConfig cfg;
        HardwareSource hardware;
        UdpPeerLink link;
        java.time.Clock wall = java.time.Clock.systemUTC();
        Optional<SdNotify> notify = Optional.empty();
        long systemdWatchdogNanos;
        Optional<String> controlGroup = Optional.of(ControlServer.DEFAULT_GROUP);
        AccessPolicy controlAccess; // null: the system's, with the platform file's control.admin_group
        Path sysfsNet = Carrier.SYSFS_NET;
        SyncConfig sync = SyncConfig.none();
        Optional<SecretKey> syncKey = Optional.empty();
        List<java.net.ServerSocket> syncSockets = List.of();
        dev.pairlock.events.EventsConfig eventsConfig;
        dev.pairlock.supervision.SupervisionConfig services;
        java.util.Set<String> failSteps = java.util.Set.of();

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

        /** Tests: these steps of the stop throw once they ran (what a step that fails leaves is then released all the same). */
        Builder failStepsForTests(String... steps) {
            this.failSteps = java.util.Set.of(steps);
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
        // failfast runs only once a service has, after the runtime's first role: parts is set by then
        DaemonAssembly p = new DaemonAssembly(b, this::failfast);
        this.parts = p;
        this.sc = p.sc;
        this.failSteps = b.failSteps;
        try {
            p.control.schedule(0, p.runtime::start);
            p.datasync.start();
            p.liveness.start();
        } catch (IOException | RuntimeException e) {
            p.startFailed(e);
            throw e;
        }
        p.log.daemon(sc, "info", "start", "pairlockd started: " + p.hardwareSource.describe() + "; peer link "
                + p.link.links().stream().map(l -> l.name() + " " + l.local() + " -> " + l.remote()).toList()
                + "; control socket " + p.cfg.controlSocket() + p.watchdog.map(w -> "; watchdog " + w.device()).orElse("")
                + "; " + p.priority + "; " + p.warmup);
        p.notify.ifPresent(n -> n.send("READY=1\nSTATUS=" + sc + " running, fdt " + p.fdtNanos / 1_000_000 + " ms"));
    }

    /** The links probe 20 times per FDT: a link is FAILED after a quarter of the FDT, well before the protocol's own verdict. */
    static long linkProbeNanos(long fdtNanos) {
        return Math.max(5_000_000L, fdtNanos / 20);
    }

    public ScId sc() {
        return sc;
    }

    public Path controlSocket() {
        return parts.server.socket();
    }

    public UdpPeerLink peerLink() {
        return parts.link;
    }

    public Optional<Watchdog> watchdog() {
        return parts.watchdog;
    }

    ControlLoop loop() {
        return parts.loop;
    }

    /** Data sync's engine (tests: the role it enforces). */
    dev.pairlock.datasync.DatasyncEngine datasyncEngine() {
        return parts.datasync.engine();
    }

    /** The events module and the supervisor, when configured. */
    Optional<EventsPlugin> events() {
        return parts.events;
    }

    /** The runtime's role, read on the control loop. */
    public Role role() {
        return parts.loop.call(ControllerRuntime::role);
    }

    /**
     * The clean stop (SIGTERM). A MAIN hands its authority to a peer that can take it — the
     * protocol's planned switchover, waited for up to 3 FDT — and otherwise stays leader (REF_SEL
     * LEADER, the boards on its clock) and says why. Then, in this order, each step whatever the ones
     * before it did ({@link Teardown}): the supervised services stop, the runtime stops, the SEL gets
     * its last record (DAEMON_STOPPED, the verdict) and closes with the traps and notify scripts, the
     * pets stop and the watchdog is disarmed (right after the last pet: the rest may take a while),
     * data sync closes, the control socket is removed, the lanes, the peer link, the hardware (its
     * devices and reset and heartbeat lines) and the control thread are released, and systemd's
     * socket closes. STOPPING=1 went to systemd first. A step that fails is logged, and recorded in the
     * SEL ({@code STOP_STEP_FAILED}) while it is open, or after it closed in {@code STATE_DIR/stop-failures},
     * which the next start records in the SEL ({@link StopRecord}).
     *
     * @return what it did, in words (also logged, and in the SEL)
     * @throws Teardown.StepFailed once every step ran, if one threw: it names the first that did (its
     *         exception the cause), each later failure suppressed on it; each was logged as it failed.
     *         pairlockd prints it and exits 1.
     */
    public String stop() {
        if (!stopped.compareAndSet(false, true)) {
            return "already stopped";
        }
        // a failed step goes to the SEL too while it is open, then to STATE_DIR/stop-failures for the next start
        Teardown t = new Teardown(sc, "stop", parts.events.<java.util.function.Consumer<Teardown.StepFailed>>map(
                EventsPlugin::stopRecord).orElse(f -> { }), failSteps);
        parts.notify.ifPresent(n -> t.step("tell systemd STOPPING=1", "systemd learns of the stop as the process exits",
                () -> n.send("STOPPING=1")));
        String verdict;
        try {
            verdict = giveUpMain();
        } catch (RuntimeException e) {
            verdict = "the control loop did not answer (" + e.getMessage() + "); stopping without a handover";
        }
        parts.log.daemon(sc, verdict.startsWith("stays leader") ? "warning" : "info", "stop", verdict);
        parts.events.ifPresent(p -> t.step("stop the supervised services", "a service left running is stopped by the next"
                + " pairlockd before it starts any (STATE_DIR/services.groups), or by systemd (KillMode=mixed)", p::stopServices));
        t.step("stop the runtime", () -> {
            try {
                parts.loop.call(rt -> {
                    rt.stop();
                    return null;
                });
            } catch (RuntimeException e) {
                // the loop is stuck (the verdict says so): closing its thread below ends it
            }
        });
        String said = verdict;
        parts.events.ifPresent(p -> t.step("close the SEL", "its last records may be missing; its lock goes with the process",
                () -> p.close(said)));
        t.step("stop the pets", parts.liveness::stop);
        parts.watchdog.ifPresent(w -> t.step("disarm the watchdog", "the kernel watchdog " + w.device() + " stays armed and"
                + " resets the SC within watchdog.timeout: start pairlockd again (it pets it) or let the SC reset", w::disarm));
        t.step("close data sync", parts.datasync::close);
        t.step("remove the control socket", "a socket file left at " + parts.cfg.controlSocket() + " is replaced by the next"
                + " start", parts.server::close);
        parts.releaseDevices(t);
        parts.notify.ifPresent(n -> t.step("close systemd's notification socket", n::close));
        t.finish();
        return verdict;
    }

    /** Runs {@code r} on the control loop, without waiting (the chassis' reset lines use it in tests). */
    void onControlLoop(Runnable r) {
        parts.control.schedule(0, r);
    }

    /**
     * Power loss, for tests: everything stops at once, no handover, no STOPPING, the watchdog left
     * armed as a crash leaves it. Each step runs whatever the ones before it did, as in {@link #stop}.
     *
     * @throws Teardown.StepFailed once every step ran, if one threw (the first; later ones suppressed)
     */
    void crash() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Teardown t = new Teardown(sc, "crash");
        t.step("stop the runtime", () -> parts.control.schedule(0, parts.runtime::stop));
        t.step("stop the pets", parts.liveness::stop);
        t.step("close data sync", parts.datasync::close);
        parts.events.ifPresent(p -> t.step("close the SEL", p::crash));
        t.step("remove the control socket", parts.server::close);
        parts.watchdog.ifPresent(w -> t.step("close the watchdog, armed", w::close));
        parts.releaseDevices(t);
        t.finish();
    }

    private String giveUpMain() {
        FailoverStatus st = parts.loop.call(ControllerRuntime::status);
        if (st == null || st.role() != Role.MAIN) {
            return sc + " was " + (st == null ? Role.UNKNOWN : st.role()) + ": no MAIN authority to hand over";
        }
        String cannot = PlannedSwitchover.peerCannotTakeOver(st);
        if (cannot != null) {
            return "stays leader: " + sc + " is MAIN and " + sc.peer() + " cannot take over (" + cannot
                    + "); REF_SEL stays LEADER and the boards on its clock";
        }
        PlannedSwitchover.Outcome o = PlannedSwitchover.ask(parts.loop, PlannedSwitchover.Until.HANDED_OVER, 3 * parts.ticksPerFdt);
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
        if (parts.watchdog.isPresent()) {
            parts.liveness.stop(); // first: a stalled loop (the post below times out) must not keep petting
        }
        try {
            parts.loop.post(new Event.AuthorityLapsed());
        } catch (RuntimeException e) {
            // the loop did not take it within its bound; the task stays queued and runs when it can,
            // and the lease (FDT/2) ends MAIN authority meanwhile all the same
            parts.log.daemon(sc, "error", "failfast", "the control loop did not take the halt at once (" + e.getMessage()
                    + "); it runs when the loop does");
        }
    }
}
