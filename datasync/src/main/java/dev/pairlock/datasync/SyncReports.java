package dev.pairlock.datasync;

import dev.pairlock.hal.time.Clock;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the MAIN makes of each {@link SenderWorker.Report}: the failed-pass counter, what the report
 * says about the links (to {@link LinkChoice}: a switch is reported there), the job's outcome to the
 * {@link SyncPlanner} (which decides the retry, and so the engine's next wake), the warning an
 * operator reads, and a full comparison of everything after a new session. Keeps no state of its
 * own; runs on the engine's scheduler only. What to run next is the engine's dispatch.
 */
final class SyncReports {
    /** The engine's logger: these lines were the engine's before this class was split off, and read the same. */
    private static final Logger log = LoggerFactory.getLogger(DatasyncEngine.class);

    private final SyncPlanner planner;
    private final LinkChoice links;
    private final Counters counters;
    private final Clock clock;
    private final InstantSource wall;

    SyncReports(SyncPlanner planner, LinkChoice links, Counters counters, Clock clock, InstantSource wall) {
        this.planner = planner;
        this.links = links;
        this.counters = counters;
        this.clock = clock;
        this.wall = wall;
    }

    /**
     * Takes the report of a job that has ended. {@code current}: it ran in the engine's present
     * generation as MAIN; if not (the role changed meanwhile), its work stays due and nothing of it
     * counts in the planner, but the links it tried still tell which one works.
     */
    void take(SenderWorker.Report r, boolean current) {
        if (r.result() instanceof SyncPlanner.Failed || r.result() instanceof SyncPlanner.NoLink
                || r.result() instanceof SyncPlanner.Synced s && !s.failures().isEmpty()) {
            counters.passesFailed.incrementAndGet();
        }
        long now = clock.nanos();
        for (String[] err : r.linkErrors()) {
            if (err[0].equals("PRIMARY")) {
                links.primaryFailed(err[1]);
            }
        }
        if (r.linkLost() != null && r.sessionLink() != null) {
            links.lost(r.sessionLink().name(), r.linkLost());
        }
        if (r.sessionLink() != null && r.linkLost() == null) {
            links.up(r.sessionLink());
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
            // the session is new: the link is back for every item that waited for it, and everything
            // is compared again (the job's own item too, unless it just ran a full pass)
            planner.linkUp();
            planner.fullAllBut(r.job().full() && r.result() instanceof SyncPlanner.Synced ? r.job().item() : -1);
        }
    }
}
