package dev.pairlock.events;

import dev.pairlock.events.NotifyConfig.Transition;
import dev.pairlock.failover.Role;
import dev.pairlock.hal.time.Clock;
import dev.pairlock.hal.time.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the notify scripts of {@link NotifyConfig} on the transitions SEL records report: MAIN and
 * SPARE on a role change, FAULT on a local fault or a failfast halt, STOP when pairlockd stops.
 * A script gets {@code STATE EPOCH CAUSE} as arguments and {@code PAIRLOCK_STATE}, {@code PAIRLOCK_ROLE},
 * {@code PAIRLOCK_EPOCH}, {@code PAIRLOCK_CAUSE}, {@code PAIRLOCK_SC}, {@code PAIRLOCK_SEQ} in its
 * environment.
 *
 * <p>{@link #onRecord} only queues: scripts run one after the other, in the order of their
 * transitions, on a thread of their own, so a hung script never delays the protocol. A script still
 * running after the timeout is killed (SIGKILL, with its children). Output goes to a temporary file,
 * not a pipe, so a script that leaves a background child holding its output cannot hang the runner.
 * The exit status, the first 2 KiB of output and how long it ran become a
 * {@link EventKind#NOTIFY_RAN} or {@link EventKind#NOTIFY_FAILED} draft for the SEL.
 */
public final class NotifyScripts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyScripts.class);
    static final int OUTPUT_MAX = 2048;

    private final NotifyConfig cfg;
    private final Scheduler timeouts;
    private final Clock clock;
    private final Consumer<EventDraft> results;
    private final ExecutorService runner;

    /**
     * @param timeouts where the kill after the timeout is scheduled
     * @param results  where the outcome of each run goes (the SEL, through the reporter)
     */
    public NotifyScripts(NotifyConfig cfg, Scheduler timeouts, Clock clock, Consumer<EventDraft> results) {
        this.cfg = cfg;
        this.timeouts = timeouts;
        this.clock = clock;
        this.results = results;
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pairlock-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** The transition {@code r} reports, if any. */
    static Optional<Transition> transition(SelRecord r) {
        return Optional.ofNullable(switch (r.kind()) {
            case ROLE_CHANGED -> r.role() == Role.MAIN ? Transition.MAIN : r.role() == Role.SPARE ? Transition.SPARE : null;
            case LOCAL_FAULT, FAILFAST -> Transition.FAULT;
            case DAEMON_STOPPED -> Transition.STOP;
            default -> null;
        });
    }

    /** Queues the script of the transition {@code r} reports, if one is configured; returns at once. */
    public void onRecord(SelRecord r) {
        transition(r).ifPresent(t -> {
            Path script = cfg.scripts().get(t);
            if (script != null) {
                runner.execute(() -> run(script, t, r));
            }
        });
    }

    private void run(Path script, Transition t, SelRecord r) {
        String cause = r.field("cause").isEmpty() ? r.kind().name() : r.field("cause");
        EventDraft base = EventDraft.of(EventKind.NOTIFY_RAN, r.role(), r.epoch()).with("script", script)
                .with("state", t).with("for_seq", r.seq());
        Path out = null;
        Process p = null;
        long start = clock.nanos();
        try {
            out = Files.createTempFile("pairlock-notify-", ".out");
            ProcessBuilder pb = new ProcessBuilder(script.toString(), t.name(), String.valueOf(r.epoch()), cause)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                            Path.of("/dev/null").toFile()));
            Map<String, String> env = pb.environment();
            env.put("PAIRLOCK_STATE", t.name());
            env.put("PAIRLOCK_ROLE", r.role().name());
            env.put("PAIRLOCK_EPOCH", String.valueOf(r.epoch()));
            env.put("PAIRLOCK_CAUSE", cause);
            env.put("PAIRLOCK_SC", r.sc().name());
            env.put("PAIRLOCK_SEQ", String.valueOf(r.seq()));
            p = pb.start();
            Process started = p;
            AtomicBoolean timedOut = new AtomicBoolean();
            Scheduler.Timer kill = timeouts.schedule(cfg.timeout().toNanos(), () -> {
                if (started.isAlive()) {
                    timedOut.set(true);
                    killTree(started);
                }
            });
            int status = p.waitFor();
            kill.cancel();
            long ms = (clock.nanos() - start) / 1_000_000;
            EventDraft d = base.with("status", status).with("ms", ms).with("output", head(out));
            if (timedOut.get()) {
                d = failed(d).with("timeout", cfg.timeout().toMillis() + "ms");
            } else if (status != 0) {
                d = failed(d);
            }
            results.accept(d);
        } catch (IOException e) {
            results.accept(failed(base).with("error", "could not start: " + e.getMessage()));
        } catch (InterruptedException e) {
            // close() gave up waiting: its timeout kill (on the scheduler) may never run now, so the
            // script would outlive pairlockd, orphaned
            Thread.currentThread().interrupt();
            if (p != null && p.isAlive()) {
                killTree(p);
                LOG.warn("notify script {} ({}, pid {}) still ran when the notify scripts were closed: killed", script, t, p.pid());
                results.accept(failed(base).with("ms", (clock.nanos() - start) / 1_000_000)
                        .with("error", "killed: pairlockd stopped before it finished"));
            }
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", out, e.toString());
                }
            }
        }
    }

    /** SIGKILL to the script and its children (those it started in the background too). */
    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static EventDraft failed(EventDraft d) {
        return new EventDraft(EventKind.NOTIFY_FAILED, EventKind.NOTIFY_FAILED.defaultSeverity(), d.role(), d.epoch(), d.fields());
    }

    private static String head(Path out) throws IOException {
        try (InputStream in = Files.newInputStream(out)) {
            byte[] b = in.readNBytes(OUTPUT_MAX);
            boolean more = in.read() >= 0;
            String s = new String(b, StandardCharsets.UTF_8).strip();
            return more ? s + "..." : s;
        }
    }

    /**
     * Lets queued scripts finish (each within its timeout) for at most {@code waitMillis}; a script
     * still running then is killed with its children (recorded as NOTIFY_FAILED), those not started
     * yet are dropped.
     */
    public void close(long waitMillis) {
        runner.shutdown();
        try {
            if (!runner.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                int dropped = runner.shutdownNow().size(); // interrupts the running one: run() kills it
                if (dropped > 0) {
                    LOG.warn("{} queued notify scripts dropped: the notify scripts were closed", dropped);
                }
                // bounded: the interrupted run() only kills and records
                runner.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(cfg.timeout().toMillis() + 1000);
    }
}
