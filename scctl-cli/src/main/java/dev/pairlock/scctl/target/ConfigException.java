package dev.pairlock.scctl.target;

/** The platform file is malformed: the message names the file, the line and the key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
