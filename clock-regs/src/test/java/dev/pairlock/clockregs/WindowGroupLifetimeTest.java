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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * When a group's memory goes away. A window closed refuses every access at once, for every width
 * and mode, also to a thread polling it; its pages stay mapped (an access racing with the close can
 * only land on them) until the GC finds the group's windows unreachable, and a group that fails to
 * map unmaps at once what it had mapped. Mappings are observed in {@code /proc/self/maps}.
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
    void closedWindowsStayMappedUntilTheGroupIsCollectedThenAreUnmapped() throws IOException {
        mapCloseAndDrop();
        assertTrue(unmappedAfterCollection(), "the group is unmapped once the GC collects its windows");
    }

    /** In a frame of its own, so that no stale local of the test keeps a window reachable. */
    private void mapCloseAndDrop() throws IOException {
        List<MappedRegisterWindow> ws = twoWindows();
        assertTrue(mapped(first) && mapped(second));
        ws.forEach(MappedRegisterWindow::close);
        ws.forEach(MappedRegisterWindow::close); // idempotent
        assertClosed(ws.get(0), () -> ws.get(0).read32(0, AccessMode.OPAQUE));
        assertClosed(ws.get(1), () -> ws.get(1).write32(0, 1, AccessMode.OPAQUE));
        assertTrue(mapped(first) && mapped(second), "an access racing with close() must still find its pages");
    }

    /**
     * Asks for collections until the automatic arena's cleaner has unmapped both files. The class
     * of the group's windows must be unloaded first, so a few collections may be needed; the bound
     * is on attempts, not on time.
     */
    private boolean unmappedAfterCollection() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            if (!mapped(first) && !mapped(second)) {
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
    void closingEveryWindowWhileAnotherThreadPollsOneEndsThePollWithATypedError() throws InterruptedException {
        List<MappedRegisterWindow> ws = twoWindows();
        MappedRegisterWindow w = ws.getFirst();
        CountDownLatch polling = new CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread poller = new Thread(() -> {
            try {
                for (long polls = 1; ; polls++) {
                    w.read32(0, AccessMode.OPAQUE);
                    if (polls == HOT) {
                        polling.countDown();
                    }
                }
            } catch (Throwable e) {
                ended.set(e);
                polling.countDown();
            }
        }, "register-poller");
        poller.start();
        polling.await();
        ws.forEach(MappedRegisterWindow::close); // while the poller is in compiled code
        poller.join();
        DeviceUnavailableException e = assertInstanceOf(DeviceUnavailableException.class, ended.get());
        assertTrue(e.getMessage().contains(w.name()) && e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aGroupThatFailsToMapUnmapsWhatItHadMapped() throws IOException {
        Path missing = first.resolveSibling("pairlock-life-missing-" + ProcessHandle.current().pid());
        assertThrows(DeviceUnavailableException.class, () -> MappedRegisterWindow.mapTogether(
                WindowSource.file(first, 0, 16), WindowSource.file(second, 0, 16), WindowSource.file(missing, 0, 16)));
        assertFalse(mapped(first) || mapped(second), "the windows mapped before the failure are unmapped");
    }
}
