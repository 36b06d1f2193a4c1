package dev.pairlock.control;

/** Text that is not the JSON the control protocol accepts; the message says where and what. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
