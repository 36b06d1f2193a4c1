package dev.pairlock.daemon;

import dev.pairlock.config.PairKey;
import dev.pairlock.control.AccessPolicy;
import dev.pairlock.control.ControlServer;
import dev.pairlock.control.HandlerRegistry;
import dev.pairlock.datasync.DatasyncEngine;
import dev.pairlock.failover.ControllerCore;
import dev.pairlock.failover.ControllerRuntime;
import dev.pairlock.failover.CoreConfig;
import dev.pairlock.failover.ThreadLanes;
import dev.pairlock.hal.ControllerHardware;
import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.SystemClock;
import dev.pairlock.hal.time.ThreadScheduler;
import dev.pairlock.peerlink.PeerFrame;
import dev.pairlock.peerlink.UdpPeerLink;
import dev.pairlock.platform.PeerLinkConfig;
import dev.pairlock.platform.PlatformConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.crypto.SecretKey;

/**
 * One SC's daemon, assembled: every part opened and wired, in order, from a {@link Daemon.Builder} —
 * the control thread (at its real-time priority), the peer link, the hardware (warmed up), the lanes,
 * the events module and supervisor, the runtime and its loop, the watchdog, data sync, the control
 * socket's operations and server, the pets — and nothing started: {@link Daemon} starts them, runs
 * and stops. If a part cannot be opened, or the start fails, {@link #startFailed} releases what was
 * opened, in reverse: the watchdog disarmed (a start that failed must not reset the SC), and the SEL,
 * once open, told why, as the events module tells it of a failure of its own. Each release is a step
 * of a {@link Teardown}, as each of the stop's: one that throws does not keep the others from running,
 * and is recorded as the stop's are ({@link StopRecord}): in the SEL while it is open, else in
 * {@code STATE_DIR/stop-failures} for the next start ({@code during=start cleanup}).
 */
final class DaemonAssembly {
    final PlatformConfig cfg;
    final ScId sc;
    final long fdtNanos;
    final int ticksPerFdt;
    final ThreadScheduler control;
    final UdpPeerLink link;
    final HardwareSource hardwareSource;
    final ThreadLanes lanes;
    final ControllerRuntime runtime;
    final ControlLoop loop;
    final DaemonLog log;
    final HealthEventRing ring;
    final Optional<Watchdog> watchdog;
    final Optional<SdNotify> notify;
    final ControlServer server;
    final Liveness liveness;
    final DatasyncBridge datasync;
    /** The SEL, traps, notify scripts and supervised services (issue 13), when the builder was given their keys. */
    final Optional<EventsPlugin> events;
    /** How long the hardware warm-up took and what failed in it, for the START line. */
    final String warmup;
    /** What the control loop's thread, the VM Thread and THP got of {@link RealTimeSetup}, for the START line. */
    final String priority;
    /** How to release each part opened so far after a failed start, in the order opened ({@link #startFailed}). */
    private final List<Opened> opened = new ArrayList<>();
    /**
     * Where a failed start's release steps that fail are recorded besides the journal: the SEL's
     * {@link StopRecord} once the events module is open, else {@code STATE_DIR/stop-failures} when this
     * daemon has a SEL at all (the next start that opens it records them), else nowhere (tests).
     */
    private final Consumer<Teardown.StepFailed> cleanupRecordWithoutSel;
    private EventsPlugin eventsOpened;
    /** Tests: release steps that throw after they ran ({@link Daemon.Builder#failStepsForTests}), the start's as the stop's. */
    private final Set<String> failSteps;

    /** How one opened part is released when the start fails; {@code cause} is why it failed. */
    @FunctionalInterface
    private interface Release {
        void release(Exception cause) throws Exception;
    }

    /** An opened part: its release, as a {@link Teardown} step of this name. */
    private record Opened(String step, Release release) {
    }

    /**
     * Opens every part; on failure, releases what it opened and throws.
     *
     * @param failfast the halt a failfast service's failure runs (the supervisor's); only once the runtime runs
     */
    DaemonAssembly(Daemon.Builder b, Runnable failfast) throws IOException {
        this.cfg = b.cfg;
        this.sc = cfg.sc();
        this.fdtNanos = cfg.failover().fdt().toNanos();
        this.notify = b.notify;
        this.hardwareSource = b.hardware;
        this.failSteps = b.failSteps;
        this.cleanupRecordWithoutSel = b.eventsConfig == null ? f -> { } : StopRecord.fileOnly(cfg.stateDir(), b.wall);
        FileStateStore store = new FileStateStore(cfg.stateDir());
        store.check();
        try {
            this.ring = new HealthEventRing(Daemon.RING, b.wall);
            this.log = new DaemonLog(ring);
            this.control = new ThreadScheduler("control");
            opened("close the control thread", control);
            this.priority = RealTimeSetup.apply(control, cfg.controlRtPriority());
            if (b.link != null) {
                this.link = b.link;
            } else {
                SecretKey key = PairKey.load(cfg.keyFile()).derive(PeerFrame.KEY_PURPOSE);
                long boot = BootId.next(cfg.stateDir(), b.wall.millis() * 1000);
                this.link = UdpPeerLink.open(sc, endpoints(cfg), key, boot, Daemon.linkProbeNanos(fdtNanos), SystemClock.INSTANCE,
                        b.sysfsNet);
            }
            opened("close the peer link", link);
            opened("release the hardware", hardwareSource);
            ControllerHardware hw = hardwareSource.open(link, SystemClock.INSTANCE, control);
            long warmupStart = SystemClock.INSTANCE.nanos();
            List<String> warmupFailed = HardwareWarmup.readEach(hw);
            this.warmup = String.format(java.util.Locale.ROOT, "hardware warm-up %.3f s%s", (SystemClock.INSTANCE.nanos() - warmupStart) / 1e9,
                    warmupFailed.isEmpty() ? "" : " (" + warmupFailed.size() + " part(s) failed: " + String.join("; ", warmupFailed) + ")");
            this.lanes = new ThreadLanes(control, cfg.slots());
            opened("close the lanes", lanes);
            CoreConfig core = coreConfig(cfg);
            this.ticksPerFdt = (int) (fdtNanos / core.tickNanos());
            AtomicReference<ControlLoop> loopRef = new AtomicReference<>();
            if (b.eventsConfig != null) {
                EventsPlugin p = EventsPlugin.open(b.eventsConfig, b.services, cfg.stateDir(), sc, b.wall, loopRef::get,
                        ticksPerFdt, failfast);
                opened.add(new Opened("close the SEL", p::startFailed)); // the SEL says why, as for a failure of its own
                eventsOpened = p;
                this.events = Optional.of(p);
            } else {
                this.events = Optional.empty();
            }
            AtomicReference<DatasyncBridge> syncRef = new AtomicReference<>();
            ControllerRuntime.Listener listener = new BothListeners(DatasyncBridge.follower(syncRef::get),
                    events.<ControllerRuntime.Listener>map(p -> new BothListeners(log, p.listener())).orElse(log));
            this.runtime = new ControllerRuntime(hw, core, control, lanes, ControllerCore::new, listener, 3 * fdtNanos, store);
            this.loop = new ControlLoop(control, runtime, core.tickNanos());
            loopRef.set(loop);
            this.watchdog = cfg.watchdog().map(w -> Watchdog.open(w.device(), (int) w.timeout().toSeconds()));
            // a start that failed must not reset the SC
            watchdog.ifPresent(w -> opened.add(new Opened("disarm the watchdog", cause -> w.disarm())));
            SecretKey syncKey = b.syncKey.orElseGet(() -> b.sync.enabled()
                    ? PairKey.load(cfg.keyFile()).derive(DatasyncEngine.KEY_PURPOSE) : PairKey.of(new byte[PairKey.BYTES]).derive("unused"));
            this.datasync = new DatasyncBridge(sc, b.sync, syncKey, cfg.firmwareVersion().map(Object::toString).orElse("0"),
                    control, runtime, log, fdtNanos, b.syncSockets,
                    () -> link.links().stream().anyMatch(UdpPeerLink.LinkStatus::hearing),
                    draft -> events.ifPresent(p -> p.report(draft)));
            opened("close data sync", datasync);
            syncRef.set(datasync);
            HandlerRegistry registry = new HandlerRegistry();
            FailoverOperations failover = new FailoverOperations(sc, loop, LinkReport.of(link), ring, ticksPerFdt, datasync::json);
            datasync.register(registry);
            failover.register(registry);
            EventsOperation.register(registry, events.<dev.pairlock.control.EventSource>map(EventsPlugin::eventSource).orElse(ring));
            events.ifPresent(p -> p.register(registry));
            registry.registerHelp();
            this.server = ControlServer.start(cfg.controlSocket(), b.controlGroup, registry,
                    b.controlAccess != null ? b.controlAccess : AccessPolicy.system(cfg.controlAdminGroup()));
            opened("remove the control socket", server);
            this.liveness = new Liveness(control, runtime, watchdog, notify, Liveness.intervalNanos(cfg, b.systemdWatchdogNanos),
                    core.tickNanos());
        } catch (IOException | RuntimeException e) {
            startFailed(e);
            throw e;
        }
    }

    private void opened(String step, AutoCloseable part) {
        opened.add(new Opened(step, cause -> part.close()));
    }

    /**
     * A part could not be opened, or the start failed ({@code e}, which the caller throws): releases
     * everything opened, last first, each step whatever the ones before it did; the first release that
     * failed (each later one suppressed on it) is added to {@code e} as suppressed.
     */
    void startFailed(Exception e) {
        // once the SEL closes in this cleanup, its StopRecord sends the later steps' failures to the file
        Teardown t = new Teardown(sc, "start cleanup", eventsOpened != null ? eventsOpened.stopRecord() : cleanupRecordWithoutSel,
                failSteps);
        for (Opened o : opened.reversed()) {
            t.step(o.step(), () -> o.release().release(e));
        }
        opened.clear();
        t.failure().ifPresent(e::addSuppressed);
    }

    /**
     * The end of the stop and of the crash, once the software has stopped: the lanes, the peer link,
     * the hardware (its devices, the reset and heartbeat lines) and the control thread, in this order.
     */
    void releaseDevices(Teardown t) {
        t.step("close the lanes", lanes::close);
        t.step("close the peer link", link::close);
        t.step("release the hardware", "its devices and GPIO lines (reset, heartbeat) are released as the process exits",
                hardwareSource::close);
        t.step("close the control thread", control::close);
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

    /**
     * The core's configuration. pairlockd always runs data sync (DatasyncBridge; with sync off its
     * engine says "disabled", in sync, for each role it applies), so its core counts as not in sync
     * until the engine's first word: a SPARE whose MAIN goes silent before then must not take over on
     * data nothing has said it holds (S5).
     */
    static CoreConfig coreConfig(PlatformConfig cfg) {
        return new CoreConfig(cfg.sc(), cfg.failover().fdt().toNanos(), cfg.slots(), cfg.resetWiredToPeer(),
                cfg.resetWiredFromPeer(), cfg.failover().enabledByDefault(), cfg.failover().disableAfterFailover())
                .withSyncEngine(true);
    }
}
