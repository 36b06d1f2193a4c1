package dev.pairlock.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

    /**
     * pairlockd runs C1 only (daemon/jvm.options), which does no escape analysis: there every captured call
     * allocates the JDK's capture slice (libc/README.md). The fast path has no capture, so it allocates
     * nothing on C1 too — without the inline options this test JVM has, which the child does not get.
     */
    @Test
    void theFastPathAllocatesNothingOnC1AloneWhereTheCapturedCallDoes() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), C1Probe.class.getName())
                .redirectErrorStream(true).start();
        // a few dozen bytes of output: the pipe holds them until the child has exited
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the C1 probe did not finish within 60 s");
        }
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, child.exitValue(), out);
        String[] bytesPerCall = out.lines().reduce((a, b) -> b).orElse("").split(" ");
        assertEquals(2, bytesPerCall.length, out);
        assertTrue(Double.parseDouble(bytesPerCall[0]) < 1, "fast path on C1: " + bytesPerCall[0]
                + " B per call (the captured call: " + bytesPerCall[1] + " B)");
    }

    /** Run in a C1-only child: the best of four warm rounds, in bytes per call, fast path then captured. */
    static final class C1Probe {
        public static void main(String[] args) {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().threadId();
            try (Arena arena = Arena.ofConfined()) {
                CallState cs = CallState.allocate(arena, 16);
                int[] p = Libc.pipe2(cs, Libc.O_CLOEXEC);
                MemorySegment arg = cs.scratch();
                double fast = Double.MAX_VALUE;
                double captured = Double.MAX_VALUE;
                for (int round = 0; round < 5; round++) {
                    long b0 = mx.getThreadAllocatedBytes(tid);
                    for (int i = 0; i < CALLS; i++) {
                        IdempotentIoctl.FIONREAD.tryCritical(cs, p[0], arg);
                    }
                    long b1 = mx.getThreadAllocatedBytes(tid);
                    for (int i = 0; i < CALLS; i++) {
                        Libc.tryIoctlCritical(cs, p[0], Libc.FIONREAD, arg);
                    }
                    long b2 = mx.getThreadAllocatedBytes(tid);
                    if (round > 0) { // round 0 compiles
                        fast = Math.min(fast, (double) (b1 - b0) / CALLS);
                        captured = Math.min(captured, (double) (b2 - b1) / CALLS);
                    }
                }
                System.out.println(fast + " " + captured);
            }
        }
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
