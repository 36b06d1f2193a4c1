package dev.pairlock.libc;

import static dev.pairlock.libc.Downcalls.downcall;
import static dev.pairlock.libc.Downcalls.unexpected;
import static dev.pairlock.libc.Libc.C_INT;
import static dev.pairlock.libc.Libc.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * strerror(3), apart from {@link NativeErrno} so that {@link NativeErrno#nameOf} and its constants
 * never load a native handle. {@link Libc#strerror} is the public face.
 */
final class Strerror {
    private static final MethodHandle STRERROR = downcall("strerror", FunctionDescriptor.of(C_POINTER, C_INT));

    private Strerror() {
    }

    static String of(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? "errno " + errno : s.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
