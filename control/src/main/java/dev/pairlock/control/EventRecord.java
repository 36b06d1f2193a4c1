package dev.pairlock.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One health event as the control protocol reports it ({@code events}): the SEL's entries and the
 * daemon's in-memory ring alike.
 *
 * @param sequence  increasing per source (a follower sees no gaps unless the ring overflowed)
 * @param wallMillis when it happened, wall-clock milliseconds since the epoch (for people; order by sequence)
 * @param sc        which SC logged it ("sc0", "sc1")
 * @param severity  "info", "warning" or "error"
 * @param kind      a stable lower-case identifier, e.g. "role_change", "dead_main_takeover"
 * @param epoch     the protocol epoch when it happened
 * @param message   one line for a person
 */
public record EventRecord(long sequence, long wallMillis, String sc, String severity, String kind, long epoch,
                          String message) {
    /** The JSON object of {@code events} replies and {@code follow} lines. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", sequence);
        m.put("time", java.time.Instant.ofEpochMilli(wallMillis).toString());
        m.put("sc", sc);
        m.put("severity", severity);
        m.put("kind", kind);
        m.put("epoch", epoch);
        m.put("message", message);
        return m;
    }
}
