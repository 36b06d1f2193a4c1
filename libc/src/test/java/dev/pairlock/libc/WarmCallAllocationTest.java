package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The point of {@link CallState}: once warm, an ioctl (including a failing one) allocates nothing. */
class WarmCallAllocationTest {
    private static final int CALLS = 200_000;

    @Test
    void warmIoctlsAllocateNothingPerCall() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena, 16);
            int[] p = Libc.pipe2(cs, Libc.O_CLOEXEC);
            try {
                MemorySegment count = cs.scratch().asSlice(0, 4);
                long sum = loop(cs, p[0], count); // warm up: let the JIT compile the call path
                // steady state: on a busy machine C2 may still be compiling during the first rounds,
                // so take the best of up to 10; an allocation per call shows in every round
                long allocated = Long.MAX_VALUE;
                for (int round = 0; round < 10 && allocated >= CALLS; round++) {
                    long before = mx.getThreadAllocatedBytes(tid);
                    sum += loop(cs, p[0], count);
                    allocated = Math.min(allocated, mx.getThreadAllocatedBytes(tid) - before);
                }
                assertEquals(0, sum, "an empty pipe has 0 bytes ready");
                // a few hundred bytes of slack for the measurement itself; one allocation per call would be >= 3 MB
                assertTrue(allocated < CALLS, allocated + " bytes allocated by " + CALLS + " warm ioctls");
            } finally {
                Libc.close(cs, p[0]);
                Libc.close(cs, p[1]);
            }
        }
    }

    @Test
    void warmIdempotentIoctlsAllocateNothingOnTheFastPathNorOnTheRepeat() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        try (Arena arena = Arena.ofConfined()) {
            CallState cs = CallState.allocate(arena, 16);
            int[] p = Libc.pipe2(cs, Libc.O_CLOEXEC);
            try {
                MemorySegment arg = cs.scratch();
                long sum = idempotentLoop(cs, p[0], arg);
                long allocated = Long.MAX_VALUE;
                for (int round = 0; round < 10 && allocated >= CALLS; round++) {
                    long before = mx.getThreadAllocatedBytes(tid);
                    sum += idempotentLoop(cs, p[0], arg);
                    allocated = Math.min(allocated, mx.getThreadAllocatedBytes(tid) - before);
                }
                assertEquals(0, sum, "an empty pipe has 0 bytes ready, and I2C_FUNCS on it is ENOTTY");
                assertTrue(allocated < CALLS, allocated + " bytes allocated by " + CALLS + " warm idempotent ioctls");
            } finally {
                Libc.close(cs, p[0]);
                Libc.close(cs, p[1]);
            }
        }
    }

    private static long idempotentLoop(CallState cs, int fd, MemorySegment arg) {
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            sum += IdempotentIoctl.FIONREAD.tryCritical(cs, fd, arg); // the fast path: no capture at all
            sum += arg.get(ValueLayout.JAVA_INT, 0);
            // a failure takes the capturing repeat, which must not allocate either (ENOTTY on a pipe)
            sum += IdempotentIoctl.I2C_FUNCS.tryCritical(cs, fd, arg) == -1 && cs.errno() == NativeErrno.ENOTTY ? 0 : 1;
        }
        return sum;
    }

    private static long loop(CallState cs, int fd, MemorySegment count) {
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            Libc.tryIoctl(cs, fd, Libc.FIONREAD, count);
            sum += count.get(ValueLayout.JAVA_INT, 0);
            Libc.tryIoctl(cs, fd, 0x7FFF_0000L, 0L); // fails with ENOTTY: errno capture must not allocate either
            sum += cs.errno() == NativeErrno.ENOTTY ? 0 : 1;
            Libc.tryIoctlCritical(cs, fd, Libc.FIONREAD, count); // the critical handle neither
            sum += count.get(ValueLayout.JAVA_INT, 0);
        }
        return sum;
    }
}
