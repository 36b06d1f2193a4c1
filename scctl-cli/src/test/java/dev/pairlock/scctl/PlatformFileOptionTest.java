package dev.pairlock.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --config FILE as scctl's user meets it: platform reads the file (its parser is tested there), scctl
 * reports a bad file in one line with exit 2, and opens a device only when a command uses it.
 */
class PlatformFileOptionTest {
    @Test
    void aMalformedFileIsExit2WithFileLineAndKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lab.conf");
        Files.writeString(f, "sc = sc0\nslots = eighteen\n");
        Run r = Run.scctl("--backend", "linux", "--config", f.toString(), "clock", "show");
        assertEquals(2, r.code(), r::toString);
        assertEquals("scctl: " + f + ":2: slots: 'eighteen' is not a number (decimal, 0x hex or 0 octal)\n", r.err());
        Files.writeString(f, "sc = sc0\ngchip.device = " + dir + "\ngchip.size = 16\n");
        Run directory = Run.scctl("--backend", "linux", "--config", f.toString(), "i2c", "detect", "-l");
        assertEquals(2, directory.code(), directory::toString);
        assertTrue(directory.err().startsWith("scctl: " + f + ":2: gchip.device: '" + dir + "' is a directory, not a device"),
                directory::toString);
        Files.write(f, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 's', 'c', '=', '0', '\n'});
        Run bom = Run.scctl("--backend", "linux", "--config", f.toString(), "i2c", "detect", "-l");
        assertEquals(2, bom.code(), bom::toString);
        assertTrue(bom.err().startsWith("scctl: " + f + ":1: the file starts with a UTF-8 byte-order mark"), bom::toString);
    }

    @Test
    void aMissingFileIsExit2AndPointsToTheSample(@TempDir Path dir) {
        Run missing = Run.scctl("--backend", "linux", "--config", dir.resolve("nope.conf").toString(), "clock", "show");
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains("does not exist: write the platform file for this SC, starting from the commented"
                + " sample etc/sample.conf"), missing::toString);
    }

    @Test
    void anAbsentRegisterWindowDoesNotStopI2cDetect(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lab.conf");
        Files.writeString(f, "sc = sc0\ngchip.device = " + dir.resolve("no-such-bar") + "\ngchip.size = 0x10\n"
                + "sync.item.etc.path = /etc/pairlock   # data sync's key: scctl passes over it\n");
        Run detect = Run.scctl("--backend", "linux", "--config", f.toString(), "i2c", "detect", "-l");
        assertEquals(0, detect.code(), detect::toString);
        Run clock = Run.scctl("--backend", "linux", "--config", f.toString(), "clock", "show");
        assertTrue(clock.out().contains(f + ":2: gchip.device = " + dir.resolve("no-such-bar") + ": cannot be opened (ENOENT"),
                "the window fails when used, naming the key: " + clock);
    }
}
