package dev.pairlock.peerlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarrierReaderTest {
    @TempDir
    Path sysfs;

    private void set(String carrier, String operstate) throws Exception {
        Path dir = Files.createDirectories(sysfs.resolve("eth1"));
        // written in place, as the kernel's text changes under an open file
        Files.writeString(dir.resolve("carrier"), carrier + "\n");
        Files.writeString(dir.resolve("operstate"), operstate + "\n");
    }

    @Test
    void itFollowsTheFilesFromAbsentThroughUpAndDown() throws Exception {
        try (CarrierReader r = new CarrierReader(new Carrier(sysfs, "eth1"))) {
            r.refresh(); // no such interface yet: nothing to open
            assertFalse(r.up());
            assertEquals("absent", r.operstate());
            set("1", "up"); // it appears: the files open at the next refresh
            r.refresh();
            assertTrue(r.up());
            assertEquals("up", r.operstate());
            set("0", "down");
            r.refresh();
            assertFalse(r.up());
            assertEquals("down", r.operstate());
            set("1", "unknown"); // loopback and some virtual NICs: running without operstate support
            r.refresh();
            assertTrue(r.up());
            set("1", "weird");
            r.refresh();
            assertFalse(r.up());
            assertEquals("weird", r.operstate(), "an operstate Linux never showed is kept as read");
            // (a read error — EINVAL from carrier when the interface is administratively down, ENODEV
            // once it is deleted — cannot be made with regular files: the campaign's link scenarios
            // take real interfaces down under this reader)
        }
    }

    @Test
    void aWarmRefreshAllocatesNothing() throws Exception {
        set("1", "up");
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        try (CarrierReader r = new CarrierReader(new Carrier(sysfs, "eth1"))) {
            for (int i = 0; i < 20_000; i++) {
                r.refresh(); // warm: opened, compiled, the JDK's per-thread direct buffer cached
            }
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                r.refresh();
            }
            long bytes = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(r.up());
            // Files.readString, as before: about 6 KB per refresh; a stray object or two is tolerated
            assertTrue(bytes < 10_000, bytes + " bytes allocated by 10,000 warm refreshes");
        }
    }
}
