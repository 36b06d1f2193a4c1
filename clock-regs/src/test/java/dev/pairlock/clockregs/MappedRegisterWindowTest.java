package dev.pairlock.clockregs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterAccessException;
import java.util.List;
import dev.pairlock.libc.Libc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Windows over a file in /dev/shm, checked against FileChannel and a second, independent mapping. */
class MappedRegisterWindowTest {
    private static final int PAGE = Libc.pageSize();
    private Path file;
    private FileChannel channel;

    @BeforeEach
    void createFile() throws IOException {
        file = Files.createTempFile(Path.of("/dev/shm"), "pairlock-regs", ".bin");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.allocate(3 * PAGE), 0);
    }

    @AfterEach
    void deleteFile() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    private int readFile(long at) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
        channel.read(bb, at);
        return bb.flip().getInt();
    }

    private void writeFile(long at, int value) throws IOException {
        channel.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, value), at);
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void writesReachTheFileAndFileWritesReachTheWindow(AccessMode mode) throws IOException {
        try (MappedRegisterWindow w = MappedRegisterWindow.file(file, 0, 64)) {
            w.write32(0x10, 0xA5A5_0001, mode);
            assertEquals(0xA5A5_0001, readFile(0x10));
            writeFile(0x3C, 0x5A5A_0002);
            assertEquals(0x5A5A_0002, w.read32(0x3C, mode));
        }
    }

    @Test
    void anUnalignedStartMapsTheEnclosingPagesAndOffsetsIntoThem() throws IOException {
        long start = PAGE + 0x10;
        try (MappedRegisterWindow w = MappedRegisterWindow.file(file, start, PAGE); // crosses into the third page
                MappedRegisterWindow other = MappedRegisterWindow.file(file, PAGE, 2L * PAGE)) {
            w.write32(0, 0x1234_5678, AccessMode.VOLATILE);
            w.write32(PAGE - 4, 0x0BAD_F00D, AccessMode.VOLATILE);
            assertEquals(0x1234_5678, readFile(start));
            assertEquals(0x0BAD_F00D, readFile(start + PAGE - 4));
            assertEquals(0x1234_5678, other.read32(0x10, AccessMode.ACQUIRE_RELEASE), "seen through a second mapping");
            other.write32(0x14, 77, AccessMode.ACQUIRE_RELEASE);
            assertEquals(77, w.read32(4, AccessMode.ACQUIRE_RELEASE));
            assertTrue(w.name().endsWith("@0x" + Long.toHexString(start)), w.name());
        }
    }

    @Test
    void offsetsOutsideTheWindowOrUnalignedAreArgumentErrorsNamingTheWindow() {
        try (MappedRegisterWindow w = MappedRegisterWindow.file(file, 0, 16)) {
            for (long bad : new long[] {16, -4, 2, 13, Long.MAX_VALUE}) {
                HalArgumentException e = assertThrows(HalArgumentException.class, () -> w.read32(bad, AccessMode.OPAQUE));
                assertTrue(e.getMessage().contains(w.name()) && e.getMessage().contains("0x0..0xc"), e.getMessage());
            }
            assertThrows(HalArgumentException.class, () -> w.write32(16, 1, AccessMode.VOLATILE));
            w.write32(12, 1, AccessMode.VOLATILE);
            assertEquals(1, w.read32(12, AccessMode.VOLATILE));
        }
    }

    private long readFileBytes(long at, int bytes) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        channel.read(bb.limit(bytes), at);
        bb.flip();
        return switch (bytes) {
            case 1 -> bb.get() & 0xFFL;
            case 2 -> bb.getShort() & 0xFFFFL;
            default -> bb.getLong();
        };
    }

    /** Each of devmem's widths, alone and in a group, in every mode: a single access of that width, seen by the file. */
    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void narrowAndWideAccessesReachTheFileAndTouchOnlyTheirBytes(AccessMode mode) throws IOException {
        try (MappedRegisterWindow w = MappedRegisterWindow.file(file, 0, 64);
                MappedRegisterWindow g = MappedRegisterWindow.mapTogether(WindowSource.file(file, PAGE, 64)).getFirst()) {
            for (MappedRegisterWindow win : new MappedRegisterWindow[] {w, g}) {
                long base = win == w ? 0 : PAGE;
                win.write32(0x10, 0x1111_1111, mode);
                win.write8(0x11, (byte) 0xA5, mode);
                assertEquals(0x1111_A511, readFile(base + 0x10), "one byte, the others kept");
                assertEquals((byte) 0xA5, win.read8(0x11, mode));
                win.write16(0x12, (short) 0xBEEF, mode);
                assertEquals(0xBEEF_A511, readFile(base + 0x10));
                assertEquals((short) 0xBEEF, win.read16(0x12, mode));
                win.write64(0x18, 0x0123_4567_89AB_CDEFL, mode);
                assertEquals(0x0123_4567_89AB_CDEFL, readFileBytes(base + 0x18, 8));
                assertEquals(0x0123_4567_89AB_CDEFL, win.read64(0x18, mode));
                writeFile(base + 0x3C, 0x7788_99AA);
                assertEquals(0xAAL, win.read8(0x3C, mode) & 0xFFL);
                assertEquals(0x7788L, readFileBytes(base + 0x3E, 2));
                assertEquals((short) 0x7788, win.read16(0x3E, mode));
            }
        }
    }

    @Test
    void narrowAndWideAccessesOutsideTheWindowOrUnalignedNameTheWindowOffsetAndWidth() {
        try (MappedRegisterWindow w = MappedRegisterWindow.file(file, 0, 64)) {
            record Bad(Runnable access, long offset, int bits, String says) {
            }
            for (Bad b : List.of(new Bad(() -> w.read16(0x3, AccessMode.OPAQUE), 0x3, 16, "is not aligned for a 16-bit access: use a multiple of 2"),
                    new Bad(() -> w.write64(0x4, 1L, AccessMode.OPAQUE), 0x4, 64, "is not aligned for a 64-bit access: use a multiple of 8"),
                    new Bad(() -> w.read64(0x40, AccessMode.OPAQUE), 0x40, 64, "is outside the window: valid offsets are 0x0..0x38"),
                    new Bad(() -> w.write8(0x40, (byte) 0, AccessMode.OPAQUE), 0x40, 8, "valid offsets are 0x0..0x3f"),
                    new Bad(() -> w.read8(-1, AccessMode.OPAQUE), -1, 8, "is outside the window"))) {
                RegisterAccessException e = assertThrows(RegisterAccessException.class, b.access()::run);
                assertEquals(w.name(), e.window());
                assertEquals(b.offset(), e.offset());
                assertEquals(b.bits(), e.widthBits());
                assertTrue(e.getMessage().startsWith("register window " + w.name() + ": "), e.getMessage());
                assertTrue(e.getMessage().contains(b.says()), e.getMessage());
            }
        }
        // a window 4 bytes past an 8-byte boundary: 32-bit accesses fine, 64-bit ones would be unaligned in memory
        try (MappedRegisterWindow w = MappedRegisterWindow.file(file, 4, 16)) {
            w.write32(0x0, 7, AccessMode.VOLATILE);
            RegisterAccessException e = assertThrows(RegisterAccessException.class, () -> w.read64(0x0, AccessMode.VOLATILE));
            assertTrue(e.getMessage().contains("a 64-bit access at offset 0x0 would be unaligned in memory: the window starts 4 bytes past an 8-byte boundary"), e.getMessage());
        }
    }

    @Test
    void badWindowShapesAreRejected() {
        assertThrows(HalArgumentException.class, () -> MappedRegisterWindow.file(file, 0, 0));
        assertThrows(HalArgumentException.class, () -> MappedRegisterWindow.file(file, 0, 6));
        assertThrows(HalArgumentException.class, () -> MappedRegisterWindow.file(file, 2, 8));
        assertThrows(HalArgumentException.class, () -> MappedRegisterWindow.file(file, -4096, 8));
    }

    @Test
    void aWindowPastTheEndOfTheFileIsRefusedBeforeItCanSigbus() {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> MappedRegisterWindow.file(file, 3L * PAGE - 4, 8));
        assertTrue(e.getMessage().contains("truncate -s"), e.getMessage());
    }

    @Test
    void aMissingFileSaysSo() {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> MappedRegisterWindow.file(file.resolveSibling("no-such-pairlock-file"), 0, 8));
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
    }

    @Test
    void aClosedWindowRefusesAccessInsteadOfTouchingUnmappedMemory() {
        MappedRegisterWindow w = MappedRegisterWindow.file(file, 0, 8);
        w.close();
        w.close();
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> w.read32(0, AccessMode.OPAQUE));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aUioMapIsSelectedByItsIndexTimesThePageSize() throws IOException {
        Path sys = Files.createTempDirectory("pairlock-uio");
        try {
            Path map1 = Files.createDirectories(sys.resolve("maps/map1"));
            Files.writeString(map1.resolve("addr"), "0xfebf0000\n");
            Files.writeString(map1.resolve("size"), "0x100\n");
            Files.writeString(map1.resolve("offset"), "0x20\n");
            writeFile(PAGE + 0x20 + 8, 0xC0FFEE);
            try (MappedRegisterWindow w = MappedRegisterWindow.uio(sys, file, 1)) {
                assertEquals(0x100, w.size());
                assertEquals(0xC0FFEE, w.read32(8, AccessMode.ACQUIRE_RELEASE));
            }
            DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                    () -> MappedRegisterWindow.uio(sys, file, 0));
            assertTrue(e.getMessage().contains("UIO driver"), e.getMessage());
        } finally {
            try (var s = Files.walk(sys)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
