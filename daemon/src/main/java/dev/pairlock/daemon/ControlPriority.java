package dev.pairlock.daemon;

import dev.pairlock.hal.time.Scheduler;
import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.NativeErrno;
import dev.pairlock.libc.Scheduling;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the control loop's thread at {@code control.rt_priority} (SCHED_FIFO), from that thread —
 * the call changes the calling thread only — before the protocol starts, and says what it got for
 * the START line. A refusal is not fatal: the loop runs time-shared, as with priority 0, and the
 * log says how to grant it.
 *
 * <p>Only this thread: the lanes wait on buses and the JVM's own threads (GC, compiler) must not
 * outrank the kernel's; the supervised services start from another thread and reset to SCHED_OTHER
 * on fork in any case.
 */
final class ControlPriority {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPriority.class);
    /** A first FFM link under an emulated CPU takes seconds; the loop is idle before the start. */
    private static final long WAIT_SECONDS = 60;
    /** What to do about an EPERM/EACCES from a scheduling call; said by every priority pairlockd asks for. */
    static final String GRANT_CAP_SYS_NICE = "run pairlockd as root or grant it CAP_SYS_NICE (systemd: AmbientCapabilities=CAP_SYS_NICE)";

    private ControlPriority() {
    }

    /** Applies {@code priority} (0: nothing) on {@code control}'s thread; returns the START line's words. */
    static String apply(Scheduler control, int priority) {
        return apply(control, priority, Scheduling::fifoForThisThread);
    }

    static String apply(Scheduler control, int priority, IntConsumer fifo) {
        if (priority == 0) {
            return "control loop time-shared (control.rt_priority = 0)";
        }
        CompletableFuture<String> r = new CompletableFuture<>();
        control.schedule(0, () -> {
            try {
                fifo.accept(priority);
                r.complete("control loop SCHED_FIFO " + priority);
            } catch (ErrnoException e) {
                String how = e.number() == NativeErrno.EPERM
                        ? GRANT_CAP_SYS_NICE + ", or set control.rt_priority = 0 to mean it"
                        : "check control.rt_priority (1..99) and the kernel's sched_rt_runtime_us";
                LOG.warn("control.rt_priority = {}: {}: the control loop runs time-shared; {}", priority, e.getMessage(), how);
                r.complete("control loop time-shared (SCHED_FIFO " + priority + " refused: " + e.errno().name() + ")");
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("control.rt_priority = {}: {}: the control loop runs time-shared", priority, e.toString());
                r.complete("control loop time-shared (SCHED_FIFO " + priority + " failed: " + e + ")");
            }
        });
        try {
            return r.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "control loop priority unknown (interrupted)";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "control loop priority unknown (the loop did not answer in " + WAIT_SECONDS + " s)";
        }
    }
}
