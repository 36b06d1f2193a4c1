package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The flag is the test JVM's own (a process-wide prctl): each case leaves THP as it found it. The
 * kernel's view is read from {@code /proc/self/status}'s {@code THP_enabled} line, by this JVM and
 * by a child process (grep) that inherited the flag over fork and exec.
 */
class HugePagesTest {
    private final boolean before = HugePages.disabledForThisProcess();

    @AfterEach
    void restore() {
        if (before) {
            HugePages.disableForThisProcess();
        } else {
            HugePages.enableForThisProcess();
        }
    }

    /** "1" or "0" from /proc/[pid]/status (the line exists on kernels built with THP, 4.20 and later). */
    private static String kernelView(String status) {
        return status.lines().filter(l -> l.startsWith("THP_enabled:")).map(l -> l.substring(12).trim()).findFirst()
                .orElseThrow(() -> new AssertionError("no THP_enabled line in /proc/self/status: a kernel without THP?"));
    }

    private static String childView() throws Exception {
        Process p = new ProcessBuilder("grep", "^THP_enabled:", "/proc/self/status").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return kernelView(out);
    }

    @Test
    void disablingIsTheKernelsViewOfThisProcessAndOfItsChildren() throws Exception {
        HugePages.disableForThisProcess();
        assertTrue(HugePages.disabledForThisProcess());
        assertEquals("0", kernelView(Files.readString(Path.of("/proc/self/status"))));
        assertEquals("0", childView(), "a child inherits the flag over fork and exec");

        HugePages.enableForThisProcess();
        assertFalse(HugePages.disabledForThisProcess());
        assertEquals("1", kernelView(Files.readString(Path.of("/proc/self/status"))));
        assertEquals("1", childView());
    }

    @Test
    void disablingTwiceIsHarmless() {
        HugePages.disableForThisProcess();
        HugePages.disableForThisProcess();
        assertTrue(HugePages.disabledForThisProcess());
    }
}
