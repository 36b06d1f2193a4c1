package dev.pairlock.events;

import dev.pairlock.config.ValueException;
import dev.pairlock.config.Values;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which records a reader wants: those at or after {@code since} (null: all), of the given kinds
 * (empty: all), the last {@code limit} of them (0: no limit). {@code scctl events --since T --kind K}.
 */
public record SelQuery(Instant since, Set<EventKind> kinds, int limit) {
    public SelQuery {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + " < 0");
        }
    }

    public static SelQuery all() {
        return new SelQuery(null, Set.of(), 0);
    }

    public boolean matches(SelRecord r) {
        return (since == null || !r.wall().isBefore(since)) && (kinds.isEmpty() || kinds.contains(r.kind()));
    }

    public SelQuery withLimit(int n) {
        return new SelQuery(since, kinds, n);
    }

    /**
     * Reads {@code --since}: a duration back from {@code now} ({@code 10m}, {@code 2h}, {@code 1.5s}),
     * an ISO-8601 instant ({@code 2025-03-01T12:00:00Z}) or a local date-time
     * ({@code 2025-03-01T12:00}, {@code 2025-03-01 12:00:00}) in {@code zone}.
     *
     * @throws IllegalArgumentException one line that says what was wrong and what is accepted
     */
    public static Instant parseSince(String text, Instant now, ZoneId zone) {
        String t = text.strip();
        if (!t.isEmpty() && Character.isDigit(t.charAt(0)) && !t.contains("-") && !t.contains(":")) {
            try {
                Duration d = Values.duration(t, null, Duration.ZERO, Duration.ofDays(36500));
                return now.minus(d);
            } catch (ValueException e) {
                throw new IllegalArgumentException("--since " + e.getMessage());
            }
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // not an instant: try a local date-time next
        }
        try {
            return LocalDateTime.parse(t.replace(' ', 'T')).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since " + Values.quote(text) + " is neither a duration back from now (10m, 2h)"
                    + " nor a time (2025-03-01T12:00:00Z, or local: 2025-03-01 12:00)");
        }
    }

    /**
     * Reads {@code --kind}: kind names, any case, separated by commas; a name that is not a kind is an
     * error listing the kinds.
     */
    public static Set<EventKind> parseKinds(String text) {
        EnumSet<EventKind> out = EnumSet.noneOf(EventKind.class);
        for (String part : text.split(",")) {
            String name = part.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            if (name.isEmpty()) {
                continue;
            }
            EventKind k = EventKind.byName(name);
            if (k == EventKind.UNRECOGNISED) {
                throw new IllegalArgumentException("--kind " + Values.quote(part.strip()) + " is not an event kind; kinds: "
                        + String.join(", ", EnumSet.complementOf(EnumSet.of(EventKind.UNRECOGNISED)).stream()
                        .map(Enum::name).toList()));
            }
            out.add(k);
        }
        return out;
    }
}
