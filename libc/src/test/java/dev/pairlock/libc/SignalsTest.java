package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalsTest {
    @TempDir
    Path dir;

    @Test
    void aSignalToTheGroupReachesTheLeadersChildrenAndAnEmptyGroupSaysSo() throws Exception {
        Path child = dir.resolve("child");
        // sh in a session of its own, with a child it does not exec
        Process p = new ProcessBuilder("setsid", "sh", "-c", "sleep 300 & echo $! > " + child + ".tmp; mv " + child
                + ".tmp " + child + "; wait").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(child) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ProcessHandle sleeper = ProcessHandle.of(Long.parseLong(Files.readString(child).strip())).orElseThrow();
            assertTrue(Signals.signalGroup(p.pid(), 0), "the group exists");
            assertTrue(Signals.signalGroup(p.pid(), Signals.SIGTERM));
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + Signals.SIGTERM, p.exitValue());
            sleeper.onExit().get(10, TimeUnit.SECONDS);
            // the sleeper, orphaned when sh died, stays in the group as a zombie until init reaps it
            // (slowly on a loaded machine): the group is empty only then
            long reaped = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Signals.signalGroup(p.pid(), 0) && System.nanoTime() < reaped) {
                Thread.sleep(10);
            }
            assertFalse(Signals.signalGroup(p.pid(), Signals.SIGKILL), "nothing left in the group: ESRCH");
            assertFalse(Signals.signalProcess(p.pid(), 0));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void kill0AndKillMinus1AreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Signals.signalGroup(0, Signals.SIGTERM));
        assertThrows(IllegalArgumentException.class, () -> Signals.signalGroup(1, Signals.SIGTERM));
        assertThrows(IllegalArgumentException.class, () -> Signals.signalProcess(-1, Signals.SIGTERM));
    }
}
