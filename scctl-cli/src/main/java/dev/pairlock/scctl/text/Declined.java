package dev.pairlock.scctl.text;

/**
 * The user answered no (or nothing) at a write's confirmation prompt: nothing was written, and, as
 * i2cset does, that is exit status 0 with a note on stderr, not an error.
 */
public final class Declined extends RuntimeException {
    public Declined(String message) {
        super(message);
    }
}
