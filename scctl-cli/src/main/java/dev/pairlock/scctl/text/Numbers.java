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

    /**
     * A 64-bit register value, 0..0xFFFFFFFFFFFFFFFF (devmem's strtoull range, without its wrap of
     * negative numbers): {@link Values} reads 64-bit signed numbers, so a value above
     * {@code Long.MAX_VALUE} is read as its digits but the last (through {@link Values}, with all its
     * rules) times the radix plus the last digit, overflow checked. Returned as the same 64 bits.
     */
    public static long unsigned64(String what, String text) {
        try {
            return Values.integer(text, 0L, Long.MAX_VALUE);
        } catch (ValueException e) {
            if (text == null || text.length() < 2 || text.strip().startsWith("-") || !e.getMessage().contains("too large")) {
                throw new UsageException(what + " " + e.getMessage());
            }
            String t = text.strip();
            String body = t.startsWith("+") ? t.substring(1) : t;
            int radix = body.startsWith("0x") || body.startsWith("0X") ? 16 : body.startsWith("0") ? 8 : 10;
            char last = t.charAt(t.length() - 1);
            int digit = last < 0x80 ? Character.digit(last, radix) : -1;
            String head = t.substring(0, t.length() - 1);
            head = head.endsWith("_") ? head.substring(0, head.length() - 1) : head; // 0xFFFF_FFFF_FFFF_FFF_F
            long high;
            try {
                high = digit < 0 ? -1 : Values.integer(head, 0L, Long.MAX_VALUE);
            } catch (ValueException notDigits) {
                high = -1;
            }
            if (high < 0 || Math.multiplyHigh(high, radix) != 0) {
                throw new UsageException(String.format("%s %s is out of range: valid is 0x0..0xFFFFFFFFFFFFFFFF (64 bits)",
                        what, Values.quote(text)));
            }
            long low = high * radix;
            long v = low + digit;
            if (Long.compareUnsigned(v, low) < 0) {
                throw new UsageException(String.format("%s %s is out of range: valid is 0x0..0xFFFFFFFFFFFFFFFF (64 bits)",
                        what, Values.quote(text)));
            }
            return v;
        }
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
