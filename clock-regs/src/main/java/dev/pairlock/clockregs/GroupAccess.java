package dev.pairlock.clockregs;

import dev.pairlock.hal.reg.AccessMode;
import java.lang.foreign.MemorySegment;

/**
 * The access code of windows mapped together ({@link MappedRegisterWindow#mapTogether}): one
 * hidden class per group ({@code FoldedGroup}), whose slots are the windows' segments as
 * {@code static final} constants. Offsets arrive checked by the window; a closed window's session
 * surfaces as {@link IllegalStateException}, which the window turns into its typed error.
 */
abstract class GroupAccess {
    /** The segment of {@code slot} (for the 8-, 16- and 64-bit accesses, which are not folded). */
    abstract MemorySegment segment(int slot);

    abstract int read32(int slot, long offset, AccessMode mode);

    abstract void write32(int slot, long offset, int value, AccessMode mode);
}
