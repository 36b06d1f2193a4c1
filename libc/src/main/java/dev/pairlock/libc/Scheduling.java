package dev.pairlock.libc;

import static dev.pairlock.libc.Libc.C_INT;
import static dev.pairlock.libc.Libc.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The calling thread's CPU scheduling policy: sched_setscheduler(2) and sched_getscheduler(2) with
 * pid 0, which on Linux means this thread only, not the process; and one thread's nice value
 * (setpriority(2) with a thread id). Setup calls (they allocate), never on a hot path.
 *
 * <p>Why a controller wants it: under load another process can keep a normal-priority thread off
 * the CPU for longer than the MAIN lease, and a MAIN that misses its lease fails safe — a false
 * failover. corosync runs its token loop at a real-time priority for the same reason.
 */
public final class Scheduling {
    public static final int SCHED_OTHER = 0;
    public static final int SCHED_FIFO = 1;
    public static final int SCHED_RR = 2;
    /** Children (a fork from this thread) start as SCHED_OTHER: a spawned script never inherits real time. */
    public static final int SCHED_RESET_ON_FORK = 0x40000000;
    public static final int MIN_RT_PRIORITY = 1;
    public static final int MAX_RT_PRIORITY = 99;

    /** int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param); struct sched_param is one int. */
    private static final MethodHandle SETSCHEDULER = Downcalls.downcall("sched_setscheduler",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER), Downcalls.ERRNO);
    private static final MethodHandle GETSCHEDULER = Downcalls.downcall("sched_getscheduler",
            FunctionDescriptor.of(C_INT, C_INT), Downcalls.ERRNO);
    /** int setpriority(int which, id_t who, int prio); id_t is an unsigned int. */
    private static final MethodHandle SETPRIORITY = Downcalls.downcall("setpriority",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT), Downcalls.ERRNO);
    private static final int PRIO_PROCESS = 0;
    public static final int MIN_NICE = -20;
    public static final int MAX_NICE = 19;

    private Scheduling() {
    }

    /**
     * Runs the calling thread under SCHED_FIFO at {@code priority} (children reset to SCHED_OTHER).
     *
     * @throws IllegalArgumentException priority outside 1..99
     * @throws ErrnoException EPERM without CAP_SYS_NICE (or an RLIMIT_RTPRIO that allows it)
     */
    public static void fifoForThisThread(int priority) {
        if (priority < MIN_RT_PRIORITY || priority > MAX_RT_PRIORITY) {
            throw new IllegalArgumentException("real-time priority " + priority + " is outside " + MIN_RT_PRIORITY + ".."
                    + MAX_RT_PRIORITY);
        }
        set(SCHED_FIFO | SCHED_RESET_ON_FORK, priority, "SCHED_FIFO " + priority);
    }

    /** Back to the normal time-sharing policy (SCHED_OTHER, priority 0). */
    public static void normalForThisThread() {
        set(SCHED_OTHER, 0, "SCHED_OTHER");
    }

    /**
     * Sets the nice value of one thread of this process, {@code tid} as in {@code /proc/self/task}:
     * on Linux {@code setpriority(PRIO_PROCESS, tid)} changes that thread only (its time-shared
     * weight; a real-time thread ignores it). For threads the caller does not run, such as the JVM's
     * own (pairlockd's {@code VM Thread}).
     *
     * @throws IllegalArgumentException nice outside -20..19, or tid not positive
     * @throws ErrnoException EACCES/EPERM below the current nice without CAP_SYS_NICE, ESRCH for no such thread
     */
    public static void niceOfThread(int tid, int nice) {
        if (nice < MIN_NICE || nice > MAX_NICE || tid <= 0) {
            throw new IllegalArgumentException("nice " + nice + " for thread " + tid + ": nice must be in " + MIN_NICE + ".."
                    + MAX_NICE + " and the thread id positive");
        }
        try (Arena a = Arena.ofConfined()) {
            CallState cs = CallState.allocate(a);
            int r;
            try {
                r = (int) SETPRIORITY.invokeExact(cs.capture(), PRIO_PROCESS, tid, nice);
            } catch (Throwable t) {
                throw Downcalls.unexpected(t);
            }
            if (r < 0) {
                throw new ErrnoException("setpriority(thread " + tid + ", nice " + nice + ")", NativeErrno.of(cs.errno()));
            }
        }
    }

    /** The calling thread's policy: {@link #SCHED_OTHER}, {@link #SCHED_FIFO}, ... (the reset-on-fork flag cleared). */
    public static int policyOfThisThread() {
        try (Arena a = Arena.ofConfined()) {
            CallState cs = CallState.allocate(a);
            int r;
            try {
                r = (int) GETSCHEDULER.invokeExact(cs.capture(), 0);
            } catch (Throwable t) {
                throw Downcalls.unexpected(t);
            }
            if (r < 0) {
                throw new ErrnoException("sched_getscheduler(this thread)", NativeErrno.of(cs.errno()));
            }
            return r & ~SCHED_RESET_ON_FORK;
        }
    }

    private static void set(int policy, int priority, String what) {
        try (Arena a = Arena.ofConfined()) {
            CallState cs = CallState.allocate(a);
            MemorySegment param = a.allocate(C_INT);
            param.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, priority);
            int r;
            try {
                r = (int) SETSCHEDULER.invokeExact(cs.capture(), 0, policy, param);
            } catch (Throwable t) {
                throw Downcalls.unexpected(t);
            }
            if (r < 0) {
                throw new ErrnoException("sched_setscheduler(this thread, " + what + ")", NativeErrno.of(cs.errno()));
            }
        }
    }
}
