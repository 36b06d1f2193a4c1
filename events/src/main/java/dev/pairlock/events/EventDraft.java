package dev.pairlock.events;

import dev.pairlock.failover.Role;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An event as its producer describes it, before the log gives it a sequence number and times:
 * kind, severity, the role and epoch the SC was in, and named fields in the order given.
 *
 * <p>Fields are bounded so that one chatty producer (a notify script's output) cannot blow up a
 * record: keys are {@code [a-z][a-z0-9_]*} up to 32 characters, at most {@value #MAX_FIELDS} fields,
 * values cut to {@value #MAX_VALUE_CHARS} characters (the cut is marked).
 */
public record EventDraft(EventKind kind, Severity severity, Role role, long epoch, Map<String, String> fields) {
    public static final int MAX_FIELDS = 32;
    public static final int MAX_VALUE_CHARS = 2048;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public EventDraft {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(role, "role");
        if (fields.size() > MAX_FIELDS) {
            throw new IllegalArgumentException(kind + ": " + fields.size() + " fields; at most " + MAX_FIELDS);
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (!KEY.matcher(k).matches()) {
                throw new IllegalArgumentException(kind + ": field name '" + k + "' must match [a-z][a-z0-9_]{0,31}");
            }
            copy.put(k, bound(Objects.requireNonNull(v, k)));
        });
        fields = Collections.unmodifiableMap(copy);
    }

    /** A draft of {@code kind} at its default severity, with no fields. */
    public static EventDraft of(EventKind kind, Role role, long epoch) {
        return new EventDraft(kind, kind.defaultSeverity(), role, epoch, Map.of());
    }

    /** This draft with one more field (a later value for the same key replaces the earlier). */
    public EventDraft with(String key, Object value) {
        LinkedHashMap<String, String> f = new LinkedHashMap<>(fields);
        f.put(key, String.valueOf(value));
        return new EventDraft(kind, severity, role, epoch, f);
    }

    public EventDraft withSeverity(Severity s) {
        return new EventDraft(kind, s, role, epoch, fields);
    }

    /** The value of {@code key}, or "" when the draft has no such field. */
    public String field(String key) {
        return fields.getOrDefault(key, "");
    }

    static String bound(String value) {
        String v = wellFormed(value);
        if (v.length() <= MAX_VALUE_CHARS) {
            return v;
        }
        String tail = "...(" + (v.length() - MAX_VALUE_CHARS) + " more characters cut)";
        int cut = MAX_VALUE_CHARS - tail.length();
        if (Character.isHighSurrogate(v.charAt(cut - 1))) {
            cut--; // never split a surrogate pair
        }
        return v.substring(0, cut) + tail;
    }

    /** {@code v} with every unpaired surrogate (no UTF-8 form) replaced by U+FFFD, so that it reads back equal. */
    private static String wellFormed(String v) {
        StringBuilder b = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1));
                if (ok) {
                    if (b != null) {
                        b.append(c).append(v.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                ok = !Character.isLowSurrogate(c);
            }
            if (!ok && b == null) {
                b = new StringBuilder(v.length()).append(v, 0, i);
            }
            if (b != null) {
                b.append(ok ? c : '\uFFFD');
            }
        }
        return b == null ? v : b.toString();
    }
}
