package dev.pairlock.datasync;

import java.util.List;
import java.util.Optional;

/**
 * The Datasync Status sensors (priorities 1 to 3) and where they come from.
 *
 * @param role     this SC's role as data sync was last told
 * @param epoch    the epoch of that role
 * @param link     the link carrying sync traffic now ("primary 10.0.1.2:7780"), empty if none
 * @param source   who judged the status: "this SC (MAIN)", "the MAIN SC0 (as of ...)", ...
 * @param mainExited on a SPARE: the MAIN's sync session was closed by its end without a BYE (its OS
 *                 sent FIN or RST), so its daemon exited or it left the MAIN role: nothing more will
 *                 come from it, and a dead MAIN may be replaced whatever the sync (S5)
 */
public record DatasyncStatus(SyncRole role, long epoch, Optional<String> link, String source,
                             List<PriorityStatus> priorities, boolean mainExited) {
    public DatasyncStatus {
        priorities = List.copyOf(priorities);
    }

    public DatasyncStatus(SyncRole role, long epoch, Optional<String> link, String source, List<PriorityStatus> priorities) {
        this(role, epoch, link, source, priorities, false);
    }

    public PriorityStatus priority(int p) {
        return priorities.get(p - 1);
    }

    /** Priority-1 data is in sync (or there is none to sync). */
    public boolean priority1InSync() {
        return priority(1).satisfied();
    }

    /**
     * Whether S5 lets this SPARE replace the MAIN: priority 1 in sync, or the MAIN gone (its daemon
     * closed the session and exited, {@link #mainExited}): a dead MAIN may be replaced out of sync,
     * and a SPARE whose MAIN was killed mid-pass must not wait for a sync that can never end. The
     * protocol gets both facts (Event.SyncStatus) and logs such a takeover as not in sync.
     */
    public boolean failoverGateOpen() {
        return priority1InSync() || mainExited;
    }

    /** Lines for {@code scctl datasync status}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("datasync: ").append(role).append(" epoch ").append(epoch).append(", link ")
                .append(link.orElse("none")).append(", status from ").append(source).append('\n');
        for (PriorityStatus s : priorities) {
            b.append("  ").append(s.describe()).append('\n');
        }
        return b.toString();
    }
}
