package dev.pairlock.i2c;

import dev.pairlock.libc.CallState;
import dev.pairlock.libc.Libc;
import java.lang.foreign.MemorySegment;

/**
 * The three system calls a bus makes, returning the result or {@code -errno}. The seam lets host
 * tests stand in for the kernel (concurrency, EAGAIN retries, struct marshalling); production
 * always uses {@link #KERNEL}.
 */
interface I2cDriver {
    int ioctl(CallState cs, int fd, long request, MemorySegment arg);

    int ioctl(CallState cs, int fd, long request, long arg);

    /** An ioctl that never waits (I2C_FUNCS): the kernel's goes through libc's critical handle. */
    default int ioctlNeverWaits(CallState cs, int fd, long request, MemorySegment arg) {
        return ioctl(cs, fd, request, arg);
    }

    void close(CallState cs, int fd);

    I2cDriver KERNEL = new I2cDriver() {
        @Override
        public int ioctl(CallState cs, int fd, long request, MemorySegment arg) {
            int r = Libc.tryIoctl(cs, fd, request, arg);
            return r < 0 ? -cs.errno() : r;
        }

        @Override
        public int ioctl(CallState cs, int fd, long request, long arg) {
            int r = Libc.tryIoctl(cs, fd, request, arg);
            return r < 0 ? -cs.errno() : r;
        }

        @Override
        public int ioctlNeverWaits(CallState cs, int fd, long request, MemorySegment arg) {
            int r = Libc.tryIoctlCritical(cs, fd, request, arg);
            return r < 0 ? -cs.errno() : r;
        }

        @Override
        public void close(CallState cs, int fd) {
            Libc.tryClose(cs, fd);
        }
    };
}
