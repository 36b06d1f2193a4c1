package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A file's shared mapping replaced in place by anonymous zero pages: the file is no longer mapped
 * ({@code /proc/self/maps}), the addresses still are, and what is written there stays in the
 * process. Ranges the kernel cannot take, or that are not whole pages, are refused with the range
 * named.
 */
class FixedMappingsTest {
    private static final int PAGE = Libc.pageSize();
    private final Arena arena = Arena.ofConfined();
    private final CallState cs = CallState.allocate(arena);
    private Path file;

    @BeforeEach
    void createFile() throws IOException {
        file = Files.createTempFile(Path.of("/dev/shm"), "pairlock-fixed", ".bin");
        Files.write(file, new byte[2 * PAGE]);
    }

    @AfterEach
    void cleanUp() throws IOException {
        arena.close();
        Files.deleteIfExists(file);
    }

    /** The /proc/self/maps line whose range holds {@code address}, or "" when none does. */
    private static String mappingAt(long address) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            if (Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16)) {
                return line;
            }
        }
        return "";
    }

    private int fileInt(long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
            ch.read(bb, offset);
            return bb.flip().getInt();
        }
    }

    @Test
    void aFilesPagesAreReplacedInPlaceByPrivateZeroPages() throws IOException {
        int fd = Libc.open(cs, file.toString(), Libc.O_RDWR | Libc.O_CLOEXEC);
        MemorySegment map = Libc.mmap(cs, 2L * PAGE, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
        Libc.close(cs, fd);
        try {
            map.set(ValueLayout.JAVA_INT, 8, 42);
            map.set(ValueLayout.JAVA_INT, PAGE + 8, 43);
            assertTrue(mappingAt(map.address()).endsWith(file.toString()));

            FixedMappings.anonymousOver(cs, map.asSlice(0, PAGE), Libc.PROT_READ | Libc.PROT_WRITE);

            String replaced = mappingAt(map.address());
            assertFalse(replaced.isEmpty(), "the range stays mapped");
            assertFalse(replaced.contains(file.toString()), "the file is no longer mapped there: " + replaced);
            assertTrue(mappingAt(map.address() + PAGE).endsWith(file.toString()), "the next page is not touched");
            assertEquals(0, map.get(ValueLayout.JAVA_INT, 8), "zero pages");
            assertEquals(43, map.get(ValueLayout.JAVA_INT, PAGE + 8));
            map.set(ValueLayout.JAVA_INT, 8, 7);
            assertEquals(7, map.get(ValueLayout.JAVA_INT, 8), "private: the process's own page");
            assertEquals(42, fileInt(8), "a write after the replacement does not reach the file");
        } finally {
            Libc.munmap(cs, map);
        }
    }

    @Test
    void aRangeThatIsNotWholePagesIsRefusedBeforeAnyCall() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment page = a.allocate(2L * PAGE, PAGE);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FixedMappings.anonymousOver(cs, page.asSlice(0, PAGE + 4), Libc.PROT_READ));
            assertTrue(e.getMessage().contains(Long.toHexString(page.address())) && e.getMessage().contains("whole pages"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> FixedMappings.anonymousOver(cs, page.asSlice(4, PAGE), Libc.PROT_READ));
        }
    }

    @Test
    void aRangeOutsideUserSpaceIsEnomemNamingTheRange() {
        long beyond = 1L << 62; // above every user address space (47, 48, 52 or 56 bits)
        ErrnoException e = assertThrows(ErrnoException.class, () -> FixedMappings.anonymousOver(cs,
                MemorySegment.ofAddress(beyond).reinterpret(PAGE), Libc.PROT_READ));
        assertEquals(NativeErrno.ENOMEM, e.number());
        assertTrue(e.getMessage().contains("0x" + Long.toHexString(beyond)) && e.getMessage().contains(PAGE + " bytes"),
                e.getMessage());
    }
}
