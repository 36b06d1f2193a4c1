package dev.pairlock.i2c;

import dev.pairlock.libc.CallState;
import dev.pairlock.libc.IdempotentIoctl;
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

    /**
     * An ioctl that never waits and may be repeated (I2C_FUNCS): the kernel's goes through libc's
     * critical handle without errno capture, repeated with capture only if it fails.
     */
    default int ioctlNeverWaits(CallState cs, int fd, IdempotentIoctl request, MemorySegment arg) {
        return ioctl(cs, fd, request.number(), arg);
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
        public int ioctlNeverWaits(CallState cs, int fd, IdempotentIoctl request, MemorySegment arg) {
            int r = request.tryCritical(cs, fd, arg);
            return r < 0 ? -cs.errno() : r;
        }

        @Override
        public void close(CallState cs, int fd) {
            Libc.tryClose(cs, fd);
        }
    };
}
