package dev.pairlock.events;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** How {@code scctl events} prints a record: one text line for people, or one JSON object per line. */
public final class SelFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private SelFormat() {
    }

    /**
     * {@code 42  2025-03-01 12:00:00.123  SC0 MAIN e7  WARNING   PEER_LOST  key=value key="a b"}: the
     * time in {@code zone}, values with spaces or quotes quoted.
     */
    public static String text(SelRecord r, ZoneId zone) {
        StringBuilder b = new StringBuilder(96);
        b.append(String.format("%6d  %s  %s %-13s e%-4d %-8s  %s", r.seq(), TIME.format(r.wall().atZone(zone)), r.sc(),
                r.role(), r.epoch(), r.severity(), r.kindName()));
        for (Map.Entry<String, String> e : r.fields().entrySet()) {
            if (r.kind() == EventKind.UNRECOGNISED && e.getKey().equals("kind_name")) {
                continue;
            }
            b.append("  ").append(e.getKey()).append('=').append(textValue(e.getValue()));
        }
        return b.toString();
    }

    private static String textValue(String v) {
        boolean plain = !v.isEmpty();
        for (int i = 0; i < v.length() && plain; i++) {
            char c = v.charAt(i);
            plain = c > ' ' && c != '"' && c != '\\' && c != 0x7f;
        }
        if (plain) {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * One JSON object: {@code {"seq":42,"time":"2025-03-01T12:00:00.123456Z","mono_ns":...,"sc":"SC0",
     * "role":"MAIN","epoch":7,"severity":"WARNING","kind":"PEER_LOST","fields":{...}}}.
     */
    public static String json(SelRecord r) {
        StringBuilder b = new StringBuilder(160);
        b.append("{\"seq\":").append(r.seq());
        b.append(",\"time\":");
        jsonString(b, r.wall().toString());
        b.append(",\"mono_ns\":").append(r.monoNanos());
        b.append(",\"sc\":\"").append(r.sc()).append('"');
        b.append(",\"role\":\"").append(r.role()).append('"');
        b.append(",\"epoch\":").append(r.epoch());
        b.append(",\"severity\":\"").append(r.severity()).append('"');
        b.append(",\"kind\":");
        jsonString(b, r.kindName());
        b.append(",\"fields\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : r.fields().entrySet()) {
            if (r.kind() == EventKind.UNRECOGNISED && e.getKey().equals("kind_name")) {
                continue;
            }
            if (!first) {
                b.append(',');
            }
            first = false;
            jsonString(b, e.getKey());
            b.append(':');
            jsonString(b, e.getValue());
        }
        return b.append("}}").toString();
    }

    /** Appends {@code s} as a JSON string (RFC 8259 escapes; non-ASCII kept as UTF-8). */
    public static void jsonString(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
