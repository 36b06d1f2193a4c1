package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The no-capture fast path: the same outcomes as capture-on-first-call, errno of a real call on failure. */
class IdempotentIoctlTest {
    private final Arena arena = Arena.ofConfined();
    private final CallState cs = CallState.allocate(arena, 64);

    @AfterEach
    void closeArena() {
        arena.close();
    }

    @Test
    void theFastPathCountsWhatBothCapturingHandlesCount() {
        int[] p = Libc.pipe2(cs, Libc.O_CLOEXEC);
        try {
            MemorySegment count = cs.scratch().asSlice(32, 4);
            for (int written : new int[] {0, 7, 3}) {
                if (written > 0) {
                    assertEquals(written, Libc.write(cs, p[1], cs.scratch(), written));
                }
                int[] seen = new int[3];
                int[] results = new int[3];
                for (int path = 0; path < 3; path++) {
                    count.set(ValueLayout.JAVA_INT, 0, -1);
                    results[path] = switch (path) {
                        case 0 -> IdempotentIoctl.FIONREAD.tryCritical(cs, p[0], count);
                        case 1 -> Libc.tryIoctlCritical(cs, p[0], Libc.FIONREAD, count);
                        default -> Libc.tryIoctl(cs, p[0], Libc.FIONREAD, count);
                    };
                    seen[path] = count.get(ValueLayout.JAVA_INT, 0);
                }
                assertEquals("[0, 0, 0]", Arrays.toString(results), "results after " + written + " more bytes");
                int total = seen[0];
                assertEquals("[" + total + ", " + total + ", " + total + "]", Arrays.toString(seen));
                assertEquals(0, IdempotentIoctl.FIONREAD.critical(cs, p[0], count));
                assertEquals(total, count.get(ValueLayout.JAVA_INT, 0));
            }
            assertEquals(10, count.get(ValueLayout.JAVA_INT, 0));
        } finally {
            Libc.close(cs, p[0]);
            Libc.close(cs, p[1]);
        }
    }

    @Test
    void onARegularFileItIsTheBytesLeftAfterThePosition() throws IOException {
        Path file = Files.createTempFile("pairlock-fionread", ".bin");
        try {
            Files.write(file, new byte[13]);
            int fd = Libc.open(cs, file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
            try {
                MemorySegment count = cs.scratch().asSlice(0, 4);
                assertEquals(0, IdempotentIoctl.FIONREAD.tryCritical(cs, fd, count));
                assertEquals(13, count.get(ValueLayout.JAVA_INT, 0));
                assertEquals(0, Libc.tryIoctl(cs, fd, Libc.FIONREAD, count));
                assertEquals(13, count.get(ValueLayout.JAVA_INT, 0));
            } finally {
                Libc.close(cs, fd);
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void aBadFdFailsWithEbadfOfTheRepeatedCallForEveryRequest() {
        for (IdempotentIoctl request : IdempotentIoctl.values()) {
            staleErrno(NativeErrno.ENOENT);
            assertEquals(-1, request.tryCritical(cs, -1, cs.scratch()), request.name());
            assertEquals(NativeErrno.EBADF, cs.errno(), request + ": errno is the repeat's, not the stale ENOENT");
            ErrnoException e = assertThrows(ErrnoException.class, () -> request.critical(cs, -1, cs.scratch()));
            assertEquals(NativeErrno.EBADF, e.number());
            assertEquals("ioctl(-1, " + request.name() + " 0x" + Long.toHexString(request.number()) + ")", e.call());
            assertTrue(e.getMessage().contains("EBADF (Bad file descriptor)"), e.getMessage());
        }
    }

    @Test
    void aRequestTheFileDoesNotKnowFailsWithEnottyNamingFdAndRequest() {
        int[] p = Libc.pipe2(cs, Libc.O_CLOEXEC);
        try {
            for (IdempotentIoctl request : new IdempotentIoctl[] {IdempotentIoctl.I2C_FUNCS,
                    IdempotentIoctl.GPIO_V2_LINE_GET_VALUES, IdempotentIoctl.GPIO_V2_LINE_SET_VALUES}) {
                staleErrno(NativeErrno.ENOENT);
                assertEquals(-1, request.tryCritical(cs, p[0], cs.scratch()), request.name());
                assertEquals(NativeErrno.ENOTTY, cs.errno(), request.name());
                ErrnoException e = assertThrows(ErrnoException.class, () -> request.critical(cs, p[0], cs.scratch()));
                assertEquals("ENOTTY", e.errno().name());
                assertTrue(e.call().startsWith("ioctl(" + p[0] + ", " + request.name() + " 0x"), e.call());
            }
        } finally {
            Libc.close(cs, p[0]);
            Libc.close(cs, p[1]);
        }
    }

    @Test
    void anArgumentSmallerThanTheKernelWritesIsRefusedBeforeTheCall() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> IdempotentIoctl.I2C_FUNCS.tryCritical(cs, -1, cs.scratch().asSlice(0, 4)));
        assertEquals("I2C_FUNCS needs a 8-byte argument, not 4 bytes", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> IdempotentIoctl.FIONREAD.tryCritical(cs, -1, MemorySegment.ofArray(new int[1])),
                "critical(false): a heap segment is refused");
    }

    @Test
    void onlyTheAdmittedRequestsExistAndNoNumberCanBecomeOne() {
        Map<String, Long> admitted = Arrays.stream(IdempotentIoctl.values())
                .collect(Collectors.toMap(Enum::name, IdempotentIoctl::number));
        assertEquals(Map.of("FIONREAD", 0x541BL, "I2C_FUNCS", 0x0705L,
                "GPIO_V2_LINE_GET_VALUES", 0xC010B40EL, "GPIO_V2_LINE_SET_VALUES", 0xC010B40FL), admitted);
        // every i2c transfer and every setup call: capture on the first call, never this path
        long[] mustStayCapturing = {0x0720 /* I2C_SMBUS */, 0x0707 /* I2C_RDWR */, 0x0703 /* I2C_SLAVE */,
            0x0706 /* I2C_SLAVE_FORCE */, 0x0702 /* I2C_TIMEOUT */, 0x0701 /* I2C_RETRIES */,
            0x8044B401L /* GPIO_GET_CHIPINFO */, 0xC100B405L /* GPIO_V2_GET_LINEINFO */,
            0xC250B407L /* GPIO_V2_GET_LINE */, 0xC110B40DL /* GPIO_V2_LINE_SET_CONFIG */};
        for (long n : mustStayCapturing) {
            assertFalse(admitted.containsValue(n), "0x" + Long.toHexString(n) + " must not be admitted");
        }
        // the request is the receiver: no public way in takes a number
        for (Method m : IdempotentIoctl.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                assertFalse(Arrays.asList(m.getParameterTypes()).contains(long.class), m.toString());
            }
        }
        assertEquals(0, Arrays.stream(IdempotentIoctl.class.getConstructors()).count());
        assertThrows(IllegalArgumentException.class, () -> IdempotentIoctl.valueOf("I2C_SMBUS"));
    }

    /** Leaves {@code errno} in the call state from another call, so a test sees whether the repeat overwrote it. */
    private void staleErrno(int errno) {
        assertThrows(ErrnoException.class, () -> Libc.open(cs, "/nonexistent/pairlock-" + ProcessHandle.current().pid(), 0));
        assertEquals(errno, cs.errno());
    }
}
