package dev.pairlock.hal;

/**
 * Root of every hardware failure the HAL reports. Unchecked: a hardware fault is an outcome
 * the caller handles where it can do something about it, not at every call site. Messages name
 * the resource (bus, address, register, line) and say what to do.
 */
public class HalException extends RuntimeException {
    public HalException(String message) {
        super(message);
    }

    public HalException(String message, Throwable cause) {
        super(message, cause);
    }
}
