package dev.pairlock.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linux backend over what any machine has: a plain file as the Gchip's register window. */
class LinuxBackendTest {
    @Test
    void regAndClockWorkOverAPlainFileWindow(@TempDir Path dir) throws Exception {
        Path regs = dir.resolve("gchip.bin");
        Files.write(regs, new byte[0x10]);
        Path conf = dir.resolve("lab.conf");
        // a socket of its own: a pairlockd someone runs on this machine must not answer this test
        Path socket = dir.resolve("control.sock");
        Files.writeString(conf, "sc = sc1\ngchip.device = " + regs + "\ngchip.size = 0x10\ncontrol.socket = " + socket + "\n");
        String[] base = {"--backend", "linux", "--config", conf.toString(), "--sc", "sc1"};
        Run w = Run.scctl(cat(base, "reg", "write", "-y", "0x0", "0x1"));
        assertEquals(0, w.code(), w::toString);
        assertEquals(1, Files.readAllBytes(regs)[0], "the write reached the file");
        Run clock = Run.scctl(cat(base, "clock", "show"));
        assertTrue(clock.out().lines().anyMatch(l -> l.matches("SC1 +leader \\(1\\) .*")), clock::toString);
        assertTrue(clock.out().contains("describes SC1's hardware, not SC0"), clock::toString);
        Run failover = Run.scctl(cat(base, "failover", "show"));
        assertEquals(1, failover.code(), failover::toString);
        assertEquals("scctl: no pairlockd is running (no control socket at " + socket + ")\n", failover.err());
    }

    private static String[] cat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
