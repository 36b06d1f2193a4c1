package dev.pairlock.scctl.text;

/**
 * The user answered no (or nothing) at a confirmation prompt: nothing was written, and, as i2cset
 * does, that is exit status 0 with a note on stderr, not an error. Under {@code --json} the outcome is
 * still a document ({@code {"ok":false,"declined":ACTION,"reason":REASON}}), so it keeps what was
 * declined and why apart from the one line a person reads.
 */
public final class Declined extends RuntimeException {
    private final String action;
    private final String reason;

    /**
     * @param action what would have been done ("This writes 0x01 to i2c-3, ...")
     * @param reason why not ("no confirmation on stdin", "aborted on user request")
     * @param outcome what that means, for the line on stderr ("nothing written")
     * @param hint    what to do instead ("pass -y to write without asking")
     */
    public Declined(String action, String reason, String outcome, String hint) {
        super(reason + ": " + outcome + " (" + hint + ")");
        this.action = action;
        this.reason = reason;
    }

    public String action() {
        return action;
    }

    public String reason() {
        return reason;
    }
}
