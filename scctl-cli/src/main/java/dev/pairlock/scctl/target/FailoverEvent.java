package dev.pairlock.scctl.target;

import dev.pairlock.hal.ScId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One health event of a simulated SC's failover runtime, as {@code failover show} reports it: the
 * fields the daemon's {@code failover.show} events carry where they mean the same ({@code seq},
 * {@code sc}, {@code kind}, {@code epoch}, {@code message}), with the simulator's virtual time in
 * seconds ({@code time_s}, as {@code virtual_time_s}) instead of the daemon's wall-clock {@code time},
 * and what the event names ({@code detail}: the new role, the signal, the slot...; empty when the
 * kind says it all).
 *
 * @param seq       increasing per SC, from 1
 * @param timeNanos virtual time of the event
 * @param kind      lower case, as the daemon's: "role_change", "switchover_started", "halt", ...
 * @param message   what the kind means, one line for a person
 */
public record FailoverEvent(long seq, long timeNanos, ScId sc, String kind, long epoch, String detail, String message) {
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("time_s", timeNanos / 1e9);
        m.put("sc", sc.name().toLowerCase(Locale.ROOT));
        m.put("kind", kind);
        m.put("epoch", epoch);
        m.put("detail", detail);
        m.put("message", message);
        return m;
    }

    /** {@code "       0.400 s  role_change BECOMING_MAIN (epoch 1)"}: the text view's line. */
    public String line() {
        return String.format("%10.3f s  %s%s (epoch %d)", timeNanos / 1e9, kind, detail.isEmpty() ? "" : " " + detail, epoch);
    }
}
