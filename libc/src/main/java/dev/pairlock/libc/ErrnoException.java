package dev.pairlock.libc;

/**
 * A libc call returned failure. Unchecked: the backends catch it right at the call and translate
 * it into the HAL's typed exceptions, which name the bus, line or register and say what to do.
 */
public final class ErrnoException extends RuntimeException {
    private final String call;
    private final NativeErrno errno;

    public ErrnoException(String call, NativeErrno errno) {
        super(call + ": " + errno.name() + " (" + errno.description() + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The failing call, with its main argument, e.g. "open(/dev/i2c-3)". */
    public String call() {
        return call;
    }

    public NativeErrno errno() {
        return errno;
    }

    /** Shorthand for {@code errno().number()}. */
    public int number() {
        return errno.number();
    }
}
