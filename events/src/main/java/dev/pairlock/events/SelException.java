package dev.pairlock.events;

import java.nio.file.Path;

/**
 * The SEL cannot be opened, read or written. The message names the file and says what to do; the
 * cause is the I/O error underneath, if any.
 */
public final class SelException extends RuntimeException {
    private final transient Path file;

    public SelException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    public SelException(Path file, String message) {
        this(file, message, null);
    }

    public Path file() {
        return file;
    }
}
