package dev.pairlock.scctl.text;

/** The command line asked for something impossible: exit status 2, one line, no stack trace. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
