package dev.pairlock.libc;

/**
 * Encodes ioctl request numbers the way {@code <asm-generic/ioctl.h>} does (x86-64, arm64, riscv):
 * direction in bits 30..31, argument size in bits 16..29, type in bits 8..15, number in 0..7.
 * Computing them from the struct layout's size keeps a request and its struct from drifting apart.
 */
public final class IoctlRequest {
    public static final int NONE = 0;
    public static final int WRITE = 1;
    public static final int READ = 2;

    private IoctlRequest() {
    }

    public static long encode(int direction, int type, int number, long size) {
        if (size < 0 || size >= (1 << 14)) {
            throw new IllegalArgumentException("ioctl argument size " + size + " does not fit 14 bits");
        }
        return ((long) direction << 30) | (size << 16) | ((long) (type & 0xFF) << 8) | (number & 0xFF);
    }

    /** {@code _IO(type, nr)}. */
    public static long io(int type, int number) {
        return encode(NONE, type, number, 0);
    }

    /** {@code _IOR(type, nr, size)}: the kernel writes {@code size} bytes to the caller. */
    public static long ior(int type, int number, long size) {
        return encode(READ, type, number, size);
    }

    /** {@code _IOW(type, nr, size)}: the kernel reads {@code size} bytes from the caller. */
    public static long iow(int type, int number, long size) {
        return encode(WRITE, type, number, size);
    }

    /** {@code _IOWR(type, nr, size)}. */
    public static long iowr(int type, int number, long size) {
        return encode(READ | WRITE, type, number, size);
    }
}
