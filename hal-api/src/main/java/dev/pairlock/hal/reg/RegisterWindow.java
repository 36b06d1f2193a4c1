package dev.pairlock.hal.reg;

/**
 * A window of 32-bit device registers at byte offsets (a mapped BAR, a UIO map, a file, or the
 * simulator's Gchip). Offsets must be 4-byte aligned and inside the window; anything else is a
 * {@link dev.pairlock.hal.HalArgumentException} naming the window and the offset.
 */
public interface RegisterWindow extends AutoCloseable {
    /** For messages, e.g. "/dev/mem@0xfe000000". */
    String name();

    /** Size in bytes. */
    long size();

    int read32(long offset, AccessMode mode);

    void write32(long offset, int value, AccessMode mode);

    @Override
    default void close() {
    }
}
