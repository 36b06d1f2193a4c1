package dev.pairlock.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * How every handle of this package is made, and what every call does when it goes wrong: one place
 * for the linker, the errno capture option, the symbol lookup's error and the failure messages, so
 * the classes that own the handles ({@link FileDescriptors}, {@link Ioctls}, {@link Mappings},
 * {@link Polling}, {@link Sockets}, …) hold only their calls.
 */
final class Downcalls {
    static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    /** errno captured into the caller's {@link CallState} after the call (every handle but the idempotent one). */
    static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    private Downcalls() {
    }

    static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(
                () -> new UnsatisfiedLinkError("libc has no symbol '" + name + "': pairlock needs glibc or musl on Linux"));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed unexpectedly", t);
    }

    static ErrnoException failure(String call, CallState cs) {
        return new ErrnoException(call, NativeErrno.of(cs.errno()));
    }

    /** A buffer handed to the kernel with a byte count must hold that many bytes: refused before the call. */
    static void checkFits(MemorySegment buf, long count) {
        if (count < 0 || count > buf.byteSize()) {
            throw new IndexOutOfBoundsException("count " + count + " does not fit a buffer of " + buf.byteSize() + " bytes");
        }
    }
}
