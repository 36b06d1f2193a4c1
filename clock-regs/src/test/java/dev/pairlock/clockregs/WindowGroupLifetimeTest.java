package dev.pairlock.clockregs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.libc.Libc;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * When a group's memory goes away. A window closed refuses every access at once, for every width
 * and mode, also to threads reading and writing it, and its file's pages are released before
 * {@code close()} returns: zero pages take their place, so an access racing with the close lands
 * there, never on the file, never on a fault; the addresses are unmapped when the GC finds the
 * group's windows unreachable, and a group that fails to map unmaps at once what it had mapped.
 * Mappings are observed in {@code /proc/self/maps}.
 */
class WindowGroupLifetimeTest {
    private static final int PAGE = Libc.pageSize();
    private static final int HOT = 200_000;
    private Path first;
    private Path second;

    @BeforeEach
    void createFiles() throws IOException {
        first = Files.createTempFile(Path.of("/dev/shm"), "pairlock-life-a", ".bin");
        second = Files.createTempFile(Path.of("/dev/shm"), "pairlock-life-b", ".bin");
        Files.write(first, new byte[PAGE]);
        Files.write(second, new byte[PAGE]);
    }

    @AfterEach
    void deleteFiles() throws IOException {
        Files.deleteIfExists(first);
        Files.deleteIfExists(second);
    }

    private List<MappedRegisterWindow> twoWindows() {
        return MappedRegisterWindow.mapTogether(WindowSource.file(first, 0, 64), WindowSource.file(second, 0x40, 64));
    }

    private static boolean mapped(Path file) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(line -> line.contains(file.toString()));
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

    /** The first byte of the page that holds the window's first register. */
    private static long page(MappedRegisterWindow w) {
        return w.memory().address() & -PAGE;
    }

    private static int fileInt(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
            ch.read(bb, offset);
            return bb.flip().getInt();
        }
    }

    private static void assertClosed(MappedRegisterWindow w, Executable access) {
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, access);
        assertTrue(e.getMessage().contains(w.name()) && e.getMessage().contains("closed")
                && e.getMessage().contains("map it again"), e.getMessage());
    }

    @Test
    void aClosedWindowRefusesEveryWidthAndModeWhileItsGroupLivesOn() {
        List<MappedRegisterWindow> ws = twoWindows();
        MappedRegisterWindow w = ws.getFirst();
        for (int i = 0; i < HOT; i++) {
            w.write32(4, i, AccessMode.OPAQUE);
        }
        w.close();
        for (AccessMode mode : AccessMode.values()) {
            assertClosed(w, () -> w.read32(4, mode));
            assertClosed(w, () -> w.write32(4, 1, mode));
            // a bad offset is named first, as a window mapped alone does
            assertThrows(HalArgumentException.class, () -> w.read32(64, mode));
            assertThrows(HalArgumentException.class, () -> w.write32(-4, 1, mode));
            assertClosed(w, () -> w.read8(1, mode));
            assertClosed(w, () -> w.write8(1, (byte) 1, mode));
            assertClosed(w, () -> w.read16(2, mode));
            assertClosed(w, () -> w.write16(2, (short) 1, mode));
            assertClosed(w, () -> w.read64(8, mode));
            assertClosed(w, () -> w.write64(8, 1L, mode));
        }
        ws.get(1).write32(0, 7, AccessMode.VOLATILE);
        assertEquals(7, ws.get(1).read32(0, AccessMode.VOLATILE), "the rest of the group still works");
        ws.forEach(MappedRegisterWindow::close);
    }

    @Test
    void closingOneWindowReleasesItsPagesAtOnceAndKeepsItsAddressesReserved() throws IOException {
        // two windows on one page of the same file: only the closed one's mapping may go
        List<MappedRegisterWindow> ws = MappedRegisterWindow.mapTogether(WindowSource.file(first, 0, 64),
                WindowSource.file(first, 0x40, 64), WindowSource.file(second, 0, 64));
        MappedRegisterWindow closed = ws.get(0);
        closed.write32(8, 42, AccessMode.VOLATILE);
        assertTrue(mappingAt(page(closed)).endsWith(first.toString()), mappingAt(page(closed)));

        closed.close();

        String reserved = mappingAt(page(closed));
        assertFalse(reserved.isEmpty(), "its addresses stay mapped until the group is collected");
        assertFalse(reserved.contains(first.toString()), "the file no longer backs the closed window: " + reserved);
        assertTrue(mappingAt(page(ws.get(1))).endsWith(first.toString()), "the other window of that file keeps its pages");
        assertTrue(mappingAt(page(ws.get(2))).endsWith(second.toString()));
        ws.get(1).write32(4, 5, AccessMode.VOLATILE);
        ws.get(2).write32(4, 6, AccessMode.VOLATILE);
        assertEquals(5, ws.get(1).read32(4, AccessMode.VOLATILE), "the rest of the group still works");
        assertEquals(6, ws.get(2).read32(4, AccessMode.VOLATILE));
        assertEquals(5, fileInt(first, 0x44));
        assertClosed(closed, () -> closed.read32(8, AccessMode.OPAQUE));
        assertClosed(closed, () -> closed.write32(8, 1, AccessMode.OPAQUE));
        assertEquals(42, fileInt(first, 8), "what was written before the close stays in the file");
        ws.forEach(MappedRegisterWindow::close);
    }

    @Test
    void anAccessRacingWithCloseLandsOnZeroPagesNeverOnTheFileNorOnAFault() throws IOException {
        List<MappedRegisterWindow> ws = twoWindows();
        MappedRegisterWindow w = ws.getFirst();
        w.write32(8, 42, AccessMode.VOLATILE);
        // what a thread that found the window open just before close() goes on to touch: the
        // window's own segment (the group's constant one reaches the same pages)
        MemorySegment racing = w.memory();
        w.close();
        assertEquals(0, racing.get(ValueLayout.JAVA_INT, 8), "a racing read finds a zero page (a PROT_NONE page kills the JVM)");
        racing.set(ValueLayout.JAVA_INT, 8, 7); // a racing write: a read-only page would kill the JVM too
        assertEquals(42, fileInt(first, 8), "once close() has returned nothing reaches the file through the window");
        assertClosed(w, () -> w.read32(8, AccessMode.OPAQUE));
        ws.forEach(MappedRegisterWindow::close);
    }

    @Test
    void closingEveryWindowReleasesEveryPageAtOnceAndTheGroupsCollectionItsAddresses() throws IOException {
        long[] pages = mapCloseAndDrop();
        assertTrue(unmappedAfterCollection(pages), "the group's addresses are unmapped once the GC collects its windows");
    }

    /** In a frame of its own, so that no stale local of the test keeps a window reachable. */
    private long[] mapCloseAndDrop() throws IOException {
        List<MappedRegisterWindow> ws = twoWindows();
        assertTrue(mapped(first) && mapped(second));
        ws.forEach(MappedRegisterWindow::close);
        ws.forEach(MappedRegisterWindow::close); // idempotent
        assertClosed(ws.get(0), () -> ws.get(0).read32(0, AccessMode.OPAQUE));
        assertClosed(ws.get(1), () -> ws.get(1).write32(0, 1, AccessMode.OPAQUE));
        assertFalse(mapped(first) || mapped(second), "every page of both files is released at close()");
        long[] pages = {page(ws.get(0)), page(ws.get(1))};
        for (long p : pages) {
            assertFalse(mappingAt(p).isEmpty(), "an access racing with close() must still find a mapped page");
        }
        return pages;
    }

    /**
     * Asks for collections until the automatic arena's cleaner has unmapped the group's pages. The
     * class of the group's windows must be unloaded first, so a few collections may be needed; the
     * bound is on attempts, not on time.
     */
    private boolean unmappedAfterCollection(long[] pages) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            boolean all = true;
            for (long p : pages) {
                all &= mappingAt(p).isEmpty();
            }
            if (all) {
                return true;
            }
            System.gc();
            try {
                Thread.sleep(10); // the cleaner unmaps on its own thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Test
    void closingEveryWindowWhileOtherThreadsReadAndWriteOneEndsBothWithATypedError() throws InterruptedException {
        List<MappedRegisterWindow> ws = twoWindows();
        MappedRegisterWindow w = ws.getFirst();
        CountDownLatch hot = new CountDownLatch(2);
        AtomicReference<Throwable> reader = new AtomicReference<>();
        AtomicReference<Throwable> writer = new AtomicReference<>();
        Thread polling = hammer(hot, reader, polls -> w.read32(0, AccessMode.OPAQUE), "register-poller");
        Thread writing = hammer(hot, writer, polls -> w.write32(4, (int) polls, AccessMode.OPAQUE), "register-writer");
        hot.await();
        ws.forEach(MappedRegisterWindow::close); // while both are in compiled code, racing with the release
        polling.join();
        writing.join();
        for (Throwable ended : List.of(reader.get(), writer.get())) {
            DeviceUnavailableException e = assertInstanceOf(DeviceUnavailableException.class, ended);
            assertTrue(e.getMessage().contains(w.name()) && e.getMessage().contains("closed"), e.getMessage());
        }
    }

    /** A thread doing {@code access} until it throws, which it records; counts {@code hot} down once hot. */
    private static Thread hammer(CountDownLatch hot, AtomicReference<Throwable> ended, LongConsumer access, String name) {
        Thread t = new Thread(() -> {
            try {
                for (long n = 1; ; n++) {
                    access.accept(n);
                    if (n == HOT) {
                        hot.countDown();
                    }
                }
            } catch (Throwable e) {
                ended.set(e);
                hot.countDown();
            }
        }, name);
        t.start();
        return t;
    }

    @Test
    void aGroupThatFailsToMapUnmapsWhatItHadMapped() throws IOException {
        Path missing = first.resolveSibling("pairlock-life-missing-" + ProcessHandle.current().pid());
        assertThrows(DeviceUnavailableException.class, () -> MappedRegisterWindow.mapTogether(
                WindowSource.file(first, 0, 16), WindowSource.file(second, 0, 16), WindowSource.file(missing, 0, 16)));
        assertFalse(mapped(first) || mapped(second), "the windows mapped before the failure are unmapped");
    }
}
