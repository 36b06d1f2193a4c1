package dev.pairlock.libc;

import static dev.pairlock.libc.Libc.C_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * kill(2) for a whole process group. Java's {@code Process.destroy()} signals one process; a
 * supervised service started in a session of its own (setsid) is its process group, and stopping
 * it must reach the children a wrapper script left running too. Setup-rate calls (they allocate).
 */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    /** int kill(pid_t pid, int sig); pid_t is an int on Linux. */
    private static final MethodHandle KILL = Downcalls.downcall("kill", FunctionDescriptor.of(C_INT, C_INT, C_INT), Downcalls.ERRNO);

    private Signals() {
    }

    /**
     * Sends {@code signal} to every process of group {@code pgid} (0 only checks that the group has a
     * member).
     *
     * @return false if the group has no member left (ESRCH), true if it was signalled
     * @throws IllegalArgumentException pgid not above 1 (kill(0) and kill(-1) mean this group and every process)
     * @throws ErrnoException EPERM (a member that is not ours) or EINVAL (no such signal)
     */
    public static boolean signalGroup(long pgid, int signal) {
        if (pgid <= 1 || pgid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("process group " + pgid + " cannot be signalled as a group");
        }
        return kill(-(int) pgid, signal, "kill(process group " + pgid + ", signal " + signal + ")");
    }

    /** Sends {@code signal} to process {@code pid}; false if it does not exist (ESRCH). */
    public static boolean signalProcess(long pid, int signal) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pid " + pid + " is not one process");
        }
        return kill((int) pid, signal, "kill(pid " + pid + ", signal " + signal + ")");
    }

    private static boolean kill(int target, int signal, String what) {
        try (Arena a = Arena.ofConfined()) {
            CallState cs = CallState.allocate(a);
            int r;
            try {
                r = (int) KILL.invokeExact(cs.capture(), target, signal);
            } catch (Throwable t) {
                throw Downcalls.unexpected(t);
            }
            if (r == 0) {
                return true;
            }
            if (cs.errno() == NativeErrno.ESRCH) {
                return false;
            }
            throw new ErrnoException(what, NativeErrno.of(cs.errno()));
        }
    }
}
