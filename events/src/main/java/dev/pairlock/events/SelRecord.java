package dev.pairlock.events;

import dev.pairlock.failover.Role;
import dev.pairlock.hal.ScId;
import java.time.Instant;
import java.util.Map;

/**
 * One record of the system event log: the log's sequence number (increasing by one per record,
 * never reused, also across a clear), wall-clock time (for people), monotonic time (for ordering
 * within one boot of the daemon), the SC that wrote it, its role and epoch then, the kind, the
 * severity and the fields.
 */
public record SelRecord(long seq, Instant wall, long monoNanos, ScId sc, Role role, long epoch, EventKind kind,
                        Severity severity, Map<String, String> fields) {

    /** The value of {@code key}, or "" when the record has no such field. */
    public String field(String key) {
        return fields.getOrDefault(key, "");
    }

    /** The kind's name as written, also for a kind this build does not know. */
    public String kindName() {
        return kind == EventKind.UNRECOGNISED ? fields.getOrDefault("kind_name", kind.name()) : kind.name();
    }
}
