package dev.pairlock.scctl.text;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A write that was made but does not read back as written ({@code i2c set -r}, {@code reg write},
 * {@code clock set-refsel}): the operation failed on the hardware, exit status 1. One line on stderr
 * says where, what was written, what was read back and what to check; under {@code --json} the one
 * document is {@code {"ok":false,"error":LINE,...,"exit":1}} with the command's own fields in between
 * (where, {@code written}, {@code readback}), so a script sees the failure in {@code ok} and keeps the
 * values the command would have printed. The command prints nothing before it: this is its outcome.
 */
public final class ReadbackMismatch extends RuntimeException {
    private final transient Map<String, Object> fields;

    /** {@code message} is the whole line (i2c set keeps i2cset's words); {@code fields} the command's document. */
    public ReadbackMismatch(String message, Map<String, Object> fields) {
        super(message);
        this.fields = new LinkedHashMap<>(fields);
    }

    /** The usual line: "WHERE: wrote WRITTEN, read back READ (HINT)". */
    public static ReadbackMismatch at(String where, String written, String read, String hint, Map<String, Object> fields) {
        return new ReadbackMismatch(where + ": wrote " + written + ", read back " + read + " (" + hint + ")", fields);
    }

    /** The command's fields for the --json document, in its order. */
    public Map<String, Object> fields() {
        return fields;
    }
}
