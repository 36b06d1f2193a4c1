package dev.pairlock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.libc.ErrnoException;
import dev.pairlock.libc.NativeErrno;
import dev.pairlock.libc.Scheduling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SafepointPriorityTest {
    /** Field 19 of the task's stat: its nice value as the kernel keeps it. */
    private static int kernelNice(int tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(f[19 - 3]);
    }

    @Test
    void theJvmsVmThreadIsFoundAndRaisedWhenTheLoopRunsInRealTime() throws Exception {
        OptionalInt vm = SafepointPriority.vmThread();
        assertTrue(vm.isPresent(), "HotSpot names its safepoint thread 'VM Thread'");
        int tid = vm.getAsInt();
        int before = kernelNice(tid);
        try {
            String said = SafepointPriority.apply(10);
            if ("root".equals(System.getProperty("user.name"))) {
                assertEquals("VM Thread nice -20", said);
                assertEquals(-20, kernelNice(tid));
            } else {
                assertTrue(said.startsWith("VM Thread time-shared (nice -20 refused: "), said);
                assertEquals(before, kernelNice(tid));
            }
        } finally {
            if (kernelNice(tid) != before) {
                Scheduling.niceOfThread(tid, before); // the test JVM's safepoints as they were
            }
        }
    }

    @Test
    void aTimeSharedLoopLeavesTheVmThreadAlone() {
        assertEquals("VM Thread time-shared as the JVM starts it", SafepointPriority.apply(0, OptionalInt.of(1), tid -> {
            throw new AssertionError("nothing to renice");
        }));
    }

    @Test
    void aRefusalOrAMissingThreadIsNotFatal() {
        assertEquals("VM Thread time-shared (nice -20 refused: EACCES)", SafepointPriority.apply(10, OptionalInt.of(42), tid -> {
            throw new ErrnoException("setpriority(thread " + tid + ", nice -20)", NativeErrno.of(NativeErrno.EACCES));
        }));
        assertEquals("VM Thread not found", SafepointPriority.apply(10, OptionalInt.empty(), tid -> { }));
    }
}
