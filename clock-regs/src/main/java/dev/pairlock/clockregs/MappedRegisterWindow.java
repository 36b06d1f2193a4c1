package dev.pairlock.clockregs;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterAccessException;
import dev.pairlock.hal.reg.RegisterWindow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.List;

/**
 * 32-bit registers in an mmap'ed window: physical memory through {@code /dev/mem}, a UIO map, a
 * PCI {@code resourceN} file or a plain file. The enclosing pages are mapped and the window sits
 * at the requested offset inside them. Every access names its memory ordering; there is no plain
 * access, so a polling loop is never hoisted and stores are never merged.
 *
 * <p>The mapping belongs to a shared arena, so an access after {@link #close()} is refused rather
 * than touching unmapped memory.
 *
 * <p>Each window is an instance of its own hidden class (see {@code FoldedWindow}) whose
 * {@code static final} field holds the window's segment. With the segment in an instance field,
 * C2 reloads it and redoes its bounds and liveness checks after every ordered access (nothing is
 * moved across the ordering); as a static final it is a JIT constant, its checks fold, and an
 * access compiles to about the bare load or store C would emit. That is also why this class is
 * abstract rather than final: only this package can extend it (the constructor is package-private).
 *
 * <p>The 8-, 16- and 64-bit accesses (a bring-up tool's, as devmem's widths) are single loads and
 * stores of that width with the same memory orderings, written once here over the subclass's
 * {@link #memory()}: they are not on a driver's hot path, so they are not folded per window.
 * Besides lying inside the window and being aligned to their width in it, they need the address to
 * be aligned: a window whose start is 4 modulo 8 refuses 64-bit accesses, naming the offset.
 */
public abstract class MappedRegisterWindow implements RegisterWindow {
    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();
    private static final VarHandle BYTE = ValueLayout.JAVA_BYTE.varHandle().withInvokeExactBehavior();
    private static final VarHandle SHORT = ValueLayout.JAVA_SHORT.varHandle().withInvokeExactBehavior();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

    /** The class file every window's hidden class is defined from; read once. */
    private static final byte[] FOLDED_WINDOW = classBytes("FoldedWindow");

    private final String name;
    private final long size;
    private final Arena arena;

    MappedRegisterWindow(String name, long size, Arena arena) {
        this.name = name;
        this.size = size;
        this.arena = arena;
    }

    /**
     * Physical address range {@code [physicalAddress, physicalAddress + size)} through
     * {@code /dev/mem}, uncached (O_SYNC). Needs root and a kernel that allows the range
     * (CONFIG_STRICT_DEVMEM lets only non-RAM ranges such as PCI BARs through).
     */
    public static MappedRegisterWindow devMem(long physicalAddress, long size) {
        return fold(WindowMapping.devMem(physicalAddress, size));
    }

    /** Map {@code map} of UIO device {@code uio}, as {@code /sys/class/uio/uioN/maps/mapM} describes it. */
    public static MappedRegisterWindow uio(int uio, int map) {
        return uio(Path.of("/sys/class/uio/uio" + uio), Path.of("/dev/uio" + uio), map);
    }

    /** A UIO map described under {@code sysDevice} (the uioN sysfs directory) and mapped from {@code node}. */
    public static MappedRegisterWindow uio(Path sysDevice, Path node, int map) {
        return fold(WindowMapping.uio(sysDevice, node, map));
    }

    /** {@code size} bytes at {@code offset} of a PCI BAR's sysfs file, e.g. {@code /sys/bus/pci/devices/0000:00:04.0/resource2}. */
    public static MappedRegisterWindow pciResource(Path resource, long offset, long size) {
        return fold(WindowMapping.pciResource(resource, offset, size));
    }

    /** {@code size} bytes at {@code offset} of a plain file (tests, or a shared-memory stand-in for a device). */
    public static MappedRegisterWindow file(Path file, long offset, long size) {
        return fold(WindowMapping.file(file, offset, size));
    }

    /**
     * Maps several windows at once for code that reaches all of them through one call site (a
     * bring-up tool looping over its windows, one {@code BitField} or driver shared by every
     * window). A window mapped alone is its own class, and a call site that sees more than two
     * classes cannot inline and pays a virtual call per access (~6-17 ns); windows mapped together
     * are all of one class, which reaches every window's registers through one constant segment at
     * the window's address, so such a call site stays inlined (see {@code bench/NOTES.md}). Each
     * window is still its own mapping: it checks its own bounds, closes on its own, and refuses
     * access after {@code close()} with a {@code DeviceUnavailableException}.
     *
     * <p>A window of a group refuses every access from its {@code close()} on, and its device pages
     * are released before {@code close()} returns; its addresses stay reserved (zero pages) until
     * the GC finds every window of the group unreachable, so that an access racing with the close
     * lands on zero pages, never on an unmapped page or another mapping (see {@link WindowGroup}:
     * it is what lets an access skip the liveness check). Map a window alone where even the
     * addresses must go at {@code close()}.
     *
     * @param sources one or more; map the windows one call site reaches as one group (a call site
     *        that sees windows of more than two groups or lone windows is megamorphic again)
     * @return the windows in the order of {@code sources}
     * @throws HalArgumentException for no source, or a window of 16 GiB or more; any failure
     *         unmaps the windows already mapped and is rethrown
     */
    public static List<MappedRegisterWindow> mapTogether(WindowSource... sources) {
        return WindowGroup.map(List.of(sources));
    }

    /**
     * A window whose segment is a constant of its own hidden class. The class is not strongly
     * reachable from its loader, so it is unloaded with the window; the segment stays owned by the
     * window's shared arena, whose liveness is still checked on every access (a closed session's
     * state is never folded to "open"), so a constant segment cannot outlive its mapping unnoticed.
     */
    private static MappedRegisterWindow fold(WindowMapping m) {
        Arena arena = Arena.ofShared();
        String name = m.name();
        try {
            MethodHandles.Lookup window = MethodHandles.lookup().defineHiddenClassWithClassData(FOLDED_WINDOW, m.own(arena), true);
            MethodHandle create = window.findConstructor(window.lookupClass(),
                    MethodType.methodType(void.class, String.class, Arena.class));
            return (MappedRegisterWindow) create.invoke(name, arena);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        } catch (Throwable e) {
            arena.close();
            throw new IllegalStateException("register window " + name
                    + ": cannot define its access class (is clock-regs' FoldedWindow.class missing from the jar?)", e);
        }
    }

    /** The class file of one of this package's access templates, to define again as a hidden class. */
    static byte[] classBytes(String simpleName) {
        try (InputStream in = MappedRegisterWindow.class.getResourceAsStream(simpleName + ".class")) {
            if (in == null) {
                throw new IllegalStateException("clock-regs is incomplete: " + simpleName + ".class is missing; rebuild the module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("clock-regs: cannot read " + simpleName + ".class; rebuild the module", e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    /** This window's memory (the 8-, 16- and 64-bit accesses go through it). */
    abstract MemorySegment memory();

    /**
     * Refuses an access to a window closed on its own while its mapping lives on (a window of a
     * group: {@link WindowGroup}); a window mapped alone relies on its arena's liveness check.
     */
    void checkOpen() {
    }

    @Override
    public final void checkAccess(long offset, int bits) {
        RegisterAccessException.check(name, size, offset, bits);
        int bytes = RegisterAccessException.bytes(bits);
        long startMisalignment = memory().address() & (bytes - 1);
        if (startMisalignment != 0) {
            throw RegisterAccessException.unalignedWindow(name, offset, bits, startMisalignment);
        }
    }

    /*
     * The mode is switched on here (see FoldedWindow for why its 32-bit accesses compare instead):
     * these widths are a tool's, not a polling loop's.
     */
    @Override
    public final byte read8(long offset, AccessMode mode) {
        checkAccess(offset, 8);
        checkOpen();
        MemorySegment r = memory();
        try {
            return switch (mode) {
                case OPAQUE -> (byte) BYTE.getOpaque(r, offset);
                case ACQUIRE_RELEASE -> (byte) BYTE.getAcquire(r, offset);
                case VOLATILE -> (byte) BYTE.getVolatile(r, offset);
            };
        } catch (IllegalStateException closed) {
            throw closed();
        }
    }

    @Override
    public final void write8(long offset, byte value, AccessMode mode) {
        checkAccess(offset, 8);
        checkOpen();
        MemorySegment r = memory();
        try {
            switch (mode) {
                case OPAQUE -> BYTE.setOpaque(r, offset, value);
                case ACQUIRE_RELEASE -> BYTE.setRelease(r, offset, value);
                case VOLATILE -> BYTE.setVolatile(r, offset, value);
            }
        } catch (IllegalStateException closed) {
            throw closed();
        }
    }

    @Override
    public final short read16(long offset, AccessMode mode) {
        checkAccess(offset, 16);
        checkOpen();
        MemorySegment r = memory();
        try {
            return switch (mode) {
                case OPAQUE -> (short) SHORT.getOpaque(r, offset);
                case ACQUIRE_RELEASE -> (short) SHORT.getAcquire(r, offset);
                case VOLATILE -> (short) SHORT.getVolatile(r, offset);
            };
        } catch (IllegalStateException closed) {
            throw closed();
        }
    }

    @Override
    public final void write16(long offset, short value, AccessMode mode) {
        checkAccess(offset, 16);
        checkOpen();
        MemorySegment r = memory();
        try {
            switch (mode) {
                case OPAQUE -> SHORT.setOpaque(r, offset, value);
                case ACQUIRE_RELEASE -> SHORT.setRelease(r, offset, value);
                case VOLATILE -> SHORT.setVolatile(r, offset, value);
            }
        } catch (IllegalStateException closed) {
            throw closed();
        }
    }

    @Override
    public final long read64(long offset, AccessMode mode) {
        checkAccess(offset, 64);
        checkOpen();
        MemorySegment r = memory();
        try {
            return switch (mode) {
                case OPAQUE -> (long) LONG.getOpaque(r, offset);
                case ACQUIRE_RELEASE -> (long) LONG.getAcquire(r, offset);
                case VOLATILE -> (long) LONG.getVolatile(r, offset);
            };
        } catch (IllegalStateException closed) {
            throw closed();
        }
    }

    @Override
    public final void write64(long offset, long value, AccessMode mode) {
        checkAccess(offset, 64);
        checkOpen();
        MemorySegment r = memory();
        try {
            switch (mode) {
                case OPAQUE -> LONG.setOpaque(r, offset, value);
                case ACQUIRE_RELEASE -> LONG.setRelease(r, offset, value);
                case VOLATILE -> LONG.setVolatile(r, offset, value);
            }
        } catch (IllegalStateException closed) {
            throw closed();
        }
    }

    /** The error for an offset outside the window or not 4-byte aligned. */
    final HalArgumentException badOffset(long offset) {
        return new HalArgumentException(String.format(
                "register window %s: offset 0x%x is invalid: use a multiple of 4 in 0x0..0x%x", name, offset, size - 4));
    }

    /** The error for an access after {@link #close()}. */
    final DeviceUnavailableException closed() {
        return new DeviceUnavailableException(name, "the register window is closed", "map it again");
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Where a window comes from, for messages that say what to do. */
    enum Source { DEV_MEM, UIO, PCI_RESOURCE, FILE }
}
