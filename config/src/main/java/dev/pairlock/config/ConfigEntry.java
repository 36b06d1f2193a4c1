package dev.pairlock.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One {@code key = value} line of a platform file, with where it came from, and typed readers of its
 * value that turn every {@link ValueException} into a {@link ConfigException} naming
 * {@code file:line: key}.
 */
public record ConfigEntry(Path file, int line, String key, String value) {

    public ConfigException error(String message) {
        return new ConfigException(file, line, key, message);
    }

    public long integer(long min, long max) {
        try {
            return Values.integer(value, min, max);
        } catch (ValueException e) {
            throw error(e.getMessage());
        }
    }

    public int integer(int min, int max) {
        return (int) integer((long) min, (long) max);
    }

    /** A duration; a bare number is read in {@code defaultUnit} (null: a unit is required). */
    public Duration duration(String defaultUnit, Duration min, Duration max) {
        try {
            return Values.duration(value, defaultUnit, min, max);
        } catch (ValueException e) {
            throw error(e.getMessage());
        }
    }

    public long size(long min, long max) {
        try {
            return Values.size(value, min, max);
        } catch (ValueException e) {
            throw error(e.getMessage());
        }
    }

    public boolean bool() {
        try {
            return Values.bool(value);
        } catch (ValueException e) {
            throw error(e.getMessage());
        }
    }

    public <E extends Enum<E>> E oneOf(Class<E> type) {
        try {
            return Values.oneOf(value, type);
        } catch (ValueException e) {
            throw error(e.getMessage());
        }
    }

    /** A path; relative paths are resolved against the platform file's directory. */
    public Path path() {
        try {
            Path p = Path.of(value);
            Path dir = file.toAbsolutePath().getParent();
            return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw error(Values.quote(value) + " is not a valid path (" + e.getReason() + ")");
        }
    }

    /** The key's part after {@code prefix.}, e.g. {@code "sync.item.etc.path"} after {@code "sync.item"} is "etc.path". */
    public Optional<String> after(String prefix) {
        return key.startsWith(prefix + ".") ? Optional.of(key.substring(prefix.length() + 1)) : Optional.empty();
    }
}
