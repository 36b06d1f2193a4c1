package dev.pairlock.hal.reg;

/**
 * A window of device registers at byte offsets (a mapped BAR, a UIO map, a file, or the simulator's
 * Gchip). pairlock's own registers are 32 bits wide ({@link #read32}/{@link #write32}); a bring-up
 * tool may also make 8-, 16- and 64-bit accesses where the window allows them, each a single load or
 * store of that width (never emulated by a wider access, which would touch the neighbouring bytes).
 * An access must lie inside the window and be aligned to its width; anything else is a
 * {@link RegisterAccessException} naming the window, the offset and the width. A window that makes
 * only 32-bit accesses refuses the other widths the same way (the defaults below).
 */
public interface RegisterWindow extends AutoCloseable {
    /** For messages, e.g. "/dev/mem@0xfe000000". */
    String name();

    /** Size in bytes. */
    long size();

    int read32(long offset, AccessMode mode);

    void write32(long offset, int value, AccessMode mode);

    /**
     * Refuses, without touching the device, what a {@code bits}-wide access at {@code offset} would
     * refuse: a tool checks before it asks for confirmation.
     *
     * @throws RegisterAccessException outside the window, unaligned, or a width the window does not make
     */
    default void checkAccess(long offset, int bits) {
        if (bits != 32) {
            throw onlyWord(offset, bits);
        }
        RegisterAccessException.check(name(), size(), offset, bits);
    }

    default byte read8(long offset, AccessMode mode) {
        throw onlyWord(offset, 8);
    }

    default void write8(long offset, byte value, AccessMode mode) {
        throw onlyWord(offset, 8);
    }

    default short read16(long offset, AccessMode mode) {
        throw onlyWord(offset, 16);
    }

    default void write16(long offset, short value, AccessMode mode) {
        throw onlyWord(offset, 16);
    }

    default long read64(long offset, AccessMode mode) {
        throw onlyWord(offset, 64);
    }

    default void write64(long offset, long value, AccessMode mode) {
        throw onlyWord(offset, 64);
    }

    /** What a window that makes 32-bit accesses only says to another width: out of bounds first, then the width. */
    private RegisterAccessException onlyWord(long offset, int bits) {
        RegisterAccessException.check(name(), size(), offset, bits);
        return RegisterAccessException.unsupported(name(), offset, bits, "32-bit");
    }

    @Override
    default void close() {
    }
}
