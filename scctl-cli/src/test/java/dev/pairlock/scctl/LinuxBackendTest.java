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

    /** devmem's widths on a file-backed window: each written, checked in the file, read back; bad offsets exit 2. */
    @Test
    void regEveryWidthRoundTripsThroughAFileBackedWindow(@TempDir Path dir) throws Exception {
        Path regs = dir.resolve("bar.bin");
        Files.write(regs, new byte[0x40]);
        Path conf = dir.resolve("lab.conf");
        Files.writeString(conf, "sc = sc0\nwindow.bar.device = " + regs + "\nwindow.bar.size = 0x40\n"
                + "window.odd.device = " + regs + "\nwindow.odd.offset = 0x4\nwindow.odd.size = 0x20\n"
                + "control.socket = " + dir.resolve("control.sock") + "\n");
        String[] base = {"--backend", "linux", "--config", conf.toString()};
        record Case(String offset, String width, String value, String printed, int bytes) {
        }
        for (Case c : java.util.List.of(new Case("0x11", "8", "0xa5", "0xA5", 1), new Case("0x12", "16", "0xbeef", "0xBEEF", 2),
                new Case("0x14", "32", "0xc0ffee01", "0xC0FFEE01", 4), new Case("0x18", "64", "0xfedcba9876543210", "0xFEDCBA9876543210", 8),
                new Case("0x20", "b", "0x7f", "0x7F", 1), new Case("0x28", "l", "0x1", "0x0000000000000001", 8))) {
            Run w = Run.scctl(cat(base, "reg", "write", "-y", "--window", "bar", c.offset(), c.width(), c.value()));
            assertEquals(0, w.code(), w::toString);
            assertEquals("", w.out() + w.err(), "silent, as devmem: " + w);
            java.nio.ByteBuffer file = java.nio.ByteBuffer.wrap(Files.readAllBytes(regs)).order(java.nio.ByteOrder.nativeOrder());
            long off = Long.decode(c.offset());
            long inFile = switch (c.bytes()) {
                case 1 -> file.get((int) off) & 0xFFL;
                case 2 -> file.getShort((int) off) & 0xFFFFL;
                case 4 -> file.getInt((int) off) & 0xFFFF_FFFFL;
                default -> file.getLong((int) off);
            };
            assertEquals(Long.parseUnsignedLong(c.value().substring(2), 16), inFile, "one access of the width reached the file: " + c);
            Run r = Run.scctl(cat(base, "reg", "read", "--window", "bar", c.offset(), c.width()));
            assertEquals(c.printed() + "\n", r.out(), r::toString);
        }
        assertEquals(0xA5, Files.readAllBytes(regs)[0x11] & 0xFF, "the byte write");
        assertEquals(0, Files.readAllBytes(regs)[0x10], "its neighbours untouched");
        Run json = Run.scctl(cat(base, "--json", "reg", "read", "--window", "bar", "0x18", "64"));
        assertEquals("{\"window\":\"bar\",\"offset\":24,\"width\":64,\"value\":18364758544493064720}\n", json.out(), json::toString);
        assertUsage(Run.scctl(cat(base, "reg", "read", "--window", "bar", "0x13", "16")),
                "register window " + regs + "@0x0: offset 0x13 is not aligned for a 16-bit access: use a multiple of 2");
        assertUsage(Run.scctl(cat(base, "reg", "write", "-y", "--window", "bar", "0x3c", "64", "0x0")),
                "a 64-bit access at offset 0x3c is outside the window: valid offsets are 0x0..0x38");
        // a window mapped 4 bytes past an 8-byte boundary: 32-bit accesses work, 64-bit ones would be unaligned in memory
        assertEquals("0xC0FFEE01\n", Run.scctl(cat(base, "reg", "read", "--window", "odd", "0x10")).out());
        assertUsage(Run.scctl(cat(base, "reg", "read", "--window", "odd", "0x0", "64")), "the window starts 4 bytes past an 8-byte boundary");
    }

    private static void assertUsage(Run r, String fragment) {
        assertEquals(2, r.code(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertEquals(1, r.err().lines().count(), () -> "one line:\n" + r);
        assertTrue(r.err().startsWith("scctl: ") && r.err().contains(fragment), () -> "expected '" + fragment + "' in\n" + r);
    }

    private static String[] cat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
