package dev.pairlock.clockregs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.libc.Libc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each window's segment is a constant of its own hidden class: windows must not see each other's
 * memory, and a closed window must fail with a typed error however hot its code is, since the
 * constant segment outlives the mapping.
 */
class FoldedWindowTest {
    private static final int PAGE = Libc.pageSize();
    /** Enough calls for C2 to compile the access path (and its loops) before the window closes. */
    private static final int HOT = 200_000;
    private Path first;
    private Path second;

    @BeforeEach
    void createFiles() throws IOException {
        first = Files.createTempFile(Path.of("/dev/shm"), "pairlock-folded-a", ".bin");
        second = Files.createTempFile(Path.of("/dev/shm"), "pairlock-folded-b", ".bin");
        Files.write(first, new byte[2 * PAGE]);
        Files.write(second, new byte[2 * PAGE]);
    }

    @AfterEach
    void deleteFiles() throws IOException {
        Files.deleteIfExists(first);
        Files.deleteIfExists(second);
    }

    @Test
    void everyWindowHasItsOwnHiddenClass() {
        try (MappedRegisterWindow a = MappedRegisterWindow.file(first, 0, 64);
                MappedRegisterWindow b = MappedRegisterWindow.file(first, 0, 64)) {
            assertTrue(a.getClass().isHidden(), a.getClass().getName());
            assertNotSame(a.getClass(), b.getClass());
            assertEquals(MappedRegisterWindow.class, a.getClass().getSuperclass());
        }
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void twoWindowsOnTwoFilesEachSeeTheirOwnMemory(AccessMode mode) throws IOException {
        try (MappedRegisterWindow a = MappedRegisterWindow.file(first, 0, 64);
                MappedRegisterWindow b = MappedRegisterWindow.file(second, PAGE + 0x20, 32)) {
            for (int i = 0; i < HOT; i++) { // the same call site sees both classes, hot
                RegisterWindow w = (i & 1) == 0 ? a : b;
                w.write32(4, i, mode);
            }
            a.write32(0, 0xAAAA_0001, mode);
            b.write32(0, 0xBBBB_0002, mode);
            assertEquals(0xAAAA_0001, a.read32(0, mode));
            assertEquals(0xBBBB_0002, b.read32(0, mode));
            assertEquals(HOT - 2, a.read32(4, mode));
            assertEquals(HOT - 1, b.read32(4, mode));
            assertEquals(0xAAAA_0001, intAt(first, 0));
            assertEquals(0, intAt(second, 0), "a never wrote into the second file");
            assertEquals(0xBBBB_0002, intAt(second, PAGE + 0x20));
            assertEquals(64, a.size());
            assertEquals(32, b.size());
        }
    }

    @Test
    void eachWindowChecksItsOwnBoundsAndNamesItself() {
        try (MappedRegisterWindow small = MappedRegisterWindow.file(first, 0, 8);
                MappedRegisterWindow large = MappedRegisterWindow.file(second, 0, PAGE)) {
            large.write32(PAGE - 4, 7, AccessMode.OPAQUE);
            HalArgumentException e = assertThrows(HalArgumentException.class, () -> small.read32(8, AccessMode.OPAQUE));
            assertTrue(e.getMessage().contains(small.name()) && e.getMessage().contains("0x0..0x4"), e.getMessage());
            assertEquals(7, large.read32(PAGE - 4, AccessMode.OPAQUE));
            assertThrows(NullPointerException.class, () -> small.read32(0, null));
        }
    }

    @Test
    void aHotWindowClosedLaterRefusesEveryModeWithATypedError() {
        MappedRegisterWindow w = MappedRegisterWindow.file(first, 0, 16);
        MappedRegisterWindow other = MappedRegisterWindow.file(first, 0, 16);
        int sum = 0;
        for (int i = 0; i < HOT; i++) {
            for (AccessMode mode : AccessMode.values()) {
                w.write32(8, i, mode);
                sum += w.read32(8, mode);
            }
        }
        assertTrue(sum != 1, "keeps the loop's reads alive");
        w.close();
        for (AccessMode mode : AccessMode.values()) {
            DeviceUnavailableException read = assertThrows(DeviceUnavailableException.class, () -> w.read32(8, mode));
            assertTrue(read.getMessage().contains(w.name()) && read.getMessage().contains("closed"), read.getMessage());
            assertThrows(DeviceUnavailableException.class, () -> w.write32(8, 1, mode));
        }
        assertEquals(HOT - 1, other.read32(8, AccessMode.VOLATILE), "closing one window leaves the other mapped");
        other.close();
    }

    @Test
    void closingAWindowWhileAnotherThreadPollsItEndsThePollWithATypedError() throws InterruptedException {
        MappedRegisterWindow w = MappedRegisterWindow.file(first, 0, 16);
        CountDownLatch polling = new CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread poller = new Thread(() -> {
            try {
                long polls = 0;
                while (true) {
                    w.read32(0, AccessMode.ACQUIRE_RELEASE);
                    if (++polls == HOT) {
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
        w.close();
        poller.join();
        DeviceUnavailableException e = assertInstanceOf(DeviceUnavailableException.class, ended.get());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    private static int intAt(Path file, long at) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return ByteBuffer.wrap(all).order(java.nio.ByteOrder.nativeOrder()).getInt((int) at);
    }
}
