package dev.pairlock.clockregs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.reg.AccessMode;
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
