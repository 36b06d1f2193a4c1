package dev.pairlock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pairlock.libc.Libc;
import dev.pairlock.libc.NativeErrno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every FIONREAD benchmark must measure a successful FIONREAD, not a fast failure path: with bytes
 * waiting in the pipe, each binding returns 0 and reports the same count. The failing pair (named
 * {@code *Enotty}) must fail, with ENOTTY, on both paths.
 */
class NativeCallAgreementTest {
    private final NativeCallBench bench = new NativeCallBench();

    @BeforeEach
    void open() {
        bench.openPipe();
    }

    @AfterEach
    void close() {
        bench.closePipe();
    }

    @Test
    void everyBindingSucceedsAndReportsTheBytesWaitingInThePipe() throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment bytes = a.allocate(5);
            assertEquals(5, Libc.write(bench.callState, bench.writeFd, bytes, 5));
        }
        assertEquals(0, bench.pairlockLibc());
        assertEquals(5, bench.count.get(ValueLayout.JAVA_INT, 0));
        bench.count.set(ValueLayout.JAVA_INT, 0, -1);
        assertEquals(0, bench.pairlockLibcCritical());
        assertEquals(5, bench.count.get(ValueLayout.JAVA_INT, 0));
        bench.count.set(ValueLayout.JAVA_INT, 0, -1);
        assertEquals(0, bench.pairlockLibcIdempotentCritical());
        assertEquals(5, bench.count.get(ValueLayout.JAVA_INT, 0));
        bench.count.set(ValueLayout.JAVA_INT, 0, -1);
        assertEquals(0, bench.ffmNoCapture());
        assertEquals(5, bench.count.get(ValueLayout.JAVA_INT, 0));
        bench.count.set(ValueLayout.JAVA_INT, 0, -1);
        assertEquals(0, bench.ffmCriticalNoCapture());
        assertEquals(5, bench.count.get(ValueLayout.JAVA_INT, 0));
        assertEquals(0, bench.pairlockLibcSharedArena());
        assertEquals(5, bench.sharedCount.get(ValueLayout.JAVA_INT, 0));
        assertEquals(0, bench.jnaDirect());
        assertEquals(5, bench.jnaCount.getInt(0));
        bench.jnaCount.setInt(0, -1);
        assertEquals(0, bench.jnaInterface());
        assertEquals(5, bench.jnaCount.getInt(0));
    }

    @Test
    void theFailingPairFailsWithEnottyOnBothPaths() {
        assertEquals(-1, bench.pairlockLibcCriticalEnotty());
        assertEquals(NativeErrno.ENOTTY, bench.callState.errno());
        assertEquals(-1, Libc.tryClose(bench.callState, -1)); // EBADF in between: the next errno must be the repeat's
        assertEquals(NativeErrno.EBADF, bench.callState.errno());
        assertEquals(-1, bench.pairlockLibcIdempotentCriticalEnotty());
        assertEquals(NativeErrno.ENOTTY, bench.callState.errno());
    }

    @Test
    void anEmptyPipeReportsZeroBytes() {
        bench.count.set(ValueLayout.JAVA_INT, 0, -1);
        assertEquals(0, bench.pairlockLibc());
        assertEquals(0, bench.count.get(ValueLayout.JAVA_INT, 0));
    }
}
