package dev.pairlock.scctl;

import dev.pairlock.config.ConfigException;
import dev.pairlock.config.ValueException;
import dev.pairlock.control.Json;
import dev.pairlock.hal.HalArgumentException;
import dev.pairlock.hal.HalException;
import dev.pairlock.scctl.text.Declined;
import dev.pairlock.scctl.text.FailedResult;
import dev.pairlock.scctl.text.ReadbackMismatch;
import dev.pairlock.scctl.text.Refused;
import dev.pairlock.scctl.text.UsageException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a call that did not succeed ends: its exit status, its one line on stderr and, under
 * {@code --json}, its one document on stdout. A script reading stdout gets a document for every
 * outcome: the command's own on success, else {@code {"ok":false,...}} with what was declined and why,
 * or the error; unless the command had already printed its document (then the line on stderr says the
 * rest, and stdout stays one document). Every outcome that is not exit 0 has its line on stderr: a
 * result that is a failure ({@link FailedResult}) and a write that did not read back
 * ({@link ReadbackMismatch}) included.
 */
final class Outcomes {
    private Outcomes() {
    }

    /**
     * Reports {@code t} and returns the exit status.
     *
     * @param documentWritten whether the command already put JSON on stdout
     */
    static int report(Throwable t, PrintWriter out, PrintWriter err, boolean json, boolean documentWritten, boolean verbose) {
        int code = exitCode(t);
        err.println("scctl: " + describe(t));
        if (verbose && !expected(t)) {
            t.printStackTrace(err);
        }
        err.flush();
        if (json && !documentWritten) {
            out.println(Json.write(document(t, code)));
            out.flush();
        }
        return code;
    }

    /** Outcomes scctl itself decided on, with nothing to trace: a prompt, a refusal, a result or read-back it judged. */
    private static boolean expected(Throwable t) {
        return t instanceof Declined || t instanceof Refused || t instanceof FailedResult || t instanceof ReadbackMismatch;
    }

    /** A command line picocli could not parse: exit 2, and a document if the line asked for --json. */
    static int usage(String message, String[] args, PrintWriter out, PrintWriter err) {
        err.println("scctl: " + message);
        err.flush();
        if (jsonRequested(args)) {
            out.println(Json.write(document(new UsageException(message), 2)));
            out.flush();
        }
        return 2;
    }

    /** {@code --json} among the options (before a {@code --} that ends them). */
    static boolean jsonRequested(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /** The {@code --json} document of an outcome that is not a success. */
    static Map<String, Object> document(Throwable t, int exitStatus) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("ok", false);
        switch (t) {
            case Declined d -> {
                j.put("declined", d.action());
                j.put("reason", d.reason());
            }
            case Refused r -> {
                j.put("declined", r.declined());
                j.put("reason", r.reason());
                if (r.code() != null) {
                    j.put("code", r.code());
                }
            }
            case ReadbackMismatch m -> {
                j.put("error", describe(t));
                j.putAll(m.fields()); // what the command would have printed: where, written, readback
            }
            default -> j.put("error", describe(t));
        }
        j.put("exit", exitStatus);
        return j;
    }

    static int exitCode(Throwable t) {
        return switch (t) {
            case Declined d -> 0; // as i2cset's "Aborting on user request."
            case Refused r -> r.exitStatus();
            case FailedResult f -> 1;
            case ReadbackMismatch m -> 1;
            case UsageException u -> 2;
            case ConfigException c -> 2;
            case ValueException v -> 2;
            case HalArgumentException a -> 2;
            case HalException h -> 1;
            default -> 1;
        };
    }

    static String describe(Throwable t) {
        if (t instanceof UsageException || t instanceof ConfigException || t instanceof ValueException
                || t instanceof HalException || t instanceof HalArgumentException || t instanceof Declined
                || t instanceof Refused || t instanceof FailedResult || t instanceof ReadbackMismatch) {
            return t.getMessage();
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + t.getMessage() + "): the request is too large for this machine";
        }
        return "internal error: " + t + " (run with --verbose for the stack trace and report it)";
    }
}
