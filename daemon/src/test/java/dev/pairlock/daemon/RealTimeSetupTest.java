package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.time.ThreadScheduler;
import dev.pairlock.libc.HugePages;
import org.junit.jupiter.api.Test;

/** The one entry the daemon and the jitter benchmark share: all three parts, in the START line's order. */
class RealTimeSetupTest {
    @Test
    void atPriorityZeroTheThreadsStayTimeSharedAndHugePagesStillGoOff() throws Exception {
        boolean before = HugePages.disabledForThisProcess();
        try (ThreadScheduler control = new ThreadScheduler("control-test")) {
            assertEquals("control loop time-shared (control.rt_priority = 0); VM Thread time-shared as the JVM starts it; "
                    + "transparent huge pages off", RealTimeSetup.apply(control, 0));
            assertTrue(HugePages.disabledForThisProcess(), "PR_GET_THP_DISABLE after the setup");
        } finally {
            if (!before) {
                HugePages.enableForThisProcess();
            }
        }
    }
}
