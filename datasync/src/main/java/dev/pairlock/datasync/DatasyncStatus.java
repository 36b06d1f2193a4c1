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
 */
public record DatasyncStatus(SyncRole role, long epoch, Optional<String> link, String source,
                             List<PriorityStatus> priorities) {
    public DatasyncStatus {
        priorities = List.copyOf(priorities);
    }

    public PriorityStatus priority(int p) {
        return priorities.get(p - 1);
    }

    /** The S5 gate: priority-1 data is in sync (or there is none to sync). */
    public boolean priority1InSync() {
        return priority(1).satisfied();
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
