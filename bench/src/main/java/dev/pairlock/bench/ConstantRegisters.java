package dev.pairlock.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A register file whose segment is a {@code static final} constant: the bound on what any
 * {@link java.lang.foreign.MemorySegment}-based register window can reach. With the segment
 * constant, C2 folds its bounds and liveness checks and a loop of volatile accesses compiles to
 * the bare loads or stores of the C baseline; with the segment in a field, the checks' loads are
 * repeated after every acquiring access, which the memory model forbids hoisting above it.
 */
public final class ConstantRegisters {
    /** Mapped once per benchmark JVM, never unmapped (the global arena): what a constant needs. */
    public static final MemorySegment SEGMENT = RegisterFile.mapSegment(RegisterFile.create(), Arena.global());

    private ConstantRegisters() {
    }
}
