package dev.pairlock.libc;

import static dev.pairlock.libc.Libc.C_INT;
import static dev.pairlock.libc.Libc.C_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * Transparent huge pages for the whole calling process: prctl(2) {@code PR_SET_THP_DISABLE} and
 * {@code PR_GET_THP_DISABLE}. A setup call, never on a hot path. The flag belongs to the process's
 * memory (every thread, from now on) and is inherited by fork and kept across execve.
 *
 * <p>Why a controller turns them off: with {@code /sys/kernel/mm/transparent_hugepage/enabled} at
 * {@code always} (Debian's default), the kernel's {@code khugepaged} thread collapses a process's
 * small pages into huge ones, and holds that process's mmap lock for writing while it copies the
 * 2 MiB. Every page fault of every thread of the process waits for it — a real-time control loop
 * behind a time-shared kernel thread, which other work can keep off the CPU. In the kernel VM the
 * MAIN's loop stood 334–406 ms in {@code lock_mm_and_find_vma} with {@code khugepaged} running, and
 * one of those lapsed its lease. With the flag set, khugepaged skips the process and its faults map
 * small pages; a JVM heap of tens of MiB loses nothing measurable by it.
 */
public final class HugePages {
    static final int PR_SET_THP_DISABLE = 41;
    static final int PR_GET_THP_DISABLE = 42;

    /** int prctl(int option, ...): the kernel reads the four further arguments as unsigned long. */
    private static final MethodHandle PRCTL = Downcalls.downcall("prctl",
            FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_LONG, C_LONG, C_LONG), Downcalls.ERRNO,
            Linker.Option.firstVariadicArg(1));

    private HugePages() {
    }

    /**
     * No transparent huge pages for this process from now on (pages already huge stay so).
     *
     * @throws ErrnoException EINVAL on a kernel without the prctl (before Linux 3.15)
     */
    public static void disableForThisProcess() {
        prctl(PR_SET_THP_DISABLE, 1, "prctl(PR_SET_THP_DISABLE, 1)");
    }

    /** Undoes {@link #disableForThisProcess} (the system-wide setting applies again). */
    public static void enableForThisProcess() {
        prctl(PR_SET_THP_DISABLE, 0, "prctl(PR_SET_THP_DISABLE, 0)");
    }

    /** Whether this process has them disabled ({@code PR_GET_THP_DISABLE}), whatever the system-wide setting. */
    public static boolean disabledForThisProcess() {
        return prctl(PR_GET_THP_DISABLE, 0, "prctl(PR_GET_THP_DISABLE)") != 0;
    }

    private static int prctl(int option, long arg, String what) {
        try (Arena a = Arena.ofConfined()) {
            CallState cs = CallState.allocate(a);
            int r;
            try {
                r = (int) PRCTL.invokeExact(cs.capture(), option, arg, 0L, 0L, 0L);
            } catch (Throwable t) {
                throw Downcalls.unexpected(t);
            }
            if (r < 0) {
                throw new ErrnoException(what, NativeErrno.of(cs.errno()));
            }
            return r;
        }
    }
}
