package dev.pairlock.supervision;

import dev.pairlock.events.EventDraft;
import dev.pairlock.events.EventKind;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.time.Scheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the supervised services of one SC (seed 004). {@code main-only} services run while the SC is
 * MAIN and are stopped (SIGTERM, SIGKILL after the grace, to the service's whole process group: see
 * {@link ServiceProcess}) when it stops being MAIN; {@code both} services run whatever the role. A
 * service that exits, or fails its health command ({@link HealthCommand}), is restarted up to its
 * {@code restart_count} (the child sees {@code RESTART_COUNT}: 0 on the first start); after the last,
 * a MAIN asks for a planned failover ({@link FailoverRequester}), one request for all its exhausted
 * services ({@link FailoverRequest}; refused while the SPARE is not healthy or priority-1 data is not
 * in sync: the SC then stays MAIN, raises the condition and asks again every {@code failoverRetry};
 * so it does after a started switchover that left it MAIN). A failfast service's failure halts the SC
 * at once ({@link Halt}). Every start, exit, restart, stop and final decision becomes an SEL draft
 * (and so a trap).
 *
 * <p>All decisions run on one {@link Scheduler} (the supervisor's own thread in pairlockd, a stepped
 * scheduler in tests): restart delays, stop graces, health intervals and timeouts are its time. Real
 * processes report their exits onto it.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** Where a service is in its life. */
    public enum State { STOPPED, RUNNING, STOPPING, FAILING, RESTART_PENDING, EXHAUSTED, HALTED }

    /** A snapshot for status displays. */
    public record ServiceStatus(String name, State state, long pid, int restarts, int restartCount) {
    }

    private final Scheduler scheduler;
    private final Consumer<EventDraft> events;
    private final Halt halt;
    /** The one failover request of this MAIN term, for every exhausted service. */
    private final FailoverRequest failover;
    private final Map<String, Service> services = new LinkedHashMap<>();
    /** setsid(1): each service runs in a session (process group) of its own; null with no service. */
    private final Path setsid;
    /** Process groups that may still have a member (read by {@link #killRemaining} on any thread). */
    private final ProcessGroups groups;
    private Role role = Role.UNKNOWN;
    private long epoch;
    /** A failfast service failed: nothing starts until the SC has been through HALTED (its reset). */
    private boolean halted;
    /** The runtime reported HALTED after the failfast: the next other role is the SC back from it. */
    private boolean haltReached;
    private boolean shuttingDown;
    private CompletableFuture<Void> allStopped;
    private volatile List<ServiceStatus> snapshot = List.of();

    private final class Service {
        final ServiceSpec spec;
        State state = State.STOPPED;
        int restarts;
        ServiceProcess process;
        int generation;
        String stopHow = "SIGTERM";
        String failReason;
        Scheduler.Timer healthTimer;
        Scheduler.Timer killTimer;
        Scheduler.Timer restartTimer;

        Service(ServiceSpec spec) {
            this.spec = spec;
        }
    }

    /**
     * First stops what an earlier pairlockd, killed with -9, left running ({@link LeftoverGroups}: on the
     * caller's thread, up to each leftover's stop_grace, at most 30 s).
     *
     * @param stateDir      pairlockd's {@code state.dir}, where the services' groups are recorded ({@link GroupsFile})
     * @param failoverRetry how often a MAIN with an exhausted service asks again while it stays MAIN
     * @param failoverDelay from the exhaustion's record to the first request (time for data sync to
     *                      notice the record; the request then waits for priority 1 in sync)
     */
    public Supervisor(SupervisionConfig cfg, Path stateDir, Scheduler scheduler, Consumer<EventDraft> events,
                      FailoverRequester failover, Halt halt, Duration failoverRetry, Duration failoverDelay) {
        this.scheduler = scheduler;
        this.events = events;
        this.halt = halt;
        this.failover = new FailoverRequest(scheduler, failover, failoverRetry, failoverDelay, () -> role == Role.MAIN,
                name -> EventDraft.of(EventKind.SERVICE_EXHAUSTED, role, epoch).with("service", name), this::emit);
        for (ServiceSpec s : cfg.services()) {
            services.put(s.name(), new Service(s));
        }
        this.setsid = services.isEmpty() ? null : ServiceProcess.setsid(List.copyOf(services.keySet()));
        GroupsFile file = new GroupsFile(stateDir);
        LeftoverGroups.reap(file, cfg, this::emit);
        this.groups = new ProcessGroups(file);
        publish();
    }

    /** The SC's role changed (also at start, with its first role): starts and stops services to match. */
    public void onRole(Role newRole, long newEpoch) {
        scheduler.schedule(0, () -> applyRole(newRole, newEpoch));
    }

    /** pairlockd stops: every service is stopped, none restarted; completes when all have exited. */
    public CompletableFuture<Void> stopAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(0, () -> {
            shuttingDown = true;
            allStopped = done;
            for (Service s : services.values()) {
                leave(s, "pairlockd stops");
            }
            checkAllStopped();
        });
        return done;
    }

    public List<ServiceStatus> status() {
        return snapshot;
    }

    /**
     * Waits (on the caller's thread) until no process of any service's group is left: the leaders
     * {@link #stopAll} waits for, and what a leader that exited left behind in its grace.
     *
     * @return false if some still ran after {@code timeout}
     */
    public boolean awaitProcessesGone(Duration timeout) throws InterruptedException {
        return groups.awaitGone(timeout);
    }

    /**
     * SIGKILL (any thread) to every service's process group that still has a member: pairlockd's stop
     * calls it before its scheduler goes, which would drop the SIGKILL of a stop grace longer than the
     * stop's wait (up to an hour) and leave a service that ignores SIGTERM running after pairlockd.
     *
     * @return each group killed, as "name (process group N)"
     */
    public List<String> killRemaining() {
        return groups.killRemaining();
    }

    // ---- on the scheduler from here on

    private boolean shouldRun(Service s) {
        return !halted && !shuttingDown && role != Role.HALTED
                && (s.spec.runs() == ServiceSpec.Runs.BOTH || role == Role.MAIN);
    }

    private void applyRole(Role newRole, long newEpoch) {
        boolean changed = newRole != role;
        role = newRole;
        epoch = newEpoch;
        if (changed) {
            failover.clear(); // a new term (or none): its exhausted services are cleared below
        }
        if (halted && newRole == Role.HALTED) {
            haltReached = true;
        } else if (halted && haltReached) {
            // without a kernel watchdog the failfast "reset" is the runtime's own restart (the
            // daemon lives on): the SC is back, so are its services, as after a real reset
            halted = false;
            haltReached = false;
            LOG.info("the SC is back from its failfast halt ({}): its services may run again", newRole);
            for (Service s : services.values()) {
                if (s.state == State.HALTED) {
                    s.state = State.STOPPED;
                }
            }
        }
        for (Service s : services.values()) {
            if (s.state == State.EXHAUSTED && changed) {
                s.state = State.STOPPED;
                emit(draft(EventKind.SERVICE_EXHAUSTED_CLEARED, s).with("why", "the role changed to " + role));
            }
            if (shouldRun(s)) {
                if (s.state == State.STOPPED) {
                    s.restarts = 0;
                    launch(s);
                }
            } else {
                leave(s, "role " + role);
            }
        }
        publish();
    }

    /** Stops {@code s} for good (not a failure): it no longer should run here. */
    private void leave(Service s, String why) {
        switch (s.state) {
            case RUNNING -> {
                s.state = State.STOPPING;
                terminate(s);
            }
            case FAILING -> s.state = State.STOPPING; // already being terminated; its exit is now a stop
            case RESTART_PENDING -> {
                cancelTimer(s.restartTimer);
                s.state = State.STOPPED;
            }
            case EXHAUSTED -> {
                failover.cleared(s.spec.name());
                s.state = State.STOPPED;
                emit(draft(EventKind.SERVICE_EXHAUSTED_CLEARED, s).with("why", why));
            }
            default -> {
            }
        }
    }

    private void launch(Service s) {
        int gen = ++s.generation;
        ServiceProcess p;
        try {
            p = ServiceProcess.start(setsid, s.spec, s.restarts, role, epoch);
        } catch (IOException e) {
            s.state = State.RUNNING; // so that the failure below is handled as one
            emit(draft(EventKind.SERVICE_EXITED, s).with("error", "could not start: " + e.getMessage()));
            afterFailure(s, "could not start (" + e.getMessage() + ")");
            return;
        }
        s.process = p;
        s.state = State.RUNNING;
        s.stopHow = "SIGTERM";
        publish(); // before the groups file's fsyncs: the status shows the service as soon as it runs
        groups.started(p);
        emit(draft(EventKind.SERVICE_STARTED, s).with("pid", p.pid()).with("restart_count", s.restarts));
        p.leader.onExit().thenAccept(ph -> scheduler.schedule(0, () -> exited(s, gen, p.leader.exitValue())));
        if (!s.spec.health().isEmpty()) {
            s.healthTimer = scheduler.schedule(s.spec.healthInterval().toNanos(), () -> healthCheck(s, gen));
        }
    }

    private void exited(Service s, int gen, int status) {
        if (gen != s.generation || s.process == null) {
            return;
        }
        ServiceProcess p = s.process;
        s.process = null;
        cancelTimer(s.healthTimer);
        if (!p.alive()) {
            cancelTimer(s.killTimer);
            groups.gone(p);
        } else if (s.state == State.RUNNING) {
            // it died on its own but left processes in its group (the daemon under a wrapper): they
            // go as in a stop, before the restart could start a second copy beside them
            LOG.warn("service {}: its process {} exited, processes of its group still run: SIGTERM to the group", s.spec.name(),
                    p.pid());
            p.terminate();
            scheduler.schedule(s.spec.stopGrace().toNanos(), () -> killAfterGrace(s, p));
        } // else stopping: the SIGKILL after the grace stays scheduled for what the leader left in its group
        String signal = ServiceProcess.signalName(status);
        switch (s.state) {
            case STOPPING -> {
                s.state = State.STOPPED;
                emit(draft(EventKind.SERVICE_STOPPED, s).with("how", s.stopHow).with("status", status));
                checkAllStopped();
                if (shouldRun(s)) {
                    // the role came back (MAIN -> SPARE -> MAIN) while it was stopping: applyRole saw
                    // STOPPING and left the start to here
                    s.restarts = 0;
                    launch(s);
                }
            }
            case FAILING -> afterFailure(s, s.failReason);
            default -> {
                EventDraft d = draft(EventKind.SERVICE_EXITED, s).with("status", status);
                emit(signal == null ? d : d.with("signal", signal));
                afterFailure(s, signal == null ? "exited with status " + status : "killed by SIG" + signal);
            }
        }
        publish();
    }

    private void afterFailure(Service s, String reason) {
        if (!shouldRun(s)) {
            s.state = State.STOPPED;
            checkAllStopped();
            return;
        }
        if (s.spec.failfast()) {
            s.state = State.HALTED;
            halted = true;
            emit(draft(EventKind.FAILFAST, s).with("cause", "service:" + s.spec.name()).with("reason", reason));
            LOG.error("failfast service {} failed ({}): halting this SC", s.spec.name(), reason);
            halt.halt("failfast service " + s.spec.name() + " failed: " + reason);
            for (Service other : services.values()) {
                leave(other, "the SC halts");
            }
            return;
        }
        if (s.restarts < s.spec.restartCount()) {
            s.restarts++;
            s.state = State.RESTART_PENDING;
            emit(draft(EventKind.SERVICE_RESTARTED, s).with("restart_count", s.restarts).with("of", s.spec.restartCount())
                    .with("reason", reason));
            int gen = s.generation;
            s.restartTimer = scheduler.schedule(s.spec.restartDelay().toNanos(), () -> {
                if (s.state == State.RESTART_PENDING && s.generation == gen && shouldRun(s)) {
                    launch(s);
                }
            });
            return;
        }
        s.state = State.EXHAUSTED;
        s.failReason = reason;
        if (role == Role.MAIN) {
            failover.exhausted(s.spec.name(), s.spec.restartCount(), reason);
        } else {
            emit(draft(EventKind.SERVICE_EXHAUSTED, s).with("decision", "stays down (this SC is not MAIN: no failover)")
                    .with("restarts", s.spec.restartCount()).with("reason", reason));
        }
    }

    private void healthCheck(Service s, int gen) {
        if (gen != s.generation || s.state != State.RUNNING) {
            return;
        }
        HealthCommand.run(scheduler, s.spec, s.process.pid(), (failure, status) -> {
            if (gen != s.generation || s.state != State.RUNNING) {
                return;
            }
            if (failure != null) {
                healthFailed(s, failure, status);
            } else {
                s.healthTimer = scheduler.schedule(s.spec.healthInterval().toNanos(), () -> healthCheck(s, gen));
            }
        });
    }

    private void healthFailed(Service s, String reason, int status) {
        emit(draft(EventKind.SERVICE_HEALTH_FAILED, s).with("status", status).with("reason", reason));
        s.failReason = "health: " + reason;
        s.state = State.FAILING;
        terminate(s);
        publish();
    }

    /**
     * SIGTERM to the service's process group now; SIGKILL to the group if anything of it is still there
     * after the grace, even if the leader already exited (a wrapper that dies on SIGTERM leaves its
     * child to the grace).
     */
    private void terminate(Service s) {
        ServiceProcess p = s.process;
        if (p == null) {
            return;
        }
        p.terminate();
        s.killTimer = scheduler.schedule(s.spec.stopGrace().toNanos(), () -> killAfterGrace(s, p));
    }

    private void killAfterGrace(Service s, ServiceProcess p) {
        boolean leaderAlive = p.leader.isAlive();
        if (!p.kill()) {
            groups.gone(p);
            return;
        }
        if (leaderAlive && s.process == p) {
            s.stopHow = "SIGKILL after " + s.spec.stopGrace().toMillis() + "ms";
        } else {
            LOG.warn("service {}: processes of its group {} still ran {} ms after SIGTERM, its process having exited: SIGKILL",
                    s.spec.name(), p.pid(), s.spec.stopGrace().toMillis());
        }
    }

    private void checkAllStopped() {
        if (allStopped != null && services.values().stream().allMatch(s -> s.process == null)) {
            allStopped.complete(null);
        }
    }

    private static void cancelTimer(Scheduler.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    private EventDraft draft(EventKind kind, Service s) {
        return EventDraft.of(kind, role, epoch).with("service", s.spec.name());
    }

    private void emit(EventDraft d) {
        try {
            events.accept(d);
        } catch (RuntimeException e) {
            LOG.warn("recording {} failed: {}", d.kind(), e.toString());
        }
    }

    private void publish() {
        snapshot = services.values().stream().map(s -> new ServiceStatus(s.spec.name(), s.state,
                s.process == null ? -1 : s.process.pid(), s.restarts, s.spec.restartCount())).toList();
    }
}
