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
 * When a group's memory goes away. A window closed on its own refuses every access at once, while
 * its pages stay mapped; the group's last close unmaps every window, through the shared arena's
 * close, which no access can outlive (so a thread polling the last window ends with the typed
 * error, not a crash). Mappings are observed in {@code /proc/self/maps}.
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
    void aWindowClosedAloneStaysMappedUntilItsGroupsLastWindowCloses() throws IOException {
        List<MappedRegisterWindow> ws = twoWindows();
        assertTrue(mapped(first) && mapped(second));
        ws.getFirst().close();
        assertTrue(mapped(first), "a racing access to the closed window must still find its pages");
        ws.getFirst().close(); // idempotent: does not count as the group's second close
        assertTrue(mapped(second));
        ws.get(1).close();
        assertFalse(mapped(first) || mapped(second), "the last close unmaps the whole group");
        assertClosed(ws.get(1), () -> ws.get(1).read32(0, AccessMode.OPAQUE));
    }

    @Test
    void closingTheLastWindowWhileAnotherThreadPollsItUnmapsSafelyAndEndsThePollWithATypedError()
            throws InterruptedException, IOException {
        List<MappedRegisterWindow> ws = twoWindows();
        ws.get(1).close();
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
        w.close(); // the group's last: unmaps while the poller is in compiled code
        poller.join();
        DeviceUnavailableException e = assertInstanceOf(DeviceUnavailableException.class, ended.get());
        assertTrue(e.getMessage().contains(w.name()) && e.getMessage().contains("closed"), e.getMessage());
        assertFalse(mapped(first) || mapped(second));
    }

    @Test
    void aGroupThatFailsToMapUnmapsWhatItHadMapped() throws IOException {
        Path missing = first.resolveSibling("pairlock-life-missing-" + ProcessHandle.current().pid());
        assertThrows(DeviceUnavailableException.class, () -> MappedRegisterWindow.mapTogether(
                WindowSource.file(first, 0, 16), WindowSource.file(second, 0, 16), WindowSource.file(missing, 0, 16)));
        assertFalse(mapped(first) || mapped(second), "the windows mapped before the failure are unmapped");
    }
}
