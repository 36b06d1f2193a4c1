package dev.pairlock.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * Per-device native scratch: the segment every downcall writes errno into, plus an optional
 * argument buffer for ioctl structs. Allocated once per device (or per thread) so that a warm
 * call allocates nothing; not thread-safe — whoever owns the device serializes its calls.
 */
public final class CallState {
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final MemorySegment capture;
    private final MemorySegment scratch;

    private CallState(MemorySegment capture, MemorySegment scratch) {
        this.capture = capture;
        this.scratch = scratch;
    }

    /** A call state with no scratch buffer, living as long as {@code arena}. */
    public static CallState allocate(Arena arena) {
        return allocate(arena, 0);
    }

    /** A call state with a zeroed, 16-byte aligned scratch buffer of {@code scratchBytes}. */
    public static CallState allocate(Arena arena, long scratchBytes) {
        if (scratchBytes < 0) {
            throw new IllegalArgumentException("scratch size " + scratchBytes + " is negative");
        }
        MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
        MemorySegment scratch = scratchBytes == 0 ? MemorySegment.NULL : arena.allocate(scratchBytes, 16);
        return new CallState(capture, scratch);
    }

    /**
     * A call state whose memory {@code arena} owns, handed to native code without the arena's
     * liveness check: its capture segment and scratch are views of the same memory in the global
     * scope. A downcall with a segment of a shared arena acquires and releases the arena's session
     * (two atomic updates per call), and every access to such a segment checks the session; these
     * views skip both. That is only sound when the owner orders every call made with this state,
     * and every use of its scratch, before the arena closes — a device whose transactions and
     * {@code close()} run under one lock, or a loop thread that is joined before its arena closes.
     * A use after close would then touch freed memory instead of failing, so the plain
     * {@link #allocate} is the default.
     */
    public static CallState allocateUnchecked(Arena arena, long scratchBytes) {
        CallState checked = allocate(arena, scratchBytes);
        return new CallState(unchecked(checked.capture), scratchBytes == 0 ? MemorySegment.NULL : unchecked(checked.scratch));
    }

    private static MemorySegment unchecked(MemorySegment s) {
        return MemorySegment.ofAddress(s.address()).reinterpret(s.byteSize());
    }

    /** The segment passed as the capture-state argument of every downcall. */
    MemorySegment capture() {
        return capture;
    }

    /** The argument buffer given at allocation ({@link MemorySegment#NULL} when none was asked for). */
    public MemorySegment scratch() {
        return scratch;
    }

    /** errno as left by the last failing call made with this state. */
    public int errno() {
        return (int) ERRNO.get(capture, 0L);
    }
}
