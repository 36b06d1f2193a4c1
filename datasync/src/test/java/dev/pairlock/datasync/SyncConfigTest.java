package dev.pairlock.datasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ConfigFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncConfigTest {
    private static final Path FILE = Path.of("/etc/pairlock/platform.conf");

    private static ConfigFile file(String text) {
        return ConfigFile.parse(FILE, text.getBytes(StandardCharsets.UTF_8));
    }

    private static SyncConfig parse(String text) {
        ConfigFile f = file(text);
        SyncConfig c = SyncConfig.parse(f);
        assertEquals(List.of(), f.unusedKeys(), "every sync.* key is taken");
        return c;
    }

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> SyncConfig.parse(file(text))).getMessage();
    }

    @Test
    void theReadmeExampleParses() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```properties\n") + "```properties\n".length();
        String example = readme.substring(start, readme.indexOf("```", start));
        SyncConfig c = parse(example);
        assertTrue(c.enabled());
        assertEquals(2, c.links().size());
        assertFalse(c.items().isEmpty());
    }

    @Test
    void theShippedSamplesParse() throws Exception {
        SyncConfig sample = parse(java.nio.file.Files.readString(Path.of("../etc/datasync-sample.conf")));
        assertEquals(3, sample.items().size());
        // the events module's sample carries the SEL as one item per SC, each with its origin
        ConfigFile events = ConfigFile.read(Path.of("../etc/events-sample.conf"));
        SyncConfig sel = SyncConfig.parse(events, Optional.of("10.0.1.2"), Optional.empty());
        assertEquals(Optional.of(dev.pairlock.hal.ScId.SC0), sel.item("sel-sc0").orElseThrow().origin());
        assertEquals(Optional.of(dev.pairlock.hal.ScId.SC1), sel.item("sel-sc1").orElseThrow().origin());
    }

    @Test
    void everyKeyIsRead() {
        SyncConfig c = parse("""
                sync.port = 7790
                sync.link.primary = 10.0.1.2
                sync.link.primary.listen = 10.0.1.1
                sync.link.fallback = [fd00::2]:7791
                sync.link.timeout = 5s
                sync.link.probe_interval = 2s
                sync.bandwidth = 20MiB
                sync.item.users.path = /etc/pairlock/users
                sync.item.users.priority = 1
                sync.item.scripts.path = /var/lib/pairlock/scripts
                sync.item.scripts.priority = 2
                sync.item.scripts.type = periodic
                sync.item.scripts.period = 5m
                sync.item.scripts.retries = 5
                sync.item.scripts.retry_interval = 1m
                sync.item.scripts.include = *.sh, lib/**
                sync.item.scripts.exclude = *.tmp
                sync.item.scripts.flag = upgrade
                sync.item.sel-sc1.path = /var/lib/pairlock/sel/sc1
                sync.item.sel-sc1.priority = 1
                sync.item.sel-sc1.origin = sc1
                """);
        assertEquals(7790, c.port());
        assertEquals(new Endpoint("10.0.1.2", 7790), c.links().get(0).peer());
        assertEquals(Optional.of("10.0.1.1"), c.links().get(0).listenHost());
        assertEquals(new Endpoint("fd00::2", 7791), c.links().get(1).peer());
        assertEquals(Duration.ofSeconds(5), c.linkTimeout());
        assertEquals(20L << 20, c.bandwidth());
        SyncItem s = c.item("scripts").orElseThrow();
        assertEquals(SyncType.PERIODIC, s.type());
        assertEquals(Optional.of(Duration.ofMinutes(5)), s.period());
        assertEquals(List.of("*.sh", "lib/**"), s.include());
        assertEquals(SyncFlag.UPGRADE, s.flag());
        SyncItem u = c.item("users").orElseThrow();
        assertEquals(SyncType.IMMEDIATE, u.type());
        assertEquals(3, u.retries());
        assertEquals(SyncFlag.ALWAYS, u.flag());
        assertEquals(List.of(new Endpoint("10.0.1.1", 7790), new Endpoint("0.0.0.0", 7790)), c.listenEndpoints());
        assertEquals(Optional.of(dev.pairlock.hal.ScId.SC1), c.item("sel-sc1").orElseThrow().origin());
        assertEquals(Optional.empty(), u.origin());
    }

    @Test
    void linksDefaultToThePeerLinkAddresses() {
        ConfigFile f = file("sync.item.a.path = /a\nsync.item.a.priority = 1\nsync.link.fallback = peer\n");
        SyncConfig c = SyncConfig.parse(f, Optional.of("192.168.1.2"), Optional.of("192.168.0.2"));
        assertEquals(new Endpoint("192.168.1.2", SyncConfig.DEFAULT_PORT), c.links().get(0).peer());
        assertEquals(new Endpoint("192.168.0.2", SyncConfig.DEFAULT_PORT), c.links().get(1).peer());
    }

    @Test
    void noItemsMeansSyncIsOff() {
        SyncConfig c = parse("");
        assertFalse(c.enabled());
        assertTrue(c.links().isEmpty());
    }

    @Test
    void mistakesNameFileLineAndKey() {
        assertEquals("/etc/pairlock/platform.conf:2: sync.item.a.priority: '4' is out of range 1..3",
                error("sync.item.a.path = /a\nsync.item.a.priority = 4\nsync.link.primary = h\n"));
        assertTrue(error("sync.item.a.path = relative/dir\nsync.item.a.priority = 1\nsync.link.primary = h\n")
                .startsWith("/etc/pairlock/platform.conf:1: sync.item.a.path: 'relative/dir' is not absolute"));
        assertTrue(error("sync.item.a.path = /a\nsync.item.a.priority = 1\nsync.item.a.colour = red\n")
                .contains(":3: sync.item.a.colour: items have no attribute 'colour'"));
        assertTrue(error("sync.item.a.path = /a\nsync.item.a.priority = 1\nsync.item.a.type = periodic\nsync.link.primary = h\n")
                .contains(":3: sync.item.a.type: a periodic item needs sync.item.a.period"));
        assertTrue(error("sync.item.a.path = /a\nsync.item.a.priority = 1\nsync.item.a.period = 5m\nsync.link.primary = h\n")
                .contains(":3: sync.item.a.period: only a periodic item has a period"));
        assertTrue(error("sync.item.a.path = /a\nsync.item.a.priority = 1\nsync.item.a.flag = newer\nsync.link.primary = h\n")
                .contains("sync.item.a.flag: 'newer' is not one of: equal, upgrade, downgrade, always"));
        assertTrue(error("sync.item.a.path = /a\nsync.item.a.priority = 1\nsync.item.a.exclude = [x\nsync.link.primary = h\n")
                .contains(":3: sync.item.a.exclude: the pattern '[x' is not a glob"));
        assertTrue(error("sync.item.a.path = /a\nsync.item.a.priority = 1\n")
                .contains("sync.link.primary: is required: HOST[:PORT]"));
        assertTrue(error("sync.item.a.path = /a\nsync.item.a.priority = 1\nsync.link.primary = h:99999\n")
                .contains(":3: sync.link.primary: '99999' is out of range 1..65535"));
        assertTrue(error("sync.item.a.path = /a/b\nsync.item.a.priority = 1\nsync.item.b.path = /a\nsync.item.b.priority = 2\n"
                + "sync.link.primary = h\n").contains(":1: sync.item.a.path: /a/b lies inside sync.item.b.path (/a)"));
        assertTrue(error("sync.item.a.path = /\nsync.item.a.priority = 1\n").contains("'/' cannot be synced whole"));
        assertTrue(error("sync.item.a.path = /a\nsync.link.primary = h\n").contains("sync.item.a.priority: is required"));
        assertTrue(error("sync.prot = 1\n").contains(":1: sync.prot: is not a known key"));
        assertTrue(error("sync.item.a.path = /a\nsync.item.a.priority = 1\nsync.bandwidth = 1KiB\nsync.link.primary = h\n")
                .contains("below the 64KiB"));
        assertTrue(error("sync.enabled = yes\n").contains("sync is enabled but no item is listed"));
        assertTrue(error("sync.item.a.path = /a\nsync.item.a.priority = 1\nsync.item.a.origin = sc2\nsync.link.primary = h\n")
                .contains(":3: sync.item.a.origin: 'sc2' is not an SC: sc0 or sc1"));
    }

    @Test
    void versionsCompareAsPeopleReadThem() {
        assertTrue(FirmwareVersion.compare("6.10", "6.9") > 0);
        assertEquals(0, FirmwareVersion.compare("1.2", "1.2.0"));
        assertTrue(FirmwareVersion.compare("1.0.1", "1.0.rc1") > 0);
        assertTrue(FirmwareVersion.compare("2.0-rc1", "2.0-rc2") < 0);
        assertEquals(0, FirmwareVersion.compare("007", "7"));
    }

    @Test
    void eachFlagAgainstEachVersionOrdering() {
        String main = "5.2.0";
        String older = "5.1.9";
        String newer = "5.10";
        // rows: flag; columns: SPARE older, equal, newer
        boolean[][] expect = {
            {false, true, false},  // equal
            {false, false, true},  // upgrade: the SPARE's is newer
            {true, false, false},  // downgrade: the SPARE's is older
            {true, true, true},    // always
        };
        SyncFlag[] flags = {SyncFlag.EQUAL, SyncFlag.UPGRADE, SyncFlag.DOWNGRADE, SyncFlag.ALWAYS};
        String[] spare = {older, main, newer};
        for (int f = 0; f < 4; f++) {
            for (int v = 0; v < 3; v++) {
                assertEquals(expect[f][v], flags[f].allows(main, spare[v]), flags[f] + " with SPARE " + spare[v]);
            }
        }
        assertEquals("flag upgrade: the SPARE's firmware 5.1.9 is not newer than the MAIN's 5.2.0",
                SyncFlag.UPGRADE.refusal(main, older));
    }
}
