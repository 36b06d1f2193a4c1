package dev.pairlock.hal.reg;

import dev.pairlock.hal.HalArgumentException;

/**
 * A register access a window refuses before touching the device: outside the window, not aligned
 * to its width, or of a width the window does not make. It names the window, the offset and the
 * width, and says what would be valid.
 */
public final class RegisterAccessException extends HalArgumentException {
    private final String window;
    private final long offset;
    private final int widthBits;

    private RegisterAccessException(String window, long offset, int widthBits, String message) {
        super(message);
        this.window = window;
        this.offset = offset;
        this.widthBits = widthBits;
    }

    /** The window's {@link RegisterWindow#name()}. */
    public String window() {
        return window;
    }

    public long offset() {
        return offset;
    }

    /** 8, 16, 32 or 64. */
    public int widthBits() {
        return widthBits;
    }

    /**
     * Checks that a {@code bits}-wide access at {@code offset} lies inside a window of {@code size}
     * bytes and is aligned to its width within the window (natural alignment: a device may split or
     * refuse an unaligned access, and the JDK cannot make one atomically).
     *
     * @throws HalArgumentException for a width that is not 8, 16, 32 or 64 (a caller's bug)
     */
    public static void check(String window, long size, long offset, int bits) {
        int bytes = bytes(bits);
        if (offset < 0 || offset > size - bytes) {
            throw new RegisterAccessException(window, offset, bits, size < bytes
                    ? String.format("register window %s: %s %d-bit access at offset 0x%x does not fit: the window is only"
                            + " 0x%x bytes", window, a(bits), bits, offset, size)
                    : String.format("register window %s: %s %d-bit access at offset 0x%x is outside the window: valid"
                            + " offsets are 0x0..0x%x (the window is 0x%x bytes)", window, a(bits), bits, offset, size - bytes, size));
        }
        if ((offset & (bytes - 1)) != 0) {
            throw unaligned(window, offset, bits);
        }
    }

    /** An offset that is not a multiple of the access width's bytes. */
    public static RegisterAccessException unaligned(String window, long offset, int bits) {
        return new RegisterAccessException(window, offset, bits, String.format(
                "register window %s: offset 0x%x is not aligned for %s %d-bit access: use a multiple of %d",
                window, offset, a(bits), bits, bytes(bits)));
    }

    /**
     * An offset aligned within the window whose address is not, because the window itself starts
     * {@code startMisalignment} bytes past a boundary of the access width (a 64-bit access in a
     * window mapped 4 bytes past an 8-byte boundary).
     */
    public static RegisterAccessException unalignedWindow(String window, long offset, int bits, long startMisalignment) {
        return new RegisterAccessException(window, offset, bits, String.format(
                "register window %s: %s %d-bit access at offset 0x%x would be unaligned in memory: the window starts %d bytes"
                        + " past %s %d-byte boundary (map it at an offset that is a multiple of %d for %d-bit accesses)",
                window, a(bits), bits, offset, startMisalignment, bytes(bits) == 8 ? "an" : "a", bytes(bits), bytes(bits), bits));
    }

    /** A width the window does not make at all ({@code allowed} says which it does, e.g. "32-bit"). */
    public static RegisterAccessException unsupported(String window, long offset, int bits, String allowed) {
        return new RegisterAccessException(window, offset, bits, String.format(
                "register window %s allows %s accesses only, not %d-bit (offset 0x%x)", window, allowed, bits, offset));
    }

    private static String a(int bits) {
        return bits == 8 ? "an" : "a";
    }

    /** The bytes of an access {@code bits} wide. */
    public static int bytes(int bits) {
        return switch (bits) {
            case 8 -> 1;
            case 16 -> 2;
            case 32 -> 4;
            case 64 -> 8;
            default -> throw new HalArgumentException("access width " + bits + " bits is not 8, 16, 32 or 64");
        };
    }
}
