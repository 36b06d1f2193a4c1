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
 * Windows mapped together ({@link MappedRegisterWindow#mapTogether}): the windows are instances of
 * one hidden class ({@code FoldedGroup}) whose {@code static final} segment spans the address
 * space, and an access is the window's own bounds check and its address plus the offset: no
 * per-window dispatch, and a call site over the whole group stays monomorphic.
 *
 * <p>Why the group's memory belongs to an automatic arena ({@link Arena#ofAuto()}), not a shared
 * one. An access to a shared arena's segment loads the session's state (an open state is never
 * folded), and that constant session held in a register was enough to make C2 spill a
 * loop-carried value through an XMM register in JMH's four-window loop (bench/NOTES.md): the
 * four-window figure came out no better than with the per-slot switch this replaces. An automatic
 * arena's state is constant, so the check folds away.
 *
 * <p>Lifetime. {@code close()} of a window first refuses every later access with the typed error
 * (its size in words drops to 0: {@code FoldedGroup}; every access, of every width, checks it
 * before it touches memory), then releases the window's device pages at once: one
 * {@code mmap(MAP_FIXED)} puts private anonymous zero pages, readable and writable, at the same
 * addresses ({@code WindowMapping.vacate}). The range stays mapped until the GC finds every window
 * of the group unreachable; the automatic arena's cleaner then unmaps it, as it unmaps the windows
 * never closed. The JDK frees an automatic arena only when no segment of it is reachable, and an
 * access in progress keeps its segment reachable, so no access reaches an unmapped page, or a range
 * the kernel has given to another mapping, whatever the threads do.
 *
 * <p>A thread racing, unsynchronized, with {@code close()} (it found the window open just before)
 * completes its access on the device, if before the replacement, or on the zero pages, if after:
 * a read returns the register's value or 0 (or what a racing write left there), a write reaches the
 * register or stays in the process's own page. It never faults, and once {@code close()} has
 * returned no access reaches the device through the window; an access that happens after
 * {@code close()} (the same thread, or one synchronized with it) is refused.
 *
 * <p>Why zero pages rather than {@code PROT_NONE}, and why readable and writable: the race cannot
 * be excluded without a cost on every access (the check and the load or store are separate
 * instructions, and a thread can be preempted between them), and a fault there is a SIGSEGV in
 * compiled code, which HotSpot does not turn into an exception (it does so for SIGBUS only): the
 * JVM would die. Read-only zero pages would still kill it on a racing write. Why the range is not
 * unmapped when the last window of the group closes: the same racing thread would then touch an
 * unmapped page, or whatever the kernel maps there next (a window mapped again right after the close
 * can be given those very addresses), and a write would land in it. The zero pages cost address
 * space only ({@code MAP_NORESERVE}: no memory until written; under {@code vm.overcommit_memory=2}
 * they count against the commit limit). A window mapped alone keeps a shared arena and unmaps
 * at {@code close()} (FFM's handshake rules the race out there).
 */
final class WindowGroup {
    private static final byte[] FOLDED_GROUP = MappedRegisterWindow.classBytes("FoldedGroup");

    private WindowGroup() {
    }

    static List<MappedRegisterWindow> map(List<WindowSource> sources) {
        if (sources.isEmpty()) {
            throw new HalArgumentException("map at least one window together (mapTogether was given none)");
        }
        List<WindowMapping> mapped = new ArrayList<>();
        Arena arena = Arena.ofAuto();
        MethodHandle create;
        try {
            for (WindowSource s : sources) {
                mapped.add(s.map());
            }
            for (WindowMapping m : mapped) {
                words(m.name(), m.size()); // refuse a window too large before anything is owned
            }
            // every window's address lies in it; each window bounds its own accesses (FoldedGroup)
            create = windowClass(MemorySegment.NULL.reinterpret(Long.MAX_VALUE, arena, null));
        } catch (RuntimeException | Error e) {
            mapped.forEach(WindowMapping::release); // nothing owns them yet: unmap now
            throw e;
        }
        List<MappedRegisterWindow> windows = new ArrayList<>();
        for (WindowMapping m : mapped) {
            try {
                windows.add((MappedRegisterWindow) create.invoke(m, arena));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot create the window " + m.name() + " of a group", e);
            }
        }
        return List.copyOf(windows);
    }

    /** The constructor of a new hidden class for one group, whose constant segment is {@code all}. */
    private static MethodHandle windowClass(MemorySegment all) {
        try {
            MethodHandles.Lookup group = MethodHandles.lookup().defineHiddenClassWithClassData(FOLDED_GROUP, all, true);
            return group.findConstructor(group.lookupClass(),
                    MethodType.methodType(void.class, WindowMapping.class, Arena.class));
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
}
