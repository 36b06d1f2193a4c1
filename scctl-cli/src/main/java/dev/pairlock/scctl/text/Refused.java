package dev.pairlock.scctl.text;

/**
 * A write (or a request) that was refused before it was made: by scctl itself (an SPLL switch without
 * phase lock, {@code events clear} without a terminal to ask on) or by pairlockd (a control request it
 * answered with an error). Unlike a {@link Declined} prompt it is a failure with its own exit status;
 * under {@code --json} it is the document {@code {"ok":false,"declined":WHAT,"reason":WHY}} (plus the
 * daemon's {@code code} when it came from pairlockd).
 */
public final class Refused extends RuntimeException {
    private final String declined;
    private final String reason;
    private final String code;
    private final int exitStatus;

    private Refused(String message, String declined, String reason, String code, int exitStatus) {
        super(message);
        this.declined = declined;
        this.reason = reason;
        this.code = code;
        this.exitStatus = exitStatus;
    }

    /** scctl refuses to {@code action} because {@code reason}: "refusing to ACTION: REASON" on stderr. */
    public static Refused byScctl(String action, String reason, int exitStatus) {
        return new Refused("refusing to " + action + ": " + reason, action, reason, null, exitStatus);
    }

    /**
     * pairlockd answered request {@code op} with error {@code code}: its one line is the message, as
     * before, and exit status 1 (the operation failed where it runs).
     */
    public static Refused byDaemon(String op, String code, String message) {
        return new Refused(message, op, message, code, 1);
    }

    /** What was not done: an action for scctl's refusals, the control operation for pairlockd's. */
    public String declined() {
        return declined;
    }

    public String reason() {
        return reason;
    }

    /** pairlockd's error code ({@code failed}, {@code bad_args}, ...), or null for scctl's own refusals. */
    public String code() {
        return code;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
