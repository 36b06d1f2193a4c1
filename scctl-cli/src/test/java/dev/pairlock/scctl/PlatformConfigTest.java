package dev.pairlock.scctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.ScId;
import dev.pairlock.scctl.target.ConfigException;
import dev.pairlock.scctl.target.PlatformConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformConfigTest {
    private static final Path F = Path.of("scctl.conf");

    private static PlatformConfig parse(String text) {
        return PlatformConfig.parse(F, List.of(text.split("\n", -1)));
    }

    private static void assertError(String text, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(text));
        assertTrue(e.getMessage().contains(fragment), e::getMessage);
    }

    @Test
    void parsesAFullFile() {
        PlatformConfig c = parse("""
                # SC0 of the lab chassis
                sc = sc0
                slots = 4
                slot.2.bus = 12   # slot 2 is wired to adapter 12
                i2c.timeout_ms = 250
                heartbeat.out = gpiochip1:hb-out
                heartbeat.in = /dev/gpiochip1:1
                gchip.device = /dev/mem
                gchip.offset = 0xfe000000
                gchip.size = 0x1000
                window.bar0.device = /sys/bus/pci/devices/0000:00:04.0/resource2
                window.bar0.size = 0x100
                """);
        assertEquals(ScId.SC0, c.sc());
        assertEquals(4, c.slots());
        assertEquals(12, c.busOf(2));
        assertEquals(3, c.busOf(3));
        assertEquals(250, c.i2cTimeoutMs());
        assertEquals("hb-out", c.heartbeatOut().orElseThrow().line());
        assertEquals("/dev/gpiochip1", c.heartbeatIn().orElseThrow().chip());
        assertEquals(0xfe000000L, c.windows().get("gchip").offset());
        assertEquals(0, c.windows().get("bar0").offset());
    }

    @Test
    void errorsNameTheLineAndTheKey() {
        assertError("sc = sc0\nslots = many", "scctl.conf:2: slots 'many' is not a number");
        assertError("sc = sc0\nslots = 300", "scctl.conf:2: slots 300 is out of range 1..256");
        assertError("sc = sc2", "scctl.conf:1: sc 'sc2' is not sc0 or sc1");
        assertError("sc = sc0\nfrobs = 1", "scctl.conf:2: frobs is not a known key");
        assertError("sc = sc0\njust words", "scctl.conf:2: 'just words' is not 'key = value'");
        assertError("sc = sc0\nsc = sc1", "scctl.conf:2: sc is set twice (first on line 1)");
        assertError("sc = sc0\nheartbeat.in = gpiochip1", "scctl.conf:2: heartbeat.in 'gpiochip1' is not CHIP:LINE");
        assertError("sc = sc0\ni2c.timeout_ms = 25", "scctl.conf:2: i2c.timeout_ms 25 is not a multiple of 10");
        assertError("sc = sc0\ngchip.device = /dev/mem", "scctl.conf:2: gchip.size is missing");
        assertError("sc = sc0\nslots = 4\nslot.9.bus = 1", "scctl.conf:3: slot.9.bus slot 9 is beyond slots = 4");
        assertError("slots = 4", "sc is required");
        assertError("sc =", "scctl.conf:1: sc the value is missing");
    }

    @Test
    void malformedConfigOnTheCommandLineIsExit2WithLineAndKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lab.conf");
        Files.writeString(f, "sc = sc0\nslots = eighteen\n");
        Run r = Run.scctl("--backend", "linux", "--config", f.toString(), "clock", "show");
        assertEquals(2, r.code(), r::toString);
        assertEquals("scctl: " + f + ":2: slots 'eighteen' is not a number (decimal or 0x hex)\n", r.err());
        Run missing = Run.scctl("--backend", "linux", "--config", dir.resolve("nope.conf").toString(), "clock", "show");
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains("cannot read the platform file"), missing::toString);
    }
}
