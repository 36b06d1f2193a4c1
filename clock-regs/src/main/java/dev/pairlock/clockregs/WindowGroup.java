package dev.pairlock.clockregs;

import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.reg.AccessMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows mapped together: every window is a {@link GroupedWindow} (one class for all of them, so
 * a call site that reaches them all stays monomorphic and inlines), and the group's accesses live
 * in one hidden class ({@code FoldedGroup}) whose slots hold the segments as constants.
 */
final class WindowGroup {
    static final int MAX_WINDOWS = 8;

    private static final byte[] FOLDED_GROUP = MappedRegisterWindow.classBytes("FoldedGroup");

    private WindowGroup() {
    }

    static List<MappedRegisterWindow> map(List<WindowSource> sources) {
        if (sources.isEmpty() || sources.size() > MAX_WINDOWS) {
            throw new HalArgumentException("map 1.." + MAX_WINDOWS + " windows together, not " + sources.size()
                    + (sources.isEmpty() ? "" : ": split them into groups (one class per group; a call site stays"
                    + " inlined with up to two groups)"));
        }
        List<MappedRegisterWindow.Mapping> mapped = new ArrayList<>();
        try {
            for (WindowSource s : sources) {
                mapped.add(s.map());
            }
            List<MemorySegment> slots = new ArrayList<>();
            for (MappedRegisterWindow.Mapping m : mapped) {
                slots.add(m.registers());
            }
            while (slots.size() < MAX_WINDOWS) {
                slots.add(MemorySegment.NULL); // never reached: a window only passes its own slot
            }
            GroupAccess access = define(slots);
            List<MappedRegisterWindow> windows = new ArrayList<>();
            for (int i = 0; i < mapped.size(); i++) {
                MappedRegisterWindow.Mapping m = mapped.get(i);
                windows.add(new GroupedWindow(m.name(), m.registers().byteSize(), m.arena(), access, i));
            }
            return List.copyOf(windows);
        } catch (RuntimeException | Error e) {
            for (MappedRegisterWindow.Mapping m : mapped) {
                m.arena().close();
            }
            throw e;
        }
    }

    private static GroupAccess define(List<MemorySegment> slots) {
        try {
            MethodHandles.Lookup group = MethodHandles.lookup().defineHiddenClassWithClassData(FOLDED_GROUP, slots, true);
            return (GroupAccess) group.findConstructor(group.lookupClass(),
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define the access class of a window group"
                    + " (is clock-regs' FoldedGroup.class missing from the jar?)", e);
        }
    }

    /** One window of a group: reaches its memory through its slot of the group's access class. */
    static final class GroupedWindow extends MappedRegisterWindow {
        private final GroupAccess group;
        private final int slot;

        GroupedWindow(String name, long size, Arena arena, GroupAccess group, int slot) {
            super(name, size, arena);
            this.group = group;
            this.slot = slot;
        }

        @Override
        MemorySegment memory() {
            return group.segment(slot);
        }

        /*
         * The bounds and alignment are checked by the segment access itself, against the slot's
         * constant segment (a compare with a constant); its exception becomes the typed one. A check
         * of our own against a field would add a load and three compares to every access.
         */
        @Override
        public int read32(long offset, AccessMode mode) {
            try {
                return group.read32(slot, offset, mode);
            } catch (IndexOutOfBoundsException | IllegalArgumentException outside) {
                throw badOffset(offset);
            } catch (IllegalStateException closed) {
                throw closed();
            }
        }

        @Override
        public void write32(long offset, int value, AccessMode mode) {
            try {
                group.write32(slot, offset, value, mode);
            } catch (IndexOutOfBoundsException | IllegalArgumentException outside) {
                throw badOffset(offset);
            } catch (IllegalStateException closed) {
                throw closed();
            }
        }
    }
}
