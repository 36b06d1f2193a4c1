package dev.pairlock.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the control protocol (RFC 8259, strict): objects are {@code LinkedHashMap<String,
 * Object>} (a key set twice is an error), arrays {@code List<Object>}, strings, numbers as
 * {@code Long} when integral and in range else {@code Double}, {@code Boolean}, and {@code null}.
 * Nesting deeper than {@link #MAX_DEPTH} is refused, so no input can exhaust the stack; every
 * error is a {@link JsonException} naming the column. The writer emits what the parser reads.
 */
public final class Json {
    public static final int MAX_DEPTH = 32;

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** Parses exactly one JSON value (surrounding whitespace allowed, nothing else). */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.ws();
        Object v = p.value(0);
        p.ws();
        if (p.i != text.length()) {
            throw p.error("unexpected " + p.describe() + " after the value (one JSON value per line)");
        }
        return v;
    }

    private JsonException error(String what) {
        return new JsonException("column " + (i + 1) + ": " + what);
    }

    private String describe() {
        if (i >= s.length()) {
            return "end of line";
        }
        char c = s.charAt(i);
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("character U+%04X", (int) c);
    }

    private void ws() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else {
                return;
            }
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (i >= s.length()) {
            throw error("a value is missing");
        }
        char c = s.charAt(i);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    yield number();
                }
                throw error("unexpected " + describe() + " where a value should start");
            }
        };
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) {
            throw error("unexpected " + describe() + " (did you mean " + word + "?)");
        }
        i += word.length();
        return v;
    }

    private Map<String, Object> object(int depth) {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return m;
        }
        while (true) {
            ws();
            if (i >= s.length() || s.charAt(i) != '"') {
                throw error("expected a \"key\" in the object, found " + describe());
            }
            int at = i;
            String key = string();
            ws();
            expect(':');
            ws();
            Object v = value(depth + 1);
            if (m.containsKey(key)) {
                i = at;
                throw error("the key \"" + key + "\" is set twice");
            }
            m.put(key, v);
            ws();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect('}');
            return m;
        }
    }

    private List<Object> array(int depth) {
        i++;
        List<Object> l = new ArrayList<>();
        ws();
        if (i < s.length() && s.charAt(i) == ']') {
            i++;
            return l;
        }
        while (true) {
            ws();
            l.add(value(depth + 1));
            ws();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
                continue;
            }
            expect(']');
            return l;
        }
    }

    private void expect(char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw error("expected '" + c + "', found " + describe());
        }
        i++;
    }

    private String string() {
        i++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("the string is not closed");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                i--;
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string (escape it)");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw error("the escape at the end of the line is incomplete");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"' -> b.append('"');
                case '\\' -> b.append('\\');
                case '/' -> b.append('/');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw error("\\u needs 4 hex digits");
                    }
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i + k), 16);
                        if (d < 0 || s.charAt(i + k) > 0x7f) {
                            throw error("\\u needs 4 hex digits");
                        }
                        v = v * 16 + d;
                    }
                    i += 4;
                    b.append((char) v);
                }
                default -> {
                    i--;
                    throw error("unknown escape \\" + (e >= 0x20 && e < 0x7f ? String.valueOf(e) : "?"));
                }
            }
        }
    }

    private Object number() {
        int start = i;
        if (s.charAt(i) == '-') {
            i++;
        }
        if (i >= s.length() || !digit(s.charAt(i))) {
            throw error("a number needs digits");
        }
        if (s.charAt(i) == '0') {
            i++;
            if (i < s.length() && digit(s.charAt(i))) {
                throw error("a number may not start with 0 (no octal in JSON)");
            }
        } else {
            digits();
        }
        boolean integral = true;
        if (i < s.length() && s.charAt(i) == '.') {
            integral = false;
            i++;
            if (i >= s.length() || !digit(s.charAt(i))) {
                throw error("a fraction needs digits after '.'");
            }
            digits();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (i >= s.length() || !digit(s.charAt(i))) {
                throw error("an exponent needs digits");
            }
            digits();
        }
        String text = s.substring(start, i);
        if (integral && text.length() <= 20) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                // falls through to a double
            }
        }
        if (text.length() > 64) {
            throw error("a number of " + text.length() + " characters is beyond anything this protocol uses");
        }
        // the grammar is checked above; parseDouble reads any exponent (BigDecimal refuses long
        // ones with NumberFormatException — a fuzzing finding) and overflows to infinity
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            throw error("the number " + text + " is out of range");
        }
        return d;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private void digits() {
        while (i < s.length() && digit(s.charAt(i))) {
            i++;
        }
    }

    /**
     * One line of JSON: maps keep their order, enums are written lower-case, records as their text.
     * NaN and the infinities have no JSON form and are written as {@code null}, as JavaScript's
     * {@code JSON.stringify} does: a figure that has no value yet must not make a whole answer
     * unparseable. The daemon's answers and scctl's {@code --json} output both come from here.
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case String str -> string(sb, str);
            case Boolean b -> sb.append(b);
            case Double d -> sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
            case Float f -> sb.append(f.isNaN() || f.isInfinite() ? "null" : f.toString());
            case Number n -> sb.append(n);
            case Enum<?> e -> string(sb, e.name().toLowerCase(java.util.Locale.ROOT));
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int k = 0; k < l.size(); k++) {
                    if (k > 0) {
                        sb.append(',');
                    }
                    write(sb, l.get(k));
                }
                sb.append(']');
            }
            default -> string(sb, v.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogateAt(s, k)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** A surrogate that is half of a proper pair can be written as is; a lone one must be escaped to survive UTF-8. */
    private static boolean validSurrogateAt(String s, int k) {
        char c = s.charAt(k);
        if (Character.isHighSurrogate(c)) {
            return k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1));
        }
        return k > 0 && Character.isHighSurrogate(s.charAt(k - 1));
    }
}
