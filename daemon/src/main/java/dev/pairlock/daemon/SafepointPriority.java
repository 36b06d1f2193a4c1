package dev.pairlock.daemon;

import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.NativeErrno;
import dev.pairlock.libc.Scheduling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises the JVM's {@code VM Thread} to nice -20 when the control loop runs at a real-time
 * priority, and says what it got for the START line. Why: every safepoint of the JVM (each of
 * Serial's collections, deoptimization, a thread dump) is run by that one time-shared thread while
 * all Java threads wait, the SCHED_FIFO loop included; in the kernel VM {@code stallwatch.py} found
 * the loop parked at a safepoint for 329–763 ms while the VM Thread stood runnable behind another
 * JVM starting. A real-time priority for the VM Thread was not chosen: it spins while threads come
 * to the safepoint, and a spinning real-time thread can starve the very thread it waits for.
 */
final class SafepointPriority {
    private static final Logger LOG = LoggerFactory.getLogger(SafepointPriority.class);
    static final int NICE = Scheduling.MIN_NICE;
    private static final Path TASKS = Path.of("/proc/self/task");

    private SafepointPriority() {
    }

    /** With {@code rtPriority} above 0, the VM Thread at nice -20; returns the START line's words. */
    static String apply(int rtPriority) {
        return apply(rtPriority, vmThread(), tid -> Scheduling.niceOfThread(tid, NICE));
    }

    static String apply(int rtPriority, OptionalInt vmThread, IntConsumer renice) {
        if (rtPriority == 0) {
            return "VM Thread time-shared as the JVM starts it";
        }
        if (vmThread.isEmpty()) {
            LOG.warn("no thread named 'VM Thread' in {}: a JVM other than HotSpot? Safepoints run at its own priority", TASKS);
            return "VM Thread not found";
        }
        try {
            renice.accept(vmThread.getAsInt());
            return "VM Thread nice " + NICE;
        } catch (ErrnoException e) {
            String how = e.number() == NativeErrno.EPERM || e.number() == NativeErrno.EACCES
                    ? ControlPriority.GRANT_CAP_SYS_NICE
                    : "the thread may have gone";
            LOG.warn("cannot raise the JVM's VM Thread to nice {}: {}: safepoints run time-shared; {}", NICE, e.getMessage(), how);
            return "VM Thread time-shared (nice " + NICE + " refused: " + e.errno().name() + ")";
        }
    }

    /** The thread id of HotSpot's {@code VM Thread}, from each task's {@code comm}. */
    static OptionalInt vmThread() {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            return tasks.filter(t -> "VM Thread".equals(comm(t))).mapToInt(t -> Integer.parseInt(t.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return ""; // the thread ended meanwhile
        }
    }
}
