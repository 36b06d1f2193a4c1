package dev.pairlock.daemon;

import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.HugePages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns transparent huge pages off for the daemon's whole process before it starts its loop, and
 * says what it got for the START line. Why: with THP at {@code always}, {@code khugepaged} holds the
 * process's mmap lock for writing while it collapses pages, and every page fault of the control loop
 * waits behind it (libc's {@link HugePages} has the measurement). A refusal is not fatal: the daemon
 * runs as before, and the log says what to set instead.
 */
final class NoHugePages {
    private static final Logger LOG = LoggerFactory.getLogger(NoHugePages.class);

    private NoHugePages() {
    }

    /** Disables THP for this process; returns the START line's words. */
    static String apply() {
        return apply(HugePages::disableForThisProcess);
    }

    static String apply(Runnable disable) {
        try {
            disable.run();
            return "transparent huge pages off";
        } catch (ErrnoException | LinkageError e) {
            LOG.warn("cannot turn transparent huge pages off for pairlockd ({}): khugepaged may stall the control loop's page"
                    + " faults; set /sys/kernel/mm/transparent_hugepage/enabled to madvise or never", e.getMessage());
            return "transparent huge pages as the system sets them (" + e.getMessage() + ")";
        }
    }
}
