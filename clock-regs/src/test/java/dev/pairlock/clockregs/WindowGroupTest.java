package dev.pairlock.clockregs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.DeviceUnavailableException;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.reg.AccessMode;
import dev.pairlock.hal.reg.RegisterWindow;
import dev.pairlock.libc.Libc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Windows mapped together share one class (so one call site reaching all of them stays inlined),
 * yet each must see only its own memory, check its own bounds, and refuse access once closed with
 * the same typed error as a window mapped alone, however hot the shared code is.
 */
class WindowGroupTest {
    private static final int PAGE = Libc.pageSize();
    private static final int HOT = 200_000;
    private Path first;
    private Path second;

    @BeforeEach
    void createFiles() throws IOException {
        first = Files.createTempFile(Path.of("/dev/shm"), "pairlock-group-a", ".bin");
        second = Files.createTempFile(Path.of("/dev/shm"), "pairlock-group-b", ".bin");
        Files.write(first, new byte[2 * PAGE]);
        Files.write(second, new byte[2 * PAGE]);
    }

    @AfterEach
    void deleteFiles() throws IOException {
        Files.deleteIfExists(first);
        Files.deleteIfExists(second);
    }

    private List<MappedRegisterWindow> fourWindows() {
        return MappedRegisterWindow.mapTogether(
                WindowSource.file(first, 0, 64),
                WindowSource.file(first, PAGE, 16),
                WindowSource.file(second, 0x40, 32),
                WindowSource.file(second, PAGE + 0x20, PAGE - 0x20));
    }

    private static void closeAll(List<MappedRegisterWindow> ws) {
        ws.forEach(MappedRegisterWindow::close);
    }

    @Test
    void windowsMappedTogetherShareOneClassAndKeepTheirOrderNamesAndSizes() {
        List<MappedRegisterWindow> ws = fourWindows();
        try {
            assertEquals(4, ws.size());
            for (MappedRegisterWindow w : ws) {
                assertSame(ws.getFirst().getClass(), w.getClass(), "one class for the whole group");
            }
            assertEquals(first + "@0x0", ws.get(0).name());
            assertEquals(first + "@0x" + Integer.toHexString(PAGE), ws.get(1).name());
            assertEquals(List.of(64L, 16L, 32L, (long) PAGE - 0x20), ws.stream().map(RegisterWindow::size).toList());
        } finally {
            closeAll(ws);
        }
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void eachWindowSeesOnlyItsOwnMemoryThroughOneHotCallSite(AccessMode mode) throws IOException {
        List<MappedRegisterWindow> ws = fourWindows();
        try {
            for (int i = 0; i < HOT; i++) {
                RegisterWindow w = ws.get(i & 3); // one call site, four windows
                w.write32(4, i, mode);
            }
            for (int k = 0; k < 4; k++) {
                ws.get(k).write32(0, 0x1000 + k, mode);
            }
            for (int k = 0; k < 4; k++) {
                assertEquals(0x1000 + k, ws.get(k).read32(0, mode));
                assertEquals(HOT - 4 + k, ws.get(k).read32(4, mode));
            }
            assertEquals(0x1000, intAt(first, 0));
            assertEquals(0x1001, intAt(first, PAGE));
            assertEquals(0x1002, intAt(second, 0x40));
            assertEquals(0x1003, intAt(second, PAGE + 0x20));
            assertEquals(0, intAt(second, 0), "no window wrote outside its own range");
        } finally {
            closeAll(ws);
        }
    }

    @Test
    void eachWindowChecksItsOwnBoundsAndAlignmentAndNamesItself() {
        List<MappedRegisterWindow> ws = fourWindows();
        try {
            MappedRegisterWindow small = ws.get(1);
            for (int i = 0; i < HOT; i++) { // hot first: the checks must hold in compiled code too
                small.write32(12, i, AccessMode.OPAQUE);
            }
            // past the end, negative, unaligned (one bit rotates to the top of the word index), extremes
            for (long bad : new long[] {16, 20, -4, -1, 1, 2, 3, 13, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 4}) {
                for (AccessMode mode : AccessMode.values()) {
                    HalArgumentException read = assertThrows(HalArgumentException.class, () -> small.read32(bad, mode));
                    assertTrue(read.getMessage().contains(small.name()) && read.getMessage().contains("0x0..0xc")
                            && read.getMessage().contains(String.format("0x%x", bad)), read.getMessage());
                    assertThrows(HalArgumentException.class, () -> small.write32(bad, 1, mode));
                }
            }
            assertEquals(HOT - 1, small.read32(12, AccessMode.OPAQUE), "no refused write landed");
            ws.get(3).write32(PAGE - 0x24, 9, AccessMode.VOLATILE); // the largest window's last register
            assertEquals(9, ws.get(3).read32(PAGE - 0x24, AccessMode.VOLATILE));
            assertThrows(NullPointerException.class, () -> small.read32(0, null));
            assertThrows(NullPointerException.class, () -> small.write32(0, 1, null));
        } finally {
            closeAll(ws);
        }
    }

    @Test
    void aHotWindowClosedLaterRefusesEveryModeWhileTheRestOfItsGroupWorks() {
        List<MappedRegisterWindow> ws = fourWindows();
        int sum = 0;
        for (int i = 0; i < HOT; i++) {
            for (AccessMode mode : AccessMode.values()) {
                RegisterWindow w = ws.get(i & 3);
                w.write32(8, i, mode);
                sum += w.read32(8, mode);
            }
        }
        assertTrue(sum != 1, "keeps the loop's reads alive");
        MappedRegisterWindow closed = ws.get(2);
        closed.close();
        for (AccessMode mode : AccessMode.values()) {
            DeviceUnavailableException read = assertThrows(DeviceUnavailableException.class, () -> closed.read32(8, mode));
            assertTrue(read.getMessage().contains(closed.name()) && read.getMessage().contains("closed"), read.getMessage());
            assertThrows(DeviceUnavailableException.class, () -> closed.write32(8, 1, mode));
            for (int k : new int[] {0, 1, 3}) {
                ws.get(k).write32(8, k, mode);
                assertEquals(k, ws.get(k).read32(8, mode), "closing one window leaves the others mapped");
            }
        }
        closeAll(ws);
        closed.close(); // idempotent
    }

    @Test
    void closingAGroupedWindowWhileAnotherThreadPollsItEndsThePollWithATypedError() throws InterruptedException {
        List<MappedRegisterWindow> ws = fourWindows();
        MappedRegisterWindow w = ws.get(1);
        CountDownLatch polling = new CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread poller = new Thread(() -> {
            try {
                long polls = 0;
                while (true) {
                    ws.get((int) polls & 1).read32(0, AccessMode.ACQUIRE_RELEASE);
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
        assertTrue(e.getMessage().contains(w.name()) && e.getMessage().contains("closed"), e.getMessage());
        closeAll(ws);
    }

    @Test
    void anEmptyGroupIsRefusedWithWhatToDo() {
        HalArgumentException none = assertThrows(HalArgumentException.class, MappedRegisterWindow::mapTogether);
        assertTrue(none.getMessage().contains("at least one window"), none.getMessage());
    }

    /** No slot limit: any number of windows share the group's class, each reaching its own memory. */
    @Test
    void twelveWindowsShareOneClassAndEachReachesItsOwnMemory() throws IOException {
        List<WindowSource> sources = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            sources.add(WindowSource.file(first, 4L * k, 4));
        }
        List<MappedRegisterWindow> ws = MappedRegisterWindow.mapTogether(sources.toArray(WindowSource[]::new));
        try {
            for (int i = 0; i < HOT; i++) {
                ws.get(i % 12).write32(0, 0x80 + i % 12, AccessMode.ACQUIRE_RELEASE);
            }
            for (int k = 0; k < 12; k++) {
                assertSame(ws.getFirst().getClass(), ws.get(k).getClass());
                assertEquals(0x80 + k, ws.get(k).read32(0, AccessMode.OPAQUE));
                assertEquals(0x80 + k, intAt(first, 4L * k), "window " + k + " is the k-th source's memory");
                int at = k;
                assertThrows(HalArgumentException.class, () -> ws.get(at).read32(4, AccessMode.OPAQUE), "a 4-byte window");
            }
        } finally {
            closeAll(ws);
        }
    }

    @Test
    void aWindowTooLargeForAGroupIsRefusedWithWhatToDo() {
        assertEquals(-1, WindowGroup.words("w", (1L << 34) - 4), "16 GiB - 4 is 2^32 - 1 words, kept as an unsigned int");
        HalArgumentException e = assertThrows(HalArgumentException.class, () -> WindowGroup.words("/dev/mem@0x0", 1L << 34));
        assertTrue(e.getMessage().contains("/dev/mem@0x0") && e.getMessage().contains("16 GiB")
                && e.getMessage().contains("map it alone"), e.getMessage());
    }

    @Test
    void aSourceThatCannotBeMappedFailsTheGroupWithItsOwnTypedError() {
        Path missing = first.resolveSibling("pairlock-group-missing-" + ProcessHandle.current().pid());
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> MappedRegisterWindow.mapTogether(
                WindowSource.file(first, 0, 16), WindowSource.file(missing, 0, 16)));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(Files.exists(missing));
    }

    private static int intAt(Path file, long at) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return ByteBuffer.wrap(all).order(ByteOrder.nativeOrder()).getInt((int) at);
    }
}
