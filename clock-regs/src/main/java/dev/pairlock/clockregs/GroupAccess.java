package dev.pairlock.clockregs;

import dev.pairlock.hal.reg.AccessMode;

/**
 * The access code of windows mapped together ({@link MappedRegisterWindow#mapTogether}): one
 * hidden class per group ({@code FoldedGroup}), whose slots are the windows' segments as
 * {@code static final} constants. Offsets arrive checked by the window; a closed window's session
 * surfaces as {@link IllegalStateException}, which the window turns into its typed error.
 */
abstract class GroupAccess {
    abstract int read32(int slot, long offset, AccessMode mode);

    abstract void write32(int slot, long offset, int value, AccessMode mode);
}
