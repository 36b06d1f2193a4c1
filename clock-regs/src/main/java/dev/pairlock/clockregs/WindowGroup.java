package dev.pairlock.clockregs;

import dev.pairlock.hal.HalArgumentException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows mapped together ({@link MappedRegisterWindow#mapTogether}): one shared arena owns every
 * window's mapping, and the windows are instances of one hidden class ({@code FoldedGroup}) whose
 * {@code static final} segment spans the address space under that arena. A window's access is
 * then its own bounds check, its base plus the offset, and the arena's liveness check: no
 * per-window dispatch, and a call site over the whole group stays monomorphic.
 *
 * <p>Memory safety. A window closed on its own is refused by its own check from then on (the same
 * {@code DeviceUnavailableException}), but its pages stay mapped: the group's arena is closed, and
 * every mapping unmapped, only when the last window closes. That close is the FFM shared-arena
 * close: it fails every later access of the arena's segments (a typed error here too) and waits,
 * by a handshake, for any thread in the middle of one, so no access ever reaches an unmapped page.
 * What a thread racing with {@code close()} of one window can do, with no synchronization between
 * them, is complete an access it had already started onto that window's still-mapped registers;
 * an access that happens after {@code close()} returns (the same thread, or one synchronized with
 * it) is refused. A window mapped alone gives the stronger FFM guarantee on its own close.
 */
final class WindowGroup {
    private static final byte[] FOLDED_GROUP = MappedRegisterWindow.classBytes("FoldedGroup");

    private final Arena arena;
    private int open; // guarded by this

    private WindowGroup(Arena arena, int open) {
        this.arena = arena;
        this.open = open;
    }

    static List<MappedRegisterWindow> map(List<WindowSource> sources) {
        if (sources.isEmpty()) {
            throw new HalArgumentException("map at least one window together (mapTogether was given none)");
        }
        Arena arena = Arena.ofShared();
        try {
            List<WindowMapping> mapped = new ArrayList<>();
            for (WindowSource s : sources) {
                mapped.add(s.map(arena));
            }
            WindowGroup group = new WindowGroup(arena, mapped.size());
            // every window's address lies in it; each window bounds its own accesses (FoldedGroup)
            MemorySegment all = MemorySegment.NULL.reinterpret(Long.MAX_VALUE, arena, null);
            MethodHandle create = windowClass(all);
            List<MappedRegisterWindow> windows = new ArrayList<>();
            for (WindowMapping m : mapped) {
                windows.add((MappedRegisterWindow) create.invoke(m.name(), arena, group, m.registers()));
            }
            return List.copyOf(windows);
        } catch (RuntimeException | Error e) {
            arena.close(); // unmaps what was mapped
            throw e;
        } catch (Throwable e) {
            arena.close();
            throw new IllegalStateException("cannot create the windows of a group", e);
        }
    }

    /** The constructor of a new hidden class for one group, whose constant segment is {@code all}. */
    private static MethodHandle windowClass(MemorySegment all) {
        try {
            MethodHandles.Lookup group = MethodHandles.lookup().defineHiddenClassWithClassData(FOLDED_GROUP, all, true);
            return group.findConstructor(group.lookupClass(), MethodType.methodType(void.class,
                    String.class, Arena.class, WindowGroup.class, MemorySegment.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define the window class of a group"
                    + " (is clock-regs' FoldedGroup.class missing from the jar?)", e);
        }
    }

    /**
     * A window's size in 4-byte words, as {@code FoldedGroup} keeps it: an {@code int} read as
     * unsigned, which lets C2 prove the access's address in range (see there).
     *
     * @throws HalArgumentException for a window of 16 GiB or more, with what to do
     */
    static int words(String name, long size) {
        long words = size >>> 2;
        if (words > 0xFFFF_FFFFL) {
            throw new HalArgumentException(name + ": a window of " + size + " bytes is too large to map together"
                    + " with others (at most 16 GiB - 4): map it alone with MappedRegisterWindow's own factories");
        }
        return (int) words;
    }

    /** A window of this group was closed (once per window): the last one unmaps the group. */
    synchronized void windowClosed() {
        if (--open == 0) {
            arena.close();
        }
    }
}
