package dev.pairlock.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pairlock.hal.i2c.I2cDevice;
import dev.pairlock.hal.i2c.I2cSettings;
import dev.pairlock.hal.i2c.I2cBusErrorException;
import dev.pairlock.libc.CallState;
import dev.pairlock.libc.NativeErrno;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The real kernel path (I2cDriver.KERNEL) on /dev/null, and the cost of a warm transaction. */
class WarmTransactionAllocationTest {
    private static final int CALLS = 100_000;

    /** /dev/null answers every i2c ioctl with ENOTTY; I2C_FUNCS and setup are faked so open succeeds. */
    private static final class NullDeviceKernel implements I2cDriver {
        @Override
        public int ioctl(CallState cs, int fd, long request, MemorySegment arg) {
            if (request == I2cAbi.I2C_FUNCS) {
                arg.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, dev.pairlock.hal.i2c.I2cFunctionality.SMBUS_EMUL);
                return 0;
            }
            return KERNEL.ioctl(cs, fd, request, arg);
        }

        @Override
        public int ioctl(CallState cs, int fd, long request, long arg) {
            return request == I2cAbi.I2C_SMBUS ? KERNEL.ioctl(cs, fd, request, arg) : 0;
        }

        @Override
        public void close(CallState cs, int fd) {
            KERNEL.close(cs, fd);
        }
    }

    @Test
    void aRealIoctlReachesTheKernelAndTheErrnoIsMapped() {
        try (LinuxI2cBus bus = LinuxI2cBus.open(5, "/dev/null", "i2c-5 (null)", I2cSettings.DEFAULT, new NullDeviceKernel())) {
            I2cBusErrorException e = assertThrows(I2cBusErrorException.class, () -> bus.device(0x50).readByteData(7));
            assertEquals(NativeErrno.ENOTTY, e.errno());
            assertTrue(e.getMessage().startsWith("I2C bus 5, address 0x50, register 0x07"), e.getMessage());
        }
    }

    @Test
    void warmArgumentChecksAndAddressCacheAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        FakeI2cKernel kernel = new FakeI2cKernel(dev.pairlock.hal.i2c.I2cFunctionality.SMBUS_EMUL).withDevice(0x50);
        try (LinuxI2cBus bus = LinuxI2cBus.open(6, "/dev/null", "i2c-6 (fake)", I2cSettings.DEFAULT, new CountingOnly(kernel))) {
            I2cDevice d = bus.device(0x50);
            long sum = loop(d);
            // steady state: on a busy machine C2 may still be compiling during the first rounds,
            // so take the best of up to 10; an allocation per call shows in every round
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 10 && allocated >= CALLS; round++) {
                long before = mx.getThreadAllocatedBytes(tid);
                sum += loop(d);
                allocated = Math.min(allocated, mx.getThreadAllocatedBytes(tid) - before);
            }
            assertEquals(0, sum);
            assertTrue(allocated < CALLS, allocated + " bytes allocated by " + CALLS + " warm readByteData calls");
        }
    }

    /** A presence scan meets empty slots every pass: a warm probe that finds nobody builds no exception. */
    @Test
    void warmProbesOfAnAbsentTargetAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        FakeI2cKernel kernel = new FakeI2cKernel(dev.pairlock.hal.i2c.I2cFunctionality.SMBUS_EMUL);
        try (LinuxI2cBus bus = LinuxI2cBus.open(7, "/dev/null", "i2c-7 (fake)", I2cSettings.DEFAULT, new AbsentTarget(kernel))) {
            I2cDevice d = bus.device(0x50);
            assertEquals(CALLS, absentAnswers(d), "every probe answers NO_ACKNOWLEDGE");
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 10 && allocated >= CALLS; round++) {
                long before = mx.getThreadAllocatedBytes(tid);
                int answers = absentAnswers(d);
                allocated = Math.min(allocated, mx.getThreadAllocatedBytes(tid) - before);
                assertEquals(CALLS, answers);
            }
            assertTrue(allocated < CALLS, allocated + " bytes allocated by " + CALLS + " warm probes of an absent target");
        }
    }

    private static int absentAnswers(I2cDevice d) {
        int absent = 0;
        for (int i = 0; i < CALLS; i++) {
            if (d.probeByteData(i & 0xFF) == I2cDevice.NO_ACKNOWLEDGE) {
                absent++;
            }
        }
        return absent;
    }

    private static long loop(I2cDevice d) {
        long sum = 0;
        for (int i = 0; i < CALLS; i++) {
            sum += d.readByteData(i & 0xFF);
        }
        return sum;
    }

    /** Answers every SMBus transaction as an absent target does on a real adapter (ENXIO), nothing else touched. */
    private record AbsentTarget(FakeI2cKernel setup) implements I2cDriver {
        @Override
        public int ioctl(CallState cs, int fd, long request, MemorySegment arg) {
            return request == I2cAbi.I2C_SMBUS ? -NativeErrno.ENXIO : setup.ioctl(cs, fd, request, arg);
        }

        @Override
        public int ioctl(CallState cs, int fd, long request, long arg) {
            return request == I2cAbi.I2C_SLAVE ? 0 : setup.ioctl(cs, fd, request, arg);
        }

        @Override
        public void close(CallState cs, int fd) {
        }
    }

    /** Answers SMBus reads with zero without touching Java collections, so only the bus's own cost is measured. */
    private record CountingOnly(FakeI2cKernel setup) implements I2cDriver {
        @Override
        public int ioctl(CallState cs, int fd, long request, MemorySegment arg) {
            return request == I2cAbi.I2C_SMBUS ? 0 : setup.ioctl(cs, fd, request, arg);
        }

        @Override
        public int ioctl(CallState cs, int fd, long request, long arg) {
            return request == I2cAbi.I2C_SLAVE ? 0 : setup.ioctl(cs, fd, request, arg);
        }

        @Override
        public void close(CallState cs, int fd) {
        }
    }
}
