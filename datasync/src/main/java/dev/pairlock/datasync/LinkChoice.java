package dev.pairlock.datasync;

import dev.pairlock.hal.time.Scheduler;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of eth1 → eth0: {@link LinkSelector} decides, this acts on it. A session that
 * comes up is told to the selector, and a switch it makes is counted, logged and reported once;
 * while sync runs on (or waits for) the fallback the primary is probed every
 * {@code sync.link.probe_interval} with a real handshake, and a session that gets through is handed
 * to the sender between passes. Runs on the engine's scheduler, but for the probe's connect (a
 * virtual thread, so that the scheduler never waits on a socket).
 */
final class LinkChoice {
    /** The engine's logger: these lines were the engine's before this class was split off, and read the same. */
    private static final Logger log = LoggerFactory.getLogger(DatasyncEngine.class);

    private final LinkSelector links;
    private final long probeInterval;
    private final Scheduler scheduler;
    private final SenderWorker worker;
    private final StatusKeeper status;
    private final Counters counters;
    private final IntPredicate sending;
    private final BooleanSupplier busy;
    private final Executor post;
    private final Runnable publish;
    /** A probe's session is up: the link is back for the items that waited for it (see {@link SyncPlanner#linkUp}). */
    private final Runnable linkBack;
    /**
     * A probe is scheduled or connecting (its {@link #onProbe} has not run yet): there is at most
     * one, however many reports ask for it meanwhile.
     */
    private boolean probing;
    /**
     * A session a probe opened on the primary while a job ran, held for the next job: its worker
     * adopts it first ({@link #takeProbed}). Aborted on a role change ({@link #dropProbed}); null
     * when there is none.
     */
    private SenderSession probed;

    /**
     * @param sending whether the engine still sends in the given generation (same role and epoch,
     *                the peer present, not closed): a probe of an older one is dropped
     * @param busy    whether a job is with the worker now (a probed session then waits for its end)
     * @param post    runs a task on the scheduler, unless the engine is closed
     * @param publish recomputes the status (a probed session shows as the link)
     * @param linkBack a probe opened a session: items that waited for the link are due now (and dispatched)
     */
    LinkChoice(SyncConfig cfg, Scheduler scheduler, SenderWorker worker, StatusKeeper status, Counters counters,
               IntPredicate sending, BooleanSupplier busy, Executor post, Runnable publish, Runnable linkBack) {
        this.links = new LinkSelector(cfg.links());
        this.probeInterval = cfg.probeInterval().toNanos();
        this.scheduler = scheduler;
        this.worker = worker;
        this.status = status;
        this.counters = counters;
        this.sending = sending;
        this.busy = busy;
        this.post = post;
        this.publish = publish;
        this.linkBack = linkBack;
    }

    /** The links to try, in order, for a new session. */
    List<SyncLink> order() {
        return links.order();
    }

    /** The link of the session now up, as the status shows it, or empty. */
    Optional<String> current() {
        return links.current() == null ? Optional.empty() : Optional.of(status.link());
    }

    /** A connect on the primary failed: sync moves to the fallback, if there is one. */
    void primaryFailed(String reason) {
        links.primaryFailed(reason);
    }

    /** The session on {@code name} broke. */
    void lost(SyncLink.Name name, String reason) {
        links.lost(name, reason);
    }

    /** A session is up on {@code link}: a switch between links is counted, logged and reported once. */
    void up(SyncLink link) {
        LinkSelector.Switch sw = links.connected(link.name());
        status.link(link.toString());
        if (sw != null) {
            // the status names the new link before the event announcing the switch goes out: whoever
            // reads the event and then asks (an operator, the VM campaign's judge) sees that link
            publish.run();
        }
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

    /** Probes the primary for generation {@code gen} (epoch {@code ep}) if sync left it and no probe is under way. */
    void probeIfDue(int gen, long ep) {
        if (links.probing() && !probing && sending.test(gen)) {
            scheduleProbe(gen, ep);
        }
    }

    /** The session a probe left for the next job, or null; the caller (the job's worker) owns it now. */
    SenderSession takeProbed() {
        SenderSession s = probed;
        probed = null;
        return s;
    }

    /** A role change: a probed session of the old generation is no use to anyone. */
    void dropProbed() {
        if (probed != null) {
            probed.abort();
            probed = null;
        }
    }

    private void scheduleProbe(int gen, long ep) {
        probing = true;
        scheduler.schedule(probeInterval, () -> {
            if (!sending.test(gen)) {
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
                post.execute(() -> onProbe(gen, ep, got, err));
            });
        });
    }

    private void onProbe(int gen, long ep, SenderSession s, String error) {
        probing = false;
        if (!sending.test(gen)) {
            if (s != null) {
                s.close();
            }
            return;
        }
        if (s == null) {
            log.debug("datasync: primary link still down: {}", error);
            scheduleProbe(gen, ep);
            return;
        }
        up(s.link());
        if (busy.getAsBoolean()) {
            if (probed != null) {
                probed.abort(); // an earlier probe's session still waits: one is enough, the newer one
            }
            probed = s;
        } else {
            List<PriorityStatus> st = status.current().priorities();
            // the SPARE hears the MAIN's word on every session, this one too (it may carry no pass)
            worker.submit(() -> {
                worker.adopt(s, gen);
                worker.sendStatus(st, gen);
            });
        }
        // a session is up (the next job's, or held for it): what waited for the link need not wait out
        // its backoff; after the adopt above, so that a job dispatched now runs on this session
        linkBack.run();
        publish.run();
    }
}
