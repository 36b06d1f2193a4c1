package dev.pairlock.clockregs;

import dev.pairlock.hal.reg.AccessMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.util.Objects;

/**
 * The access code of one {@link MappedRegisterWindow}. This class is never loaded under its own
 * name: {@code MappedRegisterWindow} defines its bytes again as a hidden class for every window,
 * with the window's segment as class data, so that {@link #REGISTERS} is a {@code static final}
 * constant per window. C2 then folds the segment's address, bounds and read-only checks and
 * {@link #LAST}, and keeps only the session's liveness check (its "open" state is never
 * folded) before each load or store.
 *
 * <p>The mode is tested with {@code ==} rather than a {@code switch}: an enum switch indexes a
 * synthetic array that C2 would reload after every ordered access, while a constant mode compares
 * away.
 */
final class FoldedWindow extends MappedRegisterWindow {
    private static final MemorySegment REGISTERS = registers();
    private static final long LAST = REGISTERS.byteSize() - 4;

    FoldedWindow(String name, Arena arena) {
        super(name, REGISTERS.byteSize(), arena);
    }

    private static MemorySegment registers() {
        try {
            return MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, MemorySegment.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("FoldedWindow is only defined as a hidden class by MappedRegisterWindow", e);
        }
    }

    @Override
    MemorySegment memory() {
        return REGISTERS;
    }

    @Override
    public int read32(long offset, AccessMode mode) {
        if (offset < 0 || offset > LAST || (offset & 3) != 0) {
            throw badOffset(offset);
        }
        try {
            if (mode == AccessMode.OPAQUE) {
                return (int) INT.getOpaque(REGISTERS, offset);
            }
            if (mode == AccessMode.ACQUIRE_RELEASE) {
                return (int) INT.getAcquire(REGISTERS, offset);
            }
            Objects.requireNonNull(mode, "mode");
            return (int) INT.getVolatile(REGISTERS, offset);
        } catch (IllegalStateException closed) {
            throw closed();
        }
    }

    @Override
    public void write32(long offset, int value, AccessMode mode) {
        if (offset < 0 || offset > LAST || (offset & 3) != 0) {
            throw badOffset(offset);
        }
        try {
            if (mode == AccessMode.OPAQUE) {
                INT.setOpaque(REGISTERS, offset, value);
            } else if (mode == AccessMode.ACQUIRE_RELEASE) {
                INT.setRelease(REGISTERS, offset, value);
            } else {
                Objects.requireNonNull(mode, "mode");
                INT.setVolatile(REGISTERS, offset, value);
            }
        } catch (IllegalStateException closed) {
            throw closed();
        }
    }
}
