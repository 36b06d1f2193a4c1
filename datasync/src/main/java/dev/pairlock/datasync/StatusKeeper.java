package dev.pairlock.datasync;

import dev.pairlock.hal.ScId;
import dev.pairlock.hal.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Datasync Status sensors and the once-only failure reports. On the MAIN the status is the
 * planner's; on the SPARE it is the MAIN's last word (STATUS records), which stands for a while
 * after the session ends (the MAIN may just have died, and its data was in sync as of then) and then
 * turns FAILED. Runs on the engine's scheduler; {@link #current} may be read from any thread.
 */
final class StatusKeeper {
    private final SyncConfig cfg;
    private final Clock clock;
    private final InstantSource wall;
    private final DatasyncListener listener;
    private final ScId self;
    private final boolean[] reported = new boolean[4];
    private volatile DatasyncStatus current;
    private String link = "";

    private List<PriorityStatus> mirror;
    private ScId mirrorFrom;
    private boolean mirrorUp;
    private long mirrorLostAt;
    private Instant mirrorLostWall;
    /**
     * The MAIN's session ended because its end closed it without a BYE (its OS sent FIN or RST): the
     * MAIN's daemon exited, or it left the MAIN role. Its last word then stands for as long as no new
     * session comes: a MAIN that is no longer running as MAIN changes nothing the SPARE must hold,
     * and this is what lets a SPARE take over from a killed MAIN whose clock keeps running when
     * failover is turned on long after the kill (S5: a dead MAIN may be replaced). A cut link is
     * silent (no FIN crosses it), so an isolated live MAIN still lapses to FAILED.
     */
    private boolean mirrorClosedBySender;

    StatusKeeper(SyncConfig cfg, Clock clock, InstantSource wall, DatasyncListener listener, ScId self) {
        this.cfg = cfg;
        this.clock = clock;
        this.wall = wall;
        this.listener = listener;
        this.self = self;
        List<PriorityStatus> initial = new ArrayList<>();
        for (int p = 1; p <= 3; p++) {
            initial.add(new PriorityStatus(p, SyncState.DISABLED, "not started", Optional.empty(), 0, 0));
        }
        this.current = new DatasyncStatus(SyncRole.NONE, -1, Optional.empty(), "not started", initial);
    }

    DatasyncStatus current() {
        return current;
    }

    /**
     * {@code published} (the last {@link #current}) if it was computed for {@code role} of {@code epoch},
     * the role setRole gave last; otherwise what can be said before the engine's thread applies that
     * role. {@link #publish} runs on that thread, so after setRole returns the published status still
     * describes the old role for a while: a SPARE's copy of its old MAIN's word (in sync, and kept for
     * good when that MAIN's end closed the session), or "not started" (disabled). Read as the new
     * role's, it had a new MAIN say in sync before it had sent its SPARE anything, and that SPARE
     * still held the old MAIN's edit (RoleEpochTest, seen under load): S5's gate open on stale data.
     * So until then a priority with items is SYNCING; one without items stays DISABLED, and a change
     * to NONE keeps the last known priorities, as {@link #publish} will.
     */
    DatasyncStatus forRole(DatasyncStatus published, SyncRole role, long epoch) {
        if (published.role() == role && published.epoch() == epoch) {
            return published;
        }
        if (role == SyncRole.NONE) {
            return new DatasyncStatus(role, epoch, Optional.empty(), "last known (" + self + " is neither MAIN nor SPARE now)",
                    published.priorities());
        }
        List<PriorityStatus> pr = new ArrayList<>();
        int[] local = cfg.priorities();
        String changing = "the change to " + role + " of epoch " + epoch + " is being applied";
        for (int p = 1; p <= 3; p++) {
            pr.add(!cfg.enabled() ? published.priority(p)
                    : hasPriority(local, p) ? new PriorityStatus(p, SyncState.SYNCING, changing, Optional.empty(), 0, 0)
                    : new PriorityStatus(p, SyncState.DISABLED, "no items", Optional.empty(), 0, 0));
        }
        return new DatasyncStatus(role, epoch, Optional.empty(), "none yet (" + changing + ")", pr);
    }

    void link(String l) {
        link = l;
    }

    String link() {
        return link;
    }

    void resetMirror() {
        mirror = null;
        mirrorUp = false;
        mirrorClosedBySender = false;
    }

    /**
     * The MAIN's word ({@code st}), or the end of its session (null; {@code closedBySender}: its end
     * closed it without a BYE).
     */
    void mirror(ScId from, List<PriorityStatus> st, long now, boolean closedBySender) {
        if (st == null) {
            if (mirrorUp) {
                mirrorUp = false;
                mirrorLostAt = now;
                mirrorLostWall = wall.instant();
            }
            if (closedBySender && mirror != null) {
                // also when this session carried no STATUS of its own (one a probe of the primary
                // opened and the MAIN adopted, the last word came on the session before it): the MAIN's
                // daemon closed it on exit all the same
                mirrorClosedBySender = true;
            }
            return;
        }
        mirror = st;
        mirrorFrom = from;
        mirrorUp = true;
        mirrorClosedBySender = false;
    }

    void event(DatasyncEvent.Kind kind, int priority, String detail) {
        listener.onEvent(new DatasyncEvent(wall.instant(), kind, priority, detail));
    }

    void publish(SyncRole role, long epoch, boolean peerPresent, SyncPlanner planner, long bytesRemaining,
                 int runningPriority, boolean receiving, Optional<String> senderLink) {
        long now = clock.nanos();
        List<PriorityStatus> pr = new ArrayList<>();
        String source;
        Optional<String> linkNow = Optional.empty();
        if (!cfg.enabled()) {
            for (int p = 1; p <= 3; p++) {
                pr.add(new PriorityStatus(p, SyncState.DISABLED, "sync is off (no sync.item in the platform file, or"
                        + " sync.enabled = no)", Optional.empty(), 0, 0));
            }
            source = "the configuration";
        } else if (role == SyncRole.MAIN) {
            source = "this SC (" + self + ", MAIN)";
            linkNow = senderLink;
            for (PriorityStatus s : planner.status(now)) {
                if (!peerPresent && s.state() != SyncState.DISABLED) {
                    // nothing to sync to; but changes made meanwhile are on no SPARE: while any
                    // wait, priority 1 is not in sync (a SPARE back from a stall is heard by the
                    // protocol before presence polling sees it, and a planned switchover then must
                    // not count these changes as synced: S5)
                    boolean waiting = s.itemsPending() > 0 || s.bytesPending() > 0;
                    s = new PriorityStatus(s.priority(), waiting ? SyncState.SYNCING : SyncState.DISABLED,
                            waiting ? "no SPARE present: " + s.itemsPending() + " item(s) wait for one"
                                    : "no SPARE present: nothing to sync to",
                            s.lastFullSync(), s.itemsPending(), s.bytesPending());
                } else if (s.priority() == runningPriority && bytesRemaining > 0) {
                    s = new PriorityStatus(s.priority(), s.state(), s.reason(), s.lastFullSync(), s.itemsPending(), bytesRemaining);
                }
                pr.add(s);
            }
        } else if (role == SyncRole.SPARE) {
            int[] local = cfg.priorities();
            if (mirror == null) {
                source = "none yet (waiting for the MAIN's first sync)";
                for (int p = 1; p <= 3; p++) {
                    boolean has = hasPriority(local, p);
                    pr.add(new PriorityStatus(p, has ? SyncState.SYNCING : SyncState.DISABLED,
                            has ? "waiting for the MAIN's first sync" : "no items", Optional.empty(), 0, 0));
                }
            } else if (mirrorUp || mirrorClosedBySender || now - mirrorLostAt <= 2 * cfg.linkTimeout().toNanos()) {
                source = "the MAIN " + mirrorFrom + (mirrorUp ? "" : mirrorClosedBySender
                        ? " (its last word: its end closed the session without a BYE at " + mirrorLostWall
                                + ": its daemon exited or left the MAIN role)"
                        : " (its last word: the session ended at " + mirrorLostWall + ")");
                linkNow = mirrorUp ? Optional.of("from " + mirrorFrom) : Optional.empty();
                pr.addAll(mirror);
            } else {
                source = "the MAIN " + mirrorFrom + " until " + mirrorLostWall;
                for (PriorityStatus s : mirror) {
                    pr.add(s.state() == SyncState.DISABLED ? s : new PriorityStatus(s.priority(), SyncState.FAILED,
                            "no sync session with the MAIN since " + mirrorLostWall, s.lastFullSync(), s.itemsPending(),
                            s.bytesPending()));
                }
            }
        } else {
            source = "last known (" + self + " is neither MAIN nor SPARE now)";
            pr.addAll(current.priorities());
        }
        boolean mainExited = role == SyncRole.SPARE && mirror != null && !mirrorUp && mirrorClosedBySender;
        DatasyncStatus next = new DatasyncStatus(role, epoch, linkNow, source, pr, mainExited);
        if (!next.equals(current)) {
            current = next;
            listener.onStatus(next);
        }
        if (role == SyncRole.MAIN) {
            // after the status says it: whoever acts on SYNC_FAILED / SYNC_CLEARED reads it already
            report(pr);
        }
    }

    private static boolean hasPriority(int[] ps, int p) {
        for (int x : ps) {
            if (x == p) {
                return true;
            }
        }
        return false;
    }

    /** SYNC_FAILED once when a priority turns FAILED; SYNC_CLEARED once when it is in sync (or has nothing to sync) again. */
    private void report(List<PriorityStatus> pr) {
        for (PriorityStatus s : pr) {
            int p = s.priority();
            if (s.state() == SyncState.FAILED && !reported[p]) {
                reported[p] = true;
                event(DatasyncEvent.Kind.SYNC_FAILED, p, s.reason());
            } else if (reported[p] && (s.state() == SyncState.IN_SYNC
                    || s.state() == SyncState.DISABLED && !s.reason().startsWith("no SPARE"))) {
                reported[p] = false;
                event(DatasyncEvent.Kind.SYNC_CLEARED, p, "priority " + p + " is " + s.state() + " again");
            }
        }
    }
}
