package dev.pairlock.config;

import java.time.Duration;
import java.util.Locale;

/**
 * Every number, duration, size and flag a user types into pairlock parses here, once: the platform
 * file and every {@code scctl} option alike. The rules, for the user's sake:
 * <ul>
 * <li>ASCII only: {@code ３} or {@code ١٨} are refused, never silently read as 3 or 18;</li>
 * <li>overflow is an error, never a wrap or a truncation;</li>
 * <li>a bad value is echoed readably ({@link #quote}): at most 40 characters, control characters
 *     escaped, an empty value named as such.</li>
 * </ul>
 */
public final class Values {
    private static final int QUOTE_MAX = 40;

    private Values() {
    }

    /**
     * An integer as C's {@code strtol(s, NULL, 0)} reads it (i2c-tools and devmem do): {@code 0x}
     * hex, a leading {@code 0} octal, otherwise decimal; an optional sign; {@code _} separators are
     * allowed between digits ({@code 1_000_000}). A value outside [min, max] is an error naming the
     * range, and so is one that does not fit 64 bits.
     */
    public static long integer(String text, long min, long max) {
        long v = parseInteger(text);
        if (v < min || v > max) {
            throw new ValueException(quote(text) + " is out of range " + range(min, max));
        }
        return v;
    }

    /** {@link #integer(String, long, long)} for an int range. */
    public static int integer(String text, int min, int max) {
        return (int) integer(text, (long) min, (long) max);
    }

    private static String range(long min, long max) {
        return min + ".." + max + (max > 255 && min >= 0 ? " (0x" + Long.toHexString(min).toUpperCase(Locale.ROOT)
                + "..0x" + Long.toHexString(max).toUpperCase(Locale.ROOT) + ")" : "");
    }

    private static long parseInteger(String text) {
        if (text == null || text.isEmpty()) {
            throw new ValueException("the value is empty: a number is needed (decimal, 0x hex or 0 octal)");
        }
        requireAscii(text, "a number (decimal, 0x hex or 0 octal)");
        String t = text.strip();
        boolean negative = t.startsWith("-");
        String body = negative || t.startsWith("+") ? t.substring(1) : t;
        int radix = 10;
        if (body.length() > 2 && (body.startsWith("0x") || body.startsWith("0X"))) {
            radix = 16;
            body = body.substring(2);
        } else if (body.length() > 1 && body.startsWith("0")) {
            radix = 8;
            body = body.substring(1);
        }
        if (body.isEmpty() || body.startsWith("_") || body.endsWith("_") || body.contains("__")) {
            throw notANumber(text);
        }
        // accumulate as a negative number so that Long.MIN_VALUE is reachable and overflow is exact
        long acc = 0;
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multMin = limit / radix;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '_') {
                continue;
            }
            int d = Character.digit(c, radix);
            if (d < 0) {
                throw notANumber(text);
            }
            if (acc < multMin || acc * radix < limit + d) {
                throw new ValueException(quote(text) + " is too large (a 64-bit signed number: "
                        + Long.MIN_VALUE + ".." + Long.MAX_VALUE + ")");
            }
            acc = acc * radix - d;
        }
        return negative ? acc : -acc;
    }

    private static ValueException notANumber(String text) {
        return new ValueException(quote(text) + " is not a number (decimal, 0x hex or 0 octal)");
    }

    /**
     * A duration: a number and a unit, {@code ns us ms s m h} ({@code 500ms}, {@code 1.5s},
     * {@code 2m}); a bare number is read in {@code defaultUnit} if that is given, else refused.
     * The result must lie in [min, max].
     */
    public static Duration duration(String text, String defaultUnit, Duration min, Duration max) {
        if (text == null || text.isBlank()) {
            throw new ValueException("the value is empty: a duration is needed, e.g. 500ms or 1s");
        }
        requireAscii(text, "a duration such as 500ms or 1s");
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("-")) {
            throw new ValueException(quote(text) + " is negative: a duration is a length of time, e.g. 500ms");
        }
        if (t.startsWith("+")) {
            t = t.substring(1); // as an integer's '+'
        }
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.' || t.charAt(i) == '_')) {
            i++;
        }
        String number = t.substring(0, i).replace("_", "");
        String unit = t.substring(i).strip();
        if (unit.isEmpty()) {
            if (defaultUnit == null) {
                throw new ValueException(quote(text) + " has no unit: write e.g. " + quote(text.strip() + "ms")
                        + " (units: ns, us, ms, s, m, h)");
            }
            unit = defaultUnit;
        }
        long nanosPerUnit = switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new ValueException(quote(text) + ": unknown unit " + quote(unit) + " (units: ns, us, ms, s, m, h)");
        };
        if (number.isEmpty() || number.chars().filter(c -> c == '.').count() > 1 || number.startsWith(".") || number.endsWith(".")) {
            throw new ValueException(quote(text) + " is not a duration (a number and a unit, e.g. 500ms or 1.5s)");
        }
        java.math.BigDecimal nanos = new java.math.BigDecimal(number).multiply(java.math.BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new ValueException(quote(text) + " is too long a duration");
        }
        if (nanos.stripTrailingZeros().scale() > 0) {
            throw new ValueException(quote(text) + " is finer than a nanosecond");
        }
        Duration d = Duration.ofNanos(nanos.longValueExact());
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ValueException(quote(text) + " is out of range " + human(min) + ".." + human(max));
        }
        return d;
    }

    private static final java.util.regex.Pattern SIZE =
            java.util.regex.Pattern.compile("(0[xX][0-9a-fA-F_]+|[0-9_]+)\\s*([a-zA-Z]*)");

    /** A byte size: a number with an optional unit {@code B K KB KiB M MB MiB G GiB} (binary multiples). */
    public static long size(String text, long min, long max) {
        if (text == null || text.isBlank()) {
            throw new ValueException("the value is empty: a size is needed, e.g. 4096 or 64KiB");
        }
        requireAscii(text, "a size such as 4096 or 64KiB");
        java.util.regex.Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new ValueException(quote(text) + " is not a size (a number and an optional unit, e.g. 4096 or 64KiB)");
        }
        long mult = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> throw new ValueException(quote(text) + ": unknown size unit " + quote(m.group(2)) + " (B, KiB, MiB, GiB)");
        };
        long v;
        try {
            v = Math.multiplyExact(parseInteger(m.group(1)), mult);
        } catch (ArithmeticException e) {
            throw new ValueException(quote(text) + " is too large");
        }
        if (v < min || v > max) {
            throw new ValueException(quote(text) + " is out of range " + min + ".." + max + " bytes");
        }
        return v;
    }

    /** yes/no, true/false, on/off, 1/0 (any case). */
    public static boolean bool(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw new ValueException(quote(text) + " is not yes or no (also: true/false, on/off, 1/0)");
        };
    }

    /** One of an enum's constants, by its name in any case, {@code -} and {@code _} alike. */
    public static <E extends Enum<E>> E oneOf(String text, Class<E> type) {
        String t = text == null ? "" : text.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(t)) {
                return e;
            }
        }
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            known.append(known.isEmpty() ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new ValueException(quote(text) + " is not one of: " + known);
    }

    /**
     * The value as a message shows it: in single quotes, at most 40 characters (then an ellipsis and
     * the full length), control and non-printable characters as {@code \\uXXXX}; an empty value is
     * "an empty value", never {@code ''}.
     */
    public static String quote(String text) {
        if (text == null || text.isEmpty()) {
            return "an empty value";
        }
        StringBuilder b = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length() && shown < QUOTE_MAX; i++, shown++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && !Character.isLetterOrDigit(c) && !Character.isSpaceChar(c)
                    && Character.getType(c) != Character.OTHER_PUNCTUATION)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('\'');
        if (text.length() > QUOTE_MAX) {
            b.append("... (").append(text.length()).append(" characters)");
        }
        return b.toString();
    }

    private static void requireAscii(String text, String expected) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7e || (c < 0x20 && c != '\t')) {
                throw new ValueException(quote(text) + " contains " + (c > 0x7e ? "the non-ASCII character U+"
                        + String.format("%04X", (int) c) : "a control character") + ": expected " + expected
                        + " in ASCII digits");
            }
        }
    }

    private static String human(Duration d) {
        long n = d.toNanos();
        if (n % 1_000_000_000L == 0) {
            return n / 1_000_000_000L + "s";
        }
        if (n % 1_000_000L == 0) {
            return n / 1_000_000L + "ms";
        }
        if (n % 1_000L == 0) {
            return n / 1_000L + "us";
        }
        return n + "ns";
    }
}
