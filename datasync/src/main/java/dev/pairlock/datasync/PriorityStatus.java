package dev.pairlock.datasync;

import java.time.Instant;
import java.util.Optional;

/**
 * The Datasync Status sensor of one priority.
 *
 * @param reason        why FAILED or DISABLED, or what SYNCING waits for; empty when IN_SYNC
 * @param lastFullSync  when every item of the priority was last found in sync
 * @param itemsPending  items with changes not yet on the SPARE
 * @param bytesPending  content bytes still to send, as far as the SPARE has said what it needs
 */
public record PriorityStatus(int priority, SyncState state, String reason, Optional<Instant> lastFullSync,
                             int itemsPending, long bytesPending) {
    /** Whether a failover may count on this priority's data (in sync, or nothing to sync). */
    public boolean satisfied() {
        return state == SyncState.IN_SYNC || state == SyncState.DISABLED;
    }

    /** One line, e.g. {@code priority 1: in-sync (last full sync 2026-11-29T23:40:12Z)}. */
    public String describe() {
        StringBuilder b = new StringBuilder("priority ").append(priority).append(": ").append(state);
        if (!reason.isEmpty()) {
            b.append(" (").append(reason).append(')');
        }
        if (itemsPending > 0 || bytesPending > 0) {
            b.append(", ").append(itemsPending).append(" item(s) / ").append(bytesPending).append(" byte(s) pending");
        }
        b.append(", last full sync ").append(lastFullSync.map(Instant::toString).orElse("never"));
        return b.toString();
    }

    void encode(Wire.Out out) {
        out.u8(priority).u8(state.ordinal()).str(reason).u32(itemsPending).i64(bytesPending)
                .i64(lastFullSync.map(Instant::toEpochMilli).orElse(Long.MIN_VALUE));
    }

    static PriorityStatus decode(Wire.In in) throws ProtocolException {
        int p = in.u8();
        int s = in.u8();
        if (p < 1 || p > 3 || s >= SyncState.values().length) {
            throw new ProtocolException("status of priority " + p + " state " + s);
        }
        String reason = in.str();
        int items = in.count(Integer.MAX_VALUE);
        long bytes = in.i64();
        long last = in.i64();
        return new PriorityStatus(p, SyncState.values()[s], reason,
                last == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last)), items, bytes);
    }
}
