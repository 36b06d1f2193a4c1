package dev.pairlock.gpio.event;

import dev.pairlock.gpio.uapi.EdgeRecords;
import dev.pairlock.hal.gpio.EdgeEvent;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Real pipes standing in for a line request fd: the test writes the kernel's side of the uAPI. */
final class Pipes {
    static final Arena ARENA = Arena.ofShared();
    static final CallState CS = CallState.allocate(ARENA);

    private Pipes() {
    }

    static int[] open() {
        return Libc.pipe2(CS, Libc.O_CLOEXEC);
    }

    static void write(int fd, EdgeEvent... events) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate((long) EdgeRecords.RECORD_SIZE * events.length);
            for (int i = 0; i < events.length; i++) {
                EdgeRecords.encode(buf, (long) i * EdgeRecords.RECORD_SIZE, events[i]);
            }
            Libc.write(CS, fd, buf, buf.byteSize());
        }
    }

    static void writeRaw(int fd, MemorySegment bytes) {
        Libc.write(CS, fd, bytes, bytes.byteSize());
    }

    static void close(int... fds) {
        for (int fd : fds) {
            Libc.tryClose(CS, fd);
        }
    }

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    static EdgeEvent rising(int offset, long lineSeqno, long ts) {
        return new EdgeEvent(EdgeEvent.Type.RISING, ts, offset, lineSeqno, lineSeqno);
    }
}
