package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

class LibcTest {
    private final Arena arena = Arena.ofConfined();
    private final CallState cs = CallState.allocate(arena, 64);

    @AfterEach
    void closeArena() {
        arena.close();
    }

    @Test
    void openOfAMissingFileCapturesEnoent() {
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> Libc.open(cs, "/nonexistent/pairlock-" + ProcessHandle.current().pid(), Libc.O_RDONLY));
        assertEquals(NativeErrno.ENOENT, e.number());
        assertEquals("ENOENT", e.errno().name());
        assertEquals("No such file or directory", e.errno().description());
        assertEquals(NativeErrno.ENOENT, cs.errno());
        assertTrue(e.getMessage().startsWith("open(/nonexistent/pairlock-"), e.getMessage());
    }

    @Test
    void fionreadCountsTheBytesWaitingInAPipe() {
        int[] p = Libc.pipe2(cs, Libc.O_CLOEXEC);
        try {
            MemorySegment buf = cs.scratch();
            buf.setString(0, "heartbeat");
            assertEquals(5, Libc.write(cs, p[1], buf, 5));
            MemorySegment count = buf.asSlice(32, 4);
            assertEquals(0, Libc.ioctl(cs, p[0], Libc.FIONREAD, count));
            assertEquals(5, count.get(ValueLayout.JAVA_INT, 0));

            MemorySegment in = buf.asSlice(40, 8);
            assertEquals(5, Libc.read(cs, p[0], in, 8));
            assertEquals("heart", new String(in.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE)));
        } finally {
            Libc.close(cs, p[0]);
            Libc.close(cs, p[1]);
        }
    }

    @Test
    void theCriticalHandleCountsTheSameBytesAndCapturesErrnoToo() {
        int[] p = Libc.pipe2(cs, Libc.O_CLOEXEC);
        try {
            MemorySegment buf = cs.scratch();
            buf.setString(0, "beat");
            assertEquals(3, Libc.write(cs, p[1], buf, 3));
            MemorySegment count = buf.asSlice(32, 4);
            assertEquals(0, Libc.ioctlCritical(cs, p[0], Libc.FIONREAD, count));
            assertEquals(3, count.get(ValueLayout.JAVA_INT, 0));
            assertEquals(-1, Libc.tryIoctlCritical(cs, p[0], IoctlRequest.ior('i', 0x7f, 8), cs.scratch()));
            assertEquals(NativeErrno.ENOTTY, cs.errno());
            ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.ioctlCritical(cs, -1, Libc.FIONREAD, count));
            assertEquals("EBADF", e.errno().name());
        } finally {
            Libc.close(cs, p[0]);
            Libc.close(cs, p[1]);
        }
    }

    @Test
    void anUncheckedCallStateWorksOnTheSameMemoryInTheGlobalScope() {
        try (Arena shared = Arena.ofShared()) {
            CallState unchecked = CallState.allocateUnchecked(shared, 16);
            assertTrue(unchecked.scratch().scope().equals(MemorySegment.NULL.scope()), "a global-scope view");
            assertEquals(16, unchecked.scratch().byteSize());
            int[] p = Libc.pipe2(unchecked, Libc.O_CLOEXEC);
            try {
                MemorySegment buf = unchecked.scratch();
                buf.setString(0, "ab");
                assertEquals(2, Libc.write(unchecked, p[1], buf, 2));
                assertEquals(0, Libc.tryIoctl(unchecked, p[0], Libc.FIONREAD, buf.asSlice(8, 4)));
                assertEquals(2, buf.get(ValueLayout.JAVA_INT, 8));
                assertEquals(-1, Libc.tryIoctl(unchecked, p[0], IoctlRequest.ior('i', 0x7f, 8), buf));
                assertEquals(NativeErrno.ENOTTY, unchecked.errno(), "errno lands in the view's memory");
            } finally {
                Libc.close(unchecked, p[0]);
                Libc.close(unchecked, p[1]);
            }
            assertEquals(MemorySegment.NULL, CallState.allocateUnchecked(shared, 0).scratch());
        }
    }

    @Test
    void ioctlOnAPipeWithAnUnknownRequestIsEnotty() {
        int[] p = Libc.pipe2(cs, 0);
        try {
            assertEquals(-1, Libc.tryIoctl(cs, p[0], IoctlRequest.ior('i', 0x7f, 8), cs.scratch()));
            assertEquals(NativeErrno.ENOTTY, cs.errno());
            ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.ioctl(cs, p[0], 0x0705L, 1L));
            assertEquals("ENOTTY", e.errno().name());
        } finally {
            Libc.close(cs, p[0]);
            Libc.close(cs, p[1]);
        }
    }

    @Test
    void readOfAnEmptyNonBlockingPipeReportsEagainWithoutThrowing() {
        int[] p = Libc.pipe2(cs, Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        try {
            assertEquals(-1, Libc.tryRead(cs, p[0], cs.scratch(), 8));
            assertEquals(NativeErrno.EAGAIN, cs.errno());
        } finally {
            Libc.close(cs, p[0]);
            Libc.close(cs, p[1]);
        }
    }

    @Test
    void closingABadDescriptorIsEbadf() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> Libc.close(cs, -1));
        assertEquals(NativeErrno.EBADF, e.number());
    }

    @Test
    void mmapOfAShmFileRoundTripsWithFileChannel() throws IOException {
        Path file = Files.createTempFile(Path.of("/dev/shm"), "pairlock-libc", ".bin");
        try {
            int page = Libc.pageSize();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(page), 0);
                int fd = Libc.open(cs, file.toString(), Libc.O_RDWR | Libc.O_CLOEXEC);
                MemorySegment map = Libc.mmap(cs, page, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
                try {
                    assertEquals(page, map.byteSize());
                    map.set(ValueLayout.JAVA_INT, 8, 0xCAFEF00D);
                    ByteBuffer bb = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
                    ch.read(bb, 8);
                    assertEquals(0xCAFEF00D, bb.flip().getInt());

                    ch.write(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, 0x12345678), 16);
                    assertEquals(0x12345678, map.get(ValueLayout.JAVA_INT, 16));
                } finally {
                    Libc.munmap(cs, map);
                    Libc.close(cs, fd);
                }
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void mmapBeyondAReadOnlyOpenIsEacces() throws IOException {
        Path file = Files.createTempFile(Path.of("/dev/shm"), "pairlock-libc", ".bin");
        try {
            Files.write(file, new byte[Libc.pageSize()]);
            int fd = Libc.open(cs, file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
            try {
                ErrnoException e = assertThrows(ErrnoException.class,
                        () -> Libc.mmap(cs, Libc.pageSize(), Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0));
                assertEquals(NativeErrno.EACCES, e.number());
            } finally {
                Libc.close(cs, fd);
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void strerrorDescribesKnownNumbers() {
        assertEquals("Connection timed out", Libc.strerror(NativeErrno.ETIMEDOUT));
        assertEquals("Remote I/O error", Libc.strerror(NativeErrno.EREMOTEIO));
        assertEquals("EREMOTEIO", NativeErrno.nameOf(121));
        assertEquals("E?4000", NativeErrno.nameOf(4000));
    }

    @Test
    void pageSizeIsAPowerOfTwo() {
        int page = Libc.pageSize();
        assertTrue(page >= 4096 && Integer.bitCount(page) == 1, "page size " + page);
    }
}
