package dev.pairlock.config;

/**
 * A value is not what it must be. The message says what is wrong with the value itself ("'12x' is
 * not a number"); whoever knows where the value came from (a file:line and key, a command-line
 * option) wraps it with that location.
 */
public final class ValueException extends RuntimeException {
    public ValueException(String message) {
        super(message);
    }
}
