package dev.pairlock.control;

/**
 * A request the daemon refuses or could not carry out. The code is stable for scripts; the message
 * is one line for a person. Codes: {@code too_long}, {@code parse_error}, {@code bad_request},
 * {@code unknown_op}, {@code bad_args}, {@code failed} (the operation ran and failed),
 * {@code unavailable} (the daemon cannot answer now), {@code permission_denied} (an administrator's
 * operation asked by someone who is not one: {@link AccessPolicy}), {@code internal} (a bug: the
 * daemon logged it).
 */
public class ControlException extends RuntimeException {
    private final String code;

    public ControlException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
