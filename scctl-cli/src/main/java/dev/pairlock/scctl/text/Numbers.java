package dev.pairlock.scctl.text;

/** Number parsing as i2c-tools and devmem do it (strtol base 0: 0x.. hex, 0.. octal, else decimal). */
public final class Numbers {
    private Numbers() {
    }

    public static long parse(String what, String text) {
        String t = text.trim();
        boolean negative = t.startsWith("-");
        String body = negative ? t.substring(1) : t;
        try {
            long v;
            if (body.startsWith("0x") || body.startsWith("0X")) {
                v = Long.parseUnsignedLong(body.substring(2), 16);
            } else if (body.length() > 1 && body.startsWith("0")) {
                v = Long.parseLong(body.substring(1), 8);
            } else {
                v = Long.parseLong(body);
            }
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new UsageException(what + " '" + text + "' is not a number (use decimal, 0x hex or 0 octal)");
        }
    }

    /** Parses and checks {@code min <= value <= max}, naming {@code what} and the range in hex. */
    public static int parse(String what, String text, int min, int max) {
        long v = parse(what, text);
        if (v < min || v > max) {
            throw new UsageException(String.format("%s %s is out of range: valid is 0x%X..0x%X (%d..%d)", what, text, min, max, min, max));
        }
        return (int) v;
    }
}
