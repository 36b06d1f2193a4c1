package dev.pairlock.clockregs;

import static dev.pairlock.clockregs.MappedRegisterWindow.INT;

import dev.pairlock.hal.reg.AccessMode;
import java.lang.constant.ConstantDescs;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.Objects;

/**
 * The access code of one group of windows. Never loaded by name: {@link WindowGroup} defines its
 * bytes again as a hidden class per group, with the windows' segments as class data (a list of
 * {@value WindowGroup#MAX_WINDOWS}, unused slots empty), so every slot is a {@code static final}
 * constant. The mode is tested first (a call site's mode is a constant, so the test folds away),
 * then a {@code switch} on the slot runs that mode's access on the slot's constant segment, so C2
 * folds each window's address, bounds and read-only checks as it does for a window mapped alone;
 * only the session's liveness check stays.
 *
 * <p>Each case is a direct {@code VarHandle} call, which C2 inlines however rarely the case runs;
 * a helper method per case would be inlined only into cases taking a quarter of the calls or more
 * (C2's frequency rule for callees above 35 bytecodes), and a group of four windows would pay a
 * call for some of them. Modes are compared with {@code ==}, not switched on (see
 * {@code FoldedWindow}).
 */
final class FoldedGroup extends GroupAccess {
    private static final MemorySegment S0 = slot(0);
    private static final MemorySegment S1 = slot(1);
    private static final MemorySegment S2 = slot(2);
    private static final MemorySegment S3 = slot(3);
    private static final MemorySegment S4 = slot(4);
    private static final MemorySegment S5 = slot(5);
    private static final MemorySegment S6 = slot(6);
    private static final MemorySegment S7 = slot(7);

    private static MemorySegment slot(int index) {
        try {
            return MethodHandles.classDataAt(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, MemorySegment.class, index);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("FoldedGroup is only defined as a hidden class by WindowGroup", e);
        }
    }

    @Override
    MemorySegment segment(int slot) {
        return switch (slot) {
            case 0 -> S0;
            case 1 -> S1;
            case 2 -> S2;
            case 3 -> S3;
            case 4 -> S4;
            case 5 -> S5;
            case 6 -> S6;
            case 7 -> S7;
            default -> throw new IndexOutOfBoundsException("window slot " + slot);
        };
    }

    @Override
    int read32(int slot, long offset, AccessMode mode) {
        if (mode == AccessMode.OPAQUE) {
            return readOpaque(slot, offset);
        }
        if (mode == AccessMode.ACQUIRE_RELEASE) {
            return readAcquire(slot, offset);
        }
        Objects.requireNonNull(mode, "mode");
        return readVolatile(slot, offset);
    }

    @Override
    void write32(int slot, long offset, int value, AccessMode mode) {
        if (mode == AccessMode.OPAQUE) {
            writeOpaque(slot, offset, value);
        } else if (mode == AccessMode.ACQUIRE_RELEASE) {
            writeRelease(slot, offset, value);
        } else {
            Objects.requireNonNull(mode, "mode");
            writeVolatile(slot, offset, value);
        }
    }

    private static int readOpaque(int slot, long offset) {
        return switch (slot) {
            case 0 -> (int) INT.getOpaque(S0, offset);
            case 1 -> (int) INT.getOpaque(S1, offset);
            case 2 -> (int) INT.getOpaque(S2, offset);
            case 3 -> (int) INT.getOpaque(S3, offset);
            case 4 -> (int) INT.getOpaque(S4, offset);
            case 5 -> (int) INT.getOpaque(S5, offset);
            case 6 -> (int) INT.getOpaque(S6, offset);
            case 7 -> (int) INT.getOpaque(S7, offset);
            default -> throw new IndexOutOfBoundsException("window slot " + slot);
        };
    }

    private static int readAcquire(int slot, long offset) {
        return switch (slot) {
            case 0 -> (int) INT.getAcquire(S0, offset);
            case 1 -> (int) INT.getAcquire(S1, offset);
            case 2 -> (int) INT.getAcquire(S2, offset);
            case 3 -> (int) INT.getAcquire(S3, offset);
            case 4 -> (int) INT.getAcquire(S4, offset);
            case 5 -> (int) INT.getAcquire(S5, offset);
            case 6 -> (int) INT.getAcquire(S6, offset);
            case 7 -> (int) INT.getAcquire(S7, offset);
            default -> throw new IndexOutOfBoundsException("window slot " + slot);
        };
    }

    private static int readVolatile(int slot, long offset) {
        return switch (slot) {
            case 0 -> (int) INT.getVolatile(S0, offset);
            case 1 -> (int) INT.getVolatile(S1, offset);
            case 2 -> (int) INT.getVolatile(S2, offset);
            case 3 -> (int) INT.getVolatile(S3, offset);
            case 4 -> (int) INT.getVolatile(S4, offset);
            case 5 -> (int) INT.getVolatile(S5, offset);
            case 6 -> (int) INT.getVolatile(S6, offset);
            case 7 -> (int) INT.getVolatile(S7, offset);
            default -> throw new IndexOutOfBoundsException("window slot " + slot);
        };
    }

    private static void writeOpaque(int slot, long offset, int value) {
        switch (slot) {
            case 0 -> INT.setOpaque(S0, offset, value);
            case 1 -> INT.setOpaque(S1, offset, value);
            case 2 -> INT.setOpaque(S2, offset, value);
            case 3 -> INT.setOpaque(S3, offset, value);
            case 4 -> INT.setOpaque(S4, offset, value);
            case 5 -> INT.setOpaque(S5, offset, value);
            case 6 -> INT.setOpaque(S6, offset, value);
            case 7 -> INT.setOpaque(S7, offset, value);
            default -> throw new IndexOutOfBoundsException("window slot " + slot);
        }
    }

    private static void writeRelease(int slot, long offset, int value) {
        switch (slot) {
            case 0 -> INT.setRelease(S0, offset, value);
            case 1 -> INT.setRelease(S1, offset, value);
            case 2 -> INT.setRelease(S2, offset, value);
            case 3 -> INT.setRelease(S3, offset, value);
            case 4 -> INT.setRelease(S4, offset, value);
            case 5 -> INT.setRelease(S5, offset, value);
            case 6 -> INT.setRelease(S6, offset, value);
            case 7 -> INT.setRelease(S7, offset, value);
            default -> throw new IndexOutOfBoundsException("window slot " + slot);
        }
    }

    private static void writeVolatile(int slot, long offset, int value) {
        switch (slot) {
            case 0 -> INT.setVolatile(S0, offset, value);
            case 1 -> INT.setVolatile(S1, offset, value);
            case 2 -> INT.setVolatile(S2, offset, value);
            case 3 -> INT.setVolatile(S3, offset, value);
            case 4 -> INT.setVolatile(S4, offset, value);
            case 5 -> INT.setVolatile(S5, offset, value);
            case 6 -> INT.setVolatile(S6, offset, value);
            case 7 -> INT.setVolatile(S7, offset, value);
            default -> throw new IndexOutOfBoundsException("window slot " + slot);
        }
    }
}
