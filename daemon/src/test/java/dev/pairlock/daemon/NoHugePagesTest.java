package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.HugePages;
import dev.pairlock.libc.NativeErrno;
import org.junit.jupiter.api.Test;

class NoHugePagesTest {
    @Test
    void theDaemonsProcessRunsWithoutTransparentHugePages() {
        boolean before = HugePages.disabledForThisProcess();
        try {
            assertEquals("transparent huge pages off", NoHugePages.apply());
            assertTrue(HugePages.disabledForThisProcess(), "PR_GET_THP_DISABLE after the start");
        } finally {
            if (!before) {
                HugePages.enableForThisProcess();
            }
        }
    }

    @Test
    void aRefusalIsNotFatalAndSaysWhichCall() {
        String said = NoHugePages.apply(() -> {
            throw new ErrnoException("prctl(PR_SET_THP_DISABLE, 1)", NativeErrno.of(NativeErrno.EINVAL));
        });
        assertTrue(said.startsWith("transparent huge pages as the system sets them (prctl(PR_SET_THP_DISABLE, 1)"), said);
    }
}
