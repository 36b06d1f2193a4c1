package dev.pairlock.scctl.text;

import dev.pairlock.config.ValueException;
import dev.pairlock.config.Values;

/**
 * Numbers on the command line, through the one parser files and options share ({@link Values}):
 * C's {@code strtol(s, NULL, 0)} as i2c-tools and devmem read them (0x hex, 0 octal, else
 * decimal), ASCII digits only, overflow an error. The message names the option or argument and
 * echoes the bad value readably.
 */
public final class Numbers {
    private Numbers() {
    }

    public static long parse(String what, String text) {
        try {
            return Values.integer(text, Long.MIN_VALUE, Long.MAX_VALUE);
        } catch (ValueException e) {
            throw new UsageException(what + " " + e.getMessage());
        }
    }

    /** Parses and checks {@code min <= value <= max}, naming {@code what} and the range in hex. */
    public static int parse(String what, String text, int min, int max) {
        return (int) parse(what, text, (long) min, (long) max);
    }

    public static long parse(String what, String text, long min, long max) {
        long v = parse(what, text);
        if (v < min || v > max) {
            throw new UsageException(String.format("%s %s is out of range: valid is 0x%X..0x%X (%d..%d)", what,
                    Values.quote(text), min, max, min, max));
        }
        return v;
    }

    /** A duration such as 500ms or 2s, between {@code min} and {@code max}. */
    public static java.time.Duration duration(String what, String text, java.time.Duration min, java.time.Duration max) {
        try {
            return Values.duration(text, null, min, max);
        } catch (ValueException e) {
            throw new UsageException(what + " " + e.getMessage());
        }
    }
}
