package dev.pairlock.clockregs;

import dev.pairlock.hal.reg.AccessMode;
import java.lang.constant.ConstantDescs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.util.Objects;

/**
 * One window of a group mapped together ({@link WindowGroup}). Never loaded by name: the group
 * defines these bytes again as a hidden class of its own, with the group's segment as class data
 * read into {@link #ALL}, and every window of the group is an instance of that one class, so a call
 * site that reaches all of them sees one receiver class and inlines.
 *
 * <p>{@link #ALL} starts at address 0, is as long as a segment can be, and belongs to the group's
 * automatic arena (see {@link WindowGroup} for why automatic, and why that is memory-safe). As a
 * {@code static final} it is a JIT constant, its session's liveness check folds, and an access adds
 * the window's address to the offset: no dispatch on which window it is. Per access the loop pays
 * the window's two fields and one unsigned compare; everything else is written so that C2 can prove
 * it and drop it:
 * <ul>
 * <li>One compare checks the offset's bounds, its alignment and whether the window is open:
 * {@code Long.rotateRight(offset, 2)} is the word index for an aligned offset in range, and a huge
 * unsigned number for a negative or unaligned one (its low bits rotate to the top); it must be
 * below {@link #limit}, the window's size in words while it is open and 0 once it is closed. The
 * rotation of a loop-invariant offset is hoisted out of the loop; the slow path tells a closed
 * window from a bad offset.
 * <li>The address is {@code ((base >>> 4) + word) << 2}, {@link #base} holding the address times 4
 * and {@link #limit} being an {@code int} read as unsigned: C2 then knows the address is a multiple
 * of 4 below 2^62, and folds {@link #ALL}'s own bounds and alignment checks.
 * </ul>
 *
 * <p>{@link #limit} is read opaque: a window closed by another thread is refused by a polling
 * thread soon after, not only at its next synchronization (JMM progress for opaque accesses), at
 * no cost on x86 (a plain load the JIT may not hoist). Modes are compared with {@code ==}, not
 * switched on (see {@code FoldedWindow}). Every failure becomes the typed error a window mapped
 * alone throws.
 */
final class FoldedGroup extends MappedRegisterWindow {
    private static final MemorySegment ALL = all();
    private static final VarHandle LIMIT = limitHandle();
    private static final int CLOSED = 0;
    // LIMIT's calls pass (Object) this: a call descriptor naming FoldedGroup would not name this
    // hidden class (only the class's own constant does), and the verifier would refuse it

    /** The window's first byte's address times 4 (see the class comment for why). */
    private final long base;
    /** The window's own bytes (the 8-, 16- and 64-bit accesses), owned by the group's arena. */
    private final MemorySegment registers;
    /** The window's pages, released at {@link #close()}. */
    private final WindowMapping mapping;
    /** The window's size in 4-byte words while open, {@link #CLOSED} after {@link #close()}; read unsigned. */
    @SuppressWarnings("unused") // through LIMIT
    private int limit;

    FoldedGroup(WindowMapping mapping, Arena arena) {
        MemorySegment registers = mapping.own(arena);
        super(mapping.name(), registers.byteSize(), arena);
        this.base = registers.address() << 2; // user-space addresses are far below 2^62
        this.registers = registers;
        this.mapping = mapping;
        LIMIT.setRelease((Object) this, WindowGroup.words(mapping.name(), registers.byteSize()));
    }

    private static MemorySegment all() {
        try {
            return MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME, MemorySegment.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("FoldedGroup is only defined as a hidden class by WindowGroup", e);
        }
    }

    private static VarHandle limitHandle() {
        MethodHandles.Lookup self = MethodHandles.lookup();
        try {
            return self.findVarHandle(self.lookupClass(), "limit", int.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("FoldedGroup: its limit field is missing; rebuild clock-regs", e);
        }
    }

    @Override
    MemorySegment memory() {
        return registers;
    }

    @Override
    void checkOpen() {
        if ((int) LIMIT.getOpaque((Object) this) == CLOSED) {
            throw closed();
        }
    }

    /** The address of the register at {@code offset}; throws if the offset is refused or the window closed. */
    private long address(long offset) {
        long word = Objects.checkIndex(Long.rotateRight(offset, 2), Integer.toUnsignedLong((int) LIMIT.getOpaque((Object) this)));
        return ((base >>> 4) + word) << 2;
    }

    @Override
    public int read32(long offset, AccessMode mode) {
        try {
            long at = address(offset);
            if (mode == AccessMode.OPAQUE) {
                return (int) INT.getOpaque(ALL, at);
            }
            if (mode == AccessMode.ACQUIRE_RELEASE) {
                return (int) INT.getAcquire(ALL, at);
            }
            Objects.requireNonNull(mode, "mode");
            return (int) INT.getVolatile(ALL, at);
        } catch (IndexOutOfBoundsException refused) {
            throw refused(offset);
        } catch (IllegalStateException closed) {
            throw closed();
        }
    }

    @Override
    public void write32(long offset, int value, AccessMode mode) {
        try {
            long at = address(offset);
            if (mode == AccessMode.OPAQUE) {
                INT.setOpaque(ALL, at, value);
            } else if (mode == AccessMode.ACQUIRE_RELEASE) {
                INT.setRelease(ALL, at, value);
            } else {
                Objects.requireNonNull(mode, "mode");
                INT.setVolatile(ALL, at, value);
            }
        } catch (IndexOutOfBoundsException refused) {
            throw refused(offset);
        } catch (IllegalStateException closed) {
            throw closed();
        }
    }

    /**
     * Why an access was refused: the offset is outside the window or unaligned (said first, as a
     * window mapped alone does, whether or not it is closed), or the window is closed.
     */
    private RuntimeException refused(long offset) {
        boolean inside = offset >= 0 && offset <= size() - 4 && (offset & 3) == 0;
        return inside ? closed() : badOffset(offset);
    }

    /**
     * Refuses every later access at once, then releases the window's device pages: zero pages take
     * their place at the same addresses, which stay mapped until the GC collects the group
     * ({@link WindowGroup} says why, and what a thread racing with this close can see). The order
     * matters: every access checks {@link #limit} before it touches memory. Idempotent; synchronized
     * so that when any call returns, the pages are released (or its first call threw why not).
     *
     * @throws dev.pairlock.hal.DeviceUnavailableException if the kernel refuses to replace the pages
     *         (the window is closed all the same; its pages stay mapped until the group is collected)
     */
    @Override
    public synchronized void close() {
        if ((int) LIMIT.getVolatile((Object) this) == CLOSED) {
            return;
        }
        LIMIT.setVolatile((Object) this, CLOSED);
        try {
            mapping.vacate();
        } finally {
            // keeps the group's arena, and so the range, from being collected and unmapped (and
            // given to another mapping) while the replacement is under way
            Reference.reachabilityFence(this);
        }
    }
}
