package dev.pairlock.bench;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * JNA's fastest binding style, direct mapping: {@code native} methods registered against libc.
 * {@code ioctl} is variadic in C; declaring its third argument as a pointer is how JNA users call
 * it, and is ABI-safe on x86-64 and AArch64 Linux for integer and pointer arguments.
 */
public final class JnaDirectLibc {
    static {
        Native.register(NativeLibrary.getInstance("c"));
    }

    private JnaDirectLibc() {
    }

    /** Declares {@link LastErrorException} so that JNA captures errno, as pairlock's binding does. */
    public static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;
}
