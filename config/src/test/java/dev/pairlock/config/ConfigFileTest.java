package dev.pairlock.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    private static final Path F = Path.of("/etc/pairlock/sc0.conf");

    private static ConfigFile parse(String text) {
        return ConfigFile.parse(F, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String refused(String text) {
        return assertThrows(ConfigException.class, () -> parse(text)).getMessage();
    }

    @Test
    void keysValuesCommentsAndSections() {
        ConfigFile f = parse("""
                # whose hardware
                SC = sc0   # comment after a value
                fdt = 1s
                sync.item.etc.path = /etc/pairlock
                sync.item.etc.priority = 1\r
                """);
        assertEquals("sc0", f.take("sc").orElseThrow().value());
        assertEquals(Duration.ofSeconds(1), f.take("fdt").orElseThrow().duration(null, Duration.ZERO, Duration.ofHours(1)));
        List<ConfigEntry> sync = f.section("sync");
        assertEquals(2, sync.size());
        assertEquals("etc.priority", sync.get(1).after("sync.item").orElseThrow());
        assertEquals(5, sync.get(1).line());
        assertEquals(1, sync.get(1).integer(1, 3));
        f.requireAllUsed("sc, fdt, sync.*");
    }

    /** A '#' inside a word is not a comment: a key file named pair#1.key must not be read as /etc/pairlock/pair. */
    @Test
    void aHashInsideAWordIsPartOfTheValueAndAfterABlankAComment() {
        ConfigFile f = parse("key.file = /etc/pairlock/pair#1.key\nsc = sc0\t# tab, then a comment\n#whole line\nfdt = 2s #\n");
        assertEquals("/etc/pairlock/pair#1.key", f.take("key.file").orElseThrow().value());
        assertEquals("sc0", f.take("sc").orElseThrow().value());
        assertEquals("2s", f.take("fdt").orElseThrow().value());
    }

    /** A key of a whole file's length is refused in one short line, not echoed into every message. */
    @Test
    void anOverlongKeyIsRefusedInAShortMessage() {
        String message = refused("k".repeat(500_000) + " = 1\n");
        assertTrue(message.startsWith("/etc/pairlock/sc0.conf:1: a key of 500000 characters ('kkk"), message);
        assertTrue(message.length() < 200, message.length() + " characters");
    }

    @Test
    void everyErrorNamesFileLineAndKey() {
        assertEquals("/etc/pairlock/sc0.conf:2: slots: is set twice (first on line 1)", refused("slots = 1\nslots = 2\n"));
        assertEquals("/etc/pairlock/sc0.conf:1: 'slots 18' is not 'key = value'", refused("slots 18\n"));
        assertEquals("/etc/pairlock/sc0.conf:1: slots: the value is missing", refused("slots =\n"));
        ConfigFile f = parse("sc = sc0\nslotz = 3\n");
        f.take("sc");
        ConfigException e = assertThrows(ConfigException.class, () -> f.requireAllUsed("sc, slots"));
        assertEquals("/etc/pairlock/sc0.conf:2: slotz: is not a known key (known: sc, slots)", e.getMessage());
        assertEquals(2, e.line());
        assertEquals("slotz", e.key());
        ConfigException bad = assertThrows(ConfigException.class, () -> parse("slots = ３\n").take("slots").orElseThrow().integer(1, 256));
        assertTrue(bad.getMessage().startsWith("/etc/pairlock/sc0.conf:1: slots: '３' contains the non-ASCII"), bad.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> parse("a = 1\n").require("sc", "say whose hardware this is"));
        assertTrue(missing.getMessage().endsWith("sc: is required: say whose hardware this is"), missing.getMessage());
    }

    @Test
    void bomBinaryAndOtherEncodingsAreNamed() {
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 's', 'c', '=', '0', '\n'};
        assertTrue(assertThrows(ConfigException.class, () -> ConfigFile.parse(F, bom)).getMessage().contains("byte-order mark"));
        byte[] latin1 = "a = 1\nname = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        ConfigException enc = assertThrows(ConfigException.class, () -> ConfigFile.parse(F, latin1));
        assertTrue(enc.getMessage().startsWith(F + ":2: is not UTF-8 text"), enc.getMessage());
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        assertTrue(assertThrows(ConfigException.class, () -> ConfigFile.parse(F, elf)).getMessage().contains("control character"));
        assertTrue(refused("key\u0000 = 1").contains("control character 0x00"));
        assertTrue(refused("k\u00e9y = 1").contains("may use only"));
    }

    @Test
    void readRefusesDirectoriesMissingAndHugeFiles(@TempDir Path dir) throws IOException {
        assertTrue(assertThrows(ConfigException.class, () -> ConfigFile.read(dir)).getMessage().endsWith("is a directory, not a platform file"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigFile.read(dir.resolve("nope"))).getMessage().endsWith("does not exist"));
        Path huge = dir.resolve("huge");
        Files.write(huge, new byte[ConfigFile.MAX_BYTES + 1]);
        assertTrue(assertThrows(ConfigException.class, () -> ConfigFile.read(huge)).getMessage().contains("at most"));
        Path ok = dir.resolve("ok.conf");
        Files.writeString(ok, "key.file = pair.key\n");
        assertEquals(dir.resolve("pair.key"), ConfigFile.read(ok).take("key.file").orElseThrow().path());
    }
}
