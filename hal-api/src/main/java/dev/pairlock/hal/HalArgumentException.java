package dev.pairlock.hal;

/** A caller passed a value the hardware cannot take; the message names the parameter and its valid range. */
public class HalArgumentException extends IllegalArgumentException {
    public HalArgumentException(String message) {
        super(message);
    }

    /** Checks {@code min <= value <= max}, naming {@code what} in the failure. */
    public static int checkRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new HalArgumentException(String.format("%s %d (0x%X) is out of range: valid is %d..%d (0x%X..0x%X)",
                    what, value, value, min, max, min, max));
        }
        return value;
    }
}
