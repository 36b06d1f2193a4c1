package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MAIN's sending thread: runs one job at a time as the engine's scheduler hands them over,
 * owns the session (opening it on the first link that answers), and reports every outcome back to
 * the scheduler. Blocking I/O lives here so that the scheduler never waits on a socket.
 */
final class SenderWorker {
    private static final Logger log = LoggerFactory.getLogger(SenderWorker.class);

    /** A job's ending, as the scheduler needs it. */
    record Report(SyncPlanner.Job job, int generation, SyncPlanner.Result result, SyncLink sessionLink,
                  boolean newSession, List<String[]> linkErrors, String linkLost) {
    }

    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final SecretKey key;
    private final ScId self;
    private final String firmware;
    private final Clock clock;
    private final Counters counters;
    private final Consumer<Session> watch;
    private final int connectTimeoutMillis;
    private final Pacer pacer;
    private final java.util.function.Function<SyncItem, java.nio.file.Path> location;
    private volatile SenderSession session;
    private int sessionGeneration = -1;
    private volatile boolean stopped;

    SenderWorker(SecretKey key, ScId self, String firmware, java.util.function.Function<SyncItem, java.nio.file.Path> location,
                 Clock clock, Counters counters, Consumer<Session> watch, int connectTimeoutMillis, Pacer pacer) {
        this.location = location;
        this.key = key;
        this.self = self;
        this.firmware = firmware;
        this.clock = clock;
        this.counters = counters;
        this.watch = watch;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.pacer = pacer;
        this.thread = new Thread(this::loop, "datasync-sender");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stopped) {
            try {
                tasks.take().run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("datasync: sender task failed unexpectedly", e);
            }
        }
    }

    void submit(Runnable task) {
        tasks.add(task);
    }

    SenderSession session() {
        return session;
    }

    /** Bytes the running pass still has to send (for the status). */
    long bytesRemaining() {
        SenderSession s = session;
        return s == null ? 0 : s.bytesRemaining;
    }

    /** Opens a session on {@code link} for a probe, off this thread; the caller owns it. */
    SenderSession openProbe(SyncLink link, long epoch) throws IOException {
        return SenderSession.open(link, key, Handshake.Hello.fresh(self, SyncRole.MAIN, epoch, firmware, connectTimeoutMillis),
                connectTimeoutMillis, clock, counters, watch);
    }

    /** On this thread: replaces the session by {@code s} (a probe found the primary back). */
    void adopt(SenderSession s, int generation) {
        SenderSession old = session;
        if (old != null) {
            old.close();
        }
        session = s;
        sessionGeneration = generation;
    }

    /** Closes the session now, from any thread (role change): a blocked write or read fails at once. */
    void abortSession() {
        SenderSession s = session;
        if (s != null) {
            s.abort();
        }
    }

    /** On this thread: sends the MAIN's status to the SPARE if a session is up. */
    void sendStatus(List<PriorityStatus> status, int generation) {
        SenderSession s = session;
        if (s == null || sessionGeneration != generation || s.channel().isClosed()) {
            return;
        }
        try {
            s.sendStatus(status);
        } catch (IOException e) {
            log.debug("datasync: status not sent: {}", e.getMessage());
        }
    }

    /**
     * On this thread: runs {@code job} for the MAIN of {@code epoch}; the report goes to {@code done}.
     * {@code authority}: this SC is still MAIN of {@code epoch} (the role given last, not the one the
     * job was dispatched under); a job that lacks it opens no session and states no epoch.
     */
    void run(SyncPlanner.Job job, int generation, long epoch, List<SyncLink> order, List<PriorityStatus> status,
             BooleanSupplier preempt, BooleanSupplier authority, Consumer<Report> done) {
        List<String[]> linkErrors = new ArrayList<>();
        if (!authority.getAsBoolean()) {
            done.accept(new Report(job, generation, new SyncPlanner.Aborted(), null, false, linkErrors, null));
            return;
        }
        boolean newSession = false;
        SyncItem item = job.syncItem();
        java.util.Optional<String> copyOnly = item.copyOnlyOn(self);
        if (copyOnly.isPresent()) {
            // another SC's own data: this SC only holds a copy, and a copy never goes back over the original
            // (the engine's planner never makes such an item due; this guards any other caller)
            done.accept(new Report(job, generation, new SyncPlanner.Disabled(copyOnly.get()), null, false, linkErrors, null));
            return;
        }
        SenderSession s = session;
        if (s != null && (sessionGeneration != generation || s.channel().isClosed())) {
            s.close(); // with a BYE: this SC has not exited (leaving the MAIN role aborts in abortSession)
            s = null;
            session = null;
        }
        try {
            if (s == null) {
                for (SyncLink link : order) {
                    try {
                        s = SenderSession.open(link, key, Handshake.Hello.fresh(self, SyncRole.MAIN, epoch, firmware, connectTimeoutMillis),
                                connectTimeoutMillis, clock, counters, watch);
                        break;
                    } catch (SenderSession.Refused r) {
                        throw r; // the other SC answered: another link would get the same answer
                    } catch (IOException e) {
                        linkErrors.add(new String[] {link.name().name(), link + ": " + ReceivePass.describe(e)});
                    }
                }
                if (s == null) {
                    done.accept(new Report(job, generation, new SyncPlanner.NoLink("no sync link to the SPARE: "
                            + String.join("; ", linkErrors.stream().map(x -> x[1]).toList())), null, false,
                            linkErrors, null));
                    return;
                }
                session = s;
                sessionGeneration = generation;
                newSession = true;
                if (!authority.getAsBoolean()) {
                    // the role changed during the handshake: setRole's abort may have missed this session (not
                    // yet in the field); it is there now, so either that abort or this one closes it
                    session = null;
                    s.abort();
                    done.accept(new Report(job, generation, new SyncPlanner.Aborted(), null, false, linkErrors, null));
                    return;
                }
            }
            String peerFw = s.receiver().firmware();
            java.nio.file.Path root = location.apply(item);
            SyncPlanner.Result result;
            if (!item.flag().allows(firmware, peerFw)) {
                result = new SyncPlanner.Disabled(item.flag().refusal(firmware, peerFw));
            } else {
                s.sendStatus(status);
                TreeScanner.Scan scan;
                try {
                    scan = job.full() ? TreeScanner.full(root, item.filter(), job.forceRoot())
                            : TreeScanner.delta(root, item.filter(), job.paths());
                } catch (IOException e) {
                    done.accept(new Report(job, generation, new SyncPlanner.Failed(ReceivePass.describe(e).replaceFirst(
                            "^RootMissing: ", ""), false), s.link(), newSession, linkErrors, null));
                    return;
                }
                SenderSession.Outcome o = s.pass(item, root, scan, preempt, pacer);
                result = new SyncPlanner.Synced(o.complete(), o.failures(), o.changedWhileSent());
                log.debug("datasync: {} pass of {}: {} sent ({} bytes), {} applied, {} deleted, {} failed", job.full()
                        ? "full" : "delta", item.name(), o.filesSent(), o.bytesSent(), o.applied(), o.deleted(), o.failures().size());
            }
            done.accept(new Report(job, generation, result, s.link(), newSession, linkErrors, null));
        } catch (SenderSession.Refused r) {
            endSession();
            done.accept(new Report(job, generation, new SyncPlanner.Failed(r.getMessage(), r.transientCause), null,
                    false, linkErrors, null));
        } catch (IOException | RuntimeException e) {
            SyncLink link = s == null ? null : s.link();
            endSession();
            String why = (link == null ? "" : link + ": ") + ReceivePass.describe(e);
            done.accept(new Report(job, generation, new SyncPlanner.Failed(why, false), link, newSession, linkErrors, why));
        }
    }

    /**
     * Ends the session after an error with a BYE (a no-op on a link already gone): the SPARE reads a
     * close without one as this SC's exit (mainExited, S5's gate open for a dead MAIN), and this SC is alive.
     */
    private void endSession() {
        SenderSession s = session;
        session = null;
        if (s != null) {
            s.close();
        }
    }

    /** The engine closes (the daemon exits): no BYE, so the SPARE knows this MAIN is gone. */
    void stop() {
        stopped = true;
        SenderSession s = session;
        session = null;
        if (s != null) {
            s.abort();
        }
        thread.interrupt();
    }
}
