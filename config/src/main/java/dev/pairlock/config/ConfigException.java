package dev.pairlock.config;

import java.nio.file.Path;

/**
 * A platform file is malformed. The message always starts with where: {@code file:line: key: } and
 * then says what is wrong and, where it helps, what to write instead. Tools exit with status 2.
 */
public final class ConfigException extends RuntimeException {
    private final transient Path file;
    private final int line;
    private final String key;

    public ConfigException(Path file, int line, String key, String message) {
        super(file + ":" + line + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + message);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    /** A problem with the file as a whole (unreadable, not text): no line. */
    public ConfigException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
        this.line = 0;
        this.key = null;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, 0 for the whole file. */
    public int line() {
        return line;
    }

    /** The key at fault, or null. */
    public String key() {
        return key;
    }
}
