package dev.pairlock.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairKeyTest {
    @Test
    void generateThenLoadGivesTheSameDerivedKeys(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("pair.key");
        PairKey made = PairKey.generate(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(65, Files.size(f));
        PairKey loaded = PairKey.load(f);
        assertArrayEquals(made.derive("peer-link").getEncoded(), loaded.derive("peer-link").getEncoded());
        assertFalse(Arrays.equals(loaded.derive("peer-link").getEncoded(), loaded.derive("datasync").getEncoded()));
        assertFalse(loaded.toString().contains(new String(Files.readString(f).strip())), "toString never shows the key");
        IOException again = assertThrows(IOException.class, () -> PairKey.generate(f));
        assertTrue(again.getMessage().contains("never overwritten"));
    }

    @Test
    void aKeyOthersCanReadIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("pair.key");
        PairKey.generate(f);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException e = assertThrows(ConfigException.class, () -> PairKey.load(f));
        assertTrue(e.getMessage().contains("has mode rw-r--r--") && e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void missingSymlinkedAndMalformedKeysAreRefused(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("none.key");
        assertTrue(assertThrows(ConfigException.class, () -> PairKey.load(missing)).getMessage().contains("scctl peer-key generate"));
        Path real = dir.resolve("real.key");
        PairKey.generate(real);
        Path link = Files.createSymbolicLink(dir.resolve("link.key"), real);
        assertTrue(assertThrows(ConfigException.class, () -> PairKey.load(link)).getMessage().contains("no symlink"));
        Path shortKey = dir.resolve("short.key");
        Files.writeString(shortKey, "abcd\n");
        Files.setPosixFilePermissions(shortKey, PosixFilePermissions.fromString("rw-------"));
        assertTrue(assertThrows(ConfigException.class, () -> PairKey.load(shortKey)).getMessage().contains("64 hex digits"));
    }
}
